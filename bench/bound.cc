#include "bound.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <mutex>

#include "common.h"

namespace zipnn::bench {

namespace {

struct Layout {
  size_t size;     // element bytes
  int shift;       // exponent field position
  uint32_t mask;   // exponent field mask (after the shift)
  int bits;        // exponent field width
};

Layout LayoutOf(zipnn_dtype dtype) {
  switch (dtype) {
    case ZIPNN_DTYPE_BF16: return {2, 7, 0xff, 8};
    case ZIPNN_DTYPE_FP16: return {2, 10, 0x1f, 5};
    case ZIPNN_DTYPE_FP32: return {4, 23, 0xff, 8};
    default: return {1, 0, 0xff, 8};  // fp8 and bytes: the whole byte is the symbol
  }
}

struct Scan {
  std::array<uint64_t, 256> hist{};
  uint32_t all_or = 0, all_and = ~0u;
};

// Histogram of the exponent field plus the OR / AND of every element.
template <size_t ES>
void ScanRange(const uint8_t *data, size_t begin, size_t end, int shift, uint32_t mask, Scan &s) {
  for (size_t i = begin; i < end; ++i) {
    uint32_t v = 0;
    std::memcpy(&v, data + i * ES, ES);  // little-endian host (x86-64, aarch64)
    ++s.hist[(v >> shift) & mask];
    s.all_or |= v;
    s.all_and &= v;
  }
}

}  // namespace

OrderZeroBound ComputeOrderZeroBound(zipnn_dtype dtype, const uint8_t *data, size_t size,
                                     size_t threads) {
  const Layout L = LayoutOf(dtype);
  const size_t n = size / L.size;
  Scan total;
  std::mutex mu;
  ParallelFor(threads, n, 4096, [&](size_t b, size_t e) {
    Scan local;
    switch (L.size) {
      case 4: ScanRange<4>(data, b, e, L.shift, L.mask, local); break;
      case 2: ScanRange<2>(data, b, e, L.shift, L.mask, local); break;
      default: ScanRange<1>(data, b, e, L.shift, L.mask, local); break;
    }
    std::lock_guard<std::mutex> lock(mu);
    for (size_t k = 0; k < 256; ++k) total.hist[k] += local.hist[k];
    total.all_or |= local.all_or;
    total.all_and &= local.all_and;
  });

  OrderZeroBound r;
  r.total_bits = static_cast<int>(L.size * 8);
  r.exponent_bits = L.bits;
  double entropy = 0;
  for (uint64_t c : total.hist) {
    if (c == 0) continue;
    const double p = static_cast<double>(c) / static_cast<double>(n);
    entropy -= p * std::log2(p);
  }
  r.exponent_entropy = entropy;
  const uint32_t width_mask = L.size == 4 ? ~0u : ((1u << (L.size * 8)) - 1u);
  const uint32_t varying = (total.all_or ^ total.all_and) & width_mask & ~(L.mask << L.shift);
  r.raw_bits = std::popcount(varying);
  r.ratio = (r.raw_bits + entropy) / r.total_bits;
  return r;
}

}  // namespace zipnn::bench
