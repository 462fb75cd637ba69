#include "codec/chunk_codec.h"

#include "codec/huffman.h"
#include "codec/stream_codec.h"
#include "format/checksum.h"
#include "simd/byte_planes.h"

namespace zipnn::codec {

uint8_t LayoutFor(zipnn_dtype dtype) {
  switch (dtype) {
    case ZIPNN_DTYPE_BF16:
    case ZIPNN_DTYPE_FP16: return format::kLayoutRot16;
    case ZIPNN_DTYPE_FP32: return format::kLayoutRot32;
    default: return format::kLayoutBytes;  // fp8 (one byte holds the whole value) and opaque types
  }
}

static bool IsOpaque(zipnn_dtype dtype) {
  switch (dtype) {
    case ZIPNN_DTYPE_BF16:
    case ZIPNN_DTYPE_FP16:
    case ZIPNN_DTYPE_FP32:
    case ZIPNN_DTYPE_FP8_E4M3FN:
    case ZIPNN_DTYPE_FP8_E5M2: return false;
    default: return true;
  }
}

size_t RecordCapacity(size_t size) {
  return format::kChunkHeaderSize + size + format::kMaxStreams * huffman::kEncodeSlack;
}

void XorBytes(uint8_t *dst, const uint8_t *a, const uint8_t *b, size_t size) {
  for (size_t i = 0; i < size; ++i) dst[i] = static_cast<uint8_t>(a[i] ^ b[i]);  // vectorised by the compiler
}

format::ChunkHeader EncodeChunk(const uint8_t *src, uint32_t size, zipnn_dtype dtype, int zstd_level,
                                WorkerScratch &scratch, uint8_t *out, const uint8_t *original) {
  format::ChunkHeader h;
  h.dtype = static_cast<uint8_t>(dtype);
  h.layout = LayoutFor(dtype);
  h.stream_count = static_cast<uint8_t>(format::LayoutStreamCount(h.layout));
  h.decoded_size = size;

  uint32_t plane_sizes[format::kMaxStreams];
  format::PlaneSizes(h.layout, size, plane_sizes);
  const uint8_t *planes[format::kMaxStreams] = {src, nullptr, nullptr, nullptr};
  if (h.layout != format::kLayoutBytes) {
    uint8_t *split[format::kMaxStreams] = {};
    for (size_t s = 0; s < h.stream_count; ++s) {
      split[s] = scratch.planes[s].Reserve(plane_sizes[s] + 1);
      planes[s] = split[s];
    }
    simd::SplitPlanes(h.layout, src, size, split);
  }

  const EncodeOptions opt{zstd_level, IsOpaque(dtype)};
  uint8_t *p = out + format::kChunkHeaderSize;
  for (size_t s = 0; s < h.stream_count; ++s) {
    const EncodedStream e = EncodeStream(planes[s], plane_sizes[s], opt, scratch, p);
    h.methods[s] = e.method;
    h.stream_sizes[s] = e.size;
    p += e.size;
  }
  h.checksum = Checksum64(original ? original : src, size);
  format::WriteChunkHeader(h, out);
  return h;
}

zipnn_status DecodeChunk(const format::ChunkHeader &h, const uint8_t *payload, uint8_t *dst,
                         bool verify, WorkerScratch &scratch, const uint8_t *xor_base) {
  uint32_t plane_sizes[format::kMaxStreams];
  format::PlaneSizes(h.layout, h.decoded_size, plane_sizes);
  const uint8_t *p = payload;
  if (h.layout == format::kLayoutBytes) {
    const zipnn_status st = DecodeStream(h.methods[0], p, h.stream_sizes[0], dst, plane_sizes[0], scratch);
    if (st != ZIPNN_OK) return st;
  } else {
    const uint8_t *planes[format::kMaxStreams] = {};
    for (size_t s = 0; s < h.stream_count; ++s) {
      if (h.methods[s] == ZIPNN_METHOD_RAW) {
        if (h.stream_sizes[s] != plane_sizes[s]) return ZIPNN_ERROR_CORRUPT_CHUNK;
        planes[s] = p;  // used in place, no copy
      } else {
        uint8_t *plane = scratch.planes[s].Reserve(plane_sizes[s] + 1);
        const zipnn_status st =
            DecodeStream(h.methods[s], p, h.stream_sizes[s], plane, plane_sizes[s], scratch);
        if (st != ZIPNN_OK) return st;
        planes[s] = plane;
      }
      p += h.stream_sizes[s];
    }
    simd::MergePlanes(h.layout, planes, h.decoded_size, dst);
  }
  if (xor_base) XorBytes(dst, dst, xor_base, h.decoded_size);
  if (verify && Checksum64(dst, h.decoded_size) != h.checksum) return ZIPNN_ERROR_CHECKSUM_MISMATCH;
  return ZIPNN_OK;
}

}  // namespace zipnn::codec
