#include "engine/phase.h"

#include <array>
#include <cmath>

#include "util/endian.h"

namespace zipnn::engine {
namespace {

// Consecutive blocks of one kind that make a run worth a chunk of its own:
// values of one size and alignment, or bytes without that structure (more of
// them, as a block or two of a tensor may show no clear structure).
constexpr uint32_t kRunBlocks = 2;
constexpr uint32_t kPlainRunBlocks = 4;
// Blocks between two classified ones, when these agree, taken to be alike.
constexpr uint32_t kSampleStride = 8;
// A residue whose byte entropy is this many bits below that of the byte
// before it holds the sign and exponent (the last byte of a little-endian
// value); a residue below kConstantBits is a constant byte (e.g. the zero low
// half of fp32 upcast from bf16) and says nothing.
constexpr double kDropBits = 1.0;
constexpr double kConstantBits = 0.5;
constexpr uint32_t kPerResidue = kPhaseBlock / 4;

// c * log2(c) for the counts one residue of a block can have.
const std::array<float, kPerResidue + 1> &CLogC() {
  static const std::array<float, kPerResidue + 1> table = [] {
    std::array<float, kPerResidue + 1> t{};
    for (uint32_t c = 1; c <= kPerResidue; ++c) t[c] = static_cast<float>(c * std::log2(static_cast<double>(c)));
    return t;
  }();
  return table;
}

// Last-byte residues found, as a Phase: one (4-byte values) or two, two apart
// (2-byte values); anything else is no clear structure.
Phase FromLastBytes(const int *last, int n) {
  Phase ph;
  if (n == 1) {
    ph.elem = 4;
    ph.phase = static_cast<uint8_t>((last[0] + 1) & 3);
  } else if (n == 2 && last[1] - last[0] == 2) {
    ph.elem = 2;
    ph.phase = static_cast<uint8_t>((last[0] + 1) & 1);
  }
  return ph;
}

}  // namespace

Phase ClassifyBlock(const uint8_t *p, uint64_t offset) {
  // The last (most significant) byte of a little-endian fp16, bf16 or fp32
  // value holds the sign and the top exponent bits. For a magnitude below 2
  // (nearly every weight) its bit 6, the top exponent bit, is 0; in the bytes
  // before it, mantissa bits, it is set half the time. Where that does not
  // show (larger values), the sign/exponent byte still has clearly lower
  // entropy than the mantissa byte before it.
  const uint32_t r0 = static_cast<uint32_t>(offset & 3);
  // Bit 6 of each byte lane of 8-byte words, summed lane-wise (a lane counts
  // at most kPhaseBlock / 8 = 128, so it never carries into the next).
  static_assert(kPhaseBlock / 8 < 256);
  uint64_t lanes = 0;
  for (uint32_t i = 0; i < kPhaseBlock; i += 8) {
    lanes += (LoadLE64(p + i) >> 6) & 0x0101010101010101ull;
  }
  uint32_t bit6[4] = {};
  for (uint32_t j = 0; j < 8; ++j)  // lane j holds bytes at content offset = offset + j (mod 4)
    bit6[(r0 + j) & 3] += static_cast<uint32_t>((lanes >> (8 * j)) & 0xFF);
  int last[4], n = 0;
  for (int r = 0; r < 4; ++r)
    if (bit6[r] <= kPerResidue / 16 && bit6[(r + 3) & 3] >= kPerResidue / 4) last[n++] = r;
  // Trusted only if clear-cut: a lone last byte (4-byte values) also needs
  // the byte two after it to have bit 6 set often, so that a 2-byte value
  // whose other last byte is a little off is not taken for a 4-byte one.
  const Phase quick = FromLastBytes(last, n);
  if (quick.elem == 2 || (quick.elem == 4 && bit6[(last[0] + 2) & 3] >= kPerResidue / 4)) return quick;
  // Bit 6 set in about half the bytes of every residue: no sign/exponent
  // byte shows (random or compressed bytes, text, quantized blocks); skip
  // the entropy test, the costly part on such data.
  bool even = true;
  for (int r = 0; r < 4; ++r) even = even && bit6[r] >= kPerResidue * 3 / 8 && bit6[r] <= kPerResidue * 5 / 8;
  if (even) return Phase{};

  uint16_t hist[4][256] = {};
  for (uint32_t i = 0; i < kPhaseBlock; i += 4)
    for (uint32_t j = 0; j < 4; ++j) ++hist[(r0 + j) & 3][p[i + j]];
  const auto &clogc = CLogC();
  double bits[4];
  for (int r = 0; r < 4; ++r) {
    float s = 0;
    for (int b = 0; b < 256; ++b) s += clogc[hist[r][b]];
    bits[r] = std::log2(static_cast<double>(kPerResidue)) - static_cast<double>(s) / kPerResidue;
  }
  // Not constant (e.g. the zero low half of fp32 upcast from bf16), and
  // clearly below the (non-constant) bytes next to it.
  n = 0;
  for (int r = 0; r < 4; ++r) {
    const int prev = (r + 3) & 3, next = (r + 1) & 3;
    if (bits[r] >= kConstantBits && bits[r] + kDropBits < bits[prev] &&
        (bits[next] < kConstantBits || bits[r] + kDropBits < bits[next]))
      last[n++] = r;
  }
  return FromLastBytes(last, n);
}

uint32_t CutForPhase(const uint8_t *p, uint64_t offset, uint32_t size, uint32_t min_size) {
  const uint32_t blocks = size / kPhaseBlock;
  if (size <= min_size || blocks < kRunBlocks) return size;
  // The first offset at or after `at` (relative) in step with `ph`, or `size`.
  auto cut = [&](uint32_t at, Phase ph) -> uint32_t {
    uint64_t pos = at < min_size ? min_size : at;
    if (ph.elem) pos += (ph.phase + ph.elem - (offset + pos) % ph.elem) % ph.elem;
    return pos < size ? static_cast<uint32_t>(pos) : size;
  };
  auto classify = [&](uint32_t k) {
    return ClassifyBlock(p + static_cast<size_t>(k) * kPhaseBlock, offset + uint64_t{k} * kPhaseBlock);
  };
  // Runs of blocks of one kind (values of one size and alignment, or bytes
  // without that structure) long enough to count. The chunk takes the kind of
  // its first run and ends where a run of another kind starts.
  Phase chunk, run;
  bool have_chunk = false;
  uint32_t run_start = 0, run_len = 0;
  auto step = [&](uint32_t k, Phase c) -> uint32_t {  // 0: go on, else the cut
    if (run_len > 0 && c == run) {
      ++run_len;
    } else {
      run = c;
      run_start = k;
      run_len = 1;
    }
    if (run_len != (run.elem ? kRunBlocks : kPlainRunBlocks)) return 0;
    const uint32_t at = run_start * kPhaseBlock;
    if (!have_chunk) {
      have_chunk = true;
      chunk = run;
      if (!run.elem || offset % run.elem == run.phase) return 0;  // in step with its values
      return cut(at, run);  // out of step: realign as soon as allowed
    }
    return run == chunk ? 0 : cut(at, run);
  };
  // Blocks are classified kSampleStride apart; the blocks between two samples
  // are classified only if the samples differ, else taken to be of their kind
  // (a run shorter than the stride between two of one kind may be missed).
  Phase cls[kSampleStride + 1];  // blocks a + 1 .. b, at [k - a]
  Phase prev = classify(0);
  if (const uint32_t c = step(0, prev)) return c;
  for (uint32_t a = 0; a + 1 < blocks;) {
    const uint32_t b = a + kSampleStride < blocks ? a + kSampleStride : blocks - 1;
    // The sampled blocks are far apart (cold in cache and TLB): the next one
    // is fetched while this one is classified.
    if (b + kSampleStride < blocks)
      for (uint32_t line = 0; line < kPhaseBlock; line += 64)
        __builtin_prefetch(p + size_t{b + kSampleStride} * kPhaseBlock + line);
    const Phase next = classify(b);
    for (uint32_t k = a + 1; k < b; ++k) cls[k - a] = next == prev ? prev : classify(k);
    cls[b - a] = next;
    for (uint32_t k = a + 1; k <= b; ++k)
      if (const uint32_t c = step(k, cls[k - a])) return c;
    a = b;
    prev = next;
  }
  return size;
}

}  // namespace zipnn::engine
