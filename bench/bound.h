// The order-0 bound of a float tensor: no coder that codes each value on its
// own, with the non-exponent bits stored raw, can go below
//   (raw bits + H(exponent plane)) / total bits.
// Exponent plane per dtype: bf16 / fp32 the 8-bit exponent field, fp16 the
// 5-bit exponent field, fp8 the whole byte (it is coded as one symbol), bytes
// the whole byte. Raw bits are the non-exponent bits that vary somewhere in the
// buffer (a bit that is constant costs nothing: FP32 holding upcast BF16 has
// only sign + 7 mantissa bits raw).
#pragma once

#include <cstddef>
#include <cstdint>

#include "zipnn.h"

namespace zipnn::bench {

struct OrderZeroBound {
  double ratio = 0;           // (raw_bits + exponent_entropy) / total_bits
  double exponent_entropy = 0;  // bits per value of the exponent plane
  int exponent_bits = 0;      // width of the exponent field (8 for whole bytes)
  int raw_bits = 0;           // varying non-exponent bits
  int total_bits = 0;
};

// dtype: BF16, FP16, FP32, FP8_E4M3FN/E5M2 or BYTES.
OrderZeroBound ComputeOrderZeroBound(zipnn_dtype dtype, const uint8_t *data, size_t size,
                                     size_t threads);

}  // namespace zipnn::bench
