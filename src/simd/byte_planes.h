// Splitting chunks into byte planes and merging them back, for every layout of
// format/frame.h. SIMD kernels (Highway, dispatched at run time) and a plain
// scalar reference that every compiled target is tested against.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zipnn::simd {

// Splits `size` bytes of `src` into the planes of `layout` (sizes from
// format::PlaneSizes; trailing bytes of a partial element go to the last plane).
void SplitPlanes(uint8_t layout, const uint8_t *src, size_t size, uint8_t *const planes[4]);
// Inverse of SplitPlanes.
void MergePlanes(uint8_t layout, const uint8_t *const planes[4], size_t size, uint8_t *dst);

// SplitPlanes for kLayoutRot32 when planes 2 and 3 are constant (the zero low
// half of FP32 holding upcast BF16): if size is a multiple of 4 and the low two
// bytes of every element equal those of the first, writes planes 0 and 1 only,
// sets *c2 and *c3 to the constant bytes of planes 2 and 3 and returns true;
// else returns false (planes 0 and 1 then hold no particular bytes).
bool SplitRot32IfLowConstant(const uint8_t *src, size_t size, uint8_t *p0, uint8_t *p1, uint8_t *c2,
                             uint8_t *c3);

// MergePlanes for kLayoutRot32 when planes 2 and 3 are the constant bytes c2
// and c3 (FP32 holding upcast BF16: the low half of every value is zero), so
// they are neither filled nor read.
void MergeRot32Fill(const uint8_t *p0, const uint8_t *p1, uint8_t c2, uint8_t c3, size_t size,
                    uint8_t *dst);

namespace scalar {
void MergeRot32Fill(const uint8_t *p0, const uint8_t *p1, uint8_t c2, uint8_t c3, size_t size,
                    uint8_t *dst);
void SplitPlanes(uint8_t layout, const uint8_t *src, size_t size, uint8_t *const planes[4]);
void MergePlanes(uint8_t layout, const uint8_t *const planes[4], size_t size, uint8_t *dst);
}  // namespace scalar

// For tests and benchmarks: every Highway target compiled into this binary that
// the CPU supports, its name, and a way to force one (0 restores the default).
std::vector<int64_t> AvailableTargets();
const char *TargetName(int64_t target);
void ForceTarget(int64_t target);
int64_t CurrentTarget();

}  // namespace zipnn::simd
