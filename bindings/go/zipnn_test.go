package zipnn_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

func TestVersionMatchesHeader(t *testing.T) {
	if got, want := zipnn.VersionNumber(), zipnn.HeaderVersionNumber; got != want {
		t.Fatalf("loaded libzipnn is %d (%s), the wrapper was generated from zipnn.h %d", got, zipnn.Version(), want)
	}
	v := zipnn.VersionNumber()
	if want := fmt.Sprintf("%d.%d.%d", v/10000, v/100%100, v%100); zipnn.Version() != want {
		t.Fatalf("Version() = %q, want %q", zipnn.Version(), want)
	}
}

// Sizes that cross every boundary users hit: empty, one byte, lengths that
// are not multiples of the element size, and several chunks.
var roundTripSizes = []int{0, 1, 3, 4097, 2<<20 + 5}

func TestRoundTripEveryDType(t *testing.T) {
	for _, d := range zipnn.DTypes() {
		for _, n := range roundTripSizes {
			t.Run(fmt.Sprintf("%s/%d", d, n), func(t *testing.T) {
				src := sample(d, n, 1)
				frame, err := zipnn.Compress(nil, src, zipnn.WithDType(d))
				if err != nil {
					t.Fatalf("Compress: %v", err)
				}
				got, err := zipnn.Decompress(nil, frame)
				if err != nil {
					t.Fatalf("Decompress: %v", err)
				}
				if !bytes.Equal(got, src) {
					t.Fatalf("round trip of %d %s bytes differs", n, d)
				}
				info, err := zipnn.ReadFrameInfo(frame)
				if err != nil {
					t.Fatalf("ReadFrameInfo: %v", err)
				}
				if info.ContentSize != uint64(n) || info.FrameSize != uint64(len(frame)) ||
					info.DType != d || info.ElementSize != uint32(d.Size()) ||
					info.FormatVersion != uint32(zipnn.FormatVersion) {
					t.Fatalf("FrameInfo = %+v for %d bytes of %s in a %d-byte frame", info, n, d, len(frame))
				}
				if size, known, err := zipnn.ContentSize(frame[:zipnn.HeaderSize]); err != nil || !known || size != uint64(n) {
					t.Fatalf("ContentSize = %d, %v, %v; want %d", size, known, err, n)
				}
			})
		}
	}
}

func TestCompressedFloatsAreSmaller(t *testing.T) {
	// The point of the library: float weights shrink (BF16 to about 2/3).
	for _, d := range []zipnn.DType{zipnn.BF16, zipnn.FP16, zipnn.FP32} {
		src := sample(d, 1<<20, 2)
		frame, err := zipnn.Compress(nil, src, zipnn.WithDType(d))
		if err != nil {
			t.Fatal(err)
		}
		if len(frame) >= len(src)*9/10 {
			t.Errorf("%s: %d bytes compressed to %d, not below 90%%", d, len(src), len(frame))
		}
	}
}

func TestRealWeightsRoundTrip(t *testing.T) {
	for _, path := range weightFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src := readFile(t, path)
			want := sha256.Sum256(src)
			frame, err := zipnn.Compress(nil, src)
			if err != nil {
				t.Fatalf("Compress: %v", err)
			}
			got, err := zipnn.Decompress(nil, frame)
			if err != nil {
				t.Fatalf("Decompress: %v", err)
			}
			if sha256.Sum256(got) != want {
				t.Fatal("decompressed file differs from the original (sha256)")
			}
			info, err := zipnn.ReadFrameInfo(frame)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d -> %d bytes, ratio %.4f, %d tensors", len(src), len(frame), info.Ratio(), info.TensorCount)
			var floats uint64
			for _, d := range []zipnn.DType{zipnn.BF16, zipnn.FP16, zipnn.FP32} {
				floats += info.DTypeBytes[d]
			}
			if floats*2 > info.ContentSize && info.Ratio() >= 1 {
				t.Errorf("a file of mostly float weights did not shrink: ratio %.4f", info.Ratio())
			}
		})
	}
}

func TestCompressIsDeterministicAcrossThreadCounts(t *testing.T) {
	src := sample(zipnn.BF16, 3<<20+1, 3)
	one, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16), zipnn.WithThreads(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{0, 2, 4} {
		other, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16), zipnn.WithThreads(threads))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(one, other) {
			t.Fatalf("frame with %d threads differs from the frame with 1 thread", threads)
		}
	}
}

func TestCompressLeavesSourceUnchanged(t *testing.T) {
	src := sample(zipnn.BF16, 1<<20+3, 4)
	keep := bytes.Clone(src)
	first, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, keep) {
		t.Fatal("Compress modified its input")
	}
	second, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("compressing the same buffer twice gave different frames")
	}
}

func TestAppendStyle(t *testing.T) {
	src := sample(zipnn.FP32, 100003, 5)
	prefix := []byte("prefix")
	frame, err := zipnn.Compress(bytes.Clone(prefix), src, zipnn.WithDType(zipnn.FP32))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(frame, prefix) {
		t.Fatal("Compress did not keep dst's bytes")
	}
	out, err := zipnn.Decompress(bytes.Clone(prefix), frame[len(prefix):])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, append(bytes.Clone(prefix), src...)) {
		t.Fatal("Decompress did not append to dst")
	}

	// With enough spare capacity the result shares dst's array.
	buf := make([]byte, 0, zipnn.CompressBound(len(src)))
	frame2, err := zipnn.Compress(buf, src, zipnn.WithDType(zipnn.FP32))
	if err != nil {
		t.Fatal(err)
	}
	if &frame2[0] != &buf[:1][0] {
		t.Fatal("Compress reallocated although dst had CompressBound spare capacity")
	}
	dec := make([]byte, 0, len(src))
	dec2, err := zipnn.Decompress(dec, frame2)
	if err != nil {
		t.Fatal(err)
	}
	if &dec2[0] != &dec[:1][0] || !bytes.Equal(dec2, src) {
		t.Fatal("Decompress reallocated although dst had room, or decoded wrong bytes")
	}
}

func TestDecompressRange(t *testing.T) {
	src := sample(zipnn.BF16, 3<<20+7, 6)
	frame, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	ranges := [][2]uint64{{0, 0}, {0, uint64(len(src))}, {uint64(len(src)), 0}, {1 << 20, 1}, {1<<20 - 1, 2}}
	for range 20 {
		off := r.Uint64N(uint64(len(src)))
		ranges = append(ranges, [2]uint64{off, r.Uint64N(uint64(len(src)) - off + 1)})
	}
	for _, rg := range ranges {
		got, err := zipnn.DecompressRange([]byte("x"), frame, rg[0], rg[1])
		if err != nil {
			t.Fatalf("range %v: %v", rg, err)
		}
		if !bytes.Equal(got[1:], src[rg[0]:rg[0]+rg[1]]) || got[0] != 'x' {
			t.Fatalf("range %v: wrong bytes", rg)
		}
	}
	for _, rg := range [][2]uint64{{uint64(len(src)), 1}, {1, uint64(len(src))}, {^uint64(0), 2}} {
		if _, err := zipnn.DecompressRange(nil, frame, rg[0], rg[1]); !errors.Is(err, zipnn.ErrRange) {
			t.Fatalf("range %v outside the content: err = %v, want ErrRange", rg, err)
		}
	}
}

func TestMaxDecodedSize(t *testing.T) {
	src := sample(zipnn.BF16, 100000, 8)
	frame, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zipnn.Decompress(nil, frame, zipnn.WithMaxDecodedSize(99999)); !errors.Is(err, zipnn.ErrSizeLimit) {
		t.Fatalf("limit below the content size: err = %v, want ErrSizeLimit", err)
	}
	if got, err := zipnn.Decompress(nil, frame, zipnn.WithMaxDecodedSize(100000)); err != nil || !bytes.Equal(got, src) {
		t.Fatalf("limit equal to the content size: %v", err)
	}
}

func TestErrorsCarryStatus(t *testing.T) {
	_, err := zipnn.Decompress(nil, []byte("definitely not a zipnn frame, just some text"))
	if !errors.Is(err, zipnn.ErrNotZipnn) {
		t.Fatalf("err = %v, want ErrNotZipnn", err)
	}
	if errors.Is(err, zipnn.ErrTruncated) {
		t.Fatal("errors.Is matched a different status")
	}
	var st zipnn.Status
	if !errors.As(err, &st) || st != zipnn.ErrNotZipnn || st.Name() != "ZIPNN_ERROR_NOT_ZIPNN" {
		t.Fatalf("errors.As gave %d (%s)", st, st.Name())
	}
	var zerr *zipnn.Error
	if !errors.As(err, &zerr) || zerr.Op != "decompress" {
		t.Fatalf("errors.As(*Error) = %+v", zerr)
	}
	if !strings.Contains(err.Error(), "ZIPNN_ERROR_NOT_ZIPNN") {
		t.Fatalf("message %q does not name the status", err)
	}
	if !st.IsDataError() || zipnn.ErrInvalidArgument.IsDataError() || zipnn.ErrOutOfMemory.IsDataError() {
		t.Fatal("IsDataError misclassifies")
	}
}

func TestEveryStatusHasItsName(t *testing.T) {
	statuses := map[zipnn.Status]string{
		zipnn.ErrNullPointer: "NULL_POINTER", zipnn.ErrInvalidArgument: "INVALID_ARGUMENT",
		zipnn.ErrDstTooSmall: "DST_TOO_SMALL", zipnn.ErrUnknownParam: "UNKNOWN_PARAM",
		zipnn.ErrParamOutOfRange: "PARAM_OUT_OF_RANGE", zipnn.ErrUnknownDType: "UNKNOWN_DTYPE",
		zipnn.ErrStageWrong: "STAGE_WRONG", zipnn.ErrRange: "RANGE", zipnn.ErrNotZipnn: "NOT_ZIPNN",
		zipnn.ErrUnsupportedVersion: "UNSUPPORTED_VERSION", zipnn.ErrUnsupportedFeature: "UNSUPPORTED_FEATURE",
		zipnn.ErrTruncated: "TRUNCATED", zipnn.ErrCorruptHeader: "CORRUPT_HEADER",
		zipnn.ErrCorruptIndex: "CORRUPT_INDEX", zipnn.ErrCorruptChunk: "CORRUPT_CHUNK",
		zipnn.ErrChecksumMismatch: "CHECKSUM_MISMATCH", zipnn.ErrUnknownMethod: "UNKNOWN_METHOD",
		zipnn.ErrTrailingData: "TRAILING_DATA", zipnn.ErrSizeLimit: "SIZE_LIMIT",
		zipnn.ErrCorruptTensors: "CORRUPT_TENSORS", zipnn.ErrNotFound: "NOT_FOUND",
		zipnn.ErrDeltaBase: "DELTA_BASE", zipnn.ErrOutOfMemory: "OUT_OF_MEMORY", zipnn.ErrInternal: "INTERNAL",
	}
	for st, name := range statuses {
		if st.Name() != "ZIPNN_ERROR_"+name {
			t.Errorf("status %d: Name() = %q, want ZIPNN_ERROR_%s", st, st.Name(), name)
		}
		if st.Message() == "" || !strings.Contains(st.Error(), st.Name()) {
			t.Errorf("status %d: Error() = %q", st, st.Error())
		}
	}
	if zipnn.Status(999).Name() != "ZIPNN_ERROR_UNKNOWN_STATUS" {
		t.Errorf("unknown status named %q", zipnn.Status(999).Name())
	}
}

func TestParseDType(t *testing.T) {
	for _, d := range zipnn.DTypes() {
		got, err := zipnn.ParseDType(d.String())
		if err != nil || got != d {
			t.Errorf("ParseDType(%q) = %v, %v", d.String(), got, err)
		}
	}
	for name, want := range map[string]zipnn.DType{
		"BF16": zipnn.BF16, "bfloat16": zipnn.BF16, "F16": zipnn.FP16, "half": zipnn.FP16,
		"F32": zipnn.FP32, "float": zipnn.FP32, "F8_E4M3": zipnn.FP8E4M3FN, "F8_E5M2": zipnn.FP8E5M2,
		"double": zipnn.FP64, "I8": zipnn.Int8, "U8": zipnn.Uint8, "I64": zipnn.Int64, "BOOL": zipnn.Bool,
	} {
		if got, err := zipnn.ParseDType(name); err != nil || got != want {
			t.Errorf("ParseDType(%q) = %v, %v; want %v", name, got, err, want)
		}
	}
	for _, bad := range []string{"", "bf17", "bf16\x00", "int4"} {
		if _, err := zipnn.ParseDType(bad); !errors.Is(err, zipnn.ErrUnknownDType) {
			t.Errorf("ParseDType(%q): err = %v, want ErrUnknownDType", bad, err)
		}
	}
	if zipnn.DType(99).String() != "unknown" || zipnn.DType(99).Size() != 0 {
		t.Error("unknown dtype id not reported as unknown")
	}
}

func TestInvalidOptions(t *testing.T) {
	src := []byte("some bytes")
	if _, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.DType(99))); !errors.Is(err, zipnn.ErrUnknownDType) {
		t.Errorf("unknown dtype: err = %v, want ErrUnknownDType", err)
	}
	if _, err := zipnn.Compress(nil, src, zipnn.WithThreads(-1)); !errors.Is(err, zipnn.ErrParamOutOfRange) {
		t.Errorf("threads -1: err = %v, want ErrParamOutOfRange", err)
	}
	if _, err := zipnn.Compress(nil, src, zipnn.WithChunkSize(-5)); !errors.Is(err, zipnn.ErrParamOutOfRange) {
		t.Errorf("chunk size -5: err = %v, want ErrParamOutOfRange", err)
	}
	if _, err := zipnn.NewDecompressor(zipnn.WithMaxDecodedSize(-2)); !errors.Is(err, zipnn.ErrParamOutOfRange) {
		t.Errorf("max decoded size -2: err = %v, want ErrParamOutOfRange", err)
	}
	// The pooled contexts recover: a good call after bad ones works.
	frame, err := zipnn.Compress(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := zipnn.Decompress(nil, frame); err != nil || !bytes.Equal(got, src) {
		t.Fatalf("after invalid options: %v", err)
	}
}

func TestOptionsDoNotLeakBetweenCalls(t *testing.T) {
	// A pooled context configured by one call must not carry its options into
	// the next: the frame of a default call is the same before and after.
	src := sample(zipnn.BF16, 200000, 9)
	before, err := zipnn.Compress(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16), zipnn.WithZstdLevel(9),
			zipnn.WithTensorAware(false), zipnn.WithThreads(1)); err != nil {
			t.Fatal(err)
		}
	}
	after, err := zipnn.Compress(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("options of earlier calls changed a later call's frame")
	}
	if info, _ := zipnn.ReadFrameInfo(after); info.DType != zipnn.Bytes {
		t.Fatalf("default call recorded dtype %v", info.DType)
	}
}

func TestCompressorAndDecompressorReuse(t *testing.T) {
	c, err := zipnn.NewCompressor(zipnn.WithDType(zipnn.FP16), zipnn.WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	d, err := zipnn.NewDecompressor(zipnn.WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	var frame, out []byte
	for i := range 5 {
		src := sample(zipnn.FP16, 50000+i, uint64(i))
		if frame, err = c.Compress(frame[:0], src); err != nil {
			t.Fatal(err)
		}
		if out, err = d.Decompress(out[:0], frame); err != nil || !bytes.Equal(out, src) {
			t.Fatalf("call %d: %v", i, err)
		}
		if info, _ := zipnn.ReadFrameInfo(frame); info.DType != zipnn.FP16 {
			t.Fatalf("call %d: dtype %v", i, info.DType)
		}
	}
	c.Close()
	d.Close()
	if _, err := c.Compress(nil, []byte("x")); !errors.Is(err, zipnn.ErrStageWrong) {
		t.Fatalf("Compress after Close: err = %v, want ErrStageWrong", err)
	}
	if _, err := d.Decompress(nil, frame); !errors.Is(err, zipnn.ErrStageWrong) {
		t.Fatalf("Decompress after Close: err = %v, want ErrStageWrong", err)
	}
	if c.Close() != nil || d.Close() != nil {
		t.Fatal("second Close failed")
	}
}

func TestSafetensorsCompressedPerTensor(t *testing.T) {
	src := smallModel(40, 300000)
	frame, err := zipnn.Compress(nil, src) // tensor awareness is on by default
	if err != nil {
		t.Fatal(err)
	}
	info, err := zipnn.ReadFrameInfo(frame)
	if err != nil {
		t.Fatal(err)
	}
	if info.TensorCount != 2 || info.DTypeBytes[zipnn.BF16] != 600000 || info.DTypeBytes[zipnn.FP32] != 300000 {
		t.Fatalf("tensors %d, bf16 bytes %d, fp32 bytes %d; want 2, 600000, 300000",
			info.TensorCount, info.DTypeBytes[zipnn.BF16], info.DTypeBytes[zipnn.FP32])
	}
	got, err := zipnn.Decompress(nil, frame)
	if err != nil || !bytes.Equal(got, src) {
		t.Fatalf("safetensors round trip: %v", err)
	}
	plain, err := zipnn.Compress(nil, src, zipnn.WithTensorAware(false))
	if err != nil {
		t.Fatal(err)
	}
	if pinfo, _ := zipnn.ReadFrameInfo(plain); pinfo.TensorCount != 0 {
		t.Fatalf("WithTensorAware(false) still indexed %d tensors", pinfo.TensorCount)
	}
}

func TestChunkSizeOption(t *testing.T) {
	src := sample(zipnn.FP16, 100000, 41)
	frame, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.FP16), zipnn.WithChunkSize(8192))
	if err != nil {
		t.Fatal(err)
	}
	info, err := zipnn.ReadFrameInfo(frame)
	if err != nil {
		t.Fatal(err)
	}
	if info.ChunkSize != 8192 || info.ChunkCount != (100000+8191)/8192 {
		t.Fatalf("chunk size %d, %d chunks; want 8192 and %d", info.ChunkSize, info.ChunkCount, (100000+8191)/8192)
	}
	if got, err := zipnn.Decompress(nil, frame); err != nil || !bytes.Equal(got, src) {
		t.Fatalf("round trip: %v", err)
	}
}
