// Command znn-throughput measures what the Go binding costs: it compresses
// and decompresses one synthetic buffer (BF16 weights, normal with std 0.02;
// 1 GiB by default) through the Go API and through the C API called from C
// on the very same bytes, and, with -tool, through the zipnn command-line
// tool on a file. Each figure follows one warm-up run and is the best of
// -reps runs, in wall-clock time and in CPU time; decoded bytes are checked
// against the input.
//
//	go run ./cmd/znn-throughput [-size 1GiB] [-threads 0] [-reps 3] [-tool PATH]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "znn-throughput:", err)
		os.Exit(1)
	}
}

type config struct {
	size    int
	threads int
	reps    int
	bufSize int
	tool    string
}

func parseSize(s string) (int, error) {
	mult := 1
	for suffix, m := range map[string]int{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

// synthetic returns n bytes of BF16 weights: normal, std 0.02, rounded to
// nearest even, like the exponent statistics of real LLM weights.
func synthetic(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := 0; i+1 < n; i += 2 {
		f := math.Float32bits(float32(r.NormFloat64() * 0.02))
		f += 0x7fff + (f>>16)&1
		b[i], b[i+1] = byte(f>>16), byte(f>>24)
	}
	return b
}

type row struct {
	name       string
	comp, dec  timing
	size, base int // bytes of content, of the frame
}

func gbps(n int, d time.Duration) float64 {
	if d == time.Duration(math.MaxInt64) {
		return 0
	}
	if d <= 0 {
		return 0
	}
	return float64(n) / 1e9 / d.Seconds()
}

// timing is the best wall-clock time and the best CPU time (user + system,
// of this process or of the tool) over the runs; CPU time is what to compare
// on a busy machine.
type timing struct{ wall, cpu time.Duration }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs f once to warm up, then reps timed times; f returns the CPU
// time it used elsewhere (a child process), added to this process's.
func measure(reps int, f func() (time.Duration, error)) (timing, error) {
	b := timing{wall: time.Duration(math.MaxInt64), cpu: time.Duration(math.MaxInt64)}
	if _, err := f(); err != nil {
		return b, err
	}
	for range reps {
		c0, w0 := cpuTime(), time.Now()
		extra, err := f()
		if err != nil {
			return b, err
		}
		b.wall = min(b.wall, time.Since(w0))
		b.cpu = min(b.cpu, cpuTime()-c0+extra)
	}
	return b, nil
}

// local adapts a function that runs in this process.
func local(f func() error) func() (time.Duration, error) {
	return func() (time.Duration, error) { return 0, f() }
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("znn-throughput", flag.ContinueOnError)
	sizeFlag := fs.String("size", "1GiB", "buffer size (KiB, MiB, GiB suffixes)")
	var c config
	fs.IntVar(&c.threads, "threads", 0, "library threads (0: all cores)")
	fs.IntVar(&c.reps, "reps", 3, "runs per measurement; the best is reported")
	fs.IntVar(&c.bufSize, "buf", 1<<20, "stream buffer size, for Go and C alike")
	fs.StringVar(&c.tool, "tool", "", "path of the zipnn tool to time too (compress -c and decompress -c of a file)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if c.size, err = parseSize(*sizeFlag); err != nil {
		return err
	}
	c.reps = max(c.reps, 1)

	src := synthetic(c.size)
	frame := make([]byte, zipnn.CompressBound(len(src)))
	dec := make([]byte, len(src))
	opts := []zipnn.Option{zipnn.WithDType(zipnn.BF16), zipnn.WithThreads(c.threads)}
	var rows []row

	// 1. The C API called from C, one-shot.
	r := row{name: "C   zipnn_compress / zipnn_decompress", size: len(src)}
	n, tm, err := cCompress(src, frame, zipnn.BF16, c.threads, c.reps)
	if err != nil {
		return err
	}
	r.comp, r.base = tm, n
	cFrame := bytes.Clone(frame[:n])
	m, tm, err := cDecompress(cFrame, dec, c.threads, c.reps)
	if err != nil {
		return err
	}
	if !bytes.Equal(dec[:m], src) {
		return fmt.Errorf("C decompress: decoded bytes differ from the input")
	}
	r.dec = tm
	rows = append(rows, r)

	// 2. Go one-shot, through the pooled package-level functions.
	r = row{name: "Go  zipnn.Compress / zipnn.Decompress", size: len(src)}
	var goFrame []byte
	if r.comp, err = measure(c.reps, local(func() error {
		var err error
		goFrame, err = zipnn.Compress(frame[:0], src, opts...)
		return err
	})); err != nil {
		return err
	}
	if !bytes.Equal(goFrame, cFrame) {
		return fmt.Errorf("the Go frame differs from the C frame")
	}
	r.base = len(goFrame)
	var got []byte
	if r.dec, err = measure(c.reps, local(func() error {
		var err error
		got, err = zipnn.Decompress(dec[:0], goFrame, zipnn.WithThreads(c.threads))
		return err
	})); err != nil {
		return err
	}
	// Checked outside the timed call, as for the C row.
	if !bytes.Equal(got, src) {
		return fmt.Errorf("Go Decompress: decoded bytes differ from the input")
	}
	rows = append(rows, r)

	// 3. The C streaming API from C, input from memory, output discarded.
	r = row{name: fmt.Sprintf("C   stream API, %d KiB buffers", c.bufSize>>10), size: len(src)}
	if r.base, r.comp, err = cCompressStream(src, c.bufSize, zipnn.BF16, c.threads, c.reps); err != nil {
		return err
	}
	if m, r.dec, err = cDecompressStream(cFrame, c.bufSize, c.threads, c.reps); err != nil {
		return err
	}
	if m != len(src) {
		return fmt.Errorf("C stream decoded %d bytes, want %d", m, len(src))
	}
	rows = append(rows, r)

	// 4. Go Writer and Reader with the same buffer size, through io.Copy.
	r = row{name: "Go  Writer / Reader (io.Copy)", size: len(src)}
	sopts := append(opts, zipnn.WithBufferSize(c.bufSize))
	if r.comp, err = measure(c.reps, local(func() error {
		cw := &countingWriter{}
		zw, err := zipnn.NewWriter(cw, sopts...)
		if err != nil {
			return err
		}
		if _, err := io.Copy(zw, bytes.NewReader(src)); err != nil {
			return err
		}
		err = zw.Close()
		r.base = int(cw.n)
		return err
	})); err != nil {
		return err
	}
	if r.dec, err = measure(c.reps, local(func() error {
		zr, err := zipnn.NewReader(bytes.NewReader(cFrame), sopts...)
		if err != nil {
			return err
		}
		defer zr.Close()
		n, err := io.Copy(io.Discard, zr)
		if err == nil && n != int64(len(src)) {
			err = fmt.Errorf("Reader decoded %d bytes, want %d", n, len(src))
		}
		return err
	})); err != nil {
		return err
	}
	rows = append(rows, r)

	if c.tool != "" {
		toolRows, err := timeTool(c, src)
		if err != nil {
			return err
		}
		rows = append(rows, toolRows...)
	}

	fmt.Fprintf(out, "buffer: %d bytes of synthetic BF16 (normal, std 0.02); threads=%d (%d CPUs); best of %d; libzipnn %s; %s\n",
		len(src), c.threads, runtime.NumCPU(), c.reps, zipnn.Version(), runtime.Version())
	fmt.Fprintf(out, "%-42s %7s  %-23s  %-23s\n", "", "ratio", "compress GB/s", "decompress GB/s")
	fmt.Fprintf(out, "%-42s %7s  %-23s  %-23s\n", "", "", "wall / per CPU-second", "wall / per CPU-second")
	for _, r := range rows {
		fmt.Fprintf(out, "%-42s %7.4f  %7.3f / %-13.3f  %7.3f / %-13.3f\n", r.name, float64(r.base)/float64(r.size),
			gbps(r.size, r.comp.wall), gbps(r.size, r.comp.cpu), gbps(r.size, r.dec.wall), gbps(r.size, r.dec.cpu))
	}
	pct := func(goT, cT time.Duration) float64 { return 100 * (goT.Seconds()/cT.Seconds() - 1) }
	compare := func(what string, g, c row) {
		fmt.Fprintf(out, "%s: compress %+.1f%% wall, %+.1f%% CPU; decompress %+.1f%% wall, %+.1f%% CPU\n", what,
			pct(g.comp.wall, c.comp.wall), pct(g.comp.cpu, c.comp.cpu), pct(g.dec.wall, c.dec.wall), pct(g.dec.cpu, c.dec.cpu))
	}
	fmt.Fprintln(out, "time of Go over C (negative: Go faster):")
	compare("  Go one-shot vs C one-shot", rows[1], rows[0])
	compare("  Go Writer/Reader vs C stream API", rows[3], rows[2])
	if len(rows) > 5 {
		compare("  Go Writer/Reader vs the zipnn tool (file)", rows[5], rows[4])
	}
	return nil
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// timeTool compares the zipnn tool (compress -c / decompress -c of a file to
// /dev/null) with the Go Writer/Reader doing the same from the same file.
func timeTool(c config, src []byte) ([]row, error) {
	dir, err := os.MkdirTemp("", "znn-throughput-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "weights.bf16")
	if err := os.WriteFile(in, src, 0o644); err != nil {
		return nil, err
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	defer devnull.Close()
	threads := strconv.Itoa(c.threads)
	tool := func(args ...string) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			cmd := exec.Command(c.tool, args...)
			cmd.Stdout, cmd.Stderr = devnull, os.Stderr
			if err := cmd.Run(); err != nil {
				return 0, fmt.Errorf("%s %s: %w", c.tool, strings.Join(args, " "), err)
			}
			return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
		}
	}
	znn := in + ".znn"
	if _, err := tool("compress", "-q", "-f", "-T", threads, "--dtype", "bf16", in)(); err != nil {
		return nil, err
	}
	st, err := os.Stat(znn)
	if err != nil {
		return nil, err
	}
	t := row{name: "C   zipnn tool, file -> /dev/null", size: len(src), base: int(st.Size())}
	if t.comp, err = measure(c.reps, tool("compress", "-q", "-c", "-T", threads, "--dtype", "bf16", in)); err != nil {
		return nil, err
	}
	if t.dec, err = measure(c.reps, tool("decompress", "-q", "-c", "-T", threads, znn)); err != nil {
		return nil, err
	}
	g := row{name: "Go  Writer / Reader, file -> io.Discard", size: len(src), base: int(st.Size())}
	opts := []zipnn.Option{zipnn.WithDType(zipnn.BF16), zipnn.WithThreads(c.threads), zipnn.WithBufferSize(c.bufSize)}
	if g.comp, err = measure(c.reps, local(func() error {
		f, err := os.Open(in)
		if err != nil {
			return err
		}
		defer f.Close()
		zw, err := zipnn.NewWriter(io.Discard, opts...)
		if err != nil {
			return err
		}
		if _, err := io.Copy(zw, f); err != nil {
			return err
		}
		return zw.Close()
	})); err != nil {
		return nil, err
	}
	if g.dec, err = measure(c.reps, local(func() error {
		f, err := os.Open(znn)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := zipnn.NewReader(f, opts...)
		if err != nil {
			return err
		}
		defer zr.Close()
		n, err := io.Copy(io.Discard, zr)
		if err == nil && n != int64(len(src)) {
			err = fmt.Errorf("Reader decoded %d bytes of the tool's frame, want %d", n, len(src))
		}
		return err
	})); err != nil {
		return nil, err
	}
	return []row{t, g}, nil
}
