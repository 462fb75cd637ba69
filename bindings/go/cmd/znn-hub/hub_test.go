package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// repoWeights are the repository's small real weights (tests/data).
func repoWeights(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "tests", "data")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".md") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		t.Fatalf("no weight files in %s", dir)
	}
	return files
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	write(t, to, b)
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// bf16 returns n bytes of BF16 weights (normal, std 0.02).
func bf16(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	out := make([]byte, n)
	for i := 0; i+1 < n; i += 2 {
		binary.LittleEndian.PutUint16(out[i:], uint16(math.Float32bits(float32(r.NormFloat64()*0.02))>>16))
	}
	return out
}

// modelDir lays out a Hugging Face style model folder and returns its path
// and the relative paths of the weight files in it.
func modelDir(t *testing.T) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "model")
	var weights []string
	for _, f := range repoWeights(t) {
		rel := filepath.Base(f)
		if strings.HasSuffix(rel, ".bin") {
			rel = filepath.Join("original", rel)
		}
		copyFile(t, f, filepath.Join(dir, rel))
		weights = append(weights, filepath.ToSlash(rel))
	}
	write(t, filepath.Join(dir, "model-00001-of-00002.safetensors"), bf16(300001, 1))
	write(t, filepath.Join(dir, "model-00002-of-00002.safetensors"), bf16(100000, 2))
	weights = append(weights, "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors")
	write(t, filepath.Join(dir, "config.json"), []byte(`{"model_type": "llama"}`))
	write(t, filepath.Join(dir, "README.md"), []byte("# a model\n"))
	write(t, filepath.Join(dir, ".git", "objects", "pack.bin"), []byte("not a weight"))
	slices.Sort(weights)
	return dir, weights
}

func runHub(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func znnFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".znn") {
			rel, _ := filepath.Rel(root, path)
			files = append(files, strings.TrimSuffix(filepath.ToSlash(rel), ".znn"))
		}
		return nil
	})
	slices.Sort(files)
	return files
}

func TestCompressThenVerifyInPlace(t *testing.T) {
	dir, weights := modelDir(t)
	code, out, errs := runHub(t, "compress", "-j", "3", dir)
	if code != exitOK {
		t.Fatalf("compress exit %d\n%s%s", code, out, errs)
	}
	if got := znnFiles(t, dir); !slices.Equal(got, weights) {
		t.Fatalf("compressed %v, want exactly the weight files %v", got, weights)
	}
	if !strings.Contains(out, "total: compress "+itoa(len(weights))+" files ok, 0 failed") || !strings.Contains(out, "ratio") {
		t.Fatalf("no total line in:\n%s", out)
	}
	for _, w := range weights {
		if !strings.Contains(out, "OK       "+w+"  ") {
			t.Fatalf("no per-file line for %s in:\n%s", w, out)
		}
	}
	code, out, errs = runHub(t, "verify", "-orig", dir, dir)
	if code != exitOK {
		t.Fatalf("verify exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "total: verify "+itoa(len(weights))+" files ok, 0 failed") {
		t.Fatalf("verify output:\n%s", out)
	}
	// A second compress leaves existing outputs alone unless -f.
	if code, out, _ = runHub(t, "compress", dir); code != exitOK || !strings.Contains(out, "SKIPPED") {
		t.Fatalf("second compress: exit %d\n%s", code, out)
	}
	if code, out, _ = runHub(t, "compress", "-f", "-q", dir); code != exitOK || strings.Contains(out, "SKIPPED") {
		t.Fatalf("compress -f: exit %d\n%s", code, out)
	}
}

func TestVerifyFlagsCorruptAndTruncatedFiles(t *testing.T) {
	src, weights := modelDir(t)
	dst := filepath.Join(t.TempDir(), "compressed")
	if code, out, errs := runHub(t, "compress", "-o", dst, src); code != exitOK {
		t.Fatalf("compress exit %d\n%s%s", code, out, errs)
	}
	if got := znnFiles(t, src); len(got) != 0 {
		t.Fatalf("compress -o wrote into the source folder: %v", got)
	}
	if code, out, errs := runHub(t, "verify", "-orig", src, dst); code != exitOK {
		t.Fatalf("verify of a good copy: exit %d\n%s%s", code, out, errs)
	}

	// One flipped byte in the middle of one file, one file cut short.
	flipped := filepath.Join(dst, weights[0]+".znn")
	b, _ := os.ReadFile(flipped)
	b[len(b)/2] ^= 0x01
	write(t, flipped, b)
	cut := filepath.Join(dst, weights[1]+".znn")
	b, _ = os.ReadFile(cut)
	write(t, cut, b[:len(b)*2/3])

	code, out, errs := runHub(t, "verify", "-j", "2", dst)
	if code != exitFailed {
		t.Fatalf("verify of corrupted files: exit %d, want %d\n%s%s", code, exitFailed, out, errs)
	}
	for _, w := range weights[:2] {
		if !strings.Contains(errs, "CORRUPT  "+w+".znn: zipnn: read: ZIPNN_ERROR_") {
			t.Fatalf("%s not flagged as corrupt:\n%s", w, errs)
		}
	}
	if strings.Count(errs, "CORRUPT") != 2 {
		t.Fatalf("expected exactly two corrupt files:\n%s", errs)
	}
	if !strings.Contains(out, "files ok, 2 failed") {
		t.Fatalf("total line does not count the failures:\n%s", out)
	}
}

func TestVerifyDetectsContentMismatch(t *testing.T) {
	src, weights := modelDir(t)
	dst := filepath.Join(t.TempDir(), "compressed")
	if code, _, errs := runHub(t, "compress", "-o", dst, src); code != exitOK {
		t.Fatalf("compress: %s", errs)
	}
	// The original changes after compression: the .znn is intact but stale.
	orig := filepath.Join(src, weights[len(weights)-1])
	b, _ := os.ReadFile(orig)
	b[0] ^= 0xff
	write(t, orig, b)
	code, _, errs := runHub(t, "verify", "-orig", src, dst)
	if code != exitFailed || !strings.Contains(errs, "FAILED   "+weights[len(weights)-1]+".znn: decoded bytes differ") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
}

func TestHubCacheSymlinks(t *testing.T) {
	// models--org--name/{blobs/<sha>, snapshots/<rev>/model.safetensors -> ../../blobs/<sha>}
	root := filepath.Join(t.TempDir(), "models--org--name")
	blob := filepath.Join(root, "blobs", "0123abcd")
	content := bf16(200002, 3)
	write(t, blob, content)
	snap := filepath.Join(root, "snapshots", "rev1")
	if err := os.MkdirAll(snap, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(snap, "model.safetensors")
	if err := os.Symlink(filepath.Join("..", "..", "blobs", "0123abcd"), link); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runHub(t, "compress", root); code != exitOK {
		t.Fatalf("compress: exit %d\n%s%s", code, out, errs)
	}
	if got := znnFiles(t, root); !slices.Equal(got, []string{"snapshots/rev1/model.safetensors"}) {
		t.Fatalf("compressed %v", got)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the snapshot symlink was replaced")
	}
	if b, _ := os.ReadFile(blob); !bytes.Equal(b, content) {
		t.Fatal("the blob was changed")
	}
	if code, out, errs := runHub(t, "verify", "-orig", root, root); code != exitOK {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errs)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		nil,
		{"frobnicate", dir},
		{"compress"},
		{"compress", dir, dir},
		{"compress", "-j", "0", dir},
		{"compress", "-dtype", "bf17", dir},
		{"verify", "-o", dir, dir},
		{"compress", filepath.Join(dir, "missing")},
	} {
		if code, _, errs := runHub(t, args...); code != exitUsage || errs == "" {
			t.Errorf("%q: exit %d (want %d), stderr %q", args, code, exitUsage, errs)
		}
	}
	// A folder with nothing to do is a failure, not a silent success.
	if code, _, errs := runHub(t, "verify", dir); code != exitFailed || !strings.Contains(errs, "no files") {
		t.Errorf("empty folder: exit %d, %q", code, errs)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
