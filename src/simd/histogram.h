// Byte histograms, the input of every coding decision.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zipnn::simd {

// hist[b] = number of bytes equal to b in data[0, size).
void Histogram(const uint8_t *data, size_t size, uint32_t hist[256]);

// The plain loop, the reference the tests compare every target against.
namespace scalar {
void Histogram(const uint8_t *data, size_t size, uint32_t hist[256]);
}  // namespace scalar

}  // namespace zipnn::simd
