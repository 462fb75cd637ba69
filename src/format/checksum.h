// The one checksum of format v1: XXH3-64 with seed 0 (xxHash 0.8).
#pragma once

#include <cstddef>
#include <cstdint>

// Inlined (static) xxHash: its symbols never leave the library.
#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#include <xxhash.h>

namespace zipnn {

// XXH3 of inputs longer than XXH3's scalar short-input paths
// (XXH3_MIDSIZE_MAX bytes), with the widest vector code the CPU runs (AVX2
// where present): same value on every CPU.
uint64_t Checksum64Long(const void *data, size_t size);

inline uint64_t Checksum64(const void *data, size_t size) {
  return size <= XXH3_MIDSIZE_MAX ? XXH3_64bits(data, size) : Checksum64Long(data, size);
}

// Copies src[0, size) to dst (not overlapping) and returns Checksum64 of the
// bytes: block by block, so the hash reads what the copy just brought into L1
// and the data crosses memory once.
uint64_t CopyAndChecksum64(void *dst, const void *src, size_t size);

// Incremental form, for data that arrives in pieces (streaming, header+index).
class ChecksumState {
 public:
  ChecksumState() { XXH3_64bits_reset(&state_); }
  void Reset() { XXH3_64bits_reset(&state_); }
  void Update(const void *data, size_t size) { XXH3_64bits_update(&state_, data, size); }
  uint64_t Digest() const { return XXH3_64bits_digest(&state_); }

 private:
  XXH3_state_t state_;
};

}  // namespace zipnn
