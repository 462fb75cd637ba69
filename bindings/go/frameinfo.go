package zipnn

import (
	"math"

	"github.com/zipnn/zipnn/bindings/go/internal/raw"
)

// Method is a stream coding method id of the .znn format (pinned forever).
type Method int

// The methods of zipnn.h.
const (
	MethodRaw      = Method(raw.ZIPNN_METHOD_RAW)
	MethodConstant = Method(raw.ZIPNN_METHOD_CONSTANT)
	MethodHuffman  = Method(raw.ZIPNN_METHOD_HUFFMAN)
	MethodZstd     = Method(raw.ZIPNN_METHOD_ZSTD)
)

// MethodCount is the number of methods this package knows (ids 0..MethodCount-1).
const MethodCount = raw.ZIPNN_METHOD_COUNT

func (m Method) String() string {
	switch m {
	case MethodRaw:
		return "raw"
	case MethodConstant:
		return "constant"
	case MethodHuffman:
		return "huffman"
	case MethodZstd:
		return "zstd"
	}
	return "unknown"
}

// FrameInfo describes a frame from its header, index and footer alone.
type FrameInfo struct {
	ContentSize   uint64 // decoded size in bytes
	FrameSize     uint64 // compressed size in bytes
	ChunkCount    uint64
	TensorCount   uint64 // tensors in the tensor index; 0 if none
	FormatVersion uint32
	ChunkSize     uint32 // nominal decoded bytes per chunk
	DType         DType  // dtype declared at compression
	ElementSize   uint32 // of that dtype
	Flags         uint32 // frame feature flags (docs/FORMAT.md)
	// Per method: number of streams coded with it, and their encoded bytes.
	MethodStreams [MethodCount]uint64
	MethodBytes   [MethodCount]uint64
	// Per dtype: decoded bytes in chunks of that dtype.
	DTypeBytes [DTypeCount]uint64
}

// Ratio is FrameSize / ContentSize (0.66 means the frame is 66% of the
// content); 0 for empty content.
func (fi *FrameInfo) Ratio() float64 {
	if fi.ContentSize == 0 {
		return 0
	}
	return float64(fi.FrameSize) / float64(fi.ContentSize)
}

// ReadFrameInfo validates the header, footer and index of the whole frame
// (and their checksums) without decoding any chunk. Safe for concurrent use.
func ReadFrameInfo(frame []byte) (FrameInfo, error) {
	return readFrameInfo("frame info", frame)
}

func readFrameInfo(op string, frame []byte) (FrameInfo, error) {
	var w [raw.ZIPNN_GO_FRAME_INFO_WORDS]uint64
	if err := check(op, raw.Zipnn_go_frame_info_get(frame, &w)); err != nil {
		return FrameInfo{}, err
	}
	// The order is that of zipnn_go_frame_info_get in internal/raw/zipnn_go.i.
	fi := FrameInfo{
		ContentSize:   w[0],
		FrameSize:     w[1],
		ChunkCount:    w[2],
		TensorCount:   w[3],
		FormatVersion: uint32(w[4]),
		ChunkSize:     uint32(w[5]),
		DType:         DType(int32(uint32(w[6]))),
		ElementSize:   uint32(w[7]),
		Flags:         uint32(w[8]),
	}
	rest := w[9:]
	rest = rest[copy(fi.MethodStreams[:], rest):]
	rest = rest[copy(fi.MethodBytes[:], rest):]
	copy(fi.DTypeBytes[:], rest)
	return fi, nil
}

// ContentSize reads the decoded size from a frame's header alone (the first
// HeaderSize bytes suffice). known is false for a frame written by a stream
// whose size was not pledged: its size is in the footer (see ReadFrameInfo).
func ContentSize(header []byte) (size uint64, known bool, err error) {
	var s uint64
	if err := check("content size", raw.Zipnn_frame_content_size(header, &s)); err != nil {
		return 0, false, err
	}
	if s == math.MaxUint64 {
		return 0, false, nil
	}
	return s, true, nil
}

// HeaderSize is the size of a frame header: the bytes ContentSize needs.
const HeaderSize = raw.ZIPNN_FRAME_HEADER_SIZE
