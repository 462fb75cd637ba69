/*
 * zipnn.h - lossless compression for AI model weights.
 *
 * The only stable public header of libzipnn. Plain C (C99), usable from C++,
 * and from any language with a C FFI (ctypes, JNI, cgo, SWIG).
 *
 * Conventions (the same for every function):
 *  - Every fallible call returns a zipnn_status; ZIPNN_OK is 0. Status values
 *    are pinned forever. zipnn_status_name() returns a static string.
 *  - Out-parameters are written only when the call returns ZIPNN_OK.
 *  - Buffers are (const void *src, size_t src_size) and
 *    (void *dst, size_t dst_capacity, size_t *dst_size_out). The library never
 *    allocates memory that the caller must free, and never modifies src.
 *  - Thread rule: one context is used by one thread at a time; distinct
 *    contexts are fully independent and may be used concurrently. Functions
 *    that take no context are thread-safe.
 *  - No global state, no environment variables, no init function.
 *
 * Compressed data is the ".znn" frame format, version 1 (docs/FORMAT.md).
 * ABI and soname rules: docs/ABI.md.
 */
#ifndef ZIPNN_H
#define ZIPNN_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(ZIPNN_BUILDING)
#    define ZIPNN_API __declspec(dllexport)
#  else
#    define ZIPNN_API
#  endif
#elif defined(__GNUC__)
#  define ZIPNN_API __attribute__((visibility("default")))
#else
#  define ZIPNN_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Versions                                                                  */
/* ------------------------------------------------------------------------ */

#define ZIPNN_VERSION_MAJOR 1
#define ZIPNN_VERSION_MINOR 0
#define ZIPNN_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH */
#define ZIPNN_VERSION_NUMBER \
  (ZIPNN_VERSION_MAJOR * 10000 + ZIPNN_VERSION_MINOR * 100 + ZIPNN_VERSION_PATCH)
#define ZIPNN_VERSION_STRING "1.0.0"

/* Version of the .znn frame format this library writes (and the newest it reads). */
#define ZIPNN_FORMAT_VERSION 1

/* Runtime library version, ZIPNN_VERSION_NUMBER of the library actually loaded. */
ZIPNN_API uint32_t zipnn_version_number(void);
/* Runtime library version as "MAJOR.MINOR.PATCH"; static string, never NULL. */
ZIPNN_API const char *zipnn_version_string(void);

/* ------------------------------------------------------------------------ */
/* Status codes (values pinned forever; new codes only get new numbers)      */
/* ------------------------------------------------------------------------ */

typedef int32_t zipnn_status;

#define ZIPNN_OK 0
/* The caller's fault */
#define ZIPNN_ERROR_NULL_POINTER 1        /* a required pointer argument is NULL */
#define ZIPNN_ERROR_INVALID_ARGUMENT 2    /* an argument has an invalid value */
#define ZIPNN_ERROR_DST_TOO_SMALL 3       /* dst_capacity cannot hold the result */
#define ZIPNN_ERROR_UNKNOWN_PARAM 4       /* parameter id not known for this context */
#define ZIPNN_ERROR_PARAM_OUT_OF_RANGE 5  /* parameter value outside its bounds */
#define ZIPNN_ERROR_UNKNOWN_DTYPE 6       /* dtype id or name not known */
#define ZIPNN_ERROR_STAGE_WRONG 7         /* call not valid in the current state */
#define ZIPNN_ERROR_RANGE 8               /* offset/length outside the content */
/* The data's fault: never trust a frame */
#define ZIPNN_ERROR_NOT_ZIPNN 20           /* the magic number is not a .znn frame */
#define ZIPNN_ERROR_UNSUPPORTED_VERSION 21 /* frame format version newer than this library */
#define ZIPNN_ERROR_UNSUPPORTED_FEATURE 22 /* frame needs a feature this library lacks */
#define ZIPNN_ERROR_TRUNCATED 23           /* the frame ends before it should */
#define ZIPNN_ERROR_CORRUPT_HEADER 24      /* header invalid or its checksum mismatches */
#define ZIPNN_ERROR_CORRUPT_INDEX 25       /* chunk index/footer invalid or checksum mismatch */
#define ZIPNN_ERROR_CORRUPT_CHUNK 26       /* a chunk record is invalid or cannot be decoded */
#define ZIPNN_ERROR_CHECKSUM_MISMATCH 27   /* decoded bytes do not match their checksum */
#define ZIPNN_ERROR_UNKNOWN_METHOD 28      /* a stream uses a method id this library lacks */
#define ZIPNN_ERROR_TRAILING_DATA 29       /* bytes follow the end of the frame */
#define ZIPNN_ERROR_SIZE_LIMIT 30          /* decoded size exceeds ZIPNN_PARAM_MAX_DECODED_SIZE */
#define ZIPNN_ERROR_CORRUPT_TENSORS 31     /* tensor index or safetensors header invalid */
#define ZIPNN_ERROR_NOT_FOUND 32           /* no tensor with that name or index */
#define ZIPNN_ERROR_DELTA_BASE 33          /* delta base missing or does not match the frame */
/* The environment's fault */
#define ZIPNN_ERROR_OUT_OF_MEMORY 40 /* an internal allocation failed */
#define ZIPNN_ERROR_INTERNAL 41      /* a bug: please report it */

/* Static, never-NULL name such as "ZIPNN_ERROR_TRUNCATED"; "ZIPNN_ERROR_UNKNOWN_STATUS"
 * for values not listed above. */
ZIPNN_API const char *zipnn_status_name(zipnn_status status);
/* Static, never-NULL one-line English description of a status. */
ZIPNN_API const char *zipnn_status_message(zipnn_status status);

/* ------------------------------------------------------------------------ */
/* Data types                                                                */
/* ------------------------------------------------------------------------ */

typedef int32_t zipnn_dtype;

/* Values pinned forever (they are stored in frames). Float types are split into
 * byte planes with the exponent in its own plane; every other type is
 * compressed as plain bytes ("opaque") but still recorded. */
#define ZIPNN_DTYPE_BYTES 0       /* opaque bytes, element size 1 */
#define ZIPNN_DTYPE_BF16 1
#define ZIPNN_DTYPE_FP16 2
#define ZIPNN_DTYPE_FP32 3
#define ZIPNN_DTYPE_FP8_E4M3FN 4
#define ZIPNN_DTYPE_FP8_E5M2 5
#define ZIPNN_DTYPE_FP64 6        /* opaque in format v1 */
#define ZIPNN_DTYPE_INT8 7        /* opaque */
#define ZIPNN_DTYPE_UINT8 8       /* opaque */
#define ZIPNN_DTYPE_INT16 9       /* opaque */
#define ZIPNN_DTYPE_UINT16 10     /* opaque */
#define ZIPNN_DTYPE_INT32 11      /* opaque */
#define ZIPNN_DTYPE_UINT32 12     /* opaque */
#define ZIPNN_DTYPE_INT64 13      /* opaque */
#define ZIPNN_DTYPE_UINT64 14     /* opaque */
#define ZIPNN_DTYPE_BOOL 15       /* opaque */
#define ZIPNN_DTYPE_COUNT 16      /* number of known dtypes (not a dtype) */

/* Element size in bytes (1, 2, 4 or 8); 0 for an unknown dtype. */
ZIPNN_API size_t zipnn_dtype_size(zipnn_dtype dtype);
/* Lower-case name ("bf16", "fp8_e4m3fn", "bytes", ...); "unknown" for unknown ids. */
ZIPNN_API const char *zipnn_dtype_name(zipnn_dtype dtype);
/* Parses a dtype name, case-insensitively: the names of zipnn_dtype_name plus the
 * safetensors spellings ("BF16", "F16", "F32", "F8_E4M3", "F8_E5M2", "F64",
 * "I8", "U8", "I16", "U16", "I32", "U32", "I64", "U64", "BOOL") and the common
 * aliases "bfloat16", "float16", "half", "float32", "float", "float64",
 * "double". NUL-terminated name.
 * Errors: NULL_POINTER, UNKNOWN_DTYPE. */
ZIPNN_API zipnn_status zipnn_dtype_from_name(const char *name, zipnn_dtype *dtype_out);

/* ------------------------------------------------------------------------ */
/* Parameters                                                                */
/* ------------------------------------------------------------------------ */

typedef int32_t zipnn_param;

/* Compression parameters (zipnn_cctx_set_param). */
#define ZIPNN_PARAM_DTYPE 1         /* zipnn_dtype of the input; default BYTES */
#define ZIPNN_PARAM_THREADS 2       /* worker threads; 0 = all cores (default) */
#define ZIPNN_PARAM_CHUNK_SIZE 3    /* decoded bytes per chunk; default 1 MiB */
#define ZIPNN_PARAM_ZSTD_LEVEL 4    /* level for streams coded with zstd; default 3 */
#define ZIPNN_PARAM_TENSOR_AWARE 5  /* 1 (default): detect safetensors input and
                                       compress each tensor with its own dtype */
#define ZIPNN_PARAM_CONTENT_SIZE 6  /* streaming: pledged total input size, or -1
                                       (default) when unknown; written to the header */
/* Decompression parameters (zipnn_dctx_set_param). */
#define ZIPNN_PARAM_MAX_DECODED_SIZE 20 /* refuse frames decoding to more bytes;
                                           default INT64_MAX (no cap beyond dst) */
#define ZIPNN_PARAM_VERIFY_CHECKSUMS 21 /* 1 (default): verify every chunk checksum */
/* ZIPNN_PARAM_THREADS also applies to decompression contexts. */

/* Valid range [*min_out, *max_out] of a parameter (compression or decompression).
 * Errors: NULL_POINTER, UNKNOWN_PARAM. */
ZIPNN_API zipnn_status zipnn_param_bounds(zipnn_param param, int64_t *min_out, int64_t *max_out);

/* ------------------------------------------------------------------------ */
/* Compression                                                               */
/* ------------------------------------------------------------------------ */

/* Compression context: parameters, worker threads and scratch memory, reused
 * across calls. Thread rule: one thread at a time per context. */
typedef struct zipnn_cctx zipnn_cctx;

/* Creates a context with default parameters. Threads are started lazily, on the
 * first call that needs them. Errors: NULL_POINTER, OUT_OF_MEMORY. */
ZIPNN_API zipnn_status zipnn_cctx_new(zipnn_cctx **cctx_out);
/* Frees a context and joins its threads. Accepts NULL. */
ZIPNN_API void zipnn_cctx_free(zipnn_cctx *cctx);
/* Sets a compression parameter. Takes effect at the next frame (not in the middle
 * of a stream: STAGE_WRONG). Errors: NULL_POINTER, UNKNOWN_PARAM,
 * PARAM_OUT_OF_RANGE, UNKNOWN_DTYPE, STAGE_WRONG. */
ZIPNN_API zipnn_status zipnn_cctx_set_param(zipnn_cctx *cctx, zipnn_param param, int64_t value);
/* Reads a compression parameter. Errors: NULL_POINTER, UNKNOWN_PARAM. */
ZIPNN_API zipnn_status zipnn_cctx_get_param(const zipnn_cctx *cctx, zipnn_param param,
                                            int64_t *value_out);
/* Abandons any stream in progress; parameters are kept. Errors: NULL_POINTER. */
ZIPNN_API zipnn_status zipnn_cctx_reset(zipnn_cctx *cctx);

/* Largest frame zipnn_compress can produce for src_size input bytes, for any
 * parameters, any content and any delta base. Returns 0 if the bound does
 * not fit in size_t. */
ZIPNN_API size_t zipnn_compress_bound(size_t src_size);

/* Compresses src into one frame. dst_capacity >= zipnn_compress_bound(src_size)
 * always suffices. The output depends only on src and the parameters (dtype,
 * chunk size, zstd level, tensor awareness), never on thread count or CPU.
 * Small inputs (at most 8 MiB) whose frame is mostly plain bytes (opaque or
 * quantized data, no float layout) are checked against one zstd frame of the
 * whole input at the configured level: if the zipnn frame is larger, its zstd
 * streams are coded again at level 19, and the tensor index is left out when
 * that is what it takes to get under the reference (or nearest to it).
 * Errors: NULL_POINTER (src may be NULL only if src_size is 0), DST_TOO_SMALL,
 * OUT_OF_MEMORY, INTERNAL. */
ZIPNN_API zipnn_status zipnn_compress(zipnn_cctx *cctx, const void *src, size_t src_size, void *dst,
                                      size_t dst_capacity, size_t *dst_size_out);

/* ------------------------------------------------------------------------ */
/* Decompression                                                             */
/* ------------------------------------------------------------------------ */

/* Decompression context. Thread rule: one thread at a time per context. */
typedef struct zipnn_dctx zipnn_dctx;

/* Errors: NULL_POINTER, OUT_OF_MEMORY. */
ZIPNN_API zipnn_status zipnn_dctx_new(zipnn_dctx **dctx_out);
/* Accepts NULL. */
ZIPNN_API void zipnn_dctx_free(zipnn_dctx *dctx);
/* Errors: NULL_POINTER, UNKNOWN_PARAM, PARAM_OUT_OF_RANGE, STAGE_WRONG. */
ZIPNN_API zipnn_status zipnn_dctx_set_param(zipnn_dctx *dctx, zipnn_param param, int64_t value);
/* Errors: NULL_POINTER, UNKNOWN_PARAM. */
ZIPNN_API zipnn_status zipnn_dctx_get_param(const zipnn_dctx *dctx, zipnn_param param,
                                            int64_t *value_out);
/* Abandons any stream in progress; parameters are kept. Errors: NULL_POINTER. */
ZIPNN_API zipnn_status zipnn_dctx_reset(zipnn_dctx *dctx);

/* Decompresses exactly one whole frame (src_size is the frame's size; extra
 * bytes are TRAILING_DATA). The header, index and, unless disabled, every chunk
 * checksum are verified; on any error dst may hold partial output but
 * *dst_size_out is not written. Errors: NULL_POINTER, DST_TOO_SMALL, SIZE_LIMIT,
 * every data error (20-39), OUT_OF_MEMORY. */
ZIPNN_API zipnn_status zipnn_decompress(zipnn_dctx *dctx, const void *src, size_t src_size,
                                        void *dst, size_t dst_capacity, size_t *dst_size_out);

/* Random access: decodes content bytes [offset, offset + length) of a whole
 * frame, decoding only the chunks that overlap the range (each verified).
 * length may be 0. Errors: as zipnn_decompress, plus RANGE when
 * offset + length exceeds the content size, and SIZE_LIMIT when the length, or
 * a chunk the range cuts (decoded whole to be verified), exceeds
 * ZIPNN_PARAM_MAX_DECODED_SIZE. */
ZIPNN_API zipnn_status zipnn_decompress_range(zipnn_dctx *dctx, const void *src, size_t src_size,
                                              uint64_t offset, uint64_t length, void *dst,
                                              size_t dst_capacity, size_t *dst_size_out);

/* ------------------------------------------------------------------------ */
/* Frame inspection (reads only the header, the index and the footer)        */
/* ------------------------------------------------------------------------ */

/* Stream coding methods. Ids are pinned and never reused (docs/FORMAT.md). */
#define ZIPNN_METHOD_RAW 0
#define ZIPNN_METHOD_CONSTANT 1
#define ZIPNN_METHOD_HUFFMAN 2
#define ZIPNN_METHOD_ZSTD 3
#define ZIPNN_METHOD_COUNT 4 /* number of methods (not a method) */

typedef struct zipnn_frame_info {
  uint64_t content_size;  /* decoded size in bytes */
  uint64_t frame_size;    /* compressed size in bytes */
  uint64_t chunk_count;
  uint64_t tensor_count;  /* tensors in the tensor index; 0 if none */
  uint32_t format_version;
  uint32_t chunk_size;    /* nominal decoded bytes per chunk */
  zipnn_dtype dtype;      /* dtype declared at compression */
  uint32_t element_size;  /* of that dtype */
  uint32_t flags;         /* frame feature flags (docs/FORMAT.md) */
  uint32_t reserved0;
  /* Per method id: number of streams coded with it, and their encoded bytes. */
  uint64_t method_streams[ZIPNN_METHOD_COUNT];
  uint64_t method_bytes[ZIPNN_METHOD_COUNT];
  /* Per dtype: decoded bytes in chunks of that dtype. */
  uint64_t dtype_bytes[ZIPNN_DTYPE_COUNT];
  uint64_t reserved[8];
} zipnn_frame_info;

/* Validates the header, footer, index (and their checksums) of one whole frame
 * without decoding any chunk, and fills *info_out. Errors: NULL_POINTER,
 * every data error. */
ZIPNN_API zipnn_status zipnn_frame_info_get(const void *src, size_t src_size,
                                            zipnn_frame_info *info_out);

/* Decoded size from the frame header alone (src needs only the first
 * ZIPNN_FRAME_HEADER_SIZE bytes). A frame written by a stream whose size was
 * not pledged stores no size: then UNSUPPORTED_FEATURE is not returned but
 * *size_out is set to UINT64_MAX. Errors: NULL_POINTER, TRUNCATED, NOT_ZIPNN,
 * UNSUPPORTED_VERSION, UNSUPPORTED_FEATURE, CORRUPT_HEADER. */
#define ZIPNN_FRAME_HEADER_SIZE 32
#define ZIPNN_CONTENT_SIZE_UNKNOWN UINT64_MAX
ZIPNN_API zipnn_status zipnn_frame_content_size(const void *src, size_t src_size,
                                                uint64_t *size_out);

/* ------------------------------------------------------------------------ */
/* Delta compression against a base (e.g. a fine-tune against its base model) */
/* ------------------------------------------------------------------------ */

/* Sets (or, with NULL and 0, clears) the base that the next frames are
 * compressed against. Ranges of the input matched to ranges of the base are
 * coded as their XOR with the base: tensors matched by name (same dtype and
 * size) when both are safetensors, otherwise by position. Lengths may differ.
 * The base is not copied: it must stay valid and unchanged until the frame is
 * complete (the whole stream, when streaming). Frames made with a base carry
 * ZIPNN_FRAME_FLAG_DELTA and need the same base to decode.
 * Errors: NULL_POINTER (cctx, or base NULL with base_size > 0), STAGE_WRONG. */
ZIPNN_API zipnn_status zipnn_cctx_set_delta_base(zipnn_cctx *cctx, const void *base, size_t base_size);

/* The base for decoding delta frames; same lifetime rule. Decoding a delta
 * frame without it, or with another base, fails with ZIPNN_ERROR_DELTA_BASE
 * (checked from the base's size and a fingerprint, and then by every chunk's
 * checksum). Frames without the delta flag ignore it.
 * Errors: NULL_POINTER, STAGE_WRONG. */
ZIPNN_API zipnn_status zipnn_dctx_set_delta_base(zipnn_dctx *dctx, const void *base, size_t base_size);

#define ZIPNN_FRAME_FLAG_DELTA 1 /* zipnn_frame_info.flags: decoding needs the delta base */

/* ------------------------------------------------------------------------ */
/* Tensors (safetensors input, compressed with ZIPNN_PARAM_TENSOR_AWARE)     */
/* ------------------------------------------------------------------------ */

/* When the input of a compression is a safetensors file (detected by content),
 * each tensor is compressed with its own dtype and statistics (no chunk spans
 * two tensors), and the frame carries a tensor index: tensors can be listed and
 * decoded one by one from the header and index alone. Decompression always
 * reproduces the original file byte for byte, header and padding included. */

#define ZIPNN_MAX_DIMS 16

typedef struct zipnn_tensor_info {
  const char *name;        /* UTF-8, NOT NUL-terminated; points into src */
  size_t name_size;
  const char *dtype_name;  /* as written in the file ("BF16", "F8_E4M3"); into src */
  size_t dtype_name_size;
  zipnn_dtype dtype;       /* ZIPNN_DTYPE_BYTES for dtypes zipnn does not know */
  uint32_t ndim;
  uint64_t shape[ZIPNN_MAX_DIMS];
  uint64_t offset;         /* offset of the tensor's first byte in the decoded file */
  uint64_t size;           /* bytes */
  uint64_t reserved[4];
} zipnn_tensor_info;

/* Number of tensors in the frame's tensor index (0 if it has none). Validates
 * the frame's header, index and tensor index. Errors: NULL_POINTER, data errors. */
ZIPNN_API zipnn_status zipnn_tensor_count(const void *src, size_t src_size, uint64_t *count_out);

/* Tensor number `index` (in file offset order). Errors: NULL_POINTER,
 * NOT_FOUND (index >= count), data errors. */
ZIPNN_API zipnn_status zipnn_tensor_info_get(const void *src, size_t src_size, uint64_t index,
                                             zipnn_tensor_info *info_out);

/* Index of the tensor named name[0, name_size). Errors: NULL_POINTER, NOT_FOUND,
 * data errors. */
ZIPNN_API zipnn_status zipnn_tensor_find(const void *src, size_t src_size, const char *name,
                                         size_t name_size, uint64_t *index_out);

/* Decodes rows [first_row, first_row + row_count) of tensor `index` (rows
 * along its first dimension; a 0-d tensor, or one of an opaque dtype whose
 * bytes the first dimension does not divide, has one row; row_count UINT64_MAX
 * means "to the last row") into dst, decoding only the chunks that hold them.
 * Errors: as zipnn_decompress_range, plus NOT_FOUND, and RANGE for rows
 * outside the tensor. */
ZIPNN_API zipnn_status zipnn_decompress_tensor(zipnn_dctx *dctx, const void *src, size_t src_size,
                                               uint64_t index, uint64_t first_row,
                                               uint64_t row_count, void *dst, size_t dst_capacity,
                                               size_t *dst_size_out);

/* ------------------------------------------------------------------------ */
/* Streaming (files larger than memory, bounded memory)                      */
/* ------------------------------------------------------------------------ */

typedef struct zipnn_in_buffer {
  const void *src; /* start of input */
  size_t size;     /* size of the input */
  size_t pos;      /* bytes consumed so far; updated by the library */
} zipnn_in_buffer;

typedef struct zipnn_out_buffer {
  void *dst;   /* start of output */
  size_t size; /* capacity */
  size_t pos;  /* bytes written so far; updated by the library */
} zipnn_out_buffer;

#define ZIPNN_STREAM_CONTINUE 0 /* more input will follow */
#define ZIPNN_STREAM_END 1      /* this is the last input: finish the frame */

/* Feeds input and drains output. in->pos and out->pos advance as data is
 * consumed and produced (also when an error is returned, to show progress).
 * With ZIPNN_STREAM_END, call again (with the same or no more input) until
 * *pending_out is 0: the frame is then complete and the context is ready for
 * the next frame. Memory stays bounded by threads x a few chunks plus 48 bytes
 * per chunk for the index, whatever the total size; an input of at most 8 MiB
 * (pledged, or of unknown size until it passes 8 MiB) is gathered whole
 * first, as zipnn_compress may make choices over a whole small input (see
 * zipnn_compress). The frame is identical to
 * what zipnn_compress makes of the same bytes (content size present in the
 * header only if pledged with ZIPNN_PARAM_CONTENT_SIZE or known from END with
 * all input given at once).
 * Errors: NULL_POINTER, INVALID_ARGUMENT (pos > size, end_op unknown),
 * STAGE_WRONG (input added after END), SIZE_LIMIT (more input than pledged),
 * OUT_OF_MEMORY. */
ZIPNN_API zipnn_status zipnn_compress_stream(zipnn_cctx *cctx, zipnn_in_buffer *in,
                                             zipnn_out_buffer *out, int32_t end_op,
                                             size_t *pending_out);

/* Feeds compressed input and drains decoded output. *done_out becomes 1 once the
 * whole frame is decoded and its index and footer verified (the context is
 * then ready for the next frame), else 0. Every chunk is verified before any of
 * its bytes are written out. Errors: NULL_POINTER, INVALID_ARGUMENT, SIZE_LIMIT,
 * every data error. After an error the context must be reset. */
ZIPNN_API zipnn_status zipnn_decompress_stream(zipnn_dctx *dctx, zipnn_in_buffer *in,
                                               zipnn_out_buffer *out, int32_t *done_out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ZIPNN_H */
