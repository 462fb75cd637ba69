package zipnn_test

import (
	"bytes"
	"io"
	"sync"
	"testing"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

// Run with -race: the package-level functions share pooled contexts, and
// Writers/Readers own theirs; none may share state unsafely.
func TestConcurrentUse(t *testing.T) {
	const goroutines = 8
	shared := sample(zipnn.BF16, 1<<20+5, 30) // read by every goroutine at once
	sharedCopy := bytes.Clone(shared)
	sharedFrame, err := zipnn.Compress(nil, shared, zipnn.WithDType(zipnn.BF16))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*8)
	fail := func(format string, args ...any) { errs <- fmtError(format, args...) }
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := zipnn.DTypes()[g%zipnn.DTypeCount]
			own := sample(d, 200000+g, uint64(100+g))
			for i := range 4 {
				threads := i % 3 // 0 (all cores), 1, 2
				frame, err := zipnn.Compress(nil, own, zipnn.WithDType(d), zipnn.WithThreads(threads))
				if err != nil {
					fail("goroutine %d: Compress: %v", g, err)
					return
				}
				got, err := zipnn.Decompress(nil, frame, zipnn.WithThreads(threads))
				if err != nil || !bytes.Equal(got, own) {
					fail("goroutine %d: Decompress: %v", g, err)
					return
				}
				f2, err := zipnn.Compress(nil, shared, zipnn.WithDType(zipnn.BF16), zipnn.WithThreads(threads))
				if err != nil || !bytes.Equal(f2, sharedFrame) {
					fail("goroutine %d: shared buffer compressed to a different frame: %v", g, err)
					return
				}
				part, err := zipnn.DecompressRange(nil, sharedFrame, uint64(g*1000), 5000)
				if err != nil || !bytes.Equal(part, shared[g*1000:g*1000+5000]) {
					fail("goroutine %d: DecompressRange: %v", g, err)
					return
				}
			}
			// A Writer and a Reader per goroutine.
			var buf bytes.Buffer
			zw, err := zipnn.NewWriter(&buf, zipnn.WithDType(d), zipnn.WithThreads(1), zipnn.WithBufferSize(8192))
			if err != nil {
				fail("goroutine %d: NewWriter: %v", g, err)
				return
			}
			for off := 0; off < len(own); off += 9973 {
				if _, err := zw.Write(own[off:min(off+9973, len(own))]); err != nil {
					fail("goroutine %d: Write: %v", g, err)
					return
				}
			}
			if err := zw.Close(); err != nil {
				fail("goroutine %d: Close: %v", g, err)
				return
			}
			zr, err := zipnn.NewReader(&buf, zipnn.WithThreads(1), zipnn.WithBufferSize(4096))
			if err != nil {
				fail("goroutine %d: NewReader: %v", g, err)
				return
			}
			defer zr.Close()
			got, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(got, own) {
				fail("goroutine %d: stream round trip: %v", g, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if !bytes.Equal(shared, sharedCopy) {
		t.Fatal("a shared source buffer was modified")
	}
}

// Separate Compressors used from separate goroutines at the same time.
func TestConcurrentCompressors(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := zipnn.NewCompressor(zipnn.WithDType(zipnn.FP32), zipnn.WithThreads(2))
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			d, err := zipnn.NewDecompressor(zipnn.WithThreads(2))
			if err != nil {
				errs <- err
				return
			}
			defer d.Close()
			var frame, out []byte
			for i := range 6 {
				src := sample(zipnn.FP32, 70000+i*g, uint64(g*10+i))
				if frame, err = c.Compress(frame[:0], src); err != nil {
					errs <- err
					return
				}
				if out, err = d.Decompress(out[:0], frame); err != nil || !bytes.Equal(out, src) {
					errs <- fmtError("goroutine %d call %d: %v", g, i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
