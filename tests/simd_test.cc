// Every Highway target compiled in and supported by this CPU gives exactly the
// scalar reference's bytes, for every layout and length.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "format/checksum.h"
#include "format/frame.h"
#include "simd/byte_planes.h"
#include "simd/histogram.h"
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
        if (layout == zipnn::format::kLayoutRot32) {
          // Constant low planes (upcast values) merged without being filled.
          std::fill(ref[2].begin(), ref[2].end(), uint8_t{0x5a});
          std::fill(ref[3].begin(), ref[3].end(), uint8_t{0xc3});
          zt::Bytes fill_ref(n + 1, 0), fill(n + 1, 0), fill_scalar(n + 1, 0);
          zipnn::simd::scalar::MergePlanes(layout, cp, n, fill_ref.data());
          zipnn::simd::MergeRot32Fill(rp[0], rp[1], 0x5a, 0xc3, n, fill.data());
          zipnn::simd::scalar::MergeRot32Fill(rp[0], rp[1], 0x5a, 0xc3, n, fill_scalar.data());
          REQUIRE(fill == fill_ref);
          REQUIRE(fill_scalar == fill_ref);
        }
      }
    }
  }
}

TEST_CASE("byte planes: the split that skips constant low planes matches the scalar split") {
  TargetReset reset;
  // FP32 holding upcast BF16 (low halves 0x0000), and one with low halves
  // 0x1234 everywhere but one element: in the first 64, in a vector block, in
  // the scalar tail, or nowhere.
  const zt::Bytes random = zt::Random(4 * 70001, 41);
  for (int64_t target : zipnn::simd::AvailableTargets()) {
    zipnn::simd::ForceTarget(target);
    for (size_t n : {size_t{1}, size_t{63}, size_t{64}, size_t{1000}, size_t{70001}}) {
      for (long odd : {-1L, 5L, 700L, static_cast<long>(n) - 1}) {
        if (odd >= static_cast<long>(n) || odd == 0) continue;  // element 0 sets the constant
        CAPTURE(zipnn::simd::TargetName(target));
        CAPTURE(n);
        CAPTURE(odd);
        zt::Bytes src(random.begin(), random.begin() + static_cast<long>(4 * n));
        for (size_t i = 0; i < n; ++i) src[4 * i] = 0x34, src[4 * i + 1] = 0x12;
        if (odd >= 0) src[4 * static_cast<size_t>(odd) + static_cast<size_t>(odd % 2)] ^= 1;
        zt::Bytes ref[4], p0(n + 1), p1(n + 1);
        uint8_t *rp[4];
        for (int k = 0; k < 4; ++k) ref[k].assign(n + 1, 0), rp[k] = ref[k].data();
        zipnn::simd::scalar::SplitPlanes(zipnn::format::kLayoutRot32, src.data(), 4 * n, rp);
        uint8_t c2 = 0, c3 = 0;
        const bool fused = zipnn::simd::SplitRot32IfLowConstant(src.data(), 4 * n, p0.data(), p1.data(), &c2, &c3);
        REQUIRE(fused == (odd < 0));
        if (!fused) continue;
        CHECK(c2 == 0x12);
        CHECK(c3 == 0x34);
        CHECK(std::equal(p0.begin(), p0.begin() + static_cast<long>(n), ref[0].begin()));
        CHECK(std::equal(p1.begin(), p1.begin() + static_cast<long>(n), ref[1].begin()));
      }
    }
    uint8_t c2, c3, p[4];
    const uint8_t odd_size[6] = {};
    CHECK_FALSE(zipnn::simd::SplitRot32IfLowConstant(odd_size, 6, p, p + 2, &c2, &c3));  // not whole elements
  }
}

TEST_CASE("histograms: every SIMD target equals the scalar reference") {
  TargetReset reset;
  // Data the range kernel takes (exponent-like: zeros plus a narrow range,
  // with the range at both ends of the byte values, and 255-byte runs that
  // wrap 8-bit counters) and data it leaves to the scalar loop.
  struct Case {
    const char *name;
    zt::Bytes data;
  };
  std::vector<Case> cases;
  const zt::Bytes random = zt::Random(300000, 11);
  auto narrow = [&](uint8_t lo, uint32_t width, uint32_t zero_every, size_t n) {
    zt::Bytes b(n);
    for (size_t i = 0; i < n; ++i)
      b[i] = (zero_every && i % zero_every == 0) ? uint8_t{0}
                                                 : static_cast<uint8_t>(lo + random[i % random.size()] % width);
    return b;
  };
  cases.push_back({"exponent-like 100..124 with zeros", narrow(100, 25, 7, 300000)});
  cases.push_back({"top of the range 208..255", narrow(208, 48, 0, 100003)});
  cases.push_back({"bottom of the range 1..48 with zeros", narrow(1, 48, 3, 70001)});
  cases.push_back({"range of 49 values (scalar)", narrow(60, 49, 0, 70000)});
  cases.push_back({"one value", zt::Bytes(200000, 0x7f)});
  cases.push_back({"all zero", zt::Bytes(200000, 0)});
  zt::Bytes zeros_and_255(200000, 0);
  for (size_t i = 0; i < zeros_and_255.size(); i += 3) zeros_and_255[i] = 255;
  cases.push_back({"zeros and 255s", zeros_and_255});
  cases.push_back({"random bytes (scalar)", random});
  zt::Bytes runs(400000, 120);
  for (size_t i = 0; i < runs.size(); i += 1000) runs[i] = 0;
  cases.push_back({"long runs of one value", runs});
  const size_t sizes[] = {0, 1, 4095, 4096, 4097, 65536 + 63};
  for (int64_t target : zipnn::simd::AvailableTargets()) {
    zipnn::simd::ForceTarget(target);
    for (const Case &c : cases) {
      for (size_t n : sizes) {
        if (n == 65536 + 63) n = c.data.size();
        n = std::min(n, c.data.size());
        CAPTURE(zipnn::simd::TargetName(target));
        CAPTURE(c.name);
        CAPTURE(n);
        uint32_t ref[256], got[256];
        zipnn::simd::scalar::Histogram(c.data.data(), n, ref);
        std::memset(got, 0xee, sizeof(got));
        zipnn::simd::Histogram(c.data.data(), n, got);
        REQUIRE(std::equal(ref, ref + 256, got));
      }
    }
  }
}

TEST_CASE("compressed frames are identical on every SIMD target") {
  TargetReset reset;
  const zt::Bytes bf = zt::Synthetic(ZIPNN_DTYPE_BF16, 300001);
  const zt::Bytes f32 = zt::Synthetic(ZIPNN_DTYPE_FP32, 300002);
  zt::Bytes upcast(4 * (bf.size() / 2), 0);  // FP32 holding the BF16 values
  for (size_t i = 0; i < bf.size() / 2; ++i) upcast[4 * i + 2] = bf[2 * i], upcast[4 * i + 3] = bf[2 * i + 1];
  zipnn::simd::ForceTarget(0);
  const zt::Bytes ref_bf = zt::Compress(bf, ZIPNN_DTYPE_BF16);
  const zt::Bytes ref_f32 = zt::Compress(f32, ZIPNN_DTYPE_FP32);
  const zt::Bytes ref_up = zt::Compress(upcast, ZIPNN_DTYPE_FP32);
  for (int64_t target : zipnn::simd::AvailableTargets()) {
    CAPTURE(zipnn::simd::TargetName(target));
    zipnn::simd::ForceTarget(target);
    CHECK(zt::Compress(bf, ZIPNN_DTYPE_BF16) == ref_bf);
    CHECK(zt::Compress(f32, ZIPNN_DTYPE_FP32) == ref_f32);
    CHECK(zt::Compress(upcast, ZIPNN_DTYPE_FP32) == ref_up);
    zt::Bytes out;
    REQUIRE(zt::Decompress(ref_bf, &out) == ZIPNN_OK);
    CHECK(out == bf);
    REQUIRE(zt::Decompress(ref_up, &out) == ZIPNN_OK);
    CHECK(out == upcast);
  }
}

TEST_CASE("checksums: the dispatched XXH3 (AVX2 where present) and copy-and-hash equal the baseline build") {
  // The test is compiled for the baseline CPU, so XXH3_64bits here is the
  // portable code; Checksum64 may run the AVX2 build.
  const zt::Bytes data = zt::Random(3 * 1024 * 1024 + 17, 23);
  for (size_t n : {size_t{0}, size_t{1}, size_t{240}, size_t{241}, size_t{1024}, size_t{1025},
                   size_t{65536 + 5}, size_t{1} << 20, data.size()}) {
    CAPTURE(n);
    CHECK(zipnn::Checksum64(data.data(), n) == XXH3_64bits(data.data(), n));
    CHECK(zipnn::Checksum64(data.data() + 3, n - (n > 3 ? 3 : n)) ==
          XXH3_64bits(data.data() + 3, n - (n > 3 ? 3 : n)));
    zt::Bytes copy(n + 1, 0xab);
    CHECK(zipnn::CopyAndChecksum64(copy.data(), data.data(), n) == XXH3_64bits(data.data(), n));
    CHECK(std::equal(copy.begin(), copy.begin() + static_cast<long>(n), data.begin()));
    CHECK(copy[n] == 0xab);
  }
}
