#!/usr/bin/env python3
"""End-to-end tests of the zipnn command-line tool (stdlib only).

Usage: cli_test.py --zipnn PATH/TO/zipnn --data FOLDER_OF_REAL_WEIGHTS [-k NAME]

Every file under --data goes through compress + decompress (and info and
verify) with identical sha256; the rest builds small folders in a temporary
directory: stdin/stdout, -k/--rm/-f, corrupt and truncated frames, -r on a
sharded model folder and on a Hugging Face cache layout, interruption.
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time

ZIPNN = None
DATA = None
TMP = None

EXIT_OK, EXIT_USAGE, EXIT_DATA, EXIT_IO = 0, 1, 2, 3


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(args, expect=EXIT_OK, stdin=None, input_bytes=None, cwd=None):
    """Runs zipnn; checks the exit code; returns (stdout bytes, stderr text)."""
    p = subprocess.run([ZIPNN] + args, stdin=stdin, input=input_bytes, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd=cwd, timeout=300)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != expect:
        raise Failure("zipnn %s: exit %d, expected %d\nstderr: %s" % (" ".join(args), p.returncode, expect, err))
    return p.stdout, err


def fresh_dir(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def tree_state(root):
    """{relative path: ('link', target) | ('file', sha256, mode)} without following links."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out[rel] = ("link", os.readlink(p))
            else:
                out[rel] = ("file", sha256(p), stat.S_IMODE(os.lstat(p).st_mode))
    return out


def no_temporaries(root):
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            check(".tmp" not in name or not name.startswith("."), "temporary file left: " + os.path.join(dirpath, name))


def bf16_bytes(n, seed):
    """n pseudo-random bf16 values resembling trained weights (normal, std 0.02)."""
    rnd = random.Random(seed)
    out = bytearray()
    for _ in range(n):
        f = struct.pack("<f", rnd.gauss(0.0, 0.02))
        out += f[2:4]
    return bytes(out)


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, dtype, shape, bytes)."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, _, data in tensors:
            f.write(data)


# ----------------------------------------------------------------------------- tests

def test_every_real_file():
    """Every file under --data: compress, info, verify, decompress; same sha256."""
    files = []
    for dirpath, _, filenames in os.walk(DATA):
        for name in sorted(filenames):
            p = os.path.join(dirpath, name)
            if os.path.isfile(p):
                files.append(p)
    check(files, "no files under " + DATA)
    out = fresh_dir("real")
    for i, src in enumerate(sorted(files)):
        znn = os.path.join(out, "%03d.znn" % i)
        back = os.path.join(out, "%03d.out" % i)
        run(["compress", "-q", "-o", znn, src])
        info, _ = run(["info", znn])
        check(b"format version" in info and b"ratio" in info, "info output for " + src)
        run(["verify", "-q", znn])
        bench, _ = run(["bench", "--bench-time", "0", "-T", "1", src])
        check(b"zstd -3" in bench, "bench output for " + src)
        run(["decompress", "-q", "-o", back, znn])
        check(sha256(back) == sha256(src), "round trip differs: " + src)
        os.remove(back)
        os.remove(znn)
    print("  %d real files round-tripped" % len(files))


def test_real_folder_recursive():
    """The whole --data tree: compress -r --rm, then decompress -r --rm: identical tree."""
    root = os.path.join(fresh_dir("realtree"), "w")
    shutil.copytree(DATA, root, symlinks=True)
    for dirpath, _, filenames in os.walk(root):  # the shared data is read-only
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
    before = tree_state(root)
    run(["compress", "-r", "--rm", "-q", root])
    after = tree_state(root)
    weights = [p for p in before if p.lower().endswith((".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx"))]
    for p in weights:
        check(p not in after and p + ".znn" in after, "weight file not compressed: " + p)
    for p in before:
        if p not in weights and not p.endswith(".index.json"):
            check(after.get(p) == before[p], "non-weight file changed: " + p)
    run(["verify", "-r", "-q", root])
    run(["decompress", "-r", "--rm", "-q", root])
    check(tree_state(root) == before, "decompress -r did not restore the tree exactly")
    no_temporaries(root)


def test_stdin_stdout():
    d = fresh_dir("pipes")
    src = os.path.join(d, "w.safetensors")
    write_safetensors(src, [("a", "BF16", [4096], bf16_bytes(4096, 1)), ("b", "F32", [7], b"\x01" * 28)])
    data = open(src, "rb").read()
    packed, _ = run(["-c", src])
    check(packed[:4] != data[:4], "-c wrote the input")
    out, _ = run(["-d"], input_bytes=packed)
    check(out == data, "stdin -> stdout decompress")
    packed2, _ = run([], input_bytes=data)
    out, _ = run(["decompress", "-", "-c"], input_bytes=packed2)
    check(out == data, "stdin compress -> stdin decompress")
    with open(src, "rb") as f:
        run(["compress", "-", "-o", os.path.join(d, "fromstdin.znn")], stdin=f)
    out, _ = run(["-dc", os.path.join(d, "fromstdin.znn")])
    check(out == data, "compress - -o FILE")
    # Two frames concatenated decode to the two inputs concatenated (like zstd/gzip).
    out, _ = run(["-d"], input_bytes=packed + packed2)
    check(out == data + data, "concatenated frames")
    # verify from stdin
    run(["verify", "-q", "-"], input_bytes=packed)
    check(not os.path.exists(src + ".znn"), "-c created a file")


def test_keep_rm_force():
    d = fresh_dir("krf")
    a = os.path.join(d, "a.bin")
    payload = bf16_bytes(20000, 2)
    open(a, "wb").write(payload)
    os.chmod(a, 0o640)
    _, err = run([a])
    check(err == "", "no progress bar or message when stderr is not a terminal: %r" % err)
    check(os.path.exists(a) and os.path.exists(a + ".znn"), "-k is the default")
    check(stat.S_IMODE(os.stat(a + ".znn").st_mode) == 0o640, "mode copied to the output")
    first = sha256(a + ".znn")
    open(a + ".znn", "ab").write(b"")  # untouched marker
    _, err = run(["-q", a], expect=EXIT_IO)
    check("already exists" in err, "existing output refused without -f: " + err)
    check(sha256(a + ".znn") == first, "existing output untouched")
    open(a + ".znn", "wb").write(b"stale")
    _, err = run(["-v", "-f", a])
    check(sha256(a + ".znn") == first, "-f overwrites")
    check("a.bin" in err and "%" in err, "-v prints a summary: %r" % err)
    # decompress: existing output refused, -f overwrites, --rm removes the .znn
    _, err = run(["-d", "-q", a + ".znn"], expect=EXIT_IO)
    check(open(a, "rb").read() == payload, "source intact after refused decompress")
    run(["-d", "-q", "-f", "--rm", a + ".znn"])
    check(not os.path.exists(a + ".znn") and open(a, "rb").read() == payload, "-d -f --rm")
    # --rm on compress; -k after --rm wins
    run(["-q", "--rm", "-k", a])
    check(os.path.exists(a), "-k after --rm keeps the source")
    os.remove(a + ".znn")
    run(["-q", "--rm", a])
    check(not os.path.exists(a) and os.path.exists(a + ".znn"), "--rm removes the source")
    run(["-d", "-q", a + ".znn"])
    check(open(a, "rb").read() == payload and os.path.exists(a + ".znn"), "decompress keeps the .znn")
    # .znn input is not compressed again without -f; unknown suffix refused by -d
    run(["-q", a + ".znn"], expect=EXIT_USAGE)
    run(["-d", "-q", a], expect=EXIT_USAGE)
    # multiple inputs: one failure does not stop the others; first failure's code
    b = os.path.join(d, "b.bin")
    open(b, "wb").write(b"hello")
    run(["-q", os.path.join(d, "missing.bin"), b], expect=EXIT_IO)
    check(os.path.exists(b + ".znn"), "second input processed after a failure")
    # output is the input
    run(["-q", "-f", "-o", b, b], expect=EXIT_IO)
    check(open(b, "rb").read() == b"hello", "input untouched when -o names it")
    no_temporaries(d)


def test_options_and_edge_sizes():
    d = fresh_dir("opts")
    cases = {"empty": b"", "one": b"\x7f", "odd_bf16": bf16_bytes(1001, 3)[:-1], "fp32_tail": bf16_bytes(3001, 4)[:-3]}
    for name, data in cases.items():
        p = os.path.join(d, name)
        open(p, "wb").write(data)
        for extra in ([], ["--dtype", "bf16"], ["--dtype", "fp32", "-T1"], ["--chunk-size", "64K", "-T", "2"],
                      ["--dtype=F16", "--threads=1", "--chunk-size=4096"]):
            run(["-q", "-f"] + extra + [p])
            out, _ = run(["-dc", p + ".znn"])
            check(out == data, "round trip %s %s" % (name, extra))
    run(["-q", "--dtype", "nosuch", os.path.join(d, "one")], expect=EXIT_USAGE)
    run(["-q", "--chunk-size", "12Q", os.path.join(d, "one")], expect=EXIT_USAGE)
    run(["-q", "--chunk-size", "1", "-f", os.path.join(d, "one")], expect=EXIT_USAGE)
    run(["--no-such-option"], expect=EXIT_USAGE)
    run(["-q", "-o", "x", os.path.join(d, "one"), os.path.join(d, "empty")], expect=EXIT_USAGE)
    help_text, _ = run(["--help"])
    check(b"Exit codes" in help_text, "--help lists exit codes")
    version, _ = run(["--version"])
    check(version.startswith(b"zipnn "), "--version")


def test_corrupt_and_truncated():
    d = fresh_dir("corrupt")
    src = os.path.join(d, "w.safetensors")
    # Several chunks so that the index, payloads and footer are all exercised.
    write_safetensors(src, [("a", "BF16", [300000], bf16_bytes(300000, 5))])
    run(["-q", "--chunk-size", "64K", src])
    good = open(src + ".znn", "rb").read()
    n = len(good)
    bad = {}
    for cut in (0, 3, 16, 40, n // 3, n // 2, n - 60, n - 1):
        bad["trunc%d" % cut] = good[:cut]
    for pos in (0, 5, 20, 100, n // 4, n // 2, n - 200, n - 20, n - 3):
        flipped = bytearray(good)
        flipped[pos] ^= 0x5A
        bad["flip%d" % pos] = bytes(flipped)
    bad["trailing"] = good + b"garbage!"
    bad["notznn"] = b"this is not a zipnn frame at all" * 10
    for name, data in sorted(bad.items()):
        p = os.path.join(d, name + ".znn")
        open(p, "wb").write(data)
        _, err = run(["-d", p], expect=EXIT_DATA)
        check(err.startswith("zipnn: ") and len(err.strip()) > 20, "clear message for %s: %r" % (name, err))
        check(not os.path.exists(os.path.join(d, name)), "no output left for " + name)
        check(os.path.exists(p) and open(p, "rb").read() == data, "input untouched: " + name)
        _, err = run(["verify", p], expect=EXIT_DATA)
        check("zipnn: " in err, "verify message for " + name)
        run(["-dc", p], expect=EXIT_DATA)
    _, err = run(["verify", os.path.join(d, "trunc%d.znn" % (n // 2))], expect=EXIT_DATA)
    check("truncated" in err.lower(), "truncation named as such: " + err)
    # the same faults through stdin
    run(["-d"], input_bytes=good[: n // 2], expect=EXIT_DATA)
    run(["verify", "-"], input_bytes=good[: n - 1], expect=EXIT_DATA)
    no_temporaries(d)


def make_model_folder(root, shards=3):
    """A fake sharded Hugging Face model: safetensors shards + index + other files."""
    os.makedirs(root, exist_ok=True)
    weight_map = {}
    total = 0
    for s in range(shards):
        name = "model-%05d-of-%05d.safetensors" % (s + 1, shards)
        tensors = []
        for t in range(3):
            tname = "model.layers.%d.mlp.w%d.weight" % (s, t)
            data = bf16_bytes(2048 * (t + 1), 100 * s + t)
            tensors.append((tname, "BF16", [len(data) // 2], data))
            weight_map[tname] = name
            total += len(data)
        write_safetensors(os.path.join(root, name), tensors, {"format": "pt"})
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    # Hugging Face writes the index with indent=2 and a trailing newline.
    with open(os.path.join(root, "model.safetensors.index.json"), "w") as f:
        f.write(json.dumps(index, indent=2, sort_keys=True) + "\n")
    open(os.path.join(root, "config.json"), "w").write('{"model_type": "llama"}\n')
    open(os.path.join(root, "tokenizer.json"), "w").write('{"version": "1.0"}\n')
    open(os.path.join(root, "README.md"), "w").write("# model\n")
    open(os.path.join(root, "training_args.bin"), "wb").write(b"\x80\x02pickle")


def test_model_folder():
    root = os.path.join(fresh_dir("model"), "m")
    make_model_folder(root)
    before = tree_state(root)
    run(["compress", "-r", "-q", root])
    after = tree_state(root)
    for p, v in before.items():
        check(after[p] == v, "-r -k changed a source: " + p)  # keep is the default
    for p in before:
        if p.endswith((".safetensors", ".bin")):
            check(p + ".znn" in after, "shard not compressed: " + p)
    for p in ("config.json", "tokenizer.json", "README.md"):
        check(p + ".znn" not in after, "non-weight file compressed: " + p)
    idx = json.load(open(os.path.join(root, "model.safetensors.index.json.znn")))
    check(all(v.endswith(".safetensors.znn") for v in idx["weight_map"].values()), "weight_map rewritten")
    orig = json.load(open(os.path.join(root, "model.safetensors.index.json")))
    check({k: v + ".znn" for k, v in orig["weight_map"].items()} == idx["weight_map"], "weight_map entries")
    check(idx["metadata"] == orig["metadata"], "index metadata kept")
    info, _ = run(["info", os.path.join(root, "model.safetensors.index.json.znn")])
    check(b"shard index" in info, "info on a rewritten index")
    run(["verify", "-r", "-q", root])
    # Outputs exist: a second run refuses (exit 3) and changes nothing.
    run(["compress", "-r", "-q", root], expect=EXIT_IO)
    check(tree_state(root) == after, "refused -r run changed the folder")
    # --rm round trip restores the folder byte for byte (index sha256 included).
    shutil.rmtree(root)
    make_model_folder(root)
    before = tree_state(root)
    run(["compress", "-r", "--rm", "-q", root])
    mid = tree_state(root)
    check("model.safetensors.index.json" not in mid and "model.safetensors.index.json.znn" in mid, "index renamed")
    check(not any(p.endswith(".safetensors") for p in mid), "shards removed by --rm")
    run(["decompress", "-r", "--rm", "-q", root])
    check(tree_state(root) == before, "decompress -r did not restore the model folder exactly")
    no_temporaries(root)


def make_hf_cache(root):
    """models--org--name/{blobs,refs,snapshots/<rev>} with symlinks, as huggingface_hub makes it."""
    src = os.path.join(TMP, "hf_src")
    shutil.rmtree(src, ignore_errors=True)
    make_model_folder(src, shards=2)
    repo = os.path.join(root, "models--org--tiny")
    rev = "0123456789abcdef0123456789abcdef01234567"
    blobs, snap = os.path.join(repo, "blobs"), os.path.join(repo, "snapshots", rev)
    os.makedirs(blobs)
    os.makedirs(snap)
    os.makedirs(os.path.join(repo, "refs"))
    open(os.path.join(repo, "refs", "main"), "w").write(rev)
    for name in sorted(os.listdir(src)):
        data = open(os.path.join(src, name), "rb").read()
        blob = hashlib.sha256(data).hexdigest()
        with open(os.path.join(blobs, blob), "wb") as f:
            f.write(data)
        os.symlink(os.path.join("..", "..", "blobs", blob), os.path.join(snap, name))
    return repo, snap, blobs


def blob_state(blobs):
    return {n: (sha256(os.path.join(blobs, n)), os.stat(os.path.join(blobs, n)).st_ino,
                os.stat(os.path.join(blobs, n)).st_mtime_ns) for n in os.listdir(blobs)}


def test_hf_cache():
    root = fresh_dir("hfcache")
    repo, snap, blobs = make_hf_cache(root)
    blobs0 = blob_state(blobs)
    links0 = {n: os.readlink(os.path.join(snap, n)) for n in os.listdir(snap)}
    contents = {n: sha256(os.path.join(snap, n)) for n in os.listdir(snap)}
    # compress the snapshot: real .znn files next to the links; blobs and links untouched
    run(["compress", "-r", "-q", snap])
    check(blob_state(blobs) == blobs0, "blobs changed by compress -r")
    for n, target in links0.items():
        p = os.path.join(snap, n)
        check(os.path.islink(p) and os.readlink(p) == target, "symlink changed: " + n)
        if n.endswith((".safetensors", ".bin")) or n.endswith(".index.json"):
            check(os.path.isfile(p + ".znn") and not os.path.islink(p + ".znn"), "no real .znn for " + n)
    check(not os.path.exists(os.path.join(snap, "config.json.znn")), "config.json compressed")
    # -f decompress over the links replaces the links themselves, never the blobs
    run(["decompress", "-r", "-f", "-q", snap])
    check(blob_state(blobs) == blobs0, "blobs changed by decompress -r -f")
    for n in links0:
        p = os.path.join(snap, n)
        check(sha256(p) == contents[n], "content restored: " + n)
    # --rm from a fresh cache removes the links only; the repo root works too
    shutil.rmtree(root)
    os.makedirs(root)
    repo, snap, blobs = make_hf_cache(root)
    blobs0 = blob_state(blobs)
    run(["compress", "-r", "--rm", "-q", repo])
    check(blob_state(blobs) == blobs0, "blobs changed by compress -r --rm")
    check(not any(n.endswith(".safetensors") for n in os.listdir(snap)), "--rm removed the shard links")
    check(os.path.islink(os.path.join(snap, "config.json")), "config.json link kept")
    check(not any(n.endswith(".znn") for n in os.listdir(blobs)), "blobs folder got outputs")
    run(["decompress", "-r", "--rm", "-q", repo])
    check(blob_state(blobs) == blobs0, "blobs changed by decompress -r")
    for n, h in contents.items():
        check(sha256(os.path.join(snap, n)) == h, "restored from the cache: " + n)
    no_temporaries(root)


def test_info_and_bench():
    d = fresh_dir("bench")
    src = os.path.join(d, "w.safetensors")
    write_safetensors(src, [("a", "BF16", [65536], bf16_bytes(65536, 9))])
    out, _ = run(["bench", "--bench-time", "0", src])
    check(b"zipnn (bf16)" in out and b"zstd -3" in out, "bench output: %r" % out)
    run(["-q", src])
    out, _ = run(["info", src + ".znn"])
    for key in (b"format version:   1", b"bf16", b"huffman", b"chunks:"):
        check(key in out, "info shows %r" % key)
    run(["info", os.path.join(d, "missing.znn")], expect=EXIT_IO)


def test_interrupt_leaves_nothing():
    """SIGINT in the middle of a write removes the temporary file."""
    d = fresh_dir("sigint")
    out = os.path.join(d, "big.znn")
    p = subprocess.Popen([ZIPNN, "compress", "-q", "-", "-o", out], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    block = bf16_bytes(1 << 16, 11) * 64  # 8 MiB
    p.stdin.write(block)
    p.stdin.flush()
    deadline = time.time() + 10
    while time.time() < deadline and not any(n.startswith(".big.znn.tmp") for n in os.listdir(d)):
        time.sleep(0.05)
    check(any(n.startswith(".big.znn.tmp") for n in os.listdir(d)), "temporary file not seen")
    p.send_signal(signal.SIGINT)
    p.wait(timeout=30)
    p.stdin.close()
    check(p.returncode != 0, "interrupted run exit code")
    check(os.listdir(d) == [], "files left after SIGINT: %r" % os.listdir(d))


TESTS = [
    test_every_real_file,
    test_real_folder_recursive,
    test_stdin_stdout,
    test_keep_rm_force,
    test_options_and_edge_sizes,
    test_corrupt_and_truncated,
    test_model_folder,
    test_hf_cache,
    test_info_and_bench,
    test_interrupt_leaves_nothing,
]


def main():
    global ZIPNN, DATA, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--zipnn", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("-k", dest="only", default="", help="run tests whose name contains this")
    args = ap.parse_args()
    ZIPNN = os.path.abspath(args.zipnn)
    DATA = os.path.abspath(args.data)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="zipnn-cli-test-") as tmp:
        TMP = tmp
        for t in TESTS:
            if args.only not in t.__name__:
                continue
            if t in (test_every_real_file, test_real_folder_recursive) and not any(
                    files for _, _, files in os.walk(DATA)):
                print("SKIP %s (no files under %s)" % (t.__name__, DATA))
                continue
            start = time.time()
            try:
                t()
                print("ok   %s (%.1fs)" % (t.__name__, time.time() - start))
            except Failure as e:
                failed += 1
                print("FAIL %s: %s" % (t.__name__, e))
            sys.stdout.flush()
    print("%d test(s) failed" % failed if failed else "all CLI tests passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
