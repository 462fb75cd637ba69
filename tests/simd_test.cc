// Every Highway target compiled in and supported by this CPU gives exactly the
// scalar reference's bytes, for every layout and length.
#include <doctest/doctest.h>

#include <string>

#include "format/frame.h"
#include "simd/byte_planes.h"
#include "test_util.h"

namespace {
struct TargetReset {
  ~TargetReset() { zipnn::simd::ForceTarget(0); }
};
}  // namespace

TEST_CASE("byte planes: every SIMD target equals the scalar reference") {
  TargetReset reset;
  const auto targets = zipnn::simd::AvailableTargets();
  REQUIRE(!targets.empty());
  std::string names;
  for (int64_t t : targets) names += std::string(zipnn::simd::TargetName(t)) + " ";
  MESSAGE("targets tested: " << names);
  const zt::Bytes src = zt::Random(70000, 3);
  const size_t sizes[] = {0, 1, 3, 5, 63, 64, 65, 127, 1000, 4097, 70000};
  for (int64_t target : targets) {
    zipnn::simd::ForceTarget(target);
    for (uint8_t layout = 0; layout < zipnn::format::kLayoutCount; ++layout) {
      for (size_t n : sizes) {
        CAPTURE(zipnn::simd::TargetName(target));
        CAPTURE(int(layout));
        CAPTURE(n);
        uint32_t plane_sizes[4];
        zipnn::format::PlaneSizes(layout, static_cast<uint32_t>(n), plane_sizes);
        zt::Bytes ref[4], got[4];
        uint8_t *rp[4], *gp[4];
        for (int s = 0; s < 4; ++s) {
          ref[s].assign(plane_sizes[s] + 1, 0);
          got[s].assign(plane_sizes[s] + 1, 0);
          rp[s] = ref[s].data();
          gp[s] = got[s].data();
        }
        zipnn::simd::scalar::SplitPlanes(layout, src.data(), n, rp);
        zipnn::simd::SplitPlanes(layout, src.data(), n, gp);
        for (int s = 0; s < 4; ++s) REQUIRE(ref[s] == got[s]);
        zt::Bytes back_ref(n + 1, 0), back(n + 1, 0);
        const uint8_t *cp[4] = {rp[0], rp[1], rp[2], rp[3]};
        zipnn::simd::scalar::MergePlanes(layout, cp, n, back_ref.data());
        zipnn::simd::MergePlanes(layout, cp, n, back.data());
        REQUIRE(back == back_ref);
        REQUIRE(std::equal(back.begin(), back.begin() + static_cast<long>(n), src.begin()));
      }
    }
  }
}

TEST_CASE("compressed frames are identical on every SIMD target") {
  TargetReset reset;
  const zt::Bytes bf = zt::Synthetic(ZIPNN_DTYPE_BF16, 300001);
  const zt::Bytes f32 = zt::Synthetic(ZIPNN_DTYPE_FP32, 300002);
  zipnn::simd::ForceTarget(0);
  const zt::Bytes ref_bf = zt::Compress(bf, ZIPNN_DTYPE_BF16);
  const zt::Bytes ref_f32 = zt::Compress(f32, ZIPNN_DTYPE_FP32);
  for (int64_t target : zipnn::simd::AvailableTargets()) {
    CAPTURE(zipnn::simd::TargetName(target));
    zipnn::simd::ForceTarget(target);
    CHECK(zt::Compress(bf, ZIPNN_DTYPE_BF16) == ref_bf);
    CHECK(zt::Compress(f32, ZIPNN_DTYPE_FP32) == ref_f32);
    zt::Bytes out;
    REQUIRE(zt::Decompress(ref_bf, &out) == ZIPNN_OK);
    CHECK(out == bf);
  }
}
