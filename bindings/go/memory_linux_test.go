package zipnn_test

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

// rssBytes reads the resident set size of this process.
func rssBytes(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// repeatReader yields n bytes by repeating block.
type repeatReader struct {
	block []byte
	n     int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.n > 0 {
		c := copy(p[k:min(len(p), k+int(r.n))], r.block[int(r.n)%len(r.block):])
		k += c
		r.n -= int64(c)
	}
	return k, nil
}

// Streaming 512 MiB through a Writer into a Reader (an io.Pipe, nothing kept)
// must not grow the process by more than a small fixed amount.
func TestStreamMemoryIsBounded(t *testing.T) {
	const total = 512 << 20
	const bound = 96 << 20
	block := sample(zipnn.BF16, 1<<20+7, 80)
	runtime.GC()
	base := rssBytes(t)
	var peak atomic.Int64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				if r := rssBytes(t); r > peak.Load() {
					peak.Store(r)
				}
			}
		}
	}()

	pr, pw := io.Pipe()
	werr := make(chan error, 1)
	go func() {
		zw, err := zipnn.NewWriter(pw, zipnn.WithDType(zipnn.BF16), zipnn.WithThreads(2))
		if err == nil {
			_, err = io.Copy(zw, &repeatReader{block: block, n: total})
			if cerr := zw.Close(); err == nil {
				err = cerr
			}
		}
		pw.CloseWithError(err)
		werr <- err
	}()
	zr, err := zipnn.NewReader(pr, zipnn.WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	check := &repeatReader{block: block, n: total}
	want := make([]byte, 1<<20)
	buf := make([]byte, 1<<20)
	var n int64
	for {
		k, err := zr.Read(buf)
		if k > 0 {
			if _, rerr := io.ReadFull(check, want[:k]); rerr != nil || !bytes.Equal(buf[:k], want[:k]) {
				t.Fatalf("decoded stream differs from the input at byte %d", n)
			}
			n += int64(k)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	sampler.Wait()
	if err := <-werr; err != nil {
		t.Fatal(err)
	}
	if n != total {
		t.Fatalf("decoded %d bytes, want %d", n, total)
	}
	if grew := peak.Load() - base; grew > bound {
		t.Fatalf("streaming %d MiB grew the process by %d MiB (bound %d MiB)", total>>20, grew>>20, bound>>20)
	} else {
		t.Logf("streaming %d MiB grew the resident set by %d MiB at most", total>>20, grew>>20)
	}
}
