// Deterministic sample data shared by make_corpus and bitflip_test:
// weights-like values per dtype, text, noise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_util.h"
#include "zipnn.h"

namespace zipnn_fuzz {

using Bytes = std::vector<uint8_t>;

// Roughly normal values with standard deviation `sigma` (Irwin-Hall of 4).
inline float Normal(Rng &rng, float sigma) {
  double s = 0;
  for (int i = 0; i < 4; ++i) s += static_cast<double>(rng.Next() >> 11) / 9007199254740992.0;
  return static_cast<float>((s - 2.0) * 1.7320508 * static_cast<double>(sigma));
}

inline uint32_t FloatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// fp32 -> fp16 by truncation; fine for small weights.
inline uint16_t HalfBits(float f) {
  const uint32_t u = FloatBits(f);
  const uint32_t sign = (u >> 16) & 0x8000u;
  const int exp = static_cast<int>((u >> 23) & 0xff) - 127 + 15;
  if (exp <= 0) return static_cast<uint16_t>(sign);
  if (exp >= 31) return static_cast<uint16_t>(sign | 0x7c00u);
  return static_cast<uint16_t>(sign | (static_cast<uint32_t>(exp) << 10) | ((u >> 13) & 0x3ffu));
}

// `n` bytes that suit `dtype`: weights-like for floats, small integers for
// the opaque integer types.
inline Bytes SampleData(zipnn_dtype dtype, size_t n, uint64_t seed) {
  Rng rng(seed);
  Bytes x(n);
  size_t i = 0;
  auto put = [&](uint64_t v, size_t width) {
    for (size_t k = 0; k < width && i < n; ++k) x[i++] = static_cast<uint8_t>(v >> (8 * k));
  };
  while (i < n) {
    const float w = Normal(rng, 0.02f);
    switch (dtype) {
      case ZIPNN_DTYPE_BF16: put(FloatBits(w) >> 16, 2); break;
      case ZIPNN_DTYPE_FP16: put(HalfBits(w), 2); break;
      case ZIPNN_DTYPE_FP32: put(FloatBits(w), 4); break;
      case ZIPNN_DTYPE_FP8_E4M3FN:
      case ZIPNN_DTYPE_FP8_E5M2: put(0x20 + (rng.Next() % 24) + ((rng.Next() & 1) << 7), 1); break;
      case ZIPNN_DTYPE_FP64: {
        const double d = static_cast<double>(w);
        uint64_t u;
        std::memcpy(&u, &d, 8);
        put(u, 8);
        break;
      }
      case ZIPNN_DTYPE_BOOL: put(rng.Next() % 5 == 0, 1); break;
      case ZIPNN_DTYPE_BYTES: put(rng.Next() % 40, 1); break;
      default: put(rng.Next() % 300, zipnn_dtype_size(dtype)); break;
    }
  }
  return x;
}

// Text-like bytes with repeats (zstd territory).
inline Bytes Text(size_t n) {
  static const char kWords[] =
      "the model layer weight bias attention head norm embed token vocab scale shard tensor ";
  Bytes x(n);
  Rng rng(7);
  size_t i = 0;
  while (i < n) {
    const size_t start = static_cast<size_t>(rng.Below(60));
    for (size_t k = start; k < sizeof(kWords) - 1 && i < n; ++k) x[i++] = static_cast<uint8_t>(kWords[k]);
  }
  return x;
}

// The base that delta_fuzzer decodes arbitrary frames with (its kind 3):
// make_corpus writes seed frames compressed against it.
inline Bytes DeltaFuzzBase(size_t n, uint64_t seed) { return SampleData(ZIPNN_DTYPE_BF16, n, seed); }

inline Bytes Noise(size_t n, uint64_t seed) {
  Rng rng(seed);
  Bytes x(n);
  for (auto &b : x) b = static_cast<uint8_t>(rng.Next());
  return x;
}

}  // namespace zipnn_fuzz
