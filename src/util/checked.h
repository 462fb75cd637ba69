// Overflow-checked arithmetic for sizes and offsets read from untrusted frames.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zipnn {

// Returns false (and leaves *out unspecified) on overflow.
template <typename T>
[[nodiscard]] inline bool CheckedAdd(T a, T b, T *out) {
  return !__builtin_add_overflow(a, b, out);
}
template <typename T>
[[nodiscard]] inline bool CheckedMul(T a, T b, T *out) {
  return !__builtin_mul_overflow(a, b, out);
}

inline uint64_t CeilDiv(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

}  // namespace zipnn
