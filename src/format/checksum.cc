#include "format/checksum.h"

#include <cstring>

namespace zipnn {

#if ZIPNN_HAVE_XXH3_AVX2
// format/checksum_avx2.cc: the same XXH3 compiled for AVX2.
uint64_t Xxh3Avx2(const void *data, size_t size);
uint64_t Xxh3CopyAvx2(void *dst, const void *src, size_t size);
#endif

namespace {

using HashFn = uint64_t (*)(const void *, size_t);
using CopyHashFn = uint64_t (*)(void *, const void *, size_t);

bool HasAvx2() {
#if ZIPNN_HAVE_XXH3_AVX2
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

uint64_t Xxh3Baseline(const void *data, size_t size) { return XXH3_64bits(data, size); }

#include "format/xxh3_copy.inl"

uint64_t Xxh3CopyBaseline(void *dst, const void *src, size_t size) { return CopyAndHashBlocks(dst, src, size); }

HashFn PickXxh3() {
#if ZIPNN_HAVE_XXH3_AVX2
  if (HasAvx2()) return Xxh3Avx2;
#endif
  return Xxh3Baseline;
}

CopyHashFn PickCopyXxh3() {
#if ZIPNN_HAVE_XXH3_AVX2
  if (HasAvx2()) return Xxh3CopyAvx2;
#endif
  return Xxh3CopyBaseline;
}

}  // namespace

uint64_t Checksum64Long(const void *data, size_t size) {
  static const HashFn fn = PickXxh3();
  return fn(data, size);
}

uint64_t CopyAndChecksum64(void *dst, const void *src, size_t size) {
  static const CopyHashFn fn = PickCopyXxh3();
  return fn(dst, src, size);
}

}  // namespace zipnn
