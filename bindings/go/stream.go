package zipnn

import (
	"io"
	"runtime"

	"github.com/zipnn/zipnn/bindings/go/internal/raw"
)

// noProgress guards the loops below against a library call that neither
// consumes nor produces anything: reported as ErrInternal, never a hang.
func noProgress(op string) error { return opError(op, ErrInternal) }

// Writer compresses everything written to it into one .znn frame on the
// underlying io.Writer, in bounded memory. Close finishes the frame. A Writer
// must be used by one goroutine at a time.
type Writer struct {
	w   io.Writer
	c   *Compressor
	cfg config
	out []byte // compressed output waiting for w; fixed size
	err error  // sticky
	buf []byte // ReadFrom's input buffer, allocated on first use
}

// NewWriter returns a Writer that writes one frame to w. The options are
// those of Compress, plus WithContentSize (pledge the total size, written to
// the header) and WithBufferSize.
func NewWriter(w io.Writer, opts ...Option) (*Writer, error) {
	cfg := newConfig(opts)
	c, err := newCompressor()
	if err != nil {
		return nil, err
	}
	c.cfg = cfg
	if err := c.apply(&c.cfg); err != nil {
		c.Close()
		return nil, err
	}
	return &Writer{w: w, c: c, cfg: cfg, out: make([]byte, cfg.bufferSize)}, nil
}

// Write compresses p. Compressed bytes are written to the underlying writer
// as they become available; errors from it are returned and are sticky.
func (z *Writer) Write(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	if z.c == nil {
		return 0, opError("write", ErrStageWrong)
	}
	var pos uint64
	for pos < uint64(len(p)) {
		var dpos, pending uint64
		before := pos
		status := raw.Zipnn_go_compress_stream(z.c.h, p, &pos, z.out, &dpos, raw.ZIPNN_STREAM_CONTINUE, &pending)
		runtime.KeepAlive(z.c)
		if err := z.flush(dpos); err != nil {
			return int(pos), err
		}
		if err := check("write", status); err != nil {
			z.err = err
			return int(pos), err
		}
		if pos == before && dpos == 0 {
			z.err = noProgress("write")
			return int(pos), z.err
		}
	}
	return len(p), nil
}

// ReadFrom compresses everything from r until io.EOF (io.Copy uses it).
func (z *Writer) ReadFrom(r io.Reader) (int64, error) {
	if z.buf == nil {
		z.buf = make([]byte, z.cfg.bufferSize)
	}
	var total int64
	for {
		n, rerr := r.Read(z.buf)
		if n > 0 {
			if _, err := z.Write(z.buf[:n]); err != nil {
				return total, err
			}
			total += int64(n)
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, rerr
		}
	}
}

// Close finishes the frame, writes its end to the underlying writer, and
// releases the native context. It does not close the underlying writer.
// Closing again returns the first result; Reset makes the Writer usable again.
func (z *Writer) Close() error {
	if z.c == nil {
		return z.err
	}
	if z.err == nil {
		z.err = z.finish()
	}
	z.c.Close()
	z.c = nil
	return z.err
}

func (z *Writer) finish() error {
	var pos uint64
	for {
		var dpos, pending uint64
		status := raw.Zipnn_go_compress_stream(z.c.h, emptyInput, &pos, z.out, &dpos, raw.ZIPNN_STREAM_END, &pending)
		runtime.KeepAlive(z.c)
		if err := z.flush(dpos); err != nil {
			return err
		}
		if err := check("close", status); err != nil {
			return err
		}
		if pending == 0 {
			return nil
		}
		if dpos == 0 {
			return noProgress("close")
		}
	}
}

// Reset discards any unfinished frame and starts a new one on w, with the
// options given to NewWriter.
func (z *Writer) Reset(w io.Writer) error {
	z.w, z.err = w, nil
	if z.c != nil {
		if err := check("reset", raw.Zipnn_cctx_reset(z.c.h)); err != nil {
			z.err = err
			return err
		}
		runtime.KeepAlive(z.c)
		return nil
	}
	c, err := NewCompressor()
	if err == nil {
		c.cfg = z.cfg
		if err = c.apply(&c.cfg); err != nil {
			c.Close()
		}
	}
	if err != nil {
		z.err = err
		return err
	}
	z.c = c
	return nil
}

func (z *Writer) flush(n uint64) error {
	if n == 0 {
		return nil
	}
	if _, err := z.w.Write(z.out[:n]); err != nil {
		z.err = err
		return err
	}
	return nil
}

var emptyInput = make([]byte, 0, 1)

// Reader decompresses a stream of one or more concatenated .znn frames from
// the underlying io.Reader, in bounded memory. Every chunk is verified before
// any of its bytes are returned. A Reader must be used by one goroutine at a
// time.
//
// Errors: a data error of the library (errors.Is(err, ErrChecksumMismatch),
// ...), ErrTruncated when the input ends inside a frame or holds no frame at
// all, or the underlying reader's error. Errors are sticky until Reset.
type Reader struct {
	r       io.Reader
	d       *Decompressor
	cfg     config
	in      []byte // compressed input; in[inPos:inLen] is not yet consumed
	inPos   int
	inLen   int
	srcEOF  bool // r returned io.EOF
	inFrame bool // bytes of an unfinished frame have been consumed
	frames  int  // frames completed
	err     error
	out     []byte // WriteTo's buffer, allocated on first use
}

// NewReader returns a Reader of the frames in r. The options are those of
// Decompress (WithMaxDecodedSize applies to each frame), plus WithBufferSize.
func NewReader(r io.Reader, opts ...Option) (*Reader, error) {
	cfg := newConfig(opts)
	d, err := newDecompressor()
	if err != nil {
		return nil, err
	}
	d.cfg = cfg
	if err := d.apply(&d.cfg); err != nil {
		d.Close()
		return nil, err
	}
	return &Reader{r: r, d: d, cfg: cfg, in: make([]byte, cfg.bufferSize)}, nil
}

// Read decodes up to len(p) bytes into p.
func (z *Reader) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	if z.d == nil {
		return 0, opError("read", ErrStageWrong)
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if z.inPos == z.inLen && !z.srcEOF {
			if err := z.fill(); err != nil {
				z.err = err
				return 0, err
			}
			continue
		}
		if z.inPos == z.inLen { // and the source is at its end
			if z.inFrame || z.frames == 0 {
				z.err = opError("read", ErrTruncated)
			} else {
				z.err = io.EOF
			}
			return 0, z.err
		}
		pos := uint64(z.inPos)
		var dpos uint64
		var done int32
		status := raw.Zipnn_go_decompress_stream(z.d.h, z.in[:z.inLen], &pos, p, &dpos, &done)
		runtime.KeepAlive(z.d)
		consumed := int(pos) - z.inPos
		z.inPos = int(pos)
		if consumed > 0 {
			z.inFrame = true
		}
		if err := check("read", status); err != nil {
			z.err = err
			return int(dpos), err
		}
		if done != 0 {
			z.inFrame = false
			z.frames++
		}
		if dpos > 0 {
			return int(dpos), nil
		}
		if consumed == 0 && done == 0 {
			// Nothing consumed from the input we have: give the library more.
			if err := z.more(); err != nil {
				z.err = err
				return 0, err
			}
		}
	}
}

// fill reads into the empty input buffer.
func (z *Reader) fill() error {
	z.inPos, z.inLen = 0, 0
	return z.readMore()
}

// more keeps the unconsumed input and appends more to it.
func (z *Reader) more() error {
	if z.srcEOF {
		return opError("read", ErrTruncated)
	}
	if z.inPos == 0 && z.inLen == len(z.in) {
		return noProgress("read")
	}
	z.inLen = copy(z.in, z.in[z.inPos:z.inLen])
	z.inPos = 0
	return z.readMore()
}

func (z *Reader) readMore() error {
	// Retry a reader that returns 0, nil a few times, as bufio does.
	for range 100 {
		n, err := z.r.Read(z.in[z.inLen:])
		z.inLen += n
		if err == io.EOF {
			z.srcEOF = true
			return nil
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
	}
	return io.ErrNoProgress
}

// WriteTo decodes everything to w (io.Copy uses it) through a buffer of the
// Reader's buffer size. A clean end of the stream returns a nil error.
func (z *Reader) WriteTo(w io.Writer) (int64, error) {
	if z.out == nil {
		z.out = make([]byte, z.cfg.bufferSize)
	}
	var total int64
	for {
		n, err := z.Read(z.out)
		if n > 0 {
			m, werr := w.Write(z.out[:n])
			total += int64(m)
			if werr == nil && m < n {
				werr = io.ErrShortWrite
			}
			if werr != nil {
				return total, werr
			}
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// Close releases the native context; it does not close the underlying reader.
func (z *Reader) Close() error {
	if z.d != nil {
		z.d.Close()
		z.d = nil
	}
	return nil
}

// Reset discards the state and reads a new stream from r, with the options
// given to NewReader.
func (z *Reader) Reset(r io.Reader) error {
	*z = Reader{r: r, d: z.d, cfg: z.cfg, in: z.in, out: z.out}
	if z.d != nil {
		if err := check("reset", raw.Zipnn_dctx_reset(z.d.h)); err != nil {
			z.err = err
			return err
		}
		runtime.KeepAlive(z.d)
		return nil
	}
	d, err := newDecompressor()
	if err == nil {
		d.cfg = z.cfg
		if err = d.apply(&d.cfg); err != nil {
			d.Close()
		}
	}
	if err != nil {
		z.err = err
		return err
	}
	z.d = d
	return nil
}
