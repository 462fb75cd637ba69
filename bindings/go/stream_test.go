package zipnn_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"testing/iotest"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

// writeInPieces writes src to w in pieces of the given sizes, cycling.
func writeInPieces(t testing.TB, w io.Writer, src []byte, pieces []int) {
	t.Helper()
	for i := 0; len(src) > 0; i++ {
		n := min(pieces[i%len(pieces)], len(src))
		m, err := w.Write(src[:n])
		if err != nil || m != n {
			t.Fatalf("Write(%d bytes) = %d, %v", n, m, err)
		}
		src = src[n:]
	}
}

func streamCompress(t testing.TB, src []byte, pieces []int, opts ...zipnn.Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := zipnn.NewWriter(&buf, opts...)
	if err != nil {
		t.Fatal(err)
	}
	writeInPieces(t, zw, src, pieces)
	if err := zw.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.Bytes()
}

// Odd piece sizes: single bytes, primes, sizes straddling chunk boundaries.
var oddPieces = [][]int{{1}, {7, 4093}, {65537, 3}, {1<<20 + 1}, {3 << 20}}

func TestStreamRoundTripOddPieces(t *testing.T) {
	src := sample(zipnn.BF16, 3<<20+11, 10)
	for _, pieces := range oddPieces {
		in := src
		if pieces[0] == 1 { // one byte per call: 200 KiB are enough
			in = src[:200003]
		}
		t.Run(fmt.Sprint(pieces), func(t *testing.T) {
			frame := streamCompress(t, in, pieces, zipnn.WithDType(zipnn.BF16), zipnn.WithBufferSize(5000))
			got, err := zipnn.Decompress(nil, frame)
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("Decompress of the streamed frame: %v", err)
			}
			readers := map[string]func(io.Reader) io.Reader{
				"whole":   func(r io.Reader) io.Reader { return r },
				"onebyte": iotest.OneByteReader,
				"half":    iotest.HalfReader,
				"dataerr": iotest.DataErrReader,
			}
			for name, wrap := range readers {
				zr, err := zipnn.NewReader(wrap(bytes.NewReader(frame)), zipnn.WithBufferSize(4096))
				if err != nil {
					t.Fatal(err)
				}
				// Odd read sizes through a reader that returns what Read gives.
				var out bytes.Buffer
				p := make([]byte, 1021)
				for {
					n, err := zr.Read(p[:1+out.Len()%1021])
					out.Write(p[:n])
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("%s: Read: %v", name, err)
					}
				}
				if !bytes.Equal(out.Bytes(), in) {
					t.Fatalf("%s: streamed round trip differs", name)
				}
				zr.Close()
			}
		})
	}
}

func TestReaderContract(t *testing.T) {
	src := sample(zipnn.FP32, 1<<20+13, 11)
	frame := streamCompress(t, src, []int{100000}, zipnn.WithDType(zipnn.FP32))
	zr, err := zipnn.NewReader(bytes.NewReader(frame))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if err := iotest.TestReader(zr, src); err != nil {
		t.Fatal(err)
	}
}

func TestStreamedFrameEqualsOneShotFrame(t *testing.T) {
	// The C API promises the same frame when the size is pledged.
	src := sample(zipnn.BF16, 2<<20+9, 12)
	oneShot, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	streamed := streamCompress(t, src, []int{12345}, zipnn.WithDType(zipnn.BF16), zipnn.WithContentSize(int64(len(src))))
	if !bytes.Equal(oneShot, streamed) {
		t.Fatalf("streamed frame (%d bytes) differs from Compress's (%d bytes)", len(streamed), len(oneShot))
	}
}

func TestStreamWithoutPledgedSize(t *testing.T) {
	src := sample(zipnn.FP16, 1<<20+1, 13)
	frame := streamCompress(t, src, []int{4096})
	if _, known, err := zipnn.ContentSize(frame); err != nil || known {
		t.Fatalf("ContentSize of an unpledged stream: known=%v err=%v, want unknown", known, err)
	}
	info, err := zipnn.ReadFrameInfo(frame)
	if err != nil || info.ContentSize != uint64(len(src)) {
		t.Fatalf("ReadFrameInfo: %+v, %v", info, err)
	}
	if got, err := zipnn.Decompress(nil, frame); err != nil || !bytes.Equal(got, src) {
		t.Fatalf("Decompress: %v", err)
	}
}

func TestPledgedSizeExceeded(t *testing.T) {
	zw, err := zipnn.NewWriter(io.Discard, zipnn.WithContentSize(10))
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	_, err = zw.Write(make([]byte, 11))
	if err == nil {
		err = zw.Close()
	}
	if !errors.Is(err, zipnn.ErrSizeLimit) {
		t.Fatalf("writing 11 bytes after pledging 10: err = %v, want ErrSizeLimit", err)
	}
}

func TestEmptyStream(t *testing.T) {
	frame := streamCompress(t, nil, []int{1})
	if got, err := zipnn.Decompress(nil, frame); err != nil || len(got) != 0 {
		t.Fatalf("Decompress of an empty stream: %q, %v", got, err)
	}
	zr, err := zipnn.NewReader(bytes.NewReader(frame))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || len(got) != 0 {
		t.Fatalf("reading an empty frame: %q, %v", got, err)
	}
	// No frame at all is not a valid stream.
	zr, err = zipnn.NewReader(bytes.NewReader(nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(zr); !errors.Is(err, zipnn.ErrTruncated) {
		t.Fatalf("reading zero bytes: err = %v, want ErrTruncated", err)
	}
}

func TestConcatenatedFrames(t *testing.T) {
	a := sample(zipnn.BF16, 300001, 14)
	b := sample(zipnn.FP32, 200003, 15)
	fa, err := zipnn.Compress(nil, a, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	fb := streamCompress(t, b, []int{777}, zipnn.WithDType(zipnn.FP32))
	zr, err := zipnn.NewReader(iotest.HalfReader(bytes.NewReader(append(bytes.Clone(fa), fb...))), zipnn.WithBufferSize(4096))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, append(bytes.Clone(a), b...)) {
		t.Fatalf("two frames read as one stream: %v", err)
	}
}

func TestReaderTruncatedStreamIsAnError(t *testing.T) {
	src := sample(zipnn.BF16, 2<<20+3, 16)
	frame := streamCompress(t, src, []int{1 << 16}, zipnn.WithDType(zipnn.BF16))
	cuts := []int{1, 5, zipnn.HeaderSize - 1, zipnn.HeaderSize, zipnn.HeaderSize + 1, len(frame) / 3,
		len(frame) / 2, len(frame) - 100, len(frame) - 1}
	for _, cut := range cuts {
		zr, err := zipnn.NewReader(bytes.NewReader(frame[:cut]), zipnn.WithBufferSize(4096))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err == nil {
			t.Fatalf("stream cut at %d of %d bytes read without error", cut, len(frame))
		}
		var st zipnn.Status
		if !errors.As(err, &st) || !st.IsDataError() {
			t.Fatalf("cut at %d: err = %v, want a data error", cut, err)
		}
		if !bytes.HasPrefix(src, got) {
			t.Fatalf("cut at %d: bytes returned before the error are not the original's", cut)
		}
	}
}

func TestReaderCorruptStreamNeverReturnsWrongBytes(t *testing.T) {
	src := sample(zipnn.BF16, 2<<20+3, 17)
	frame := streamCompress(t, src, []int{1 << 16}, zipnn.WithDType(zipnn.BF16))
	for _, at := range []int{len(frame) / 4, len(frame) / 2, 3 * len(frame) / 4} {
		bad := bytes.Clone(frame)
		bad[at] ^= 0x10
		zr, err := zipnn.NewReader(bytes.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		var st zipnn.Status
		if !errors.As(err, &st) || !st.IsDataError() {
			t.Fatalf("flipped byte at %d: err = %v, want a data error", at, err)
		}
		if !bytes.HasPrefix(src, got) {
			t.Fatalf("flipped byte at %d: the Reader returned corrupted bytes before the error", at)
		}
		// Errors are sticky.
		if _, err2 := zr.Read(make([]byte, 10)); !errors.Is(err2, st) {
			t.Fatalf("Read after an error: %v, want the same error again", err2)
		}
	}
}

func TestReaderMaxDecodedSize(t *testing.T) {
	src := sample(zipnn.BF16, 1<<20, 18)
	frame := streamCompress(t, src, []int{1 << 16}, zipnn.WithDType(zipnn.BF16))
	zr, err := zipnn.NewReader(bytes.NewReader(frame), zipnn.WithMaxDecodedSize(1<<19))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, zr); !errors.Is(err, zipnn.ErrSizeLimit) {
		t.Fatalf("err = %v, want ErrSizeLimit", err)
	}
}

type failingWriter struct{ after int }

var errDisk = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errDisk
	}
	w.after--
	return len(p), nil
}

func TestWriterPropagatesWriteErrors(t *testing.T) {
	zw, err := zipnn.NewWriter(&failingWriter{after: 1}, zipnn.WithBufferSize(4096))
	if err != nil {
		t.Fatal(err)
	}
	src := sample(zipnn.BF16, 4<<20, 19)
	_, err = zw.Write(src)
	if err == nil {
		err = zw.Close()
	}
	if !errors.Is(err, errDisk) {
		t.Fatalf("err = %v, want the underlying writer's error", err)
	}
	if _, err := zw.Write([]byte("more")); !errors.Is(err, errDisk) {
		t.Fatalf("Write after a failed write: %v, want the same error", err)
	}
	if err := zw.Close(); !errors.Is(err, errDisk) {
		t.Fatalf("Close after a failed write: %v, want the same error", err)
	}
}

func TestReaderPropagatesReadErrors(t *testing.T) {
	frame := streamCompress(t, sample(zipnn.BF16, 1<<20, 20), []int{1 << 16})
	errNet := errors.New("connection reset")
	r := io.MultiReader(bytes.NewReader(frame[:len(frame)/2]), iotest.ErrReader(errNet))
	zr, err := zipnn.NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, zr); !errors.Is(err, errNet) {
		t.Fatalf("err = %v, want the underlying reader's error", err)
	}
}

func TestWriterAndReaderReset(t *testing.T) {
	var b1, b2 bytes.Buffer
	zw, err := zipnn.NewWriter(&b1, zipnn.WithDType(zipnn.FP32))
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := sample(zipnn.FP32, 70001, 21), sample(zipnn.FP32, 90001, 22)
	writeInPieces(t, zw, s1, []int{999})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write([]byte("late")); !errors.Is(err, zipnn.ErrStageWrong) {
		t.Fatalf("Write after Close: %v, want ErrStageWrong", err)
	}
	if err := zw.Reset(&b2); err != nil {
		t.Fatal(err)
	}
	writeInPieces(t, zw, s2, []int{12345})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	frames := [][]byte{bytes.Clone(b1.Bytes()), bytes.Clone(b2.Bytes())}
	zr, err := zipnn.NewReader(&b1)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for i, want := range [][]byte{s1, s2} {
		if i == 1 {
			if err := zr.Reset(&b2); err != nil {
				t.Fatal(err)
			}
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("frame %d after Reset: %v", i, err)
		}
		if info, err := zipnn.ReadFrameInfo(frames[i]); err != nil || info.DType != zipnn.FP32 {
			t.Fatalf("frame %d: dtype %v, want the Writer's options kept by Reset", i, info.DType)
		}
	}
}

func TestCopyUsesReadFromAndWriteTo(t *testing.T) {
	src := sample(zipnn.BF16, 5<<20+1, 23)
	var frame bytes.Buffer
	zw, err := zipnn.NewWriter(&frame, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := io.Copy(zw, iotest.HalfReader(bytes.NewReader(src))); err != nil || n != int64(len(src)) {
		t.Fatalf("io.Copy into the Writer: %d, %v", n, err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zipnn.NewReader(&frame)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if n, err := io.Copy(&out, zr); err != nil || n != int64(len(src)) || !bytes.Equal(out.Bytes(), src) {
		t.Fatalf("io.Copy out of the Reader: %d, %v", n, err)
	}
}
