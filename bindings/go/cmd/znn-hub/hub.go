package main

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
	suffix     = ".znn"
)

// Weight files by extension (the same list as the zipnn tool's -r).
var defaultExts = ".safetensors,.bin,.pt,.pth,.ckpt,.gguf,.onnx"

type options struct {
	mode    string // "compress" or "verify"
	root    string
	outDir  string
	origDir string
	force   bool
	all     bool
	exts    []string
	workers int
	threads int
	dtype   zipnn.DType
	quiet   bool
}

// job is one file to process; result what became of it.
type job struct {
	rel  string // path relative to root, slash-separated on output
	path string // path to read
	size int64
}

type result struct {
	job
	in, out int64 // content bytes and frame bytes
	elapsed time.Duration
	err     error
	skipped string
}

func usage(fs *flag.FlagSet, stderr io.Writer) {
	fmt.Fprintf(stderr, `usage:
  znn-hub compress [flags] MODEL_DIR   compress every weight file to FILE.znn
  znn-hub verify   [flags] DIR         decode and check every .znn file

flags:
`)
	fs.SetOutput(stderr)
	fs.PrintDefaults()
}

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fset := flag.NewFlagSet("znn-hub", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	fset.StringVar(&o.outDir, "o", "", "compress: write FILE.znn under this folder, mirroring MODEL_DIR (default: next to each file)")
	fset.StringVar(&o.origDir, "orig", "", "verify: also compare decoded bytes with the original files under this folder (SHA-256)")
	fset.BoolVar(&o.force, "f", false, "compress: overwrite existing .znn files")
	fset.BoolVar(&o.all, "all", false, "compress: every regular file except .znn, .json, .md and .txt, whatever its extension")
	ext := fset.String("ext", defaultExts, "compress: comma-separated extensions of weight files")
	fset.IntVar(&o.workers, "j", runtime.NumCPU(), "files processed at once")
	fset.IntVar(&o.threads, "threads", 1, "library threads per file (0: all cores)")
	dtype := fset.String("dtype", "bytes", "compress: dtype of files that are not safetensors (safetensors use each tensor's own)")
	fset.BoolVar(&o.quiet, "q", false, "print only failures and the total")
	if len(args) == 0 {
		usage(fset, stderr)
		return nil, errors.New("missing command")
	}
	o.mode = args[0]
	if o.mode != "compress" && o.mode != "verify" {
		usage(fset, stderr)
		return nil, fmt.Errorf("unknown command %q", o.mode)
	}
	if err := fset.Parse(args[1:]); err != nil {
		usage(fset, stderr)
		return nil, err
	}
	if fset.NArg() != 1 {
		usage(fset, stderr)
		return nil, errors.New("expected exactly one folder")
	}
	o.root = fset.Arg(0)
	if o.workers < 1 {
		return nil, errors.New("-j must be at least 1")
	}
	d, err := zipnn.ParseDType(*dtype)
	if err != nil {
		return nil, fmt.Errorf("-dtype: %w", err)
	}
	o.dtype = d
	for _, e := range strings.Split(*ext, ",") {
		if e = strings.TrimSpace(e); e != "" {
			if !strings.HasPrefix(e, ".") {
				e = "." + e
			}
			o.exts = append(o.exts, strings.ToLower(e))
		}
	}
	if o.mode == "verify" && (o.outDir != "" || o.force) {
		return nil, errors.New("-o and -f apply to compress only")
	}
	if o.mode == "compress" && o.origDir != "" {
		return nil, errors.New("-orig applies to verify only")
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "znn-hub:", err)
		return exitUsage
	}
	if st, err := os.Stat(o.root); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "znn-hub: %s is not a folder\n", o.root)
		return exitUsage
	}
	jobs, err := o.collect()
	if err != nil {
		fmt.Fprintln(stderr, "znn-hub:", err)
		return exitFailed
	}
	if len(jobs) == 0 {
		fmt.Fprintf(stderr, "znn-hub: no files to %s under %s\n", o.mode, o.root)
		return exitFailed
	}
	start := time.Now()
	results := o.process(jobs, func(r result) { o.report(stdout, stderr, r) })
	return o.summarize(stdout, results, time.Since(start))
}

// collect walks the root. Symlinked files (a hub cache's snapshots) are
// followed; symlinked folders are not, and hidden folders (.git, .cache) are
// skipped.
func (o *options) collect() ([]job, error) {
	var jobs []job
	err := filepath.WalkDir(o.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != o.root && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !o.wanted(name) {
			return nil
		}
		st, err := os.Stat(path) // follows a symlink
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(o.root, path)
		if err != nil {
			return err
		}
		jobs = append(jobs, job{rel: filepath.ToSlash(rel), path: path, size: st.Size()})
		return nil
	})
	// Largest first: the pool then finishes close together.
	slices.SortStableFunc(jobs, func(a, b job) int { return cmp.Compare(b.size, a.size) })
	return jobs, err
}

func (o *options) wanted(name string) bool {
	lower := strings.ToLower(name)
	if o.mode == "verify" {
		return strings.HasSuffix(lower, suffix)
	}
	if strings.HasSuffix(lower, suffix) || strings.Contains(lower, suffix+".tmp") {
		return false
	}
	if o.all {
		for _, skip := range []string{".json", ".md", ".txt"} {
			if strings.HasSuffix(lower, skip) {
				return false
			}
		}
		return true
	}
	for _, e := range o.exts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// process runs the jobs on o.workers goroutines; done sees each result as it
// completes (from one goroutine at a time).
func (o *options) process(jobs []job, done func(result)) []result {
	queue := make(chan job)
	out := make(chan result)
	var wg sync.WaitGroup
	for range min(o.workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				out <- o.one(j)
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			queue <- j
		}
		close(queue)
		wg.Wait()
		close(out)
	}()
	results := make([]result, 0, len(jobs))
	for r := range out {
		done(r)
		results = append(results, r)
	}
	return results
}

func (o *options) one(j job) result {
	start := time.Now()
	var r result
	if o.mode == "compress" {
		r = o.compress(j)
	} else {
		r = o.verify(j)
	}
	r.job = j
	r.elapsed = time.Since(start)
	return r
}

func (o *options) compress(j job) (r result) {
	dst := j.path + suffix
	if o.outDir != "" {
		dst = filepath.Join(o.outDir, filepath.FromSlash(j.rel)+suffix)
	}
	if !o.force {
		if _, err := os.Lstat(dst); err == nil {
			r.skipped = "exists (use -f)"
			return r
		}
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		r.err = err
		return r
	}
	src, err := os.Open(j.path)
	if err != nil {
		r.err = err
		return r
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		r.err = err
		return r
	}
	defer func() {
		if r.err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	zw, err := zipnn.NewWriter(tmp, zipnn.WithThreads(o.threads), zipnn.WithDType(o.dtype),
		zipnn.WithContentSize(j.size))
	if err != nil {
		r.err = err
		return r
	}
	n, err := io.Copy(zw, src)
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		r.err = err
		return r
	}
	if err := tmp.Close(); err != nil {
		r.err = err
		return r
	}
	st, err := os.Stat(tmp.Name())
	if err != nil {
		r.err = err
		return r
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		r.err = err
		return r
	}
	r.in, r.out = n, st.Size()
	return r
}

func (o *options) verify(j job) (r result) {
	f, err := os.Open(j.path)
	if err != nil {
		r.err = err
		return r
	}
	defer f.Close()
	zr, err := zipnn.NewReader(f, zipnn.WithThreads(o.threads))
	if err != nil {
		r.err = err
		return r
	}
	defer zr.Close()
	h := sha256.New()
	n, err := io.Copy(h, zr)
	r.in, r.out = n, j.size
	if err != nil {
		r.err = err
		return r
	}
	if o.origDir != "" {
		orig := filepath.Join(o.origDir, filepath.FromSlash(strings.TrimSuffix(j.rel, suffix)))
		want, err := fileSHA256(orig)
		if err != nil {
			r.err = fmt.Errorf("original: %w", err)
			return r
		}
		if got := h.Sum(nil); string(got) != string(want) {
			r.err = fmt.Errorf("decoded bytes differ from %s", orig)
		}
	}
	return r
}

func fileSHA256(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

func ratio(in, out int64) float64 {
	if in == 0 {
		return 0
	}
	return float64(out) / float64(in)
}

func mbps(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / 1e6 / d.Seconds()
}

func (o *options) report(stdout, stderr io.Writer, r result) {
	switch {
	case r.err != nil:
		word := "FAILED"
		var st zipnn.Status
		if errors.As(r.err, &st) && st.IsDataError() {
			word = "CORRUPT"
		}
		fmt.Fprintf(stderr, "%-8s %s: %v\n", word, r.rel, r.err)
	case r.skipped != "":
		if !o.quiet {
			fmt.Fprintf(stdout, "%-8s %s: %s\n", "SKIPPED", r.rel, r.skipped)
		}
	case !o.quiet:
		fmt.Fprintf(stdout, "%-8s %s  %d -> %d bytes  ratio %.4f  %.1f MB/s\n",
			"OK", r.rel, r.in, r.out, ratio(r.in, r.out), mbps(r.in, r.elapsed))
	}
}

func (o *options) summarize(stdout io.Writer, results []result, wall time.Duration) int {
	var in, out int64
	var ok, failed, skipped int
	for _, r := range results {
		switch {
		case r.err != nil:
			failed++
		case r.skipped != "":
			skipped++
		default:
			ok++
			in += r.in
			out += r.out
		}
	}
	fmt.Fprintf(stdout, "total: %s %d files ok, %d failed, %d skipped; %d -> %d bytes  ratio %.4f  %.1f MB/s (%d workers, %s)\n",
		o.mode, ok, failed, skipped, in, out, ratio(in, out), mbps(in, wall), o.workers, wall.Round(time.Millisecond))
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}
