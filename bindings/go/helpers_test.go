package zipnn_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

// weightsDir is where the real-weight test files live: the repository's
// tests/data, or ZIPNN_TEST_WEIGHTS (e.g. ../../../shared/data/weights) to
// run the same tests on more files.
func weightsDir() string {
	if d := os.Getenv("ZIPNN_TEST_WEIGHTS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "tests", "data")
}

// weightFiles lists the real weight files; a test that needs them fails
// (never skips) when there are none.
func weightFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	root := weightsDir()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := strings.ToLower(d.Name())
		for _, skip := range []string{".json", ".md", ".txt", ".py", ".znn"} {
			if strings.HasSuffix(name, skip) {
				return nil
			}
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		t.Fatalf("listing real weights in %s: %v", root, err)
	}
	if len(files) == 0 {
		t.Fatalf("no real weight files under %s (set ZIPNN_TEST_WEIGHTS to a folder of weights)", root)
	}
	slices.Sort(files)
	return files
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sample returns n bytes of data typical of dtype d: weights drawn from a
// normal distribution (std 0.02, as in LLMs) for float types, small integers
// for integer types, 0/1 for bool, text-like bytes for opaque bytes. n need
// not be a multiple of the element size.
func sample(d zipnn.DType, n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(d)))
	size := max(d.Size(), 1)
	out := make([]byte, 0, n+8)
	var e [8]byte
	for len(out) < n {
		w := r.NormFloat64() * 0.02
		switch d {
		case zipnn.BF16:
			binary.LittleEndian.PutUint16(e[:], uint16(math.Float32bits(float32(w))>>16))
		case zipnn.FP16:
			binary.LittleEndian.PutUint16(e[:], f32ToF16(float32(w)))
		case zipnn.FP32:
			binary.LittleEndian.PutUint32(e[:], math.Float32bits(float32(w)))
		case zipnn.FP64:
			binary.LittleEndian.PutUint64(e[:], math.Float64bits(w))
		case zipnn.FP8E5M2:
			e[0] = byte(f32ToF16(float32(w*50)) >> 8)
		case zipnn.FP8E4M3FN:
			e[0] = f32ToE4M3(float32(w * 50))
		case zipnn.Bool:
			e[0] = byte(r.IntN(2))
		case zipnn.Bytes:
			e[0] = "the quick brown fox jumps over the lazy dog "[r.IntN(44)]
		default: // integers: small values, two's complement, little-endian
			binary.LittleEndian.PutUint64(e[:], uint64(int64(w*2000)))
		}
		out = append(out, e[:size]...)
	}
	return out[:n]
}

// f32ToF16 converts by truncation; values below the normal range become zero.
func f32ToF16(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int((b>>23)&0xff) - 127 + 15
	if exp <= 0 {
		return sign
	}
	if exp >= 31 {
		return sign | 0x7c00
	}
	return sign | uint16(exp)<<10 | uint16(b>>13)&0x3ff
}

// f32ToE4M3 converts by truncation to fp8 e4m3fn (bias 7), saturating.
func f32ToE4M3(f float32) byte {
	b := math.Float32bits(f)
	sign := byte(b>>24) & 0x80
	exp := int((b>>23)&0xff) - 127 + 7
	if exp <= 0 {
		return sign
	}
	if exp > 15 {
		return sign | 0x7e
	}
	return sign | byte(exp)<<3 | byte(b>>20)&0x7
}

func fmtError(format string, args ...any) error { return fmt.Errorf(format, args...) }

// safetensors builds a small safetensors file: each tensor is (name, dtype
// spelled as safetensors does, data).
func safetensors(tensors ...tensor) []byte {
	header := "{"
	var data []byte
	for i, t := range tensors {
		if i > 0 {
			header += ","
		}
		header += fmt.Sprintf(`"%s":{"dtype":"%s","shape":[%d],"data_offsets":[%d,%d]}`,
			t.name, t.dtype, len(t.data)/t.elem, len(data), len(data)+len(t.data))
		data = append(data, t.data...)
	}
	header += `,"__metadata__":{"format":"pt"}}`
	for len(header)%8 != 0 {
		header += " "
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	out = append(out, header...)
	return append(out, data...)
}

type tensor struct {
	name, dtype string
	elem        int
	data        []byte
}

// smallModel is a two-tensor safetensors file (BF16 and F32).
func smallModel(seed uint64, n int) []byte {
	return safetensors(
		tensor{"model.embed.weight", "BF16", 2, sample(zipnn.BF16, 2*n, seed)},
		tensor{"model.norm.weight", "F32", 4, sample(zipnn.FP32, 4*(n/4), seed+1)},
	)
}
