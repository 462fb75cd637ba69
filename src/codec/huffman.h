// zipnn's canonical, length-limited Huffman coder (method ZIPNN_METHOD_HUFFMAN).
//
// A plane of n symbols is cut into K contiguous segments ("lanes"), each coded
// as its own LSB-first bitstream, so a decoder can run K lanes at once
// (instruction-level parallelism now, SIMD lanes later). Codes are at most
// kMaxCodeLength bits, so one table lookup of that many bits decodes a symbol.
// Stream layout: docs/FORMAT.md, "Huffman streams".
#pragma once

#include <cstddef>
#include <cstdint>

#include "zipnn.h"

namespace zipnn::huffman {

inline constexpr int kMaxCodeLength = 11;
inline constexpr int kMaxLanes = 32;
// Bytes the encoder may write past the end of its output (whole-word stores).
inline constexpr size_t kEncodeSlack = 16;

// Length-limited code lengths for a histogram (0 for absent symbols). With
// fewer than two present symbols the result is still a complete code.
void BuildLengths(const uint32_t hist[256], uint8_t lengths[256]);

// Lane count the encoder uses for n symbols.
int LanesFor(size_t n);

// Exact encoded size in bytes for symbols with this histogram and these lengths,
// assuming the lanes' bits are spread as evenly as the symbols (an upper bound
// within K bytes; see EncodedSizeBound).
size_t EncodedSizeBound(const uint32_t hist[256], const uint8_t lengths[256], size_t n);

// Encodes src[0, n) into out, which must have room for
// EncodedSizeBound(...) + kEncodeSlack bytes. Returns the bytes used.
size_t Encode(const uint8_t *src, size_t n, const uint8_t lengths[256], uint8_t *out);

// Decodes exactly n symbols from in[0, in_size) into dst[0, n). The whole
// stream must be consumed. Errors: ZIPNN_ERROR_CORRUPT_CHUNK.
zipnn_status Decode(const uint8_t *in, size_t in_size, uint8_t *dst, size_t n);

}  // namespace zipnn::huffman
