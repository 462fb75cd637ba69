#include "format/checksum.h"

#include <cstring>

namespace zipnn {

#if ZIPNN_HAVE_XXH3_AVX2
// format/checksum_avx2.cc: the same XXH3 compiled for AVX2.
uint64_t Xxh3Avx2(const void *data, size_t size);
uint64_t Xxh3CopyAvx2(void *dst, const void *src, size_t size);
#endif

namespace {

#include "format/xxh3_copy.inl"

uint64_t Xxh3Baseline(const void *data, size_t size) { return XXH3_64bits(data, size); }
uint64_t Xxh3CopyBaseline(void *dst, const void *src, size_t size) { return CopyAndHashBlocks(dst, src, size); }

// The XXH3 build for this CPU, picked once.
struct Xxh3Build {
  uint64_t (*hash)(const void *, size_t);
  uint64_t (*copy_and_hash)(void *, const void *, size_t);
};

const Xxh3Build &Build() {
  static const Xxh3Build build = [] {
#if ZIPNN_HAVE_XXH3_AVX2
    if (__builtin_cpu_supports("avx2")) return Xxh3Build{Xxh3Avx2, Xxh3CopyAvx2};
#endif
    return Xxh3Build{Xxh3Baseline, Xxh3CopyBaseline};
  }();
  return build;
}

}  // namespace

uint64_t Checksum64Long(const void *data, size_t size) { return Build().hash(data, size); }

uint64_t CopyAndChecksum64(void *dst, const void *src, size_t size) {
  return Build().copy_and_hash(dst, src, size);
}

}  // namespace zipnn
