// Huffman code packing in vector registers (see huffman_pack.h). Compiled once
// per Highway target and dispatched at run time; the kernel needs 16-bit
// two-table permutes (AVX-512 BW), other targets report that they did nothing
// and the caller's scalar writer codes every symbol.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/huffman_pack.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <cstring>

#include "simd/huffman_pack.h"

HWY_BEFORE_NAMESPACE();
namespace zipnn::simd::HWY_NAMESPACE {

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3

// Packs src[0, n) (n a multiple of 32) into n / 4 quads.
HWY_INLINE void PackQuads(const uint8_t *HWY_RESTRICT src, size_t n, const QuadTable &table,
                          uint64_t *HWY_RESTRICT quads) {
  const __m512i t0 = _mm512_loadu_si512(table.entries);
  const __m512i t1 = _mm512_loadu_si512(table.entries + 32);
  const __m512i t2 = _mm512_loadu_si512(table.entries + 64);
  const __m512i t3 = _mm512_loadu_si512(table.entries + 96);
  const __m512i first = _mm512_set1_epi16(table.first);
  const __m512i upper = _mm512_set1_epi16(64);
  const bool wide = table.span > 64;
  const __m512i code11 = _mm512_set1_epi32(0x7ff);
  const __m512i len4 = _mm512_set1_epi32(0xf);
  const __m512i code22 = _mm512_set1_epi64(0x3fffff);
  const __m512i len5 = _mm512_set1_epi64(31);
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    // 32 symbols -> 32 words: code in bits 0-10, length in bits 12-15.
    const __m512i x = _mm512_sub_epi16(
        _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(src + i))), first);
    __m512i e = _mm512_permutex2var_epi16(t0, x, t1);
    if (wide) {
      const __m512i e2 = _mm512_permutex2var_epi16(t2, x, t3);
      e = _mm512_mask_blend_epi16(_mm512_test_epi16_mask(x, upper), e, e2);
    }
    // Pairs (dwords): code (<= 22 bits) | length << 27.
    const __m512i len_a = _mm512_and_si512(_mm512_srli_epi32(e, 12), len4);
    const __m512i code_b = _mm512_and_si512(_mm512_srli_epi32(e, 16), code11);
    const __m512i pair = _mm512_or_si512(_mm512_and_si512(e, code11), _mm512_sllv_epi32(code_b, len_a));
    const __m512i pair_len = _mm512_add_epi32(len_a, _mm512_srli_epi32(e, 28));
    const __m512i p = _mm512_or_si512(pair, _mm512_slli_epi32(pair_len, 27));
    // Quads (qwords): code (<= 44 bits) << 6 | length.
    const __m512i plen_a = _mm512_and_si512(_mm512_srli_epi64(p, 27), len5);
    const __m512i pcode_b = _mm512_and_si512(_mm512_srli_epi64(p, 32), code22);
    const __m512i quad = _mm512_or_si512(_mm512_and_si512(p, code22), _mm512_sllv_epi64(pcode_b, plen_a));
    const __m512i quad_len = _mm512_add_epi64(plen_a, _mm512_srli_epi64(p, 59));
    _mm512_storeu_si512(quads + i / 4, _mm512_or_si512(_mm512_slli_epi64(quad, 6), quad_len));
  }
}

// One lane's writer as the scalar encoder keeps it: after a flush at most 7
// bits wait in acc, and a quad adds at most 44.
HWY_INLINE void PutQuad(uint8_t *HWY_RESTRICT &out, uint64_t &acc, uint32_t &nbits, uint64_t q) {
  acc |= (q >> 6) << nbits;
  nbits += static_cast<uint32_t>(q & 63);
  std::memcpy(out, &acc, 8);  // little-endian x86
  out += nbits >> 3;
  acc >>= nbits & ~7u;
  nbits &= 7;
}

size_t EncodeLanes4(LaneWriter *HWY_RESTRICT w, size_t count, const QuadTable &table) {
  constexpr size_t kBlock = kQuadBlock;
  HWY_ALIGN uint64_t quads[4][kBlock / 4];
  uint8_t *o0 = w[0].out, *o1 = w[1].out, *o2 = w[2].out, *o3 = w[3].out;
  uint64_t a0 = w[0].acc, a1 = w[1].acc, a2 = w[2].acc, a3 = w[3].acc;
  uint32_t n0 = w[0].nbits, n1 = w[1].nbits, n2 = w[2].nbits, n3 = w[3].nbits;
  size_t done = 0;
  for (; done + kBlock <= count; done += kBlock) {
    for (int lane = 0; lane < 4; ++lane) PackQuads(w[lane].src + done, kBlock, table, quads[lane]);
    for (size_t k = 0; k < kBlock / 4; ++k) {
      PutQuad(o0, a0, n0, quads[0][k]);
      PutQuad(o1, a1, n1, quads[1][k]);
      PutQuad(o2, a2, n2, quads[2][k]);
      PutQuad(o3, a3, n3, quads[3][k]);
    }
  }
  w[0].out = o0, w[1].out = o1, w[2].out = o2, w[3].out = o3;
  w[0].acc = a0, w[1].acc = a1, w[2].acc = a2, w[3].acc = a3;
  w[0].nbits = n0, w[1].nbits = n1, w[2].nbits = n2, w[3].nbits = n3;
  for (int lane = 0; lane < 4; ++lane) w[lane].src += done;
  return done;
}

#else

size_t EncodeLanes4(LaneWriter *HWY_RESTRICT, size_t, const QuadTable &) { return 0; }

#endif

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace zipnn::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

namespace zipnn::simd {

HWY_EXPORT(EncodeLanes4);

size_t EncodeLanes4(LaneWriter w[4], size_t count, const QuadTable &table) {
  if (table.span > 128) return 0;
  return HWY_DYNAMIC_DISPATCH(EncodeLanes4)(w, count, table);
}

}  // namespace zipnn::simd
#endif  // HWY_ONCE
