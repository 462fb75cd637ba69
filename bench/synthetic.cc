#include "synthetic.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "common.h"

namespace zipnn::bench {

namespace {

constexpr uint64_t kSeed = 0x5A49504E4E2D4231ULL;  // fixed: the data never changes
constexpr size_t kBlock = size_t{1} << 20;          // bytes per independently seeded block

uint64_t SplitMix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The 128-layer ziggurat of Marsaglia & Tsang (2000), in double precision, with
// the layer index (low 7 bits) and the value (top 53 bits) taken from
// independent bits of one 64-bit draw.
struct Ziggurat {
  static constexpr double kR = 3.442619855899;  // start of the tail
  static constexpr double kV = 9.91256303526217e-3;  // area of each layer
  int64_t k[128];
  double w[128], f[128];
  Ziggurat() {
    const double m = 0x1.0p52;
    double dn = kR, tn = dn;
    const double q = kV / std::exp(-0.5 * dn * dn);
    k[0] = static_cast<int64_t>(dn / q * m);
    k[1] = 0;
    w[0] = q / m;
    w[127] = dn / m;
    f[0] = 1.0;
    f[127] = std::exp(-0.5 * dn * dn);
    for (int i = 126; i >= 1; --i) {
      dn = std::sqrt(-2.0 * std::log(kV / dn + std::exp(-0.5 * dn * dn)));
      k[i + 1] = static_cast<int64_t>(dn / tn * m);
      tn = dn;
      f[i] = std::exp(-0.5 * dn * dn);
      w[i] = dn / m;
    }
  }
};

const Ziggurat &ZigguratTables() {
  static const Ziggurat z;
  return z;
}

// xoshiro256** with a ziggurat normal generator on top.
class Rng {
 public:
  explicit Rng(uint64_t seed) : z_(ZigguratTables()) {
    for (uint64_t &w : s_) w = SplitMix64(seed);
  }
  uint64_t Next() {
    const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }
  // Uniform in (-1, 1), 53 bits.
  double Symmetric() { return static_cast<double>(Next() >> 11) * 0x1.0p-52 - 1.0; }
  // Uniform in (0, 1).
  double Open01() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }
  // Standard normal.
  double Normal() {
    for (;;) {
      const uint64_t u = Next();
      const size_t i = u & 127;
      const int64_t h = static_cast<int64_t>(u) >> 11;  // uniform in [-2^52, 2^52)
      const double x = static_cast<double>(h) * z_.w[i];
      if ((h < 0 ? -h : h) < z_.k[i]) return x;  // inside the layer's rectangle (~99%)
      if (i == 0) {  // the tail beyond kR
        double t, y;
        do {
          t = -std::log(Open01()) / Ziggurat::kR;
          y = -std::log(Open01());
        } while (y + y < t * t);
        return h > 0 ? Ziggurat::kR + t : -Ziggurat::kR - t;
      }
      if (z_.f[i] + Open01() * (z_.f[i - 1] - z_.f[i]) < std::exp(-0.5 * x * x)) return x;
    }
  }

 private:
  const Ziggurat &z_;
  uint64_t s_[4];
};

template <class T>
void Store(uint8_t *dst, T v) {
  std::memcpy(dst, &v, sizeof(T));
}

void FillBlock(SyntheticKind kind, uint8_t *dst, size_t size, Rng &rng) {
  switch (kind) {
    case SyntheticKind::kBf16:
      for (size_t i = 0; i + 2 <= size; i += 2)
        Store(dst + i, FloatToBf16(static_cast<float>(rng.Normal() * 0.02)));
      break;
    case SyntheticKind::kFp16:
      for (size_t i = 0; i + 2 <= size; i += 2)
        Store(dst + i, FloatToFp16(static_cast<float>(rng.Normal() * 0.02)));
      break;
    case SyntheticKind::kFp32:
      for (size_t i = 0; i + 4 <= size; i += 4)
        Store(dst + i, static_cast<float>(rng.Normal() * 0.02));
      break;
    case SyntheticKind::kFp32UpcastBf16:
      for (size_t i = 0; i + 4 <= size; i += 4) {
        const uint32_t b = FloatToBf16(static_cast<float>(rng.Normal() * 0.02));
        Store(dst + i, static_cast<uint32_t>(b << 16));
      }
      break;
    case SyntheticKind::kFp8E4m3:
      for (size_t i = 0; i < size; ++i)
        dst[i] = FloatToE4m3fn(static_cast<float>(rng.Normal() * (448.0 / 6.0)));
      break;
    case SyntheticKind::kRandomBytes: {
      size_t i = 0;
      for (; i + 8 <= size; i += 8) Store(dst + i, rng.Next());
      for (; i < size; ++i) dst[i] = static_cast<uint8_t>(rng.Next());
      break;
    }
  }
}

}  // namespace

const std::vector<SyntheticSpec> &SyntheticSpecs() {
  static const std::vector<SyntheticSpec> specs = {
      {SyntheticKind::kBf16, "bf16", "BF16 N(0,0.02) RNE", ZIPNN_DTYPE_BF16, 2},
      {SyntheticKind::kFp16, "fp16", "FP16 N(0,0.02) RNE", ZIPNN_DTYPE_FP16, 2},
      {SyntheticKind::kFp32, "fp32", "FP32 N(0,0.02)", ZIPNN_DTYPE_FP32, 4},
      {SyntheticKind::kFp32UpcastBf16, "fp32-bf16", "FP32 holding upcast BF16", ZIPNN_DTYPE_FP32,
       4},
      {SyntheticKind::kFp8E4m3, "fp8", "FP8 e4m3fn N(0,448/6) RNE sat.", ZIPNN_DTYPE_FP8_E4M3FN,
       1},
      {SyntheticKind::kRandomBytes, "random", "random bytes", ZIPNN_DTYPE_BYTES, 1},
  };
  return specs;
}

void FillSynthetic(SyntheticKind kind, uint8_t *dst, size_t size, size_t threads) {
  const size_t blocks = (size + kBlock - 1) / kBlock;
  ParallelFor(threads, blocks, 1, [&](size_t b0, size_t b1) {
    for (size_t b = b0; b < b1; ++b) {
      // One seed per (kind, block): any thread count gives the same bytes.
      Rng rng(kSeed ^ (static_cast<uint64_t>(kind) << 56) ^ b);
      const size_t off = b * kBlock;
      FillBlock(kind, dst + off, std::min(kBlock, size - off), rng);
    }
  });
}

namespace {

// Round to nearest, ties to even, for 0 <= v < 2^22: the sum with 2^23 has no
// fraction bits left, and the FPU rounds it half to even (IEEE semantics: the
// compiler may not fold (v + c) - c without -ffast-math). No libm call, unlike
// nearbyint on baseline x86-64, so the generators stay fast.
float RoundHalfEven(float v) {
  constexpr float kBig = 0x1.0p23f;
  return (v + kBig) - kBig;
}

}  // namespace

uint16_t FloatToBf16(float f) {
  uint32_t u = std::bit_cast<uint32_t>(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((u >> 16) | 0x40);  // quiet NaN
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

uint16_t FloatToFp16(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00u);  // NaN
  if (ax >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // >= 65520: inf
  if (ax < 0x38800000u) {
    // Below 2^-14: a subnormal half holds round(|f| * 2^24), half to even; the
    // scaling is exact. 1024 lands on the min normal.
    const auto m = static_cast<uint32_t>(RoundHalfEven(std::bit_cast<float>(ax) * 16777216.0f));
    return static_cast<uint16_t>(sign | m);
  }
  const uint32_t mant = ax & 0x7fffffu;
  uint32_t h = (((ax >> 23) - 127u + 15u) << 10) | (mant >> 13);
  const uint32_t rem = mant & 0x1fffu;
  // Round half to even, without a branch (the rounding direction is random
  // data: a branch mispredicts half the time). A carry bumps the exponent.
  h += static_cast<uint32_t>(rem > 0x1000u) | (static_cast<uint32_t>(rem == 0x1000u) & h & 1u);
  return static_cast<uint16_t>(sign | h);
}

uint8_t FloatToE4m3fn(float f) {
  // e4m3fn: bias 7, no infinity, NaN = S.1111.111, max finite 448 (S.1111.110).
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (x >> 24) & 0x80u;
  const uint32_t ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) return static_cast<uint8_t>(sign | 0x7fu);  // NaN
  if (ax >= 0x43e00000u) return static_cast<uint8_t>(sign | 0x7eu);  // >= 448: saturate
  if (ax < 0x3c800000u) {
    // Below 2^-6: subnormal, round(|f| * 2^9) in [0, 8]; 8 is the min normal.
    const auto m = static_cast<uint32_t>(RoundHalfEven(std::bit_cast<float>(ax) * 512.0f));
    return static_cast<uint8_t>(sign | m);
  }
  const uint32_t mant = ax & 0x7fffffu;
  uint32_t h = (((ax >> 23) - 127u + 7u) << 3) | (mant >> 20);
  const uint32_t rem = mant & 0xfffffu;
  h += static_cast<uint32_t>(rem > 0x80000u) | (static_cast<uint32_t>(rem == 0x80000u) & h & 1u);
  if (h > 0x7eu) h = 0x7eu;  // would round to the NaN pattern: saturate
  return static_cast<uint8_t>(sign | h);
}

float Fp16ToFloat(uint16_t h) {
  const int e = (h >> 10) & 0x1f;
  const int m = h & 0x3ff;
  float v;
  if (e == 0) {
    v = std::ldexp(static_cast<float>(m), -24);
  } else if (e == 31) {
    v = m == 0 ? std::numeric_limits<float>::infinity() : std::numeric_limits<float>::quiet_NaN();
  } else {
    v = std::ldexp(static_cast<float>(1024 + m), e - 25);
  }
  return (h & 0x8000) ? -v : v;
}

float E4m3fnToFloat(uint8_t b) {
  const int e = (b >> 3) & 0xf;
  const int m = b & 0x7;
  float v;
  if (e == 15 && m == 7) {
    v = std::numeric_limits<float>::quiet_NaN();
  } else if (e == 0) {
    v = std::ldexp(static_cast<float>(m), -9);
  } else {
    v = std::ldexp(static_cast<float>(8 + m), e - 10);
  }
  return (b & 0x80) ? -v : v;
}

namespace {

// `code` (a magnitude code, sign bit clear) must be the nearest finite value to
// |x| among its neighbours code-1 and code+1, ties to the even code.
template <class Decode>
bool NearestAmongNeighbours(double ax, uint32_t code, uint32_t max_finite, Decode decode) {
  const double here = std::fabs(ax - static_cast<double>(decode(code)));
  for (int d : {-1, 1}) {
    if ((d < 0 && code == 0) || (d > 0 && code == max_finite)) continue;
    const uint32_t other = static_cast<uint32_t>(static_cast<int64_t>(code) + d);
    const double there = std::fabs(ax - static_cast<double>(decode(other)));
    if (there < here) return false;
    if (there == here && (code & 1u)) return false;
  }
  return true;
}

}  // namespace

void SelfCheckConversions() {
  Rng rng(kSeed);
  for (int i = 0; i < 200000; ++i) {
    // Magnitudes from far below the subnormal range to beyond the max.
    const double mag = std::ldexp(1.0 + (rng.Symmetric() + 1.0) / 2.0,
                                  static_cast<int>(rng.Next() % 40) - 30);
    const float f = static_cast<float>(rng.Symmetric() < 0 ? -mag : mag);
    const double af = std::fabs(static_cast<double>(f));

    const uint8_t q = FloatToE4m3fn(f);
    const uint32_t qm = q & 0x7fu;
    const bool q_sign_ok = ((q & 0x80u) != 0) == std::signbit(f);
    const bool q_ok = af >= 448.0 ? qm == 0x7eu
                                  : NearestAmongNeighbours(af, qm, 0x7eu, [](uint32_t c) {
                                      return E4m3fnToFloat(static_cast<uint8_t>(c));
                                    });
    if (!q_sign_ok || !q_ok) Die("self-check: e4m3fn conversion wrong for " + std::to_string(af));

    const uint16_t h = FloatToFp16(f);
    const uint32_t hm = h & 0x7fffu;
    const bool h_sign_ok = ((h & 0x8000u) != 0) == std::signbit(f);
    const bool h_ok = af >= 65520.0 ? hm == 0x7c00u
                                    : NearestAmongNeighbours(af, hm, 0x7bffu, [](uint32_t c) {
                                        return Fp16ToFloat(static_cast<uint16_t>(c));
                                      });
    if (!h_sign_ok || !h_ok) Die("self-check: fp16 conversion wrong for " + std::to_string(af));

    const uint16_t b = FloatToBf16(f);
    const float back = std::bit_cast<float>(static_cast<uint32_t>(b) << 16);
    const double err = std::fabs(static_cast<double>(back) - static_cast<double>(f));
    if (err > std::ldexp(std::fabs(static_cast<double>(f)), -8))
      Die("self-check: bf16 conversion wrong for " + std::to_string(af));
  }
  // The normal generator: moments and two tail probabilities of 4M draws.
  {
    constexpr int kDraws = 1 << 22;
    double sum = 0, sum2 = 0, sum4 = 0;
    int beyond2 = 0, beyond35 = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = rng.Normal();
      sum += x;
      sum2 += x * x;
      sum4 += x * x * x * x;
      beyond2 += std::fabs(x) > 2.0;
      beyond35 += std::fabs(x) > 3.5;
    }
    const double mean = sum / kDraws, var = sum2 / kDraws, kurt = sum4 / kDraws;
    const double p2 = static_cast<double>(beyond2) / kDraws;     // 0.0455003
    const double p35 = static_cast<double>(beyond35) / kDraws;   // 0.000465258
    if (std::fabs(mean) > 0.003 || std::fabs(var - 1) > 0.005 || std::fabs(kurt - 3) > 0.03 ||
        std::fabs(p2 / 0.0455003 - 1) > 0.02 || std::fabs(p35 / 0.000465258 - 1) > 0.1)
      Die("self-check: normal generator statistics off");
  }
  // Spot values: e4m3fn max, min subnormal, NaN; fp16 max.
  if (FloatToE4m3fn(448.0f) != 0x7e || FloatToE4m3fn(-1000.0f) != 0xfe ||
      FloatToE4m3fn(0x1.0p-9f) != 0x01 || FloatToE4m3fn(1.0f) != 0x38 ||
      FloatToE4m3fn(std::numeric_limits<float>::quiet_NaN()) != 0x7f ||
      FloatToFp16(65504.0f) != 0x7bff || FloatToFp16(1.0f) != 0x3c00)
    Die("self-check: conversion spot values wrong");
}

}  // namespace zipnn::bench
