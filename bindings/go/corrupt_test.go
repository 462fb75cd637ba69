package zipnn_test

import (
	"bytes"
	"errors"
	"runtime"
	"testing"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

// A frame of several chunks to damage (layout: docs/FORMAT.md; the header is
// 32 bytes: magic 0..3, version 4..5, flags 6..7, content size 8..15, ...).
func frameToDamage(t *testing.T) ([]byte, []byte) {
	t.Helper()
	src := sample(zipnn.BF16, 200003, 50)
	frame, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16), zipnn.WithChunkSize(16384))
	if err != nil {
		t.Fatal(err)
	}
	return src, frame
}

func damaged(frame []byte, f func(b []byte) []byte) []byte { return f(bytes.Clone(frame)) }

func TestCorruptFramesGiveNamedErrors(t *testing.T) {
	_, frame := frameToDamage(t)
	cases := []struct {
		name  string
		frame []byte
		want  []zipnn.Status // any of these
	}{
		{"empty", nil, []zipnn.Status{zipnn.ErrTruncated}},
		{"header cut short", frame[:zipnn.HeaderSize-1], []zipnn.Status{zipnn.ErrTruncated}},
		{"wrong magic", damaged(frame, func(b []byte) []byte { b[1] = 'X'; return b }), []zipnn.Status{zipnn.ErrNotZipnn}},
		{"older ZipNN frame", append([]byte("ZN"), frame[2:]...), []zipnn.Status{zipnn.ErrNotZipnn}},
		{"newer format version", damaged(frame, func(b []byte) []byte { b[4] = 2; return b }), []zipnn.Status{zipnn.ErrUnsupportedVersion}},
		{"header byte flipped", damaged(frame, func(b []byte) []byte { b[9] ^= 0x40; return b }), []zipnn.Status{zipnn.ErrCorruptHeader}},
		{"footer byte flipped", damaged(frame, func(b []byte) []byte { b[len(b)-1] ^= 0x01; return b }), []zipnn.Status{zipnn.ErrCorruptIndex}},
		{"payload byte flipped", damaged(frame, func(b []byte) []byte { b[len(b)/3] ^= 0x04; return b }),
			[]zipnn.Status{zipnn.ErrChecksumMismatch, zipnn.ErrCorruptChunk}},
		{"cut in the middle", frame[:len(frame)/2], []zipnn.Status{zipnn.ErrTruncated}},
		{"last byte missing", frame[:len(frame)-1], []zipnn.Status{zipnn.ErrTruncated}},
		{"trailing byte", append(bytes.Clone(frame), 0), []zipnn.Status{zipnn.ErrTrailingData}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := zipnn.Decompress(nil, c.frame)
			matched := false
			for _, want := range c.want {
				matched = matched || errors.Is(err, want)
			}
			if !matched {
				t.Fatalf("Decompress: err = %v, want one of %v", err, names(c.want))
			}
			if len(c.want) == 1 {
				// Faults outside the chunks are found by ReadFrameInfo too, the same way.
				if _, err := zipnn.ReadFrameInfo(c.frame); !errors.Is(err, c.want[0]) {
					t.Fatalf("ReadFrameInfo: err = %v, want %s", err, c.want[0].Name())
				}
			}
		})
	}
}

func TestPayloadCorruptionIsFoundByChecksums(t *testing.T) {
	src, frame := frameToDamage(t)
	// Flip one bit at many places after the header: never wrong bytes back.
	for at := zipnn.HeaderSize; at < len(frame); at += len(frame) / 97 {
		bad := damaged(frame, func(b []byte) []byte { b[at] ^= 0x20; return b })
		got, err := zipnn.Decompress(nil, bad)
		if err == nil {
			if !bytes.Equal(got, src) {
				t.Fatalf("flipped bit at %d decoded silently to wrong data", at)
			}
			continue // a bit the format does not use (e.g. padding) changed nothing
		}
		var st zipnn.Status
		if !errors.As(err, &st) || !st.IsDataError() {
			t.Fatalf("flipped bit at %d: err = %v, want a data error", at, err)
		}
	}
}

func TestDecompressRejectsTrailingData(t *testing.T) {
	_, frame := frameToDamage(t)
	for _, extra := range [][]byte{{0}, []byte("garbage"), frame} {
		if _, err := zipnn.Decompress(nil, append(bytes.Clone(frame), extra...)); !errors.Is(err, zipnn.ErrTrailingData) {
			t.Fatalf("frame + %d bytes: err = %v, want ErrTrailingData", len(extra), err)
		}
	}
}

func TestLargeFrameFaultsAreFoundBeforeAllocating(t *testing.T) {
	// Above 16 MiB, Decompress checks the index before it allocates the content.
	src := make([]byte, 40<<20) // constant data: a tiny frame that decodes to 40 MiB
	src[12345] = 1
	frame, err := zipnn.Compress(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := zipnn.Decompress(nil, frame); err != nil || !bytes.Equal(got, src) {
		t.Fatalf("large frame round trip: %v", err)
	}
	bad := append(bytes.Clone(frame), 0)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = zipnn.Decompress(nil, bad)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, zipnn.ErrTrailingData) {
		t.Fatalf("large frame + 1 byte: err = %v, want ErrTrailingData", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Fatalf("rejecting a bad 40 MiB frame allocated %d bytes", grew)
	}
	if _, err := zipnn.Decompress(nil, frame[:len(frame)-1]); !errors.Is(err, zipnn.ErrTruncated) {
		t.Fatalf("large frame - 1 byte: err = %v, want ErrTruncated", err)
	}
	if _, err := zipnn.Decompress(nil, frame, zipnn.WithMaxDecodedSize(40<<20-1)); !errors.Is(err, zipnn.ErrSizeLimit) {
		t.Fatalf("large frame over the limit: err = %v, want ErrSizeLimit", err)
	}
}

func names(ss []zipnn.Status) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name())
	}
	return out
}

func TestVerifyChecksumsOption(t *testing.T) {
	// One chunk of BF16: its last stream is the raw low-byte plane, so a
	// flipped byte there decodes "fine" and only the checksum can tell.
	src := sample(zipnn.BF16, 100000, 51)
	frame, err := zipnn.Compress(nil, src, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := zipnn.ReadFrameInfo(frame); info.ChunkCount != 1 || info.MethodStreams[zipnn.MethodRaw] == 0 {
		t.Fatalf("expected one chunk with a raw stream, got %+v", info)
	}
	bad := damaged(frame, func(b []byte) []byte { b[len(b)-200] ^= 0x01; return b })
	if _, err := zipnn.Decompress(nil, bad); !errors.Is(err, zipnn.ErrChecksumMismatch) {
		t.Fatalf("verification on: err = %v, want ErrChecksumMismatch", err)
	}
	got, err := zipnn.Decompress(nil, bad, zipnn.WithVerifyChecksums(false))
	if err != nil {
		t.Fatalf("verification off: %v", err)
	}
	diff := 0
	for i := range got {
		if got[i] != src[i] {
			diff++
		}
	}
	if diff != 1 {
		t.Fatalf("verification off: %d bytes differ, want the one flipped", diff)
	}
}
