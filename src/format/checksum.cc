#include "format/checksum.h"

namespace zipnn {

#if ZIPNN_HAVE_XXH3_AVX2
// format/checksum_avx2.cc: the same XXH3 compiled for AVX2.
uint64_t Xxh3Avx2(const void *data, size_t size);
#endif

namespace {

using HashFn = uint64_t (*)(const void *, size_t);

uint64_t Xxh3Baseline(const void *data, size_t size) { return XXH3_64bits(data, size); }

HashFn PickXxh3() {
#if ZIPNN_HAVE_XXH3_AVX2
  if (__builtin_cpu_supports("avx2")) return Xxh3Avx2;
#endif
  return Xxh3Baseline;
}

}  // namespace

uint64_t Checksum64Long(const void *data, size_t size) {
  static const HashFn fn = PickXxh3();
  return fn(data, size);
}

}  // namespace zipnn
