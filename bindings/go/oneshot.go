package zipnn

import (
	"math"

	"github.com/zipnn/zipnn/bindings/go/internal/raw"
)

// Compress appends one .znn frame holding src to dst and returns the extended
// slice, in the style of append: pass dst[:0] of a buffer with
// CompressBound(len(src)) capacity to avoid allocating. The frame depends only
// on src and the options, never on the thread count or the CPU. Safe for
// concurrent use. src and dst must not overlap.
func Compress(dst, src []byte, opts ...Option) ([]byte, error) {
	err := withCompressor(opts, func(c *Compressor) error {
		var err error
		dst, err = c.compress(dst, src)
		return err
	})
	return dst, err
}

// Decompress appends the content of the frame src (exactly one whole frame;
// bytes after it are ErrTrailingData) to dst and returns the extended slice.
// The header, the index and every chunk checksum are verified. The decoded
// size is checked against WithMaxDecodedSize before anything is allocated.
// Safe for concurrent use. src and dst must not overlap.
func Decompress(dst, src []byte, opts ...Option) ([]byte, error) {
	err := withDecompressor(opts, func(d *Decompressor) error {
		var err error
		dst, err = d.decompress(dst, src)
		return err
	})
	return dst, err
}

// DecompressRange appends content bytes [offset, offset+length) of the frame
// src to dst, decoding (and verifying) only the chunks that overlap the range.
// A range outside the content is ErrRange. Safe for concurrent use.
func DecompressRange(dst, src []byte, offset, length uint64, opts ...Option) ([]byte, error) {
	err := withDecompressor(opts, func(d *Decompressor) error {
		var err error
		dst, err = d.decompressRange(dst, src, offset, length)
		return err
	})
	return dst, err
}

// CompressBound is the largest frame Compress can produce for n input bytes;
// 0 if n is negative or the bound does not fit in an int.
func CompressBound(n int) int {
	if n < 0 {
		return 0
	}
	b := raw.Zipnn_compress_bound(int64(n))
	if b <= 0 || b > math.MaxInt {
		return 0
	}
	return int(b)
}

// Version is the version of the libzipnn loaded at run time, "MAJOR.MINOR.PATCH".
func Version() string { return raw.Zipnn_version_string() }

// VersionNumber is the runtime library version as MAJOR*10000 + MINOR*100 + PATCH.
func VersionNumber() int { return int(raw.Zipnn_version_number()) }

// HeaderVersionNumber is the version of zipnn.h this package was generated from.
const HeaderVersionNumber = raw.ZIPNN_VERSION_MAJOR*10000 + raw.ZIPNN_VERSION_MINOR*100 + raw.ZIPNN_VERSION_PATCH

// FormatVersion is the .znn format version this library writes (and the newest it reads).
const FormatVersion = raw.ZIPNN_FORMAT_VERSION
