// Every exported zipnn_* function: argument checks, then the engine, inside the
// one exception boundary of the library. No exception crosses the C ABI.
#include <cctype>
#include <cstring>
#include <new>

#include "engine/engine.h"
#include "engine/stream_compressor.h"
#include "engine/stream_decompressor.h"
#include "format/frame.h"
#include "zipnn.h"

namespace {

template <typename F>
zipnn_status Guard(F &&f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    return ZIPNN_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    return ZIPNN_ERROR_INTERNAL;
  }
}

struct DtypeInfo {
  const char *name;
  size_t size;
  const char *safetensors;
};
constexpr DtypeInfo kDtypes[ZIPNN_DTYPE_COUNT] = {
    {"bytes", 1, "BYTES"},     {"bf16", 2, "BF16"},      {"fp16", 2, "F16"},
    {"fp32", 4, "F32"},        {"fp8_e4m3fn", 1, "F8_E4M3"}, {"fp8_e5m2", 1, "F8_E5M2"},
    {"fp64", 8, "F64"},        {"int8", 1, "I8"},        {"uint8", 1, "U8"},
    {"int16", 2, "I16"},       {"uint16", 2, "U16"},     {"int32", 4, "I32"},
    {"uint32", 4, "U32"},      {"int64", 8, "I64"},      {"uint64", 8, "U64"},
    {"bool", 1, "BOOL"},
};

struct Alias {
  const char *name;
  zipnn_dtype dtype;
};
constexpr Alias kAliases[] = {
    {"bfloat16", ZIPNN_DTYPE_BF16}, {"float16", ZIPNN_DTYPE_FP16}, {"half", ZIPNN_DTYPE_FP16},
    {"float32", ZIPNN_DTYPE_FP32},  {"float", ZIPNN_DTYPE_FP32},   {"float64", ZIPNN_DTYPE_FP64},
    {"double", ZIPNN_DTYPE_FP64},   {"f8_e4m3fn", ZIPNN_DTYPE_FP8_E4M3FN},
    {"float8_e4m3fn", ZIPNN_DTYPE_FP8_E4M3FN}, {"float8_e5m2", ZIPNN_DTYPE_FP8_E5M2},
    {"fp8_e4m3", ZIPNN_DTYPE_FP8_E4M3FN}, {"byte", ZIPNN_DTYPE_BYTES}, {"opaque", ZIPNN_DTYPE_BYTES},
};

bool SameName(const char *a, const char *b) {
  for (; *a && *b; ++a, ++b)
    if (std::tolower(static_cast<unsigned char>(*a)) != std::tolower(static_cast<unsigned char>(*b)))
      return false;
  return *a == *b;
}

struct Bounds {
  int64_t min, max;
};

bool ParamBounds(zipnn_param param, Bounds *b) {
  switch (param) {
    case ZIPNN_PARAM_DTYPE: *b = {0, ZIPNN_DTYPE_COUNT - 1}; return true;
    case ZIPNN_PARAM_THREADS: *b = {0, 256}; return true;
    case ZIPNN_PARAM_CHUNK_SIZE:
      *b = {zipnn::format::kMinChunkSize, zipnn::format::kMaxChunkSize};
      return true;
    case ZIPNN_PARAM_ZSTD_LEVEL: *b = {1, 19}; return true;
    case ZIPNN_PARAM_TENSOR_AWARE: *b = {0, 1}; return true;
    case ZIPNN_PARAM_CONTENT_SIZE: *b = {-1, INT64_MAX}; return true;
    case ZIPNN_PARAM_MAX_DECODED_SIZE: *b = {0, INT64_MAX}; return true;
    case ZIPNN_PARAM_VERIFY_CHECKSUMS: *b = {0, 1}; return true;
    default: return false;
  }
}

bool IsCompressParam(zipnn_param p) {
  return p == ZIPNN_PARAM_DTYPE || p == ZIPNN_PARAM_THREADS || p == ZIPNN_PARAM_CHUNK_SIZE ||
         p == ZIPNN_PARAM_ZSTD_LEVEL || p == ZIPNN_PARAM_TENSOR_AWARE || p == ZIPNN_PARAM_CONTENT_SIZE;
}
bool IsDecompressParam(zipnn_param p) {
  return p == ZIPNN_PARAM_THREADS || p == ZIPNN_PARAM_MAX_DECODED_SIZE ||
         p == ZIPNN_PARAM_VERIFY_CHECKSUMS;
}

zipnn_status CheckParam(zipnn_param param, int64_t value) {
  Bounds b;
  if (!ParamBounds(param, &b)) return ZIPNN_ERROR_UNKNOWN_PARAM;
  if (value < b.min || value > b.max) {
    return param == ZIPNN_PARAM_DTYPE ? ZIPNN_ERROR_UNKNOWN_DTYPE : ZIPNN_ERROR_PARAM_OUT_OF_RANGE;
  }
  if (param == ZIPNN_PARAM_CHUNK_SIZE && value % zipnn::format::kChunkSizeAlign != 0)
    return ZIPNN_ERROR_PARAM_OUT_OF_RANGE;
  return ZIPNN_OK;
}

bool BadBuffer(const void *p, size_t size) { return p == nullptr && size != 0; }

}  // namespace

extern "C" {

uint32_t zipnn_version_number(void) { return ZIPNN_VERSION_NUMBER; }
const char *zipnn_version_string(void) { return ZIPNN_VERSION_STRING; }

const char *zipnn_status_name(zipnn_status s) {
  switch (s) {
#define ZIPNN_NAME(x) \
  case x: return #x;
    ZIPNN_NAME(ZIPNN_OK)
    ZIPNN_NAME(ZIPNN_ERROR_NULL_POINTER)
    ZIPNN_NAME(ZIPNN_ERROR_INVALID_ARGUMENT)
    ZIPNN_NAME(ZIPNN_ERROR_DST_TOO_SMALL)
    ZIPNN_NAME(ZIPNN_ERROR_UNKNOWN_PARAM)
    ZIPNN_NAME(ZIPNN_ERROR_PARAM_OUT_OF_RANGE)
    ZIPNN_NAME(ZIPNN_ERROR_UNKNOWN_DTYPE)
    ZIPNN_NAME(ZIPNN_ERROR_STAGE_WRONG)
    ZIPNN_NAME(ZIPNN_ERROR_RANGE)
    ZIPNN_NAME(ZIPNN_ERROR_NOT_ZIPNN)
    ZIPNN_NAME(ZIPNN_ERROR_UNSUPPORTED_VERSION)
    ZIPNN_NAME(ZIPNN_ERROR_UNSUPPORTED_FEATURE)
    ZIPNN_NAME(ZIPNN_ERROR_TRUNCATED)
    ZIPNN_NAME(ZIPNN_ERROR_CORRUPT_HEADER)
    ZIPNN_NAME(ZIPNN_ERROR_CORRUPT_INDEX)
    ZIPNN_NAME(ZIPNN_ERROR_CORRUPT_CHUNK)
    ZIPNN_NAME(ZIPNN_ERROR_CHECKSUM_MISMATCH)
    ZIPNN_NAME(ZIPNN_ERROR_UNKNOWN_METHOD)
    ZIPNN_NAME(ZIPNN_ERROR_TRAILING_DATA)
    ZIPNN_NAME(ZIPNN_ERROR_SIZE_LIMIT)
    ZIPNN_NAME(ZIPNN_ERROR_CORRUPT_TENSORS)
    ZIPNN_NAME(ZIPNN_ERROR_NOT_FOUND)
    ZIPNN_NAME(ZIPNN_ERROR_DELTA_BASE)
    ZIPNN_NAME(ZIPNN_ERROR_OUT_OF_MEMORY)
    ZIPNN_NAME(ZIPNN_ERROR_INTERNAL)
#undef ZIPNN_NAME
    default: return "ZIPNN_ERROR_UNKNOWN_STATUS";
  }
}

const char *zipnn_status_message(zipnn_status s) {
  switch (s) {
    case ZIPNN_OK: return "success";
    case ZIPNN_ERROR_NULL_POINTER: return "a required pointer argument is NULL";
    case ZIPNN_ERROR_INVALID_ARGUMENT: return "an argument has an invalid value";
    case ZIPNN_ERROR_DST_TOO_SMALL: return "the destination buffer is too small";
    case ZIPNN_ERROR_UNKNOWN_PARAM: return "unknown parameter for this context";
    case ZIPNN_ERROR_PARAM_OUT_OF_RANGE: return "parameter value out of range";
    case ZIPNN_ERROR_UNKNOWN_DTYPE: return "unknown dtype";
    case ZIPNN_ERROR_STAGE_WRONG: return "call not valid in the current state of the context";
    case ZIPNN_ERROR_RANGE: return "offset or length outside the decoded content";
    case ZIPNN_ERROR_NOT_ZIPNN: return "not a zipnn frame (bad magic number)";
    case ZIPNN_ERROR_UNSUPPORTED_VERSION: return "frame format version is newer than this library";
    case ZIPNN_ERROR_UNSUPPORTED_FEATURE: return "frame uses a feature this library does not support";
    case ZIPNN_ERROR_TRUNCATED: return "frame is truncated";
    case ZIPNN_ERROR_CORRUPT_HEADER: return "frame header is corrupt";
    case ZIPNN_ERROR_CORRUPT_INDEX: return "chunk index or footer is corrupt (truncated or damaged frame)";
    case ZIPNN_ERROR_CORRUPT_CHUNK: return "a chunk is corrupt";
    case ZIPNN_ERROR_CHECKSUM_MISMATCH: return "decoded data does not match its checksum";
    case ZIPNN_ERROR_UNKNOWN_METHOD: return "a stream uses an unknown coding method";
    case ZIPNN_ERROR_TRAILING_DATA: return "extra bytes after the end of the frame";
    case ZIPNN_ERROR_SIZE_LIMIT: return "decoded size exceeds the allowed maximum";
    case ZIPNN_ERROR_CORRUPT_TENSORS: return "tensor index or safetensors header is corrupt";
    case ZIPNN_ERROR_NOT_FOUND: return "no such tensor";
    case ZIPNN_ERROR_DELTA_BASE: return "delta base missing or does not match";
    case ZIPNN_ERROR_OUT_OF_MEMORY: return "out of memory";
    case ZIPNN_ERROR_INTERNAL: return "internal error (a bug in zipnn)";
    default: return "unknown status code";
  }
}

size_t zipnn_dtype_size(zipnn_dtype d) {
  return d >= 0 && d < ZIPNN_DTYPE_COUNT ? kDtypes[d].size : 0;
}

const char *zipnn_dtype_name(zipnn_dtype d) {
  return d >= 0 && d < ZIPNN_DTYPE_COUNT ? kDtypes[d].name : "unknown";
}

zipnn_status zipnn_dtype_from_name(const char *name, zipnn_dtype *out) {
  if (!name || !out) return ZIPNN_ERROR_NULL_POINTER;
  for (zipnn_dtype d = 0; d < ZIPNN_DTYPE_COUNT; ++d) {
    if (SameName(name, kDtypes[d].name) || SameName(name, kDtypes[d].safetensors)) {
      *out = d;
      return ZIPNN_OK;
    }
  }
  for (const Alias &a : kAliases) {
    if (SameName(name, a.name)) {
      *out = a.dtype;
      return ZIPNN_OK;
    }
  }
  return ZIPNN_ERROR_UNKNOWN_DTYPE;
}

zipnn_status zipnn_param_bounds(zipnn_param param, int64_t *min_out, int64_t *max_out) {
  if (!min_out || !max_out) return ZIPNN_ERROR_NULL_POINTER;
  Bounds b;
  if (!ParamBounds(param, &b)) return ZIPNN_ERROR_UNKNOWN_PARAM;
  *min_out = b.min;
  *max_out = b.max;
  return ZIPNN_OK;
}

// ------------------------------------------------------------ compression

zipnn_status zipnn_cctx_new(zipnn_cctx **out) {
  if (!out) return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    *out = new zipnn_cctx();
    return ZIPNN_OK;
  });
}

void zipnn_cctx_free(zipnn_cctx *cctx) { delete cctx; }

zipnn_status zipnn_cctx_set_param(zipnn_cctx *cctx, zipnn_param param, int64_t value) {
  if (!cctx) return ZIPNN_ERROR_NULL_POINTER;
  if (!IsCompressParam(param)) return ZIPNN_ERROR_UNKNOWN_PARAM;
  const zipnn_status st = CheckParam(param, value);
  if (st != ZIPNN_OK) return st;
  if (cctx->stream) return ZIPNN_ERROR_STAGE_WRONG;
  auto &p = cctx->params;
  switch (param) {
    case ZIPNN_PARAM_DTYPE: p.dtype = static_cast<zipnn_dtype>(value); break;
    case ZIPNN_PARAM_THREADS: p.threads = value; break;
    case ZIPNN_PARAM_CHUNK_SIZE: p.chunk_size = static_cast<uint32_t>(value); break;
    case ZIPNN_PARAM_ZSTD_LEVEL: p.zstd_level = static_cast<int>(value); break;
    case ZIPNN_PARAM_TENSOR_AWARE: p.tensor_aware = value != 0; break;
    case ZIPNN_PARAM_CONTENT_SIZE: p.content_size = value; break;
    default: return ZIPNN_ERROR_UNKNOWN_PARAM;
  }
  return ZIPNN_OK;
}

zipnn_status zipnn_cctx_get_param(const zipnn_cctx *cctx, zipnn_param param, int64_t *value_out) {
  if (!cctx || !value_out) return ZIPNN_ERROR_NULL_POINTER;
  const auto &p = cctx->params;
  switch (param) {
    case ZIPNN_PARAM_DTYPE: *value_out = p.dtype; return ZIPNN_OK;
    case ZIPNN_PARAM_THREADS: *value_out = p.threads; return ZIPNN_OK;
    case ZIPNN_PARAM_CHUNK_SIZE: *value_out = p.chunk_size; return ZIPNN_OK;
    case ZIPNN_PARAM_ZSTD_LEVEL: *value_out = p.zstd_level; return ZIPNN_OK;
    case ZIPNN_PARAM_TENSOR_AWARE: *value_out = p.tensor_aware; return ZIPNN_OK;
    case ZIPNN_PARAM_CONTENT_SIZE: *value_out = p.content_size; return ZIPNN_OK;
    default: return ZIPNN_ERROR_UNKNOWN_PARAM;
  }
}

zipnn_status zipnn_cctx_set_delta_base(zipnn_cctx *cctx, const void *base, size_t base_size) {
  if (!cctx || BadBuffer(base, base_size)) return ZIPNN_ERROR_NULL_POINTER;
  if (cctx->stream) return ZIPNN_ERROR_STAGE_WRONG;
  cctx->params.delta_base = base_size ? static_cast<const uint8_t *>(base) : nullptr;
  cctx->params.delta_base_size = base_size;
  return ZIPNN_OK;
}

zipnn_status zipnn_dctx_set_delta_base(zipnn_dctx *dctx, const void *base, size_t base_size) {
  if (!dctx || BadBuffer(base, base_size)) return ZIPNN_ERROR_NULL_POINTER;
  if (dctx->stream) return ZIPNN_ERROR_STAGE_WRONG;
  dctx->params.delta_base = base_size ? static_cast<const uint8_t *>(base) : nullptr;
  dctx->params.delta_base_size = base_size;
  return ZIPNN_OK;
}

zipnn_status zipnn_cctx_reset(zipnn_cctx *cctx) {
  if (!cctx) return ZIPNN_ERROR_NULL_POINTER;
  cctx->stream.reset();
  return ZIPNN_OK;
}

size_t zipnn_compress_bound(size_t src_size) { return zipnn::engine::CompressBound(src_size); }

zipnn_status zipnn_compress(zipnn_cctx *cctx, const void *src, size_t src_size, void *dst,
                            size_t dst_capacity, size_t *dst_size_out) {
  if (!cctx || !dst_size_out || BadBuffer(src, src_size) || BadBuffer(dst, dst_capacity))
    return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    size_t size = 0;
    const zipnn_status st = zipnn::engine::Compress(*cctx, static_cast<const uint8_t *>(src), src_size,
                                                    static_cast<uint8_t *>(dst), dst_capacity, &size);
    if (st == ZIPNN_OK) *dst_size_out = size;
    return st;
  });
}

zipnn_status zipnn_compress_stream(zipnn_cctx *cctx, zipnn_in_buffer *in, zipnn_out_buffer *out,
                                   int32_t end_op, size_t *pending_out) {
  if (!cctx || !in || !out || !pending_out) return ZIPNN_ERROR_NULL_POINTER;
  if (BadBuffer(in->src, in->size) || BadBuffer(out->dst, out->size)) return ZIPNN_ERROR_NULL_POINTER;
  if (in->pos > in->size || out->pos > out->size) return ZIPNN_ERROR_INVALID_ARGUMENT;
  if (end_op != ZIPNN_STREAM_CONTINUE && end_op != ZIPNN_STREAM_END) return ZIPNN_ERROR_INVALID_ARGUMENT;
  return Guard([&] {
    size_t pending = 0;
    const zipnn_status st = zipnn::engine::CompressStream(*cctx, *in, *out, end_op, &pending);
    if (st == ZIPNN_OK) *pending_out = pending;
    return st;
  });
}

// ---------------------------------------------------------- decompression

zipnn_status zipnn_dctx_new(zipnn_dctx **out) {
  if (!out) return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    *out = new zipnn_dctx();
    return ZIPNN_OK;
  });
}

void zipnn_dctx_free(zipnn_dctx *dctx) { delete dctx; }

zipnn_status zipnn_dctx_set_param(zipnn_dctx *dctx, zipnn_param param, int64_t value) {
  if (!dctx) return ZIPNN_ERROR_NULL_POINTER;
  if (!IsDecompressParam(param)) return ZIPNN_ERROR_UNKNOWN_PARAM;
  const zipnn_status st = CheckParam(param, value);
  if (st != ZIPNN_OK) return st;
  if (dctx->stream) return ZIPNN_ERROR_STAGE_WRONG;
  auto &p = dctx->params;
  switch (param) {
    case ZIPNN_PARAM_THREADS: p.threads = value; break;
    case ZIPNN_PARAM_MAX_DECODED_SIZE: p.max_decoded_size = static_cast<uint64_t>(value); break;
    case ZIPNN_PARAM_VERIFY_CHECKSUMS: p.verify = value != 0; break;
    default: return ZIPNN_ERROR_UNKNOWN_PARAM;
  }
  return ZIPNN_OK;
}

zipnn_status zipnn_dctx_get_param(const zipnn_dctx *dctx, zipnn_param param, int64_t *value_out) {
  if (!dctx || !value_out) return ZIPNN_ERROR_NULL_POINTER;
  const auto &p = dctx->params;
  switch (param) {
    case ZIPNN_PARAM_THREADS: *value_out = p.threads; return ZIPNN_OK;
    case ZIPNN_PARAM_MAX_DECODED_SIZE: *value_out = static_cast<int64_t>(p.max_decoded_size); return ZIPNN_OK;
    case ZIPNN_PARAM_VERIFY_CHECKSUMS: *value_out = p.verify; return ZIPNN_OK;
    default: return ZIPNN_ERROR_UNKNOWN_PARAM;
  }
}

zipnn_status zipnn_dctx_reset(zipnn_dctx *dctx) {
  if (!dctx) return ZIPNN_ERROR_NULL_POINTER;
  dctx->stream.reset();
  return ZIPNN_OK;
}

zipnn_status zipnn_decompress(zipnn_dctx *dctx, const void *src, size_t src_size, void *dst,
                              size_t dst_capacity, size_t *dst_size_out) {
  if (!dctx || !dst_size_out || BadBuffer(src, src_size) || BadBuffer(dst, dst_capacity))
    return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    size_t size = 0;
    const zipnn_status st = zipnn::engine::Decompress(*dctx, static_cast<const uint8_t *>(src), src_size,
                                                      static_cast<uint8_t *>(dst), dst_capacity, &size);
    if (st == ZIPNN_OK) *dst_size_out = size;
    return st;
  });
}

zipnn_status zipnn_decompress_range(zipnn_dctx *dctx, const void *src, size_t src_size,
                                    uint64_t offset, uint64_t length, void *dst,
                                    size_t dst_capacity, size_t *dst_size_out) {
  if (!dctx || !dst_size_out || BadBuffer(src, src_size) || BadBuffer(dst, dst_capacity))
    return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    size_t size = 0;
    const zipnn_status st = zipnn::engine::DecompressRange(
        *dctx, static_cast<const uint8_t *>(src), src_size, offset, length,
        static_cast<uint8_t *>(dst), dst_capacity, &size);
    if (st == ZIPNN_OK) *dst_size_out = size;
    return st;
  });
}

zipnn_status zipnn_decompress_stream(zipnn_dctx *dctx, zipnn_in_buffer *in, zipnn_out_buffer *out,
                                     int32_t *done_out) {
  if (!dctx || !in || !out || !done_out) return ZIPNN_ERROR_NULL_POINTER;
  if (BadBuffer(in->src, in->size) || BadBuffer(out->dst, out->size)) return ZIPNN_ERROR_NULL_POINTER;
  if (in->pos > in->size || out->pos > out->size) return ZIPNN_ERROR_INVALID_ARGUMENT;
  return Guard([&] {
    int32_t done = 0;
    const zipnn_status st = zipnn::engine::DecompressStream(*dctx, *in, *out, &done);
    if (st == ZIPNN_OK) *done_out = done;
    return st;
  });
}

// ------------------------------------------------------------- inspection

zipnn_status zipnn_frame_info_get(const void *src, size_t src_size, zipnn_frame_info *info_out) {
  if (!info_out || BadBuffer(src, src_size)) return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    return zipnn::engine::FrameInfo(static_cast<const uint8_t *>(src), src_size, info_out);
  });
}

zipnn_status zipnn_frame_content_size(const void *src, size_t src_size, uint64_t *size_out) {
  if (!size_out || BadBuffer(src, src_size)) return ZIPNN_ERROR_NULL_POINTER;
  const uint8_t *p = static_cast<const uint8_t *>(src);
  if (src_size >= 4 && std::memcmp(p, zipnn::format::kMagic, 4) != 0) return ZIPNN_ERROR_NOT_ZIPNN;
  if (src_size < zipnn::format::kFrameHeaderSize) return ZIPNN_ERROR_TRUNCATED;
  zipnn::format::FrameHeader h;
  const zipnn_status st = zipnn::format::ReadFrameHeader(p, &h);
  if (st != ZIPNN_OK) return st;
  *size_out = h.content_size;
  return ZIPNN_OK;
}

zipnn_status zipnn_tensor_count(const void *src, size_t src_size, uint64_t *count_out) {
  if (!count_out || BadBuffer(src, src_size)) return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    uint64_t count = 0;
    const zipnn_status st = zipnn::engine::TensorCount(static_cast<const uint8_t *>(src), src_size, &count);
    if (st == ZIPNN_OK) *count_out = count;
    return st;
  });
}

zipnn_status zipnn_tensor_info_get(const void *src, size_t src_size, uint64_t index,
                                   zipnn_tensor_info *info_out) {
  if (!info_out || BadBuffer(src, src_size)) return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    return zipnn::engine::TensorInfo(static_cast<const uint8_t *>(src), src_size, index, info_out);
  });
}

zipnn_status zipnn_tensor_find(const void *src, size_t src_size, const char *name, size_t name_size,
                               uint64_t *index_out) {
  if (!index_out || BadBuffer(src, src_size) || BadBuffer(name, name_size)) return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    uint64_t index = 0;
    const zipnn_status st =
        zipnn::engine::TensorFind(static_cast<const uint8_t *>(src), src_size, name, name_size, &index);
    if (st == ZIPNN_OK) *index_out = index;
    return st;
  });
}

zipnn_status zipnn_decompress_tensor(zipnn_dctx *dctx, const void *src, size_t src_size, uint64_t index,
                                     uint64_t first_row, uint64_t row_count, void *dst,
                                     size_t dst_capacity, size_t *dst_size_out) {
  if (!dctx || !dst_size_out || BadBuffer(src, src_size) || BadBuffer(dst, dst_capacity))
    return ZIPNN_ERROR_NULL_POINTER;
  return Guard([&] {
    size_t size = 0;
    const zipnn_status st = zipnn::engine::DecompressTensor(*dctx, static_cast<const uint8_t *>(src), src_size,
                                                            index, first_row, row_count,
                                                            static_cast<uint8_t *>(dst), dst_capacity, &size);
    if (st == ZIPNN_OK) *dst_size_out = size;
    return st;
  });
}

}  // extern "C"
