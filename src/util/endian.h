// Little-endian loads and stores of explicit widths; the format is little-endian.
#pragma once

#include <cstdint>
#include <cstring>

namespace zipnn {

inline uint16_t LoadLE16(const uint8_t *p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
inline uint32_t LoadLE32(const uint8_t *p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // x86-64 and aarch64 are little-endian; see static_assert below
}
inline uint64_t LoadLE64(const uint8_t *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline void StoreLE16(uint8_t *p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
inline void StoreLE32(uint8_t *p, uint32_t v) { std::memcpy(p, &v, 4); }
inline void StoreLE64(uint8_t *p, uint64_t v) { std::memcpy(p, &v, 8); }

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "zipnn assumes a little-endian host");

}  // namespace zipnn
