package zipnn

import "github.com/zipnn/zipnn/bindings/go/internal/raw"

// DType is the element type of the data to compress (zipnn_dtype). Float
// types are split into byte planes with the exponent in its own plane; every
// other type is compressed as plain bytes but still recorded in the frame.
// Values are pinned forever (they are stored in frames).
type DType int32

// The dtypes of zipnn.h.
const (
	Bytes     = DType(raw.ZIPNN_DTYPE_BYTES) // opaque bytes, the default
	BF16      = DType(raw.ZIPNN_DTYPE_BF16)
	FP16      = DType(raw.ZIPNN_DTYPE_FP16)
	FP32      = DType(raw.ZIPNN_DTYPE_FP32)
	FP8E4M3FN = DType(raw.ZIPNN_DTYPE_FP8_E4M3FN)
	FP8E5M2   = DType(raw.ZIPNN_DTYPE_FP8_E5M2)
	FP64      = DType(raw.ZIPNN_DTYPE_FP64)
	Int8      = DType(raw.ZIPNN_DTYPE_INT8)
	Uint8     = DType(raw.ZIPNN_DTYPE_UINT8)
	Int16     = DType(raw.ZIPNN_DTYPE_INT16)
	Uint16    = DType(raw.ZIPNN_DTYPE_UINT16)
	Int32     = DType(raw.ZIPNN_DTYPE_INT32)
	Uint32    = DType(raw.ZIPNN_DTYPE_UINT32)
	Int64     = DType(raw.ZIPNN_DTYPE_INT64)
	Uint64    = DType(raw.ZIPNN_DTYPE_UINT64)
	Bool      = DType(raw.ZIPNN_DTYPE_BOOL)
)

// DTypeCount is the number of dtypes this package knows (ids 0..DTypeCount-1).
const DTypeCount = raw.ZIPNN_DTYPE_COUNT

// DTypes returns every known dtype, in id order.
func DTypes() []DType {
	all := make([]DType, DTypeCount)
	for i := range all {
		all[i] = DType(i)
	}
	return all
}

// String is the library's lower-case name ("bf16", "fp8_e4m3fn", "bytes", ...),
// "unknown" for an unknown id.
func (d DType) String() string { return raw.Zipnn_dtype_name(int(d)) }

// Size is the element size in bytes (1, 2, 4 or 8); 0 for an unknown dtype.
func (d DType) Size() int { return int(raw.Zipnn_dtype_size(int(d))) }

// ParseDType parses a dtype name case-insensitively: the names of String,
// the safetensors spellings ("BF16", "F16", "F32", "F8_E4M3", "I8", ...) and
// the aliases "bfloat16", "float16", "half", "float32", "float", "float64",
// "double". Unknown names give ErrUnknownDType.
func ParseDType(name string) (DType, error) {
	for i := 0; i < len(name); i++ {
		if name[i] == 0 { // the C API takes a NUL-terminated name
			return 0, opError("parse dtype", ErrUnknownDType)
		}
	}
	var d int32
	if err := check("parse dtype", raw.Zipnn_dtype_from_name(name, &d)); err != nil {
		return 0, err
	}
	return DType(d), nil
}
