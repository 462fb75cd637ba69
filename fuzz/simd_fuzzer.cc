// Property: every Highway target compiled in and supported by this CPU splits
// and merges byte planes exactly like the scalar reference, for every layout,
// any length and any alignment, and merge inverts split; so do the kernels for
// constant low planes of kLayoutRot32. Output buffers carry guard regions that
// must stay untouched.
//
// Input: 2 parameter bytes, then the chunk bytes:
//   [0] layout (% 5; bits above pick nothing)   [1] misalignment of src (% 64)
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "format/frame.h"
#include "fuzz_util.h"
#include "simd/byte_planes.h"

namespace {

using namespace zipnn_fuzz;
namespace simd = zipnn::simd;
namespace format = zipnn::format;

constexpr size_t kGuard = 32;
constexpr uint8_t kGuardByte = 0xE7;

struct Planes {
  explicit Planes(const uint32_t sizes[4]) {
    for (size_t s = 0; s < 4; ++s) {
      size[s] = sizes[s];
      bytes[s].assign(sizes[s] + kGuard, kGuardByte);
      ptr[s] = bytes[s].data();
    }
  }
  bool GuardsIntact() const {
    for (size_t s = 0; s < 4; ++s)
      for (size_t i = size[s]; i < bytes[s].size(); ++i)
        if (bytes[s][i] != kGuardByte) return false;
    return true;
  }
  bool SameAs(const Planes &o) const {
    for (size_t s = 0; s < 4; ++s)
      if (std::memcmp(bytes[s].data(), o.bytes[s].data(), size[s]) != 0) return false;
    return true;
  }
  size_t size[4];
  std::vector<uint8_t> bytes[4];
  uint8_t *ptr[4];
};

// The kLayoutRot32 kernels for constant low planes (FP32 holding upcast
// BF16), on every target: the split that writes only planes 0 and 1 accepts
// exactly the inputs whose low two bytes are the same in every element and
// then gives the scalar split's planes; the merge that fills planes 2 and 3
// gives the input back. Run on the input itself and on a copy whose low
// halves are made constant.
void CheckConstantLowPlanes(const uint8_t *src, size_t n, const Planes &ref) {
  std::vector<uint8_t> upcast(src, src + n);
  for (size_t i = 4; i + 4 <= n; i += 4) upcast[i] = upcast[0], upcast[i + 1] = upcast[1];
  const std::vector<uint8_t> *const inputs[2] = {&upcast, nullptr};  // nullptr: src itself
  for (const std::vector<uint8_t> *in : inputs) {
    const uint8_t *data = in ? in->data() : src;
    bool constant = n >= 4 && n % 4 == 0;
    for (size_t i = 4; constant && i < n; i += 4) constant = data[i] == data[0] && data[i + 1] == data[1];
    uint32_t sizes[4];
    format::PlaneSizes(format::kLayoutRot32, static_cast<uint32_t>(n), sizes);
    Planes split(sizes);
    if (in) simd::scalar::SplitPlanes(format::kLayoutRot32, data, n, split.ptr);
    const Planes &want = in ? split : ref;
    for (const int64_t target : simd::AvailableTargets()) {
      simd::ForceTarget(target);
      Planes got(sizes);
      uint8_t c2 = 0, c3 = 0;
      const bool fused = simd::SplitRot32IfLowConstant(data, n, got.ptr[0], got.ptr[1], &c2, &c3);
      FUZZ_CHECK(fused == constant);
      FUZZ_CHECK(got.GuardsIntact());
      if (!fused) continue;
      FUZZ_CHECK(c2 == data[1] && c3 == data[0]);
      FUZZ_CHECK(SameBytes(got.ptr[0], want.ptr[0], sizes[0]) && SameBytes(got.ptr[1], want.ptr[1], sizes[1]));
      std::vector<uint8_t> out(n + kGuard, kGuardByte);
      simd::MergeRot32Fill(got.ptr[0], got.ptr[1], c2, c3, n, out.data());
      FUZZ_CHECK(SameBytes(out.data(), data, n));
      for (size_t i = n; i < out.size(); ++i) FUZZ_CHECK(out[i] == kGuardByte);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const Params p(data, size, 2);
  const uint8_t layout = static_cast<uint8_t>(p.Byte(0) % format::kLayoutCount);
  const size_t misalign = p.Byte(1) % 64u;
  const size_t n = p.payload_size();
  if (n > UINT32_MAX) return 0;

  // The chunk at the chosen misalignment, in a buffer of exactly its size
  // past that point so that ASan sees any over-read.
  std::vector<uint8_t> storage(misalign + n);
  if (n) std::memcpy(storage.data() + misalign, p.payload(), n);
  const uint8_t *src = storage.data() + misalign;

  uint32_t sizes[4];
  format::PlaneSizes(layout, static_cast<uint32_t>(n), sizes);
  uint32_t total = 0;
  for (uint32_t s : sizes) total += s;
  FUZZ_CHECK(total == n);

  Planes ref(sizes);
  simd::scalar::SplitPlanes(layout, src, n, ref.ptr);
  FUZZ_CHECK(ref.GuardsIntact());
  // The scalar reference round-trips.
  std::vector<uint8_t> merged(n + kGuard, kGuardByte);
  {
    const uint8_t *const in[4] = {ref.ptr[0], ref.ptr[1], ref.ptr[2], ref.ptr[3]};
    simd::scalar::MergePlanes(layout, in, n, merged.data());
  }
  FUZZ_CHECK(SameBytes(merged.data(), src, n));
  // Merging arbitrary planes (the input bytes read as planes) has a reference too.
  std::vector<uint8_t> from_planes_ref(n + kGuard, kGuardByte);
  // Exactly sized, so that ASan sees any over-read by a merge kernel.
  std::vector<uint8_t> arbitrary[4];
  {
    size_t at = 0;
    for (size_t s = 0; s < 4; ++s) {
      arbitrary[s].assign(src + at, src + at + sizes[s]);
      at += sizes[s];
    }
    const uint8_t *const in[4] = {arbitrary[0].data(), arbitrary[1].data(), arbitrary[2].data(),
                                  arbitrary[3].data()};
    simd::scalar::MergePlanes(layout, in, n, from_planes_ref.data());
  }

  const int64_t before = simd::CurrentTarget();
  for (const int64_t target : simd::AvailableTargets()) {
    simd::ForceTarget(target);
    Planes got(sizes);
    simd::SplitPlanes(layout, src, n, got.ptr);
    if (!got.GuardsIntact() || !got.SameAs(ref)) {
      std::fprintf(stderr, "split differs on target %s, layout %u, n %zu\n", simd::TargetName(target),
                   layout, n);
      Fail("SplitPlanes matches scalar", __FILE__, __LINE__);
    }
    std::vector<uint8_t> out(n + kGuard, kGuardByte);
    const uint8_t *const in[4] = {got.ptr[0], got.ptr[1], got.ptr[2], got.ptr[3]};
    simd::MergePlanes(layout, in, n, out.data());
    for (size_t i = n; i < out.size(); ++i) FUZZ_CHECK(out[i] == kGuardByte);
    FUZZ_CHECK(SameBytes(out.data(), src, n));

    std::fill(out.begin(), out.end(), kGuardByte);
    const uint8_t *const arb[4] = {arbitrary[0].data(), arbitrary[1].data(), arbitrary[2].data(),
                                   arbitrary[3].data()};
    simd::MergePlanes(layout, arb, n, out.data());
    if (std::memcmp(out.data(), from_planes_ref.data(), n + kGuard) != 0) {
      std::fprintf(stderr, "merge differs on target %s, layout %u, n %zu\n", simd::TargetName(target),
                   layout, n);
      Fail("MergePlanes matches scalar", __FILE__, __LINE__);
    }
  }
  if (layout == format::kLayoutRot32) CheckConstantLowPlanes(src, n, ref);
  simd::ForceTarget(0);
  FUZZ_CHECK(simd::CurrentTarget() == before);
  return 0;
}
