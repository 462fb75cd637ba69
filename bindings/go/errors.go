package zipnn

import "github.com/zipnn/zipnn/bindings/go/internal/raw"

// Status is a status code of libzipnn (zipnn_status). Every value other than
// OK is an error; the exported Err* values are one per status, for errors.Is.
// Values are pinned forever by the C ABI.
type Status int32

// The statuses of zipnn.h, one error value each.
const (
	// The caller's fault.
	ErrNullPointer     = Status(raw.ZIPNN_ERROR_NULL_POINTER)
	ErrInvalidArgument = Status(raw.ZIPNN_ERROR_INVALID_ARGUMENT)
	ErrDstTooSmall     = Status(raw.ZIPNN_ERROR_DST_TOO_SMALL)
	ErrUnknownParam    = Status(raw.ZIPNN_ERROR_UNKNOWN_PARAM)
	ErrParamOutOfRange = Status(raw.ZIPNN_ERROR_PARAM_OUT_OF_RANGE)
	ErrUnknownDType    = Status(raw.ZIPNN_ERROR_UNKNOWN_DTYPE)
	ErrStageWrong      = Status(raw.ZIPNN_ERROR_STAGE_WRONG)
	ErrRange           = Status(raw.ZIPNN_ERROR_RANGE)
	// The data's fault.
	ErrNotZipnn           = Status(raw.ZIPNN_ERROR_NOT_ZIPNN)
	ErrUnsupportedVersion = Status(raw.ZIPNN_ERROR_UNSUPPORTED_VERSION)
	ErrUnsupportedFeature = Status(raw.ZIPNN_ERROR_UNSUPPORTED_FEATURE)
	ErrTruncated          = Status(raw.ZIPNN_ERROR_TRUNCATED)
	ErrCorruptHeader      = Status(raw.ZIPNN_ERROR_CORRUPT_HEADER)
	ErrCorruptIndex       = Status(raw.ZIPNN_ERROR_CORRUPT_INDEX)
	ErrCorruptChunk       = Status(raw.ZIPNN_ERROR_CORRUPT_CHUNK)
	ErrChecksumMismatch   = Status(raw.ZIPNN_ERROR_CHECKSUM_MISMATCH)
	ErrUnknownMethod      = Status(raw.ZIPNN_ERROR_UNKNOWN_METHOD)
	ErrTrailingData       = Status(raw.ZIPNN_ERROR_TRAILING_DATA)
	ErrSizeLimit          = Status(raw.ZIPNN_ERROR_SIZE_LIMIT)
	ErrCorruptTensors     = Status(raw.ZIPNN_ERROR_CORRUPT_TENSORS)
	ErrNotFound           = Status(raw.ZIPNN_ERROR_NOT_FOUND)
	ErrDeltaBase          = Status(raw.ZIPNN_ERROR_DELTA_BASE)
	// The environment's fault.
	ErrOutOfMemory = Status(raw.ZIPNN_ERROR_OUT_OF_MEMORY)
	ErrInternal    = Status(raw.ZIPNN_ERROR_INTERNAL)
)

// StatusOK is the success status; it is never returned as an error.
const StatusOK = Status(raw.ZIPNN_OK)

// Name is the status name of zipnn.h, such as "ZIPNN_ERROR_TRUNCATED"
// ("ZIPNN_ERROR_UNKNOWN_STATUS" for a value the library does not know).
func (s Status) Name() string { return raw.Zipnn_status_name(int(s)) }

// Message is the library's one-line English description of the status.
func (s Status) Message() string { return raw.Zipnn_status_message(int(s)) }

// Error returns "zipnn: NAME: message".
func (s Status) Error() string { return "zipnn: " + s.Name() + ": " + s.Message() }

// IsDataError reports whether the status blames the data (a corrupt,
// truncated or foreign frame) rather than the caller or the environment.
func (s Status) IsDataError() bool { return s >= 20 && s < 40 }

// Error is the error type returned by this package for a failed operation:
// the operation and the library's status. errors.Is(err, ErrTruncated) and
// errors.As(err, &status) see through it.
type Error struct {
	Op     string // "compress", "decompress", "read", "write", ...
	Status Status
}

func (e *Error) Error() string {
	return "zipnn: " + e.Op + ": " + e.Status.Name() + ": " + e.Status.Message()
}

// Unwrap returns the Status.
func (e *Error) Unwrap() error { return e.Status }

// check turns a raw status into nil or an *Error.
func check(op string, status int) error {
	if status == raw.ZIPNN_OK {
		return nil
	}
	return &Error{Op: op, Status: Status(status)}
}

// opError makes an *Error for a status detected on the Go side.
func opError(op string, s Status) error { return &Error{Op: op, Status: s} }
