#include "test_util.h"

namespace zt {

static uint16_t ToFp16(float f) {
  // Round-to-nearest-even float -> IEEE half (values here are small and finite).
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000;
  int32_t exp = static_cast<int32_t>((x >> 23) & 0xff) - 127 + 15;
  uint32_t mant = x & 0x7fffff;
  if (exp <= 0) {  // subnormal half
    if (exp < -10) return static_cast<uint16_t>(sign);
    mant |= 0x800000;
    const uint32_t shift = static_cast<uint32_t>(14 - exp);
    uint32_t h = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = (static_cast<uint32_t>(exp) << 10) | (mant >> 13);
  const uint32_t rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;
  return static_cast<uint16_t>(sign | h);
}

static uint8_t ToE4m3(float f) {
  // Nearest e4m3fn value by search over the 126 finite positive codes.
  const uint8_t sign = f < 0 ? 0x80 : 0;
  const float a = std::fabs(f);
  uint8_t best = 0;
  float best_err = a;
  for (uint8_t c = 1; c < 0x7f; ++c) {
    const int e = c >> 3, m = c & 7;
    const float v = e == 0 ? std::ldexp(static_cast<float>(m) / 8.0f, -6)
                           : std::ldexp(1.0f + static_cast<float>(m) / 8.0f, e - 7);
    const float err = std::fabs(v - a);
    if (err < best_err) best = c, best_err = err;
  }
  return static_cast<uint8_t>(sign | best);
}

Bytes Synthetic(zipnn_dtype dtype, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> nd(0.0f, 0.02f);
  Bytes b(n);
  const size_t elem = zipnn_dtype_size(dtype);
  size_t i = 0;
  for (; i + elem <= n; i += elem) {
    const float f = nd(rng);
    switch (dtype) {
      case ZIPNN_DTYPE_BF16: {
        const uint16_t v = ToBf16(f);
        std::memcpy(&b[i], &v, 2);
        break;
      }
      case ZIPNN_DTYPE_FP16: {
        const uint16_t v = ToFp16(f);
        std::memcpy(&b[i], &v, 2);
        break;
      }
      case ZIPNN_DTYPE_FP32: std::memcpy(&b[i], &f, 4); break;
      case ZIPNN_DTYPE_FP8_E4M3FN: b[i] = ToE4m3(f * 20); break;
      case ZIPNN_DTYPE_FP8_E5M2: b[i] = static_cast<uint8_t>(ToFp16(f) >> 8); break;
      default:
        for (size_t k = 0; k < elem; ++k) b[i + k] = static_cast<uint8_t>(rng() & 0x3f);
    }
  }
  for (; i < n; ++i) b[i] = static_cast<uint8_t>(rng());
  return b;
}

}  // namespace zt
