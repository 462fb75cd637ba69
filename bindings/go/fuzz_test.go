package zipnn_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

// Limits that keep one fuzz input cheap (a frame may claim any size, and the
// Reader may be asked for one byte per Read).
const (
	fuzzMaxDecoded = 1 << 20
	fuzzMaxStream  = 2 << 20
)

// checkDataError fails unless err is a library status that is not a bug.
func checkDataError(t *testing.T, err error) {
	t.Helper()
	var st zipnn.Status
	if !errors.As(err, &st) {
		t.Fatalf("error without a zipnn status: %v", err)
	}
	if st == zipnn.ErrInternal {
		t.Fatalf("library reported an internal error (a bug): %v", err)
	}
}

// codeSeeds are small frames made at run time, beside the checked-in corpus.
func codeSeeds(f *testing.F) [][]byte {
	var frames [][]byte
	for i, d := range []zipnn.DType{zipnn.BF16, zipnn.FP32, zipnn.FP16, zipnn.FP8E4M3FN, zipnn.Bytes} {
		frame, err := zipnn.Compress(nil, sample(d, 9000+i, uint64(i)), zipnn.WithDType(d), zipnn.WithChunkSize(4096))
		if err != nil {
			f.Fatal(err)
		}
		frames = append(frames, frame)
	}
	return frames
}

// FuzzDecompress: decoding arbitrary bytes never crashes, and a frame that
// decodes gives the same bytes through every path (frame info, range,
// stream).
func FuzzDecompress(f *testing.F) {
	for _, frame := range codeSeeds(f) {
		f.Add(frame)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := zipnn.Decompress(nil, data, zipnn.WithMaxDecodedSize(fuzzMaxDecoded))
		if err != nil {
			checkDataError(t, err)
			return
		}
		info, err := zipnn.ReadFrameInfo(data)
		if err != nil || info.ContentSize != uint64(len(out)) || info.FrameSize != uint64(len(data)) {
			t.Fatalf("frame decodes to %d bytes but ReadFrameInfo says %+v, %v", len(out), info, err)
		}
		whole, err := zipnn.DecompressRange(nil, data, 0, uint64(len(out)))
		if err != nil || !bytes.Equal(whole, out) {
			t.Fatalf("DecompressRange of the whole content disagrees: %v", err)
		}
		zr, err := zipnn.NewReader(bytes.NewReader(data), zipnn.WithMaxDecodedSize(fuzzMaxDecoded))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		streamed, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(streamed, out) {
			t.Fatalf("the Reader disagrees with Decompress: %v", err)
		}
	})
}

// FuzzReader: reading arbitrary bytes through the Reader, with any buffer
// and read sizes, never crashes or hangs; what it returns without error is
// what Decompress returns for a single frame.
func FuzzReader(f *testing.F) {
	for i, frame := range codeSeeds(f) {
		f.Add(frame, uint16(4096*i), uint16(1+1000*i))
	}
	f.Fuzz(func(t *testing.T, data []byte, bufSize uint16, readSize uint16) {
		zr, err := zipnn.NewReader(bytes.NewReader(data), zipnn.WithMaxDecodedSize(fuzzMaxDecoded),
			zipnn.WithBufferSize(int(bufSize)))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		p := make([]byte, 1+int(readSize))
		var out []byte
		for len(out) < fuzzMaxStream {
			n, err := zr.Read(p)
			if n < 0 || n > len(p) {
				t.Fatalf("Read returned %d for a %d-byte buffer", n, len(p))
			}
			out = append(out, p[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				checkDataError(t, err)
				return
			}
		}
		if len(out) >= fuzzMaxStream {
			return
		}
		if one, err := zipnn.Decompress(nil, data, zipnn.WithMaxDecodedSize(fuzzMaxDecoded)); err == nil && !bytes.Equal(one, out) {
			t.Fatal("the Reader returned different bytes than Decompress")
		}
	})
}

// FuzzRoundTrip: any bytes with any dtype come back exactly, and the
// streamed frame with a pledged size equals the one-shot frame.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("hello, weights"), uint8(zipnn.BF16), uint8(1), uint16(7))
	f.Add(sample(zipnn.FP32, 4099, 1), uint8(zipnn.FP32), uint8(0), uint16(1000))
	f.Fuzz(func(t *testing.T, data []byte, dtype uint8, threads uint8, piece uint16) {
		d := zipnn.DType(int(dtype) % zipnn.DTypeCount)
		opts := []zipnn.Option{zipnn.WithDType(d), zipnn.WithThreads(1 + int(threads%3))}
		frame, err := zipnn.Compress(nil, data, opts...)
		if err != nil {
			t.Fatalf("Compress: %v", err)
		}
		out, err := zipnn.Decompress(nil, frame)
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("round trip: %v", err)
		}
		var buf bytes.Buffer
		zw, err := zipnn.NewWriter(&buf, append(opts, zipnn.WithContentSize(int64(len(data))))...)
		if err != nil {
			t.Fatal(err)
		}
		step := 1 + int(piece)
		for off := 0; off < len(data); off += step {
			if _, err := zw.Write(data[off:min(off+step, len(data))]); err != nil {
				t.Fatalf("Write: %v", err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if !bytes.Equal(buf.Bytes(), frame) {
			t.Fatal("streamed frame differs from Compress's frame")
		}
	})
}
