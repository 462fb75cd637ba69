// Highway kernels for byte-plane split/merge (skeleton pattern: compiled once
// per target, dispatched at run time).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/byte_planes.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "format/frame.h"
#include "simd/byte_planes.h"

HWY_BEFORE_NAMESPACE();
namespace zipnn::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Each kernel handles n whole elements and returns how many it did (a multiple
// of the vector length); the caller finishes the rest with scalar code.

// The sign bit's move, as the scalar Rotl1Hi / Rotr1Hi below: the split byte
// holds hi's low 7 bits above lo's top bit, and the merge undoes it.
template <class V>
HWY_INLINE V RotlHi(V hi, V lo) {
  return hn::Or(hn::Add(hi, hi), hn::ShiftRight<7>(lo));
}
template <class V>
HWY_INLINE V RotrHi(V r_hi, V r_lo) {
  return hn::Or(hn::ShiftRight<1>(r_hi), hn::ShiftLeft<7>(r_lo));
}

size_t SplitRot16(const uint8_t *HWY_RESTRICT src, size_t n, uint8_t *HWY_RESTRICT p0,
                  uint8_t *HWY_RESTRICT p1) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::Vec<decltype(d)> lo, hi;
    hn::LoadInterleaved2(d, src + 2 * i, lo, hi);
    hn::StoreU(RotlHi(hi, lo), d, p0 + i);
    hn::StoreU(RotlHi(lo, hi), d, p1 + i);
  }
  return i;
}

size_t MergeRot16(const uint8_t *HWY_RESTRICT p0, const uint8_t *HWY_RESTRICT p1, size_t n,
                  uint8_t *HWY_RESTRICT dst) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const auto r_hi = hn::LoadU(d, p0 + i);
    const auto r_lo = hn::LoadU(d, p1 + i);
    hn::StoreInterleaved2(RotrHi(r_lo, r_hi), RotrHi(r_hi, r_lo), d, dst + 2 * i);
  }
  return i;
}

size_t SplitRot32(const uint8_t *HWY_RESTRICT src, size_t n, uint8_t *HWY_RESTRICT p0,
                  uint8_t *HWY_RESTRICT p1, uint8_t *HWY_RESTRICT p2, uint8_t *HWY_RESTRICT p3) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::Vec<decltype(d)> b0, b1, b2, b3;
    hn::LoadInterleaved4(d, src + 4 * i, b0, b1, b2, b3);
    hn::StoreU(RotlHi(b3, b2), d, p0 + i);
    hn::StoreU(RotlHi(b2, b3), d, p1 + i);
    hn::StoreU(b1, d, p2 + i);
    hn::StoreU(b0, d, p3 + i);
  }
  return i;
}

size_t MergeRot32(const uint8_t *HWY_RESTRICT p0, const uint8_t *HWY_RESTRICT p1,
                  const uint8_t *HWY_RESTRICT p2, const uint8_t *HWY_RESTRICT p3, size_t n,
                  uint8_t *HWY_RESTRICT dst) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const auto r3 = hn::LoadU(d, p0 + i);
    const auto r2 = hn::LoadU(d, p1 + i);
    hn::StoreInterleaved4(hn::LoadU(d, p3 + i), hn::LoadU(d, p2 + i), RotrHi(r2, r3), RotrHi(r3, r2), d,
                          dst + 4 * i);
  }
  return i;
}

// SplitRot32 writing only planes 0 and 1, while the low two bytes of every
// element are (b1, b0) = (c2, c3); stops at the first vector block where they
// are not (*same = false).
size_t SplitRot32High(const uint8_t *HWY_RESTRICT src, size_t n, uint8_t c2, uint8_t c3,
                      uint8_t *HWY_RESTRICT p0, uint8_t *HWY_RESTRICT p1, bool *same) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  const auto v2 = hn::Set(d, c2);
  const auto v3 = hn::Set(d, c3);
  constexpr size_t kCheckEvery = 16;  // vectors between checks of the low bytes
  size_t i = 0;
  while (i + N <= n) {
    auto diff = hn::Zero(d);
    for (size_t k = 0; k < kCheckEvery && i + N <= n; ++k, i += N) {
      hn::Vec<decltype(d)> b0, b1, b2, b3;
      hn::LoadInterleaved4(d, src + 4 * i, b0, b1, b2, b3);
      diff = hn::Or(diff, hn::Or(hn::Xor(b1, v2), hn::Xor(b0, v3)));
      hn::StoreU(RotlHi(b3, b2), d, p0 + i);
      hn::StoreU(RotlHi(b2, b3), d, p1 + i);
    }
    if (!hn::AllTrue(d, hn::Eq(diff, hn::Zero(d)))) {
      *same = false;
      return i;
    }
  }
  *same = true;
  return i;
}

// MergeRot32 with planes 2 and 3 constant (c2, c3).
size_t MergeRot32Fill(const uint8_t *HWY_RESTRICT p0, const uint8_t *HWY_RESTRICT p1, uint8_t c2,
                      uint8_t c3, size_t n, uint8_t *HWY_RESTRICT dst) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  const auto b1 = hn::Set(d, c2);
  const auto b0 = hn::Set(d, c3);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const auto r3 = hn::LoadU(d, p0 + i);
    const auto r2 = hn::LoadU(d, p1 + i);
    hn::StoreInterleaved4(b0, b1, RotrHi(r2, r3), RotrHi(r3, r2), d, dst + 4 * i);
  }
  return i;
}

size_t Split2(const uint8_t *HWY_RESTRICT src, size_t n, uint8_t *HWY_RESTRICT p0,
              uint8_t *HWY_RESTRICT p1) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::Vec<decltype(d)> lo, hi;
    hn::LoadInterleaved2(d, src + 2 * i, lo, hi);
    hn::StoreU(hi, d, p0 + i);
    hn::StoreU(lo, d, p1 + i);
  }
  return i;
}

size_t Merge2(const uint8_t *HWY_RESTRICT p0, const uint8_t *HWY_RESTRICT p1, size_t n,
              uint8_t *HWY_RESTRICT dst) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N)
    hn::StoreInterleaved2(hn::LoadU(d, p1 + i), hn::LoadU(d, p0 + i), d, dst + 2 * i);
  return i;
}

size_t Split4(const uint8_t *HWY_RESTRICT src, size_t n, uint8_t *HWY_RESTRICT p0,
              uint8_t *HWY_RESTRICT p1, uint8_t *HWY_RESTRICT p2, uint8_t *HWY_RESTRICT p3) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::Vec<decltype(d)> b0, b1, b2, b3;
    hn::LoadInterleaved4(d, src + 4 * i, b0, b1, b2, b3);
    hn::StoreU(b3, d, p0 + i);
    hn::StoreU(b2, d, p1 + i);
    hn::StoreU(b1, d, p2 + i);
    hn::StoreU(b0, d, p3 + i);
  }
  return i;
}

size_t Merge4(const uint8_t *HWY_RESTRICT p0, const uint8_t *HWY_RESTRICT p1,
              const uint8_t *HWY_RESTRICT p2, const uint8_t *HWY_RESTRICT p3, size_t n,
              uint8_t *HWY_RESTRICT dst) {
  const hn::ScalableTag<uint8_t> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N)
    hn::StoreInterleaved4(hn::LoadU(d, p3 + i), hn::LoadU(d, p2 + i), hn::LoadU(d, p1 + i),
                          hn::LoadU(d, p0 + i), d, dst + 4 * i);
  return i;
}

}  // namespace zipnn::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cstring>

namespace zipnn::simd {

HWY_EXPORT(SplitRot16);
HWY_EXPORT(MergeRot16);
HWY_EXPORT(SplitRot32);
HWY_EXPORT(MergeRot32);
HWY_EXPORT(MergeRot32Fill);
HWY_EXPORT(SplitRot32High);
HWY_EXPORT(Split2);
HWY_EXPORT(Merge2);
HWY_EXPORT(Split4);
HWY_EXPORT(Merge4);

namespace {

inline uint8_t Rotl1Hi(uint8_t hi, uint8_t lo) {
  return static_cast<uint8_t>((hi << 1) | (lo >> 7));
}
inline uint8_t Rotr1Hi(uint8_t r_hi, uint8_t r_lo) {
  return static_cast<uint8_t>((r_hi >> 1) | (r_lo << 7));
}

// Scalar element loops from element `i` on; shared by the reference and the
// SIMD paths' remainders, so the two cannot drift apart.
void SplitFrom(uint8_t layout, const uint8_t *src, size_t n, size_t i, uint8_t *const p[4]) {
  switch (layout) {
    case format::kLayoutRot16:
      for (; i < n; ++i) {
        const uint8_t lo = src[2 * i], hi = src[2 * i + 1];
        p[0][i] = Rotl1Hi(hi, lo);
        p[1][i] = Rotl1Hi(lo, hi);
      }
      break;
    case format::kLayoutSplit2:
      for (; i < n; ++i) {
        p[0][i] = src[2 * i + 1];
        p[1][i] = src[2 * i];
      }
      break;
    case format::kLayoutRot32:
      for (; i < n; ++i) {
        const uint8_t *e = src + 4 * i;
        p[0][i] = Rotl1Hi(e[3], e[2]);
        p[1][i] = Rotl1Hi(e[2], e[3]);
        p[2][i] = e[1];
        p[3][i] = e[0];
      }
      break;
    case format::kLayoutSplit4:
      for (; i < n; ++i) {
        const uint8_t *e = src + 4 * i;
        p[0][i] = e[3];
        p[1][i] = e[2];
        p[2][i] = e[1];
        p[3][i] = e[0];
      }
      break;
    default: break;
  }
}

void MergeFrom(uint8_t layout, const uint8_t *const p[4], size_t n, size_t i, uint8_t *dst) {
  switch (layout) {
    case format::kLayoutRot16:
      for (; i < n; ++i) {
        dst[2 * i] = Rotr1Hi(p[1][i], p[0][i]);
        dst[2 * i + 1] = Rotr1Hi(p[0][i], p[1][i]);
      }
      break;
    case format::kLayoutSplit2:
      for (; i < n; ++i) {
        dst[2 * i + 1] = p[0][i];
        dst[2 * i] = p[1][i];
      }
      break;
    case format::kLayoutRot32:
      for (; i < n; ++i) {
        uint8_t *e = dst + 4 * i;
        e[3] = Rotr1Hi(p[0][i], p[1][i]);
        e[2] = Rotr1Hi(p[1][i], p[0][i]);
        e[1] = p[2][i];
        e[0] = p[3][i];
      }
      break;
    case format::kLayoutSplit4:
      for (; i < n; ++i) {
        uint8_t *e = dst + 4 * i;
        e[3] = p[0][i];
        e[2] = p[1][i];
        e[1] = p[2][i];
        e[0] = p[3][i];
      }
      break;
    default: break;
  }
}

// Trailing bytes of a partial element live at the end of the last plane.
void SplitTail(uint8_t layout, const uint8_t *src, size_t size, uint8_t *const p[4]) {
  const size_t elem = format::LayoutElementSize(layout);
  const size_t n = size / elem, tail = size % elem;
  if (tail) std::memcpy(p[elem - 1] + n, src + n * elem, tail);
}
void MergeTail(uint8_t layout, const uint8_t *const p[4], size_t size, uint8_t *dst) {
  const size_t elem = format::LayoutElementSize(layout);
  const size_t n = size / elem, tail = size % elem;
  if (tail) std::memcpy(dst + n * elem, p[elem - 1] + n, tail);
}

}  // namespace

void SplitPlanes(uint8_t layout, const uint8_t *src, size_t size, uint8_t *const planes[4]) {
  if (layout == format::kLayoutBytes) {
    if (size) std::memcpy(planes[0], src, size);
    return;
  }
  const size_t n = size / format::LayoutElementSize(layout);
  size_t done = 0;
  switch (layout) {
    case format::kLayoutRot16:
      done = HWY_DYNAMIC_DISPATCH(SplitRot16)(src, n, planes[0], planes[1]);
      break;
    case format::kLayoutSplit2:
      done = HWY_DYNAMIC_DISPATCH(Split2)(src, n, planes[0], planes[1]);
      break;
    case format::kLayoutRot32:
      done = HWY_DYNAMIC_DISPATCH(SplitRot32)(src, n, planes[0], planes[1], planes[2], planes[3]);
      break;
    case format::kLayoutSplit4:
      done = HWY_DYNAMIC_DISPATCH(Split4)(src, n, planes[0], planes[1], planes[2], planes[3]);
      break;
    default: return;
  }
  SplitFrom(layout, src, n, done, planes);
  SplitTail(layout, src, size, planes);
}

void MergePlanes(uint8_t layout, const uint8_t *const planes[4], size_t size, uint8_t *dst) {
  if (layout == format::kLayoutBytes) {
    if (size) std::memcpy(dst, planes[0], size);
    return;
  }
  const size_t n = size / format::LayoutElementSize(layout);
  size_t done = 0;
  switch (layout) {
    case format::kLayoutRot16:
      done = HWY_DYNAMIC_DISPATCH(MergeRot16)(planes[0], planes[1], n, dst);
      break;
    case format::kLayoutSplit2:
      done = HWY_DYNAMIC_DISPATCH(Merge2)(planes[0], planes[1], n, dst);
      break;
    case format::kLayoutRot32:
      done = HWY_DYNAMIC_DISPATCH(MergeRot32)(planes[0], planes[1], planes[2], planes[3], n, dst);
      break;
    case format::kLayoutSplit4:
      done = HWY_DYNAMIC_DISPATCH(Merge4)(planes[0], planes[1], planes[2], planes[3], n, dst);
      break;
    default: return;
  }
  MergeFrom(layout, planes, n, done, dst);
  MergeTail(layout, planes, size, dst);
}

namespace {
void MergeRot32FillFrom(const uint8_t *p0, const uint8_t *p1, uint8_t c2, uint8_t c3, size_t size,
                        size_t i, uint8_t *dst) {
  const size_t n = size / 4;
  for (; i < n; ++i) {
    uint8_t *e = dst + 4 * i;
    e[3] = Rotr1Hi(p0[i], p1[i]);
    e[2] = Rotr1Hi(p1[i], p0[i]);
    e[1] = c2;
    e[0] = c3;
  }
  std::memset(dst + 4 * n, c3, size % 4);  // a partial element's bytes are in plane 3
}
}  // namespace

bool SplitRot32IfLowConstant(const uint8_t *src, size_t size, uint8_t *p0, uint8_t *p1, uint8_t *c2,
                             uint8_t *c3) {
  if (size < 4 || size % 4 != 0) return false;
  const size_t n = size / 4;
  const uint8_t b1 = src[1], b0 = src[0];
  // A quick look at the first elements turns away most data at no cost.
  for (size_t i = 1; i < n && i < 64; ++i)
    if (src[4 * i + 1] != b1 || src[4 * i] != b0) return false;
  bool same = false;
  size_t i = HWY_DYNAMIC_DISPATCH(SplitRot32High)(src, n, b1, b0, p0, p1, &same);
  if (!same) return false;
  for (; i < n; ++i) {
    const uint8_t *e = src + 4 * i;
    if (e[1] != b1 || e[0] != b0) return false;
    p0[i] = Rotl1Hi(e[3], e[2]);
    p1[i] = Rotl1Hi(e[2], e[3]);
  }
  *c2 = b1;
  *c3 = b0;
  return true;
}

void MergeRot32Fill(const uint8_t *p0, const uint8_t *p1, uint8_t c2, uint8_t c3, size_t size,
                    uint8_t *dst) {
  const size_t done = HWY_DYNAMIC_DISPATCH(MergeRot32Fill)(p0, p1, c2, c3, size / 4, dst);
  MergeRot32FillFrom(p0, p1, c2, c3, size, done, dst);
}

namespace scalar {
void MergeRot32Fill(const uint8_t *p0, const uint8_t *p1, uint8_t c2, uint8_t c3, size_t size,
                    uint8_t *dst) {
  MergeRot32FillFrom(p0, p1, c2, c3, size, 0, dst);
}

void SplitPlanes(uint8_t layout, const uint8_t *src, size_t size, uint8_t *const planes[4]) {
  if (layout == format::kLayoutBytes) {
    if (size) std::memcpy(planes[0], src, size);
    return;
  }
  SplitFrom(layout, src, size / format::LayoutElementSize(layout), 0, planes);
  SplitTail(layout, src, size, planes);
}
void MergePlanes(uint8_t layout, const uint8_t *const planes[4], size_t size, uint8_t *dst) {
  if (layout == format::kLayoutBytes) {
    if (size) std::memcpy(dst, planes[0], size);
    return;
  }
  MergeFrom(layout, planes, size / format::LayoutElementSize(layout), 0, dst);
  MergeTail(layout, planes, size, dst);
}
}  // namespace scalar

std::vector<int64_t> AvailableTargets() { return hwy::SupportedAndGeneratedTargets(); }
const char *TargetName(int64_t target) { return hwy::TargetName(target); }
void ForceTarget(int64_t target) { hwy::SetSupportedTargetsForTest(target); }
int64_t CurrentTarget() {
  // The best supported target is what dynamic dispatch picks.
  const int64_t supported = hwy::SupportedTargets();
  return supported & -supported;
}

}  // namespace zipnn::simd
#endif  // HWY_ONCE
