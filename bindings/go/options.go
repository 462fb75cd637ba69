package zipnn

import "math"

// Option configures compression or decompression. Options that do not apply
// to an operation are ignored by it (so one option list can serve both);
// each option's comment says where it applies. Out-of-range values are
// reported by the operation as ErrParamOutOfRange.
type Option func(*config)

type config struct {
	dtype          DType
	threads        int64
	chunkSize      optional
	zstdLevel      optional
	tensorAware    bool
	contentSize    int64 // -1: unknown
	maxDecodedSize int64
	verify         bool
	bufferSize     int
}

// optional is a parameter value that, unset, keeps the library's default.
type optional struct {
	value int64
	set   bool
}

const defaultBufferSize = 1 << 20

func newConfig(opts []Option) config {
	c := config{
		dtype:          Bytes,
		threads:        0,
		tensorAware:    true,
		contentSize:    -1,
		maxDecodedSize: math.MaxInt64,
		verify:         true,
		bufferSize:     defaultBufferSize,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithDType declares the element type of the input (compression; default
// Bytes). With tensor awareness on, safetensors input is compressed per
// tensor with each tensor's own dtype whatever this says.
func WithDType(d DType) Option { return func(c *config) { c.dtype = d } }

// WithThreads sets the number of worker threads of one call or stream;
// 0 (the default) uses every core (compression and decompression).
func WithThreads(n int) Option { return func(c *config) { c.threads = int64(n) } }

// WithChunkSize sets the decoded bytes per chunk (compression; default the
// library's, 1 MiB).
func WithChunkSize(n int) Option { return func(c *config) { c.chunkSize = optional{int64(n), true} } }

// WithZstdLevel sets the level of the streams coded with zstd (compression;
// default the library's, 3).
func WithZstdLevel(level int) Option {
	return func(c *config) { c.zstdLevel = optional{int64(level), true} }
}

// WithTensorAware turns safetensors detection on (the default) or off
// (compression).
func WithTensorAware(on bool) Option { return func(c *config) { c.tensorAware = on } }

// WithContentSize pledges the total input size of a Writer's frame, which is
// then written to the frame header; writing more is ErrSizeLimit (Writer
// only; Compress always knows the size).
func WithContentSize(n int64) Option { return func(c *config) { c.contentSize = n } }

// WithMaxDecodedSize refuses frames that decode to more than n bytes with
// ErrSizeLimit, before allocating anything for them (decompression; default
// no limit). Set it whenever the input is not trusted: a valid frame of
// constant data can be tiny and decode to gigabytes.
func WithMaxDecodedSize(n int64) Option { return func(c *config) { c.maxDecodedSize = n } }

// WithVerifyChecksums turns per-chunk checksum verification on (the default)
// or off (decompression).
func WithVerifyChecksums(on bool) Option { return func(c *config) { c.verify = on } }

// WithBufferSize sets the size of the Go-side buffer of a Writer (compressed
// output) or Reader (compressed input); default 1 MiB, minimum 4 KiB.
func WithBufferSize(n int) Option {
	return func(c *config) {
		c.bufferSize = max(n, 4096)
	}
}

func boolParam(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
