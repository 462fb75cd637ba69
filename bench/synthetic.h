// Synthetic tensors: deterministic (fixed seed per 1 MiB block, so the bytes
// do not depend on the thread count) and generated in parallel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "zipnn.h"

namespace zipnn::bench {

enum class SyntheticKind {
  kBf16,         // normal, std 0.02, FP32 -> BF16 round-to-nearest-even
  kFp16,         // normal, std 0.02, FP32 -> FP16 round-to-nearest-even
  kFp32,         // normal, std 0.02
  kFp32UpcastBf16,  // the BF16 values above, widened to FP32 (low 16 bits zero)
  kFp8E4m3,      // normal, std 448/6, FP32 -> e4m3fn RNE, saturating at +-448
  kRandomBytes,  // uniform random bytes
};

struct SyntheticSpec {
  SyntheticKind kind;
  const char *name;         // short id, used on the command line and in JSON
  const char *description;  // one line for the table
  zipnn_dtype dtype;        // what zipnn is told
  size_t element_size;
};

const std::vector<SyntheticSpec> &SyntheticSpecs();

// Fills dst (size a multiple of the element size) with the data of `kind`.
void FillSynthetic(SyntheticKind kind, uint8_t *dst, size_t size, size_t threads);

// Scalar conversions, exposed for the self-check.
uint16_t FloatToBf16(float f);
uint16_t FloatToFp16(float f);
uint8_t FloatToE4m3fn(float f);
float Fp16ToFloat(uint16_t h);
float E4m3fnToFloat(uint8_t b);

// Checks the FP16 and e4m3fn conversions on random inputs against their
// neighbours (nearest, ties to even, saturation); dies on a failure.
void SelfCheckConversions();

}  // namespace zipnn::bench
