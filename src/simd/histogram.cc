#include "simd/histogram.h"

#include <cstring>

namespace zipnn::simd {

void Histogram(const uint8_t *data, size_t size, uint32_t hist[256]) {
  // Four tables break the store-to-load dependency on repeated bytes.
  uint32_t t[4][256];
  std::memset(t, 0, sizeof(t));
  size_t i = 0;
  for (; i + 16 <= size; i += 16) {
    uint64_t a, b;
    std::memcpy(&a, data + i, 8);
    std::memcpy(&b, data + i + 8, 8);
    for (int k = 0; k < 8; k += 2) {
      ++t[0][(a >> (8 * k)) & 0xff];
      ++t[1][(a >> (8 * k + 8)) & 0xff];
      ++t[2][(b >> (8 * k)) & 0xff];
      ++t[3][(b >> (8 * k + 8)) & 0xff];
    }
  }
  for (; i < size; ++i) ++t[0][data[i]];
  for (int s = 0; s < 256; ++s) hist[s] = t[0][s] + t[1][s] + t[2][s] + t[3][s];
}

}  // namespace zipnn::simd
