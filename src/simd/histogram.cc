// Byte histograms. Exponent planes hold few distinct values: every byte is 0
// (zeros, subnormals) or lies in a narrow range [lo, hi]. For those, a Highway
// kernel counts each value of the range with vector compares (8-bit counters,
// widened every 255 vectors), which beats scattered scalar increments; other
// data takes the scalar path with four tables. Compiled once per target and
// dispatched at run time, like byte_planes.cc.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/histogram.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <cstring>

#include "simd/histogram.h"

HWY_BEFORE_NAMESPACE();
namespace zipnn::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Smallest nonzero byte (256 when there is none) and largest byte of the
// whole vectors of data[0, n); returns how many bytes it looked at.
size_t NonzeroRange(const uint8_t *HWY_RESTRICT data, size_t n, uint32_t *lo, uint32_t *hi) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  // v - 1 wraps 0 to 255, so the minimum of v - 1 is (smallest nonzero) - 1.
  auto vmin = hn::Set(d, 0xff);
  auto vmax = hn::Zero(d);
  const auto one = hn::Set(d, 1);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const auto v = hn::LoadU(d, data + i);
    vmin = hn::Min(vmin, hn::Sub(v, one));
    vmax = hn::Max(vmax, v);
  }
  HWY_ALIGN uint8_t a[hn::MaxLanes(d)];
  HWY_ALIGN uint8_t b[hn::MaxLanes(d)];
  hn::Store(vmin, d, a);
  hn::Store(vmax, d, b);
  uint32_t mn = 0xff, mx = 0;
  for (size_t k = 0; k < N; ++k) mn = std::min<uint32_t>(mn, a[k]), mx = std::max<uint32_t>(mx, b[k]);
  // mn == 255 means no nonzero byte below 256, i.e. all zero or some 255 bytes.
  *lo = mn + 1;
  *hi = mx;
  return i;
}

// hist[lo + k] += number of bytes equal to lo + k, for k < count, over the
// whole vectors of data[0, n); returns how many bytes it looked at.
size_t CountRange(const uint8_t *HWY_RESTRICT data, size_t n, uint32_t lo, uint32_t count,
                  uint32_t *HWY_RESTRICT hist) {
  const hn::ScalableTag<uint8_t> d;
  const hn::Repartition<uint64_t, decltype(d)> d64;
  const size_t N = hn::Lanes(d);
  const size_t vectors = n / N;
  HWY_ALIGN uint64_t sums[hn::MaxLanes(d64)];
  auto total = [&](decltype(hn::Zero(d)) acc) {
    hn::Store(hn::SumsOf8(acc), d64, sums);
    uint64_t t = 0;
    for (size_t k = 0; k < hn::Lanes(d64); ++k) t += sums[k];
    return static_cast<uint32_t>(t);
  };
  for (size_t start = 0; start < vectors; start += 255) {  // 8-bit counters: 255 vectors at most
    const uint8_t *block = data + start * N;
    const size_t len = std::min<size_t>(255, vectors - start);
    for (uint32_t s = 0; s < count; s += 4) {
      // Four values per pass over the (L1-resident) block share each load.
      const auto v0 = hn::Set(d, static_cast<uint8_t>(lo + s));
      const auto v1 = hn::Set(d, static_cast<uint8_t>(lo + s + 1));
      const auto v2 = hn::Set(d, static_cast<uint8_t>(lo + s + 2));
      const auto v3 = hn::Set(d, static_cast<uint8_t>(lo + s + 3));
      auto a0 = hn::Zero(d), a1 = hn::Zero(d), a2 = hn::Zero(d), a3 = hn::Zero(d);
      for (size_t k = 0; k < len; ++k) {
        const auto x = hn::LoadU(d, block + k * N);
        a0 = hn::Sub(a0, hn::VecFromMask(d, hn::Eq(x, v0)));
        a1 = hn::Sub(a1, hn::VecFromMask(d, hn::Eq(x, v1)));
        a2 = hn::Sub(a2, hn::VecFromMask(d, hn::Eq(x, v2)));
        a3 = hn::Sub(a3, hn::VecFromMask(d, hn::Eq(x, v3)));
      }
      hist[lo + s] += total(a0);
      if (s + 1 < count) hist[lo + s + 1] += total(a1);
      if (s + 2 < count) hist[lo + s + 2] += total(a2);
      if (s + 3 < count) hist[lo + s + 3] += total(a3);
    }
  }
  return vectors * N;
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace zipnn::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

namespace zipnn::simd {

HWY_EXPORT(NonzeroRange);
HWY_EXPORT(CountRange);

namespace {
// Ranges up to this many values take the compare-and-count kernel (cost per
// byte grows with the range; the scalar loop costs the same for any data).
constexpr uint32_t kMaxCountRange = 48;
// Below this the scalar loop is as fast as setting up the kernels.
constexpr size_t kMinVectorSize = 4096;
}  // namespace

namespace scalar {
void Histogram(const uint8_t *data, size_t size, uint32_t hist[256]) {
  // Four tables break the store-to-load dependency on repeated bytes.
  uint32_t t[4][256];
  std::memset(t, 0, sizeof(t));
  size_t i = 0;
  for (; i + 16 <= size; i += 16) {
    uint64_t a, b;
    std::memcpy(&a, data + i, 8);
    std::memcpy(&b, data + i + 8, 8);
    for (int k = 0; k < 8; k += 2) {
      ++t[0][(a >> (8 * k)) & 0xff];
      ++t[1][(a >> (8 * k + 8)) & 0xff];
      ++t[2][(b >> (8 * k)) & 0xff];
      ++t[3][(b >> (8 * k + 8)) & 0xff];
    }
  }
  for (; i < size; ++i) ++t[0][data[i]];
  for (int s = 0; s < 256; ++s) hist[s] = t[0][s] + t[1][s] + t[2][s] + t[3][s];
}
}  // namespace scalar

void Histogram(const uint8_t *data, size_t size, uint32_t hist[256]) {
  if (size < kMinVectorSize) return scalar::Histogram(data, size, hist);
  uint32_t lo = 0, hi = 0;
  // A wide range usually shows in the first bytes: no full pass for those.
  HWY_DYNAMIC_DISPATCH(NonzeroRange)(data, kMinVectorSize, &lo, &hi);
  if (lo <= hi && hi - lo + 1 > kMaxCountRange) return scalar::Histogram(data, size, hist);
  const size_t seen = HWY_DYNAMIC_DISPATCH(NonzeroRange)(data, size, &lo, &hi);
  for (size_t i = seen; i < size; ++i) {
    if (data[i]) lo = std::min<uint32_t>(lo, data[i]);
    hi = std::max<uint32_t>(hi, data[i]);
  }
  std::memset(hist, 0, 256 * sizeof(uint32_t));
  if (hi == 0) {  // all zero
    hist[0] = static_cast<uint32_t>(size);
    return;
  }
  lo = std::min(lo, hi);  // lo is 256 when every nonzero byte is 255
  if (hi - lo + 1 > kMaxCountRange) return scalar::Histogram(data, size, hist);
  const size_t done = HWY_DYNAMIC_DISPATCH(CountRange)(data, size, lo, hi - lo + 1, hist);
  for (size_t i = done; i < size; ++i) ++hist[data[i]];
  // Every other byte is zero.
  uint64_t nonzero = 0;
  for (uint32_t s = lo; s <= hi; ++s) nonzero += hist[s];
  hist[0] = static_cast<uint32_t>(size - nonzero);
}

}  // namespace zipnn::simd
#endif  // HWY_ONCE
