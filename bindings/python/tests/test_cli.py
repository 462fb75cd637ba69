"""python -m zipnn: commands, flags, stdin/stdout, safety of sources and outputs."""

import os
import subprocess
import sys

import numpy as np
import ml_dtypes

import zipnn
from zipnn.__main__ import main


def payload(n=200000, seed=5):
    return np.random.default_rng(seed).normal(0, 0.02, n).astype(ml_dtypes.bfloat16).tobytes()


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "zipnn", *args], input=stdin, capture_output=True)


def test_compress_then_decompress_keeps_sources(tmp_path):
    src = tmp_path / "w.bin"
    data = payload()
    src.write_bytes(data)
    assert main(["compress", "-q", "--dtype", "bf16", str(src)]) == 0
    znn = tmp_path / "w.bin.znn"
    assert src.read_bytes() == data
    assert zipnn.decompress(znn.read_bytes()) == data
    assert zipnn.frame_info(znn.read_bytes()).dtype_name == "bf16"
    src.unlink()
    assert main(["-d", "-q", str(znn)]) == 0
    assert src.read_bytes() == data
    assert znn.exists()


def test_existing_output_needs_force(tmp_path, capsys):
    src = tmp_path / "a.bin"
    src.write_bytes(b"abc" * 1000)
    out = tmp_path / "a.bin.znn"
    out.write_bytes(b"precious")
    assert main(["-q", str(src)]) == 3  # I/O error: the output exists
    assert out.read_bytes() == b"precious"
    assert "already exists" in capsys.readouterr().err
    assert main(["-q", "-f", str(src)]) == 0
    assert zipnn.decompress(out.read_bytes()) == b"abc" * 1000


def test_rm_removes_sources_only_after_success(tmp_path):
    src = tmp_path / "b.bin"
    src.write_bytes(b"xyz" * 999)
    assert main(["compress", "-q", "--rm", str(src)]) == 0
    assert not src.exists()
    znn = tmp_path / "b.bin.znn"
    bad = tmp_path / "bad.bin.znn"
    bad.write_bytes(znn.read_bytes()[:-5])
    assert main(["decompress", "-q", "--rm", str(bad)]) == 2  # data error
    assert bad.exists() and not (tmp_path / "bad.bin").exists()
    assert main(["decompress", "-q", "--rm", str(znn)]) == 0
    assert not znn.exists() and src.read_bytes() == b"xyz" * 999


def test_output_flag_and_recursive(tmp_path):
    d = tmp_path / "models"
    (d / "sub").mkdir(parents=True)
    files = {d / "x.bin": payload(1000, 1), d / "sub" / "y.bin": payload(2000, 2)}
    for p, b in files.items():
        p.write_bytes(b)
    assert main(["compress", "-q", str(d)]) == 1  # a folder needs -r
    assert main(["compress", "-q", "-r", "-T", "2", str(d)]) == 0
    for p, b in files.items():
        assert zipnn.decompress(open(str(p) + ".znn", "rb").read()) == b
    assert main(["compress", "-q", "-r", "-f", str(d)]) == 0  # .znn files are not compressed again
    assert not list(d.rglob("*.znn.znn"))
    one = tmp_path / "one.znn"
    assert main(["compress", "-q", "-o", str(one), str(d / "x.bin")]) == 0
    assert zipnn.decompress(one.read_bytes()) == files[d / "x.bin"]
    assert main(["compress", "-q", "-o", str(one), str(d / "x.bin"), str(d / "sub" / "y.bin")]) == 1
    assert main(["verify", "-q", "-r", str(d)]) == 0
    assert main(["-t", "-q", str(one)]) == 0


def test_recursive_folder_with_shard_index_round_trips(tmp_path):
    """-r compresses weight files, rewrites the shard index as NAME.index.json.znn,
    and decompressing restores every file byte for byte."""
    d = tmp_path / "model"
    d.mkdir()
    files = {
        "model-00001-of-00002.safetensors": payload(3000, 1),
        "model-00002-of-00002.safetensors": payload(3000, 2),
        "config.json": b'{"model_type": "llama"}\n',
        "model.safetensors.index.json": (
            b'{\n  "metadata": {"total_size": 12000},\n  "weight_map": {\n'
            b'    "a": "model-00001-of-00002.safetensors",\n    "b": "model-00002-of-00002.safetensors"\n  }\n}\n'
        ),
    }
    for n, b in files.items():
        (d / n).write_bytes(b)
    assert main(["compress", "-q", "-r", "--rm", str(d)]) == 0
    assert sorted(os.listdir(d)) == [
        "config.json",
        "model-00001-of-00002.safetensors.znn",
        "model-00002-of-00002.safetensors.znn",
        "model.safetensors.index.json.znn",
    ]
    index = (d / "model.safetensors.index.json.znn").read_bytes()
    assert index == files["model.safetensors.index.json"].replace(b'.safetensors"', b'.safetensors.znn"')
    assert main(["verify", "-q", "-r", str(d)]) == 0
    assert main(["decompress", "-q", "-r", "--rm", str(d)]) == 0
    assert sorted(os.listdir(d)) == sorted(files)
    for n, b in files.items():
        assert (d / n).read_bytes() == b, n


def test_stdin_stdout_pipes():
    data = payload(50000)
    r = run("compress", "--dtype", "bf16", "-", stdin=data)
    assert r.returncode == 0, r.stderr
    assert zipnn.decompress(r.stdout) == data
    r2 = run("-d", "-c", stdin=r.stdout)
    assert r2.returncode == 0, r2.stderr
    assert r2.stdout == data


def test_stdout_flag(tmp_path):
    src = tmp_path / "c.bin"
    src.write_bytes(b"hello" * 100)
    r = run("-c", "-q", str(src))
    assert r.returncode == 0
    assert zipnn.decompress(r.stdout) == b"hello" * 100
    assert not (tmp_path / "c.bin.znn").exists()


def test_info_and_verify(tmp_path, capsys):
    src = tmp_path / "d.bin"
    src.write_bytes(payload())
    assert main(["-q", str(src)]) == 0
    znn = str(src) + ".znn"
    assert main(["info", "-v", znn]) == 0
    out = capsys.readouterr().out
    assert "content size    400000" in out
    assert "method huffman" in out
    assert main(["verify", znn]) == 0
    assert "OK" in capsys.readouterr().out
    data = bytearray(open(znn, "rb").read())
    data[len(data) // 2] ^= 0x10
    bad = tmp_path / "bad.znn"
    bad.write_bytes(bytes(data))
    assert main(["verify", "-q", str(bad)]) == 2
    assert "ZIPNN_ERROR_" in capsys.readouterr().err


def test_decompress_needs_known_suffix(tmp_path):
    f = tmp_path / "noext"
    f.write_bytes(zipnn.compress(b"q"))
    assert main(["-d", "-q", str(f)]) == 1  # usage error: unknown suffix
    assert main(["-d", "-q", "-o", str(tmp_path / "out"), str(f)]) == 0
    assert (tmp_path / "out").read_bytes() == b"q"


def test_no_temporary_files_left(tmp_path):
    src = tmp_path / "e.bin"
    src.write_bytes(b"e" * 5000)
    main(["-q", str(src)])
    main(["-q", str(src)])  # fails: exists
    assert sorted(os.listdir(tmp_path)) == ["e.bin", "e.bin.znn"]


def test_usage_errors():
    assert main(["--no-such-flag"]) == 1
    assert main(["info"]) == 1
    assert main(["-c", "-o", "x", "y"]) == 1
    assert main(["info", "-d", "x.znn"]) == 1


def test_console_script_is_installed():
    exe = os.path.join(os.path.dirname(sys.executable), "zipnn")
    r = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and zipnn.__version__ in r.stdout


def test_explicit_shard_index_is_restored(tmp_path):
    idx = tmp_path / "model.safetensors.index.json"
    original = b'{"weight_map": {"a": "m-1.safetensors"}}'
    idx.write_bytes(original)
    (tmp_path / "m-1.safetensors").write_bytes(b"\0" * 64)
    assert main(["compress", "-q", "-r", "--rm", str(tmp_path)]) == 0
    znn_index = tmp_path / "model.safetensors.index.json.znn"
    assert main(["verify", "-q", str(znn_index)]) == 0
    assert main(["-d", "-q", str(znn_index)]) == 0
    assert idx.read_bytes() == original
