// Vector packing of Huffman codes for the encoder (codec/huffman.cc): looks up
// the code of every symbol and joins the codes of four consecutive symbols
// into one word, so the serial bit writer appends four symbols at a time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zipnn::simd {

// Codes of the symbols first .. first + span - 1 (span <= 128): entries[k] =
// code | length << 12 for symbol first + k, code LSB-first in at most 11 bits.
struct QuadTable {
  alignas(64) uint16_t entries[128];
  uint8_t first;
  uint32_t span;
};

// One Huffman lane's bit writer, LSB-first: `acc` holds `nbits` (<= 7) bits
// not yet stored at `out`; src is the next symbol to code.
struct LaneWriter {
  const uint8_t *src;
  uint8_t *out;
  uint64_t acc;
  uint32_t nbits;
};

// Symbols per lane packed per round (multiple of 32).
inline constexpr size_t kQuadBlock = 1024;

// Codes the next symbols of four lanes, kQuadBlock per lane per round, while
// `count` symbols per lane remain (every one of them in the table), exactly as
// the scalar writer would: each symbol's code looked up and the codes of four
// consecutive symbols joined into one word in vector registers, then appended
// (up to 44 bits at a time). Stores whole 64-bit words at `out` (8 bytes of
// slack). Returns the symbols coded per lane, a multiple of kQuadBlock: 0 on
// targets without the kernel (AVX-512 BW) and for tables of more than 128
// symbols.
size_t EncodeLanes4(LaneWriter w[4], size_t count, const QuadTable &table);

}  // namespace zipnn::simd
