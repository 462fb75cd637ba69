// Copy and XXH3 in one pass, block by block: included after <xxhash.h>
// (XXH_INLINE_ALL) by format/checksum.cc and format/checksum_avx2.cc, so the
// one body is compiled for each instruction set (a static function: each file
// keeps its own copy).
static uint64_t CopyAndHashBlocks(void *dst, const void *src, size_t size) {
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  const size_t block = 16 * 1024;  // stays in L1 between the copy and the hash
  for (size_t off = 0; off < size; off += block) {
    const size_t len = size - off < block ? size - off : block;
    memcpy(static_cast<unsigned char *>(dst) + off, static_cast<const unsigned char *>(src) + off, len);
    XXH3_64bits_update(&state, static_cast<unsigned char *>(dst) + off, len);
  }
  return XXH3_64bits_digest(&state);
}
