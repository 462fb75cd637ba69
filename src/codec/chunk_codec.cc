#include "codec/chunk_codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>

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

namespace {

double SampleBits(const uint32_t *hist, size_t total) {
  double h = 0;
  for (int b = 0; b < 256; ++b) {
    if (!hist[b]) continue;
    const double p = static_cast<double>(hist[b]) / static_cast<double>(total);
    h -= p * std::log2(p);
  }
  return h * static_cast<double>(total);
}

// Bytes of unknown type: the layout whose byte planes have the lowest order-0
// entropy on a sample (up to 16 windows of 1 KiB), so a raw dump of fp32 or fp16
// values still gets its exponent byte coded on its own. Needs a clear win (2%)
// over plain bytes.
uint8_t ChooseLayout(const uint8_t *src, uint32_t size) {
  constexpr size_t kWindow = 1024;
  if (size < 4 * kWindow) return format::kLayoutBytes;
  // 16 windows, fewer for small chunks (the sample stays within a quarter of it).
  const size_t windows = std::clamp<size_t>(size / (4 * kWindow), 2, 16);
  const uint8_t candidates[] = {format::kLayoutBytes, format::kLayoutRot16, format::kLayoutRot32};
  double best_bits = 0;
  uint8_t best = format::kLayoutBytes;
  for (uint8_t layout : candidates) {
    const size_t elem = format::LayoutElementSize(layout);
    uint32_t hist[4][256] = {};
    size_t count = 0;
    for (size_t w = 0; w < windows; ++w) {
      size_t start = (size - kWindow) * w / (windows - 1);
      start -= start % 4;  // element-aligned for every candidate
      uint8_t planes[4][kWindow];
      uint8_t *pp[4] = {planes[0], planes[1], planes[2], planes[3]};
      simd::scalar::SplitPlanes(layout, src + start, kWindow, pp);
      for (size_t s = 0; s < elem; ++s)
        for (size_t i = 0; i < kWindow / elem; ++i) ++hist[s][planes[s][i]];
      count += kWindow / elem;
    }
    double bits = 0;
    for (size_t s = 0; s < elem; ++s) bits += SampleBits(hist[s], count);
    if (layout == format::kLayoutBytes) {
      // Bytes this close to 8 bits each (random or compressed data) are not a
      // dump of float values, whose sign/exponent bytes pull the mix lower.
      if (bits > 7.9 * static_cast<double>(windows * kWindow)) return format::kLayoutBytes;
      best_bits = bits * 0.98;
    } else if (bits < best_bits) {
      best_bits = bits, best = layout;
    }
  }
  return best;
}

}  // namespace

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
  h.layout = dtype == ZIPNN_DTYPE_BYTES ? ChooseLayout(src, size) : LayoutFor(dtype);
  h.stream_count = static_cast<uint8_t>(format::LayoutStreamCount(h.layout));
  h.decoded_size = size;

  uint32_t plane_sizes[format::kMaxStreams];
  format::PlaneSizes(h.layout, size, plane_sizes);
  const uint8_t *planes[format::kMaxStreams] = {src, nullptr, nullptr, nullptr};
  // FP32 holding upcast BF16: the constant low planes are found while the high
  // ones are split, and never written.
  bool const_low = false;
  uint8_t low[2] = {};
  if (h.layout != format::kLayoutBytes) {
    uint8_t *split[format::kMaxStreams] = {};
    for (size_t s = 0; s < h.stream_count; ++s) {
      split[s] = scratch.planes[s].Reserve(plane_sizes[s] + 1);
      planes[s] = split[s];
    }
    const_low = h.layout == format::kLayoutRot32 &&
                simd::SplitRot32IfLowConstant(src, size, split[0], split[1], &low[0], &low[1]);
    if (!const_low) simd::SplitPlanes(h.layout, src, size, split);
  }

  const EncodeOptions opt{zstd_level, IsOpaque(dtype) && h.layout == format::kLayoutBytes};
  // A chunk stored as one raw stream (of its own bytes, not a delta) is
  // copied and hashed in one pass.
  const bool one_pass = h.layout == format::kLayoutBytes && !original;
  uint64_t raw_hash = 0;
  uint8_t *p = out + format::kChunkHeaderSize;
  for (size_t s = 0; s < h.stream_count; ++s) {
    EncodedStream e;
    if (const_low && s >= 2) {  // what EncodeStream gives for a constant plane
      p[0] = low[s - 2];
      e = {ZIPNN_METHOD_CONSTANT, 1};
    } else {
      e = EncodeStream(planes[s], plane_sizes[s], opt, scratch, p, one_pass ? &raw_hash : nullptr);
    }
    h.methods[s] = e.method;
    h.stream_sizes[s] = e.size;
    p += e.size;
  }
  // Bytes of unknown type split into planes: zstd on the whole chunk
  // competes too (some containers repeat whole records).
  const uint64_t payload = h.PayloadSize();
  if (dtype == ZIPNN_DTYPE_BYTES && h.layout != format::kLayoutBytes && payload < size) {
    const EncodeOptions whole{zstd_level, true};
    uint8_t *trial = scratch.record2.Reserve(StreamCapacity(size));
    const EncodedStream z = EncodeStream(src, size, whole, scratch, trial);
    if (z.size < payload) {
      format::ChunkHeader b;
      b.dtype = h.dtype;
      b.layout = format::kLayoutBytes;
      b.stream_count = 1;
      b.decoded_size = size;
      b.methods[0] = z.method;
      b.stream_sizes[0] = z.size;
      std::memcpy(out + format::kChunkHeaderSize, trial, z.size);
      h = b;
    }
  }
  const bool hashed = one_pass && h.methods[0] == ZIPNN_METHOD_RAW && size > 0;
  h.checksum = hashed ? raw_hash : Checksum64(original ? original : src, size);
  format::WriteChunkHeader(h, out);
  return h;
}

zipnn_status DecodeChunk(const format::ChunkHeader &h, const uint8_t *payload, uint8_t *dst,
                         bool verify, WorkerScratch &scratch, const uint8_t *xor_base) {
  uint32_t plane_sizes[format::kMaxStreams];
  format::PlaneSizes(h.layout, h.decoded_size, plane_sizes);
  const uint8_t *p = payload;
  if (h.layout == format::kLayoutBytes) {
    if (h.methods[0] == ZIPNN_METHOD_RAW && verify && !xor_base && plane_sizes[0] > 0) {
      // Copied and hashed in one pass.
      if (h.stream_sizes[0] != plane_sizes[0]) return ZIPNN_ERROR_CORRUPT_CHUNK;
      return CopyAndChecksum64(dst, p, plane_sizes[0]) == h.checksum ? ZIPNN_OK
                                                                     : ZIPNN_ERROR_CHECKSUM_MISMATCH;
    }
    const zipnn_status st = DecodeStream(h.methods[0], p, h.stream_sizes[0], dst, plane_sizes[0], scratch);
    if (st != ZIPNN_OK) return st;
  } else {
    // FP32 holding upcast BF16: the constant low planes go straight into the merge.
    const bool fill_low = h.layout == format::kLayoutRot32 && h.methods[2] == ZIPNN_METHOD_CONSTANT &&
                          h.methods[3] == ZIPNN_METHOD_CONSTANT;
    const uint8_t *planes[format::kMaxStreams] = {};
    for (size_t s = 0; s < h.stream_count; ++s) {
      if (fill_low && s >= 2) {
        if (h.stream_sizes[s] != 1) return ZIPNN_ERROR_CORRUPT_CHUNK;
        planes[s] = p;  // the constant byte
      } else if (h.methods[s] == ZIPNN_METHOD_RAW) {
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
    if (fill_low)
      simd::MergeRot32Fill(planes[0], planes[1], planes[2][0], planes[3][0], h.decoded_size, dst);
    else
      simd::MergePlanes(h.layout, planes, h.decoded_size, dst);
  }
  if (xor_base) XorBytes(dst, dst, xor_base, h.decoded_size);
  if (verify && Checksum64(dst, h.decoded_size) != h.checksum) return ZIPNN_ERROR_CHECKSUM_MISMATCH;
  return ZIPNN_OK;
}

}  // namespace zipnn::codec
