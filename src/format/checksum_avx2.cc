// XXH3 compiled with -mavx2 (CMakeLists.txt), called only where the CPU has
// AVX2 (format/checksum.cc). This file includes nothing but xxHash (and the
// integer typedefs), whose functions are all static here, so no code built
// for AVX2 can be shared with (and picked by the linker for) the rest of the
// library.
#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#define XXH_VECTOR XXH_AVX2
#include <xxhash.h>

#include <cstddef>
#include <cstdint>

namespace zipnn {

#include "format/xxh3_copy.inl"

uint64_t Xxh3Avx2(const void *data, size_t size);
uint64_t Xxh3CopyAvx2(void *dst, const void *src, size_t size);

uint64_t Xxh3Avx2(const void *data, size_t size) { return XXH3_64bits(data, size); }

uint64_t Xxh3CopyAvx2(void *dst, const void *src, size_t size) { return CopyAndHashBlocks(dst, src, size); }

}  // namespace zipnn
