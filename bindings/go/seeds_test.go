package zipnn_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

// go test -run TestFuzzSeedCorpus -update-fuzz-seeds rewrites testdata/fuzz.
var updateSeeds = flag.Bool("update-fuzz-seeds", false, "rewrite the fuzz seed corpora in testdata/fuzz")

type seed struct {
	name   string
	values []any // []byte, uint8 or uint16, in the fuzz target's order
}

func mustCompress(t *testing.T, src []byte, opts ...zipnn.Option) []byte {
	t.Helper()
	frame, err := zipnn.Compress(nil, src, append(opts, zipnn.WithChunkSize(4096))...)
	if err != nil {
		t.Fatal(err)
	}
	return frame
}

// seedFrames are small frames covering every code path a decoder has:
// valid-* decode, corrupt-* fail with a data error.
func seedFrames(t *testing.T) map[string][]byte {
	frames := map[string][]byte{
		"valid-bf16-multichunk": mustCompress(t, sample(zipnn.BF16, 8200, 60), zipnn.WithDType(zipnn.BF16)),
		"valid-fp32-odd-length": mustCompress(t, sample(zipnn.FP32, 4503, 61), zipnn.WithDType(zipnn.FP32)),
		"valid-fp16":            mustCompress(t, sample(zipnn.FP16, 4400, 62), zipnn.WithDType(zipnn.FP16)),
		"valid-fp8-e4m3fn":      mustCompress(t, sample(zipnn.FP8E4M3FN, 4300, 63), zipnn.WithDType(zipnn.FP8E4M3FN)),
		"valid-fp8-e5m2":        mustCompress(t, sample(zipnn.FP8E5M2, 4300, 64), zipnn.WithDType(zipnn.FP8E5M2)),
		"valid-int32":           mustCompress(t, sample(zipnn.Int32, 4100, 65), zipnn.WithDType(zipnn.Int32)),
		"valid-bytes-text":      mustCompress(t, sample(zipnn.Bytes, 3000, 66)),
		"valid-constant":        mustCompress(t, make([]byte, 9000), zipnn.WithDType(zipnn.BF16)),
		"valid-empty":           mustCompress(t, nil),
		"valid-one-byte":        mustCompress(t, []byte{7}, zipnn.WithDType(zipnn.FP32)),
		"valid-safetensors":     mustCompress(t, smallModel(67, 1000)),
	}
	var stream bytes.Buffer
	zw, err := zipnn.NewWriter(&stream, zipnn.WithDType(zipnn.BF16), zipnn.WithChunkSize(4096))
	if err != nil {
		t.Fatal(err)
	}
	writeInPieces(t, zw, sample(zipnn.BF16, 8300, 68), []int{1000})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	frames["valid-stream-unpledged"] = stream.Bytes()

	base := frames["valid-bf16-multichunk"]
	frames["corrupt-payload-bit"] = damaged(base, func(b []byte) []byte { b[len(b)/3] ^= 0x08; return b })
	frames["corrupt-truncated"] = base[:len(base)/2]
	frames["corrupt-trailing-byte"] = append(bytes.Clone(base), 0)
	frames["corrupt-magic"] = damaged(base, func(b []byte) []byte { b[0] = 'Z'; return b })
	frames["corrupt-version"] = damaged(base, func(b []byte) []byte { b[4] = 9; return b })
	frames["corrupt-header-bit"] = damaged(base, func(b []byte) []byte { b[12] ^= 0x01; return b })
	frames["corrupt-footer-bit"] = damaged(base, func(b []byte) []byte { b[len(b)-3] ^= 0x01; return b })
	return frames
}

func seedCorpora(t *testing.T) map[string][]seed {
	frames := seedFrames(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range frames {
			if !yield(n) {
				return
			}
		}
	})
	corpora := map[string][]seed{}
	for i, n := range names {
		corpora["FuzzDecompress"] = append(corpora["FuzzDecompress"], seed{n, []any{frames[n]}})
		corpora["FuzzReader"] = append(corpora["FuzzReader"],
			seed{n, []any{frames[n], uint16(4096 + 97*i), uint16(1 + 300*i)}})
	}
	two := append(bytes.Clone(frames["valid-bf16-multichunk"]), frames["valid-stream-unpledged"]...)
	corpora["FuzzReader"] = append(corpora["FuzzReader"],
		seed{"valid-two-frames", []any{two, uint16(4096), uint16(777)}},
		seed{"valid-one-byte-reads", []any{frames["valid-fp16"], uint16(4096), uint16(0)}})
	corpora["FuzzRoundTrip"] = []seed{
		{"text", []any{[]byte("weights, weights, weights"), uint8(zipnn.Bytes), uint8(1), uint16(3)}},
		{"bf16", []any{sample(zipnn.BF16, 3000, 70), uint8(zipnn.BF16), uint8(2), uint16(999)}},
		{"fp32-odd", []any{sample(zipnn.FP32, 4099, 71), uint8(zipnn.FP32), uint8(0), uint16(4095)}},
		{"fp8", []any{sample(zipnn.FP8E5M2, 3000, 72), uint8(zipnn.FP8E5M2), uint8(1), uint16(0)}},
		{"safetensors", []any{smallModel(73, 800), uint8(zipnn.Bytes), uint8(1), uint16(100)}},
	}
	return corpora
}

// marshalSeed writes the "go test fuzz v1" corpus file format.
func marshalSeed(values []any) []byte {
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range values {
		switch v := v.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case uint8:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case uint16:
			fmt.Fprintf(&b, "uint16(%d)\n", v)
		default:
			panic(fmt.Sprintf("seed value of type %T", v))
		}
	}
	return []byte(b.String())
}

// TestFuzzSeedCorpus checks the checked-in seeds against the library: each
// valid-* frame (written by an earlier build) still decodes, and each
// corrupt-* frame fails with a data error. With -update-fuzz-seeds it first
// rewrites them.
func TestFuzzSeedCorpus(t *testing.T) {
	for target, seeds := range seedCorpora(t) {
		dir := filepath.Join("testdata", "fuzz", target)
		if *updateSeeds {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range seeds {
			path := filepath.Join(dir, s.name)
			want := marshalSeed(s.values)
			if *updateSeeds {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("%v (run: go test -run TestFuzzSeedCorpus -update-fuzz-seeds)", err)
			}
			if target != "FuzzDecompress" {
				continue
			}
			frame, err := readSeedFrame(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = zipnn.Decompress(nil, frame)
			var st zipnn.Status
			switch {
			case strings.HasPrefix(s.name, "valid-") && err != nil:
				t.Errorf("seed %s does not decode: %v", s.name, err)
			case strings.HasPrefix(s.name, "corrupt-") && (!errors.As(err, &st) || !st.IsDataError()):
				t.Errorf("seed %s: err = %v, want a data error", s.name, err)
			}
		}
	}
}

// readSeedFrame reads the []byte value of a one-value corpus file.
func readSeedFrame(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || lines[0] != "go test fuzz v1" ||
		!strings.HasPrefix(lines[1], "[]byte(") || !strings.HasSuffix(lines[1], ")") {
		return nil, fmt.Errorf("%s: not a one-value []byte corpus file", path)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	return []byte(s), err
}
