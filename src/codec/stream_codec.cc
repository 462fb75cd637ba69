#include "codec/stream_codec.h"

#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "codec/huffman.h"
#include "format/checksum.h"
#include "simd/histogram.h"

namespace zipnn {

void ZstdFree::operator()(ZSTD_CCtx_s *c) const { ZSTD_freeCCtx(c); }
void ZstdFree::operator()(ZSTD_DCtx_s *d) const { ZSTD_freeDCtx(d); }

namespace codec {
namespace {

constexpr size_t kSampleWindow = 4096;
constexpr size_t kSampleWindows = 4;
// Planes at least this large are first judged from a sample.
constexpr size_t kSampleMin = 64 * 1024;
// Sampled entropy above this (bits/byte) means "store raw" (unless structured):
// Huffman could not save the 1/32 that HuffmanPays asks for there.
constexpr double kRawEntropy = 7.8;

struct Sample {
  uint32_t hist[256] = {};
  size_t total = 0;
  size_t repeats = 0;  // positions equal to the byte before
};

void TakeSample(const uint8_t *p, size_t n, Sample *s) {
  const size_t windows = std::min(kSampleWindows, std::max<size_t>(1, n / kSampleWindow));
  const size_t win = std::min(n, kSampleWindow);
  for (size_t w = 0; w < windows; ++w) {
    const size_t start = windows == 1 ? 0 : (n - win) * w / (windows - 1);
    const uint8_t *q = p + start;
    ++s->hist[q[0]];
    for (size_t i = 1; i < win; ++i) {
      ++s->hist[q[i]];
      s->repeats += q[i] == q[i - 1];
    }
    s->total += win;
  }
}

double Entropy(const uint32_t *hist, size_t total) {
  double h = 0;
  for (int b = 0; b < 256; ++b) {
    if (!hist[b]) continue;
    const double p = static_cast<double>(hist[b]) / static_cast<double>(total);
    h -= p * std::log2(p);
  }
  return h;
}

// Runs of equal bytes well beyond what independent bytes would give: zero
// runs, sparse tensors, padding. Order-0 coders cannot use them; zstd can.
bool HasRuns(const Sample &s) {
  double collide = 0;
  for (int b = 0; b < 256; ++b) {
    const double p = static_cast<double>(s.hist[b]) / static_cast<double>(s.total);
    collide += p * p;
  }
  const double rate = static_cast<double>(s.repeats) / static_cast<double>(s.total);
  return rate > 2 * collide + 0.02;
}

// Huffman codes a plane only if it saves at least 1/32 of it (3.1%): on a
// plane of near-random bytes (the top mantissa bits of fp32, whose skew saves
// about 1%) each lookup yields about one symbol, so its decode runs at a tenth
// of the speed of a copy for almost nothing.
bool HuffmanPays(size_t huff_bound, size_t n) { return huff_bound < n - n / 32; }

ZSTD_CCtx_s *CCtx(WorkerScratch &scratch) {
  if (!scratch.zstd_c) scratch.zstd_c.reset(ZSTD_createCCtx());
  return scratch.zstd_c.get();
}

}  // namespace

size_t TryZstd(const uint8_t *plane, size_t n, size_t limit, int level, WorkerScratch &scratch,
               uint8_t *out) {
  ZSTD_CCtx_s *cctx = CCtx(scratch);
  if (!cctx || limit == 0) return 0;
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
  const size_t r = ZSTD_compress2(cctx, out, limit, plane, n);
  if (ZSTD_isError(r) || r >= limit) return 0;
  return r;
}

size_t StreamCapacity(size_t n) { return n + huffman::kEncodeSlack; }

EncodedStream EncodeStream(const uint8_t *plane, uint32_t n, const EncodeOptions &opt,
                           WorkerScratch &scratch, uint8_t *out, uint64_t *raw_hash) {
  if (n == 0) return {ZIPNN_METHOD_RAW, 0};
  auto raw = [&]() -> EncodedStream {
    if (raw_hash)
      *raw_hash = CopyAndChecksum64(out, plane, n);
    else
      std::memcpy(out, plane, n);
    return {ZIPNN_METHOD_RAW, n};
  };

  Sample sample;
  TakeSample(plane, n, &sample);
  const bool runs = HasRuns(sample);
  // Incompressible planes (mantissa bytes, random or already compressed
  // data) are detected early and copied. Opaque planes too: a plane this close
  // to 8 bits per byte has a Huffman bound of at least n, and only a
  // compressible plane would let zstd compete below.
  if (n >= kSampleMin && !runs && Entropy(sample.hist, sample.total) > kRawEntropy) return raw();

  // A constant plane (the zero low half of upcast values, padding) is found
  // from the sample and confirmed at memory speed, without a histogram.
  if (std::count(sample.hist, sample.hist + 256, 0u) == 255 && plane[0] == plane[n - 1] &&
      std::memcmp(plane, plane + 1, n - 1) == 0) {
    out[0] = plane[0];
    return {ZIPNN_METHOD_CONSTANT, 1};
  }

  uint32_t hist[256];
  simd::Histogram(plane, n, hist);
  int distinct = 0, last = 0;
  uint32_t top = 0;
  for (int b = 0; b < 256; ++b) {
    if (hist[b]) ++distinct, last = b;
    top = std::max(top, hist[b]);
  }
  if (distinct == 1) {
    out[0] = static_cast<uint8_t>(last);
    return {ZIPNN_METHOD_CONSTANT, 1};
  }

  uint8_t lengths[256];
  huffman::BuildLengths(hist, lengths);
  const size_t huff_bound = huffman::EncodedSizeBound(hist, lengths, n);
  size_t best = std::min<size_t>(huff_bound, n);

  // Opaque bytes (quantized tensors, containers, text) may hold structure an
  // order-0 coder misses: zstd competes whenever the plane is compressible.
  // So it does where one byte value fills most of the plane (sparse values,
  // zero halves of most elements): a Huffman code spends at least a bit on
  // every byte, zstd's matches and entropy coding far less.
  const bool skewed = top >= n / 2;
  const bool structured = runs || skewed || (opt.opaque && huff_bound < n);
  if (structured) {
    const size_t z = TryZstd(plane, n, best, opt.zstd_level, scratch, out);
    if (z) return {ZIPNN_METHOD_ZSTD, static_cast<uint32_t>(z)};
  }
  if (HuffmanPays(huff_bound, n)) {
    const size_t size = huffman::Encode(plane, n, lengths, out);
    if (size < n) return {ZIPNN_METHOD_HUFFMAN, static_cast<uint32_t>(size)};
  }
  (void)best;
  return raw();
}

zipnn_status DecodeStream(uint8_t method, const uint8_t *in, uint32_t in_size, uint8_t *plane,
                          uint32_t n, WorkerScratch &scratch) {
  switch (method) {
    case ZIPNN_METHOD_RAW:
      if (in_size != n) return ZIPNN_ERROR_CORRUPT_CHUNK;
      if (n) std::memcpy(plane, in, n);
      return ZIPNN_OK;
    case ZIPNN_METHOD_CONSTANT:
      if (in_size != 1) return ZIPNN_ERROR_CORRUPT_CHUNK;
      std::memset(plane, in[0], n);
      return ZIPNN_OK;
    case ZIPNN_METHOD_HUFFMAN:
      return huffman::Decode(in, in_size, plane, n);
    case ZIPNN_METHOD_ZSTD: {
      if (!scratch.zstd_d) {
        scratch.zstd_d.reset(ZSTD_createDCtx());
        if (!scratch.zstd_d) return ZIPNN_ERROR_OUT_OF_MEMORY;
        ZSTD_DCtx_setParameter(scratch.zstd_d.get(), ZSTD_d_windowLogMax, 27);
      }
      // The frame must declare exactly n bytes and decode to exactly n bytes.
      const unsigned long long declared = ZSTD_getFrameContentSize(in, in_size);
      if (declared != n) return ZIPNN_ERROR_CORRUPT_CHUNK;
      if (ZSTD_findFrameCompressedSize(in, in_size) != in_size) return ZIPNN_ERROR_CORRUPT_CHUNK;
      const size_t r = ZSTD_decompressDCtx(scratch.zstd_d.get(), plane, n, in, in_size);
      if (ZSTD_isError(r) || r != n) return ZIPNN_ERROR_CORRUPT_CHUNK;
      return ZIPNN_OK;
    }
    default:
      return ZIPNN_ERROR_UNKNOWN_METHOD;
  }
}

}  // namespace codec
}  // namespace zipnn
