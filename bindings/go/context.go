package zipnn

import (
	"math"
	"runtime"
	"sync"

	"github.com/zipnn/zipnn/bindings/go/internal/raw"
)

// Parameters a Compressor keeps in step with its config, in this order.
var cparamIDs = [...]int{
	raw.ZIPNN_PARAM_DTYPE,
	raw.ZIPNN_PARAM_THREADS,
	raw.ZIPNN_PARAM_CHUNK_SIZE,
	raw.ZIPNN_PARAM_ZSTD_LEVEL,
	raw.ZIPNN_PARAM_TENSOR_AWARE,
	raw.ZIPNN_PARAM_CONTENT_SIZE,
}

type cparams [len(cparamIDs)]int64

// Parameters a Decompressor keeps in step with its config, in this order.
var dparamIDs = [...]int{
	raw.ZIPNN_PARAM_THREADS,
	raw.ZIPNN_PARAM_MAX_DECODED_SIZE,
	raw.ZIPNN_PARAM_VERIFY_CHECKSUMS,
}

type dparams [len(dparamIDs)]int64

func (c *config) cparams(def cparams) cparams {
	p := def
	p[0] = int64(c.dtype)
	p[1] = c.threads
	if c.chunkSize.set {
		p[2] = c.chunkSize.value
	}
	if c.zstdLevel.set {
		p[3] = c.zstdLevel.value
	}
	p[4] = boolParam(c.tensorAware)
	p[5] = c.contentSize
	return p
}

func (c *config) dparams() dparams {
	return dparams{c.threads, c.maxDecodedSize, boolParam(c.verify)}
}

// Compressor is a reusable compression context with fixed options. It must
// be used by one goroutine at a time; distinct Compressors are independent.
// Reusing one avoids starting worker threads for every call.
type Compressor struct {
	h       uintptr
	cfg     config
	def     cparams // the library's defaults, read when created
	cur     cparams // the values set in the native context
	cleanup runtime.Cleanup
}

// NewCompressor returns a Compressor with the given options.
func NewCompressor(opts ...Option) (*Compressor, error) {
	c, err := newCompressor()
	if err != nil {
		return nil, err
	}
	c.cfg = newConfig(opts)
	if err := c.apply(&c.cfg); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func newCompressor() (*Compressor, error) {
	var h uintptr
	if err := check("new compression context", raw.Zipnn_cctx_new(&h)); err != nil {
		return nil, err
	}
	c := &Compressor{h: h}
	for i, id := range cparamIDs {
		if err := check("get parameter", raw.Zipnn_cctx_get_param(h, id, &c.def[i])); err != nil {
			raw.Zipnn_cctx_free(h)
			return nil, err
		}
	}
	c.cur = c.def
	c.cleanup = runtime.AddCleanup(c, freeCctx, h)
	return c, nil
}

func freeCctx(h uintptr) { raw.Zipnn_cctx_free(h) }

// apply sets the parameters that differ from those already set.
func (c *Compressor) apply(cfg *config) error {
	want := cfg.cparams(c.def)
	for i, id := range cparamIDs {
		if want[i] == c.cur[i] {
			continue
		}
		if err := check("set parameter", raw.Zipnn_cctx_set_param(c.h, id, want[i])); err != nil {
			return err
		}
		c.cur[i] = want[i]
	}
	runtime.KeepAlive(c)
	return nil
}

// Compress appends one frame holding src to dst and returns the extended
// slice. If dst has compressBound spare capacity no allocation happens.
// src and dst must not overlap.
func (c *Compressor) Compress(dst, src []byte) ([]byte, error) {
	if c.h == 0 {
		return dst, opError("compress", ErrStageWrong)
	}
	return c.compress(dst, src)
}

func (c *Compressor) compress(dst, src []byte) ([]byte, error) {
	bound := CompressBound(len(src))
	if bound <= 0 {
		return dst, opError("compress", ErrInvalidArgument)
	}
	dst, out := grow(dst, bound)
	var n uint64
	status := raw.Zipnn_compress(c.h, src, out, &n)
	runtime.KeepAlive(c)
	if err := check("compress", status); err != nil {
		return dst, err
	}
	return dst[:len(dst)+int(n)], nil
}

// Close releases the native context. The Compressor cannot be used after.
func (c *Compressor) Close() error {
	if c.h != 0 {
		c.cleanup.Stop()
		raw.Zipnn_cctx_free(c.h)
		c.h = 0
	}
	return nil
}

// Decompressor is a reusable decompression context with fixed options. It
// must be used by one goroutine at a time; distinct Decompressors are
// independent.
type Decompressor struct {
	h       uintptr
	cfg     config
	cur     dparams
	cleanup runtime.Cleanup
}

// NewDecompressor returns a Decompressor with the given options.
func NewDecompressor(opts ...Option) (*Decompressor, error) {
	d, err := newDecompressor()
	if err != nil {
		return nil, err
	}
	d.cfg = newConfig(opts)
	if err := d.apply(&d.cfg); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func newDecompressor() (*Decompressor, error) {
	var h uintptr
	if err := check("new decompression context", raw.Zipnn_dctx_new(&h)); err != nil {
		return nil, err
	}
	d := &Decompressor{h: h}
	for i, id := range dparamIDs {
		if err := check("get parameter", raw.Zipnn_dctx_get_param(h, id, &d.cur[i])); err != nil {
			raw.Zipnn_dctx_free(h)
			return nil, err
		}
	}
	d.cleanup = runtime.AddCleanup(d, freeDctx, h)
	return d, nil
}

func freeDctx(h uintptr) { raw.Zipnn_dctx_free(h) }

func (d *Decompressor) apply(cfg *config) error {
	want := cfg.dparams()
	for i, id := range dparamIDs {
		if want[i] == d.cur[i] {
			continue
		}
		if err := check("set parameter", raw.Zipnn_dctx_set_param(d.h, id, want[i])); err != nil {
			return err
		}
		d.cur[i] = want[i]
	}
	runtime.KeepAlive(d)
	return nil
}

// Decompress appends the content of the frame src (exactly one whole frame)
// to dst and returns the extended slice. Every chunk is verified; on error
// dst is returned unchanged (its spare capacity may hold partial output).
func (d *Decompressor) Decompress(dst, src []byte) ([]byte, error) {
	if d.h == 0 {
		return dst, opError("decompress", ErrStageWrong)
	}
	return d.decompress(dst, src)
}

func (d *Decompressor) decompress(dst, src []byte) ([]byte, error) {
	const op = "decompress"
	size, err := frameContentSize(op, src)
	if err != nil {
		return dst, err
	}
	n, err := d.allocSize(op, size)
	if err != nil {
		return dst, err
	}
	dst, out := grow(dst, n)
	var written uint64
	status := raw.Zipnn_decompress(d.h, src, out, &written)
	runtime.KeepAlive(d)
	if err := check(op, status); err != nil {
		return dst, err
	}
	if written != uint64(n) {
		return dst, opError(op, ErrInternal)
	}
	return dst[:len(dst)+n], nil
}

// DecompressRange appends content bytes [offset, offset+length) of the frame
// src to dst, decoding only the chunks that overlap the range.
func (d *Decompressor) DecompressRange(dst, src []byte, offset, length uint64) ([]byte, error) {
	if d.h == 0 {
		return dst, opError("decompress range", ErrStageWrong)
	}
	return d.decompressRange(dst, src, offset, length)
}

func (d *Decompressor) decompressRange(dst, src []byte, offset, length uint64) ([]byte, error) {
	const op = "decompress range"
	size, err := frameContentSize(op, src)
	if err != nil {
		return dst, err
	}
	if offset > size || length > size-offset {
		return dst, opError(op, ErrRange)
	}
	n, err := d.allocSize(op, length)
	if err != nil {
		return dst, err
	}
	dst, out := grow(dst, n)
	var written uint64
	status := raw.Zipnn_decompress_range(d.h, src, offset, length, out, &written)
	runtime.KeepAlive(d)
	if err := check(op, status); err != nil {
		return dst, err
	}
	if written != length {
		return dst, opError(op, ErrInternal)
	}
	return dst[:len(dst)+n], nil
}

// frameContentSize is the decoded size of the frame src: from its header
// for small frames, else from its footer and index, validated. The library
// then checks the whole frame itself.
func frameContentSize(op string, src []byte) (uint64, error) {
	var size uint64
	if err := check(op, raw.Zipnn_frame_content_size(src, &size)); err != nil {
		return 0, err
	}
	if size != math.MaxUint64 && size <= trustHeaderSize {
		return size, nil
	}
	// Unknown, or large enough that the header alone should not decide an
	// allocation: check the footer and index too.
	info, err := readFrameInfo(op, src)
	return info.ContentSize, err
}

// Decoded sizes up to this are allocated on the header's word alone.
const trustHeaderSize = 16 << 20

// allocSize checks a decoded size against the limit before anything is allocated.
func (d *Decompressor) allocSize(op string, size uint64) (int, error) {
	if d.cfg.maxDecodedSize >= 0 && size > uint64(d.cfg.maxDecodedSize) {
		return 0, opError(op, ErrSizeLimit)
	}
	if size > math.MaxInt {
		return 0, opError(op, ErrOutOfMemory)
	}
	return int(size), nil
}

// Close releases the native context. The Decompressor cannot be used after.
func (d *Decompressor) Close() error {
	if d.h != 0 {
		d.cleanup.Stop()
		raw.Zipnn_dctx_free(d.h)
		d.h = 0
	}
	return nil
}

// grow makes room for n more bytes in dst and returns dst (same length) and
// the n-byte window after it.
func grow(dst []byte, n int) ([]byte, []byte) {
	l := len(dst)
	if cap(dst)-l < n {
		grown := make([]byte, l, l+n)
		copy(grown, dst)
		dst = grown
	}
	return dst, dst[l : l+n]
}

// Pools of contexts for the package-level functions: safe for concurrent use,
// and a context's worker threads are reused across calls. Contexts dropped by
// the pool are freed by their cleanup.
var (
	compressorPool   sync.Pool
	decompressorPool sync.Pool
)

func withCompressor(opts []Option, f func(c *Compressor) error) error {
	c, _ := compressorPool.Get().(*Compressor)
	if c == nil {
		var err error
		if c, err = newCompressor(); err != nil {
			return err
		}
	}
	c.cfg = newConfig(opts)
	err := c.apply(&c.cfg)
	if err == nil {
		err = f(c)
	}
	if err != nil {
		// A failed call may leave state behind: start afresh next time.
		c.Close()
		return err
	}
	compressorPool.Put(c)
	return nil
}

func withDecompressor(opts []Option, f func(d *Decompressor) error) error {
	d, _ := decompressorPool.Get().(*Decompressor)
	if d == nil {
		var err error
		if d, err = newDecompressor(); err != nil {
			return err
		}
	}
	d.cfg = newConfig(opts)
	err := d.apply(&d.cfg)
	if err == nil {
		err = f(d)
	}
	if err != nil {
		d.Close()
		return err
	}
	decompressorPool.Put(d)
	return nil
}
