// Package zipnn is the Go binding of libzipnn, lossless compression for AI
// model weights (.znn frames, format version 1).
//
// # One-shot
//
// Compress and Decompress append to dst, like the append built-in:
//
//	frame, err := zipnn.Compress(nil, weights, zipnn.WithDType(zipnn.BF16))
//	weights, err = zipnn.Decompress(weights[:0], frame, zipnn.WithMaxDecodedSize(1<<30))
//
// ReadFrameInfo describes a frame from its header and index alone, and
// DecompressRange decodes any byte range of the content without decoding the rest.
//
// # Streams
//
// NewWriter and NewReader compress and decompress streams of any length in
// bounded memory (a 1 MiB Go buffer plus the library's few chunks per
// thread). A Writer writes one frame, finished by Close. A Reader reads one
// or more concatenated frames and verifies every chunk before returning its
// bytes.
//
// # Errors
//
// Every error that comes from the library wraps a Status; each status has an
// exported value (ErrTruncated, ErrChecksumMismatch, ...) to use with
// errors.Is, and errors.As recovers the Status itself:
//
//	if errors.Is(err, zipnn.ErrChecksumMismatch) { ... }
//	var st zipnn.Status
//	if errors.As(err, &st) { log.Print(st.Name()) } // "ZIPNN_ERROR_CHECKSUM_MISMATCH"
//
// # Concurrency
//
// The package-level functions (Compress, Decompress, DecompressRange,
// ReadFrameInfo, ContentSize, ParseDType, ...) are safe for concurrent use by
// any number of goroutines: each call takes a native context from a pool.
//
// A Compressor, Decompressor, Writer or Reader owns one native context and
// must be used by one goroutine at a time; distinct values are fully
// independent and may be used concurrently. Buffers passed in are only read
// (src) or written (dst) during the call and are not retained.
//
// By default each context uses every core for one call (WithThreads(0)).
// When many goroutines compress at once, give each WithThreads(1) (or a small
// number) so the total stays near the number of cores.
//
// # Native resources
//
// Compressor, Decompressor, Writer and Reader hold C memory and threads.
// Close releases them at once; values that are dropped without Close are
// released by the garbage collector (runtime.AddCleanup), later.
//
// # Building
//
// The package needs cgo and libzipnn: cgo finds it with pkg-config (zipnn.pc,
// e.g. PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig), and at run time the dynamic
// loader must find libzipnn.so (LD_LIBRARY_PATH, or an rpath through
// CGO_LDFLAGS=-Wl,-rpath,$PREFIX/lib). With the build tag zipnn_nopkgconfig,
// CGO_CFLAGS and CGO_LDFLAGS are used alone. See README.md.
package zipnn
