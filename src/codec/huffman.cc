#include "codec/huffman.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "simd/huffman_pack.h"
#include "util/endian.h"

namespace zipnn::huffman {
namespace {

constexpr int L = kMaxCodeLength;
constexpr uint32_t kTableSize = 1u << L;
constexpr uint32_t kTableMask = kTableSize - 1;
// Planes at least this large use the multi-symbol table (its build costs
// about as much as decoding a few thousand symbols).
constexpr size_t kMultiMin = 16384;

struct Leaf {
  uint32_t freq;
  uint8_t sym;
};

uint16_t ReverseBits(uint32_t code, int len) {
  uint32_t r = 0;
  for (int i = 0; i < len; ++i) r |= ((code >> i) & 1u) << (len - 1 - i);
  return static_cast<uint16_t>(r);
}

// Canonical codes, bit-reversed for an LSB-first stream.
void CanonicalCodes(const uint8_t lengths[256], uint16_t codes[256]) {
  uint32_t count[L + 1] = {};
  for (int s = 0; s < 256; ++s) ++count[lengths[s]];
  count[0] = 0;
  uint32_t next[L + 2] = {};
  uint32_t code = 0;
  for (int len = 1; len <= L; ++len) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  for (int s = 0; s < 256; ++s) {
    const int len = lengths[s];
    codes[s] = len ? ReverseBits(next[len]++, len) : 0;
  }
}

size_t HeaderSize(const uint8_t lengths[256], int lanes) {
  int first = 0, last = 255;
  while (first < 256 && lengths[first] == 0) ++first;
  while (last > first && lengths[last] == 0) --last;
  const size_t symbols = static_cast<size_t>(last - first + 1);
  return 3 + (symbols + 1) / 2 + 4 * static_cast<size_t>(lanes - 1);
}

size_t LaneBegin(size_t lane, size_t seg, size_t n) { return std::min(n, lane * seg); }

}  // namespace

void BuildLengths(const uint32_t hist[256], uint8_t lengths[256]) {
  std::memset(lengths, 0, 256);
  Leaf leaves[256];
  int m = 0;
  for (int s = 0; s < 256; ++s)
    if (hist[s]) leaves[m++] = {hist[s], static_cast<uint8_t>(s)};
  if (m == 0) {
    lengths[0] = lengths[1] = 1;
    return;
  }
  if (m == 1) {  // a complete code needs two symbols: add an unused neighbour
    lengths[leaves[0].sym] = 1;
    lengths[leaves[0].sym == 255 ? 254 : leaves[0].sym + 1] = 1;
    return;
  }
  std::sort(leaves, leaves + m, [](const Leaf &a, const Leaf &b) {
    return a.freq != b.freq ? a.freq < b.freq : a.sym < b.sym;
  });

  // Two-queue Huffman construction over leaves sorted by weight.
  uint64_t weight[512];
  int parent[512];
  for (int i = 0; i < m; ++i) weight[i] = leaves[i].freq;
  int next_leaf = 0, next_node = m, end = m;
  auto pick = [&]() {
    if (next_leaf < m && (next_node >= end || weight[next_leaf] <= weight[next_node]))
      return next_leaf++;
    return next_node++;
  };
  for (int k = 0; k < m - 1; ++k) {
    const int a = pick();
    const int b = pick();
    weight[end] = weight[a] + weight[b];
    parent[a] = parent[b] = end;
    ++end;
  }
  int depth[512];
  depth[end - 1] = 0;
  for (int i = end - 2; i >= 0; --i) depth[i] = depth[parent[i]] + 1;

  // Code-length counts, then limit them to L bits keeping the Kraft sum
  // exactly 1 (the adjustment of JPEG's Annex K.3).
  uint32_t count[258] = {};
  for (int i = 0; i < m; ++i) ++count[depth[i]];
  for (int i = 257; i > L; --i) {
    while (count[i] > 0) {
      int j = i - 2;
      while (count[j] == 0) --j;
      count[i] -= 2;
      count[i - 1] += 1;
      count[j + 1] += 2;
      count[j] -= 1;
    }
  }
  // Shortest codes to the most frequent symbols.
  int i = m - 1;
  for (int len = 1; len <= L; ++len)
    for (uint32_t c = 0; c < count[len]; ++c) lengths[leaves[i--].sym] = static_cast<uint8_t>(len);
}

int LanesFor(size_t n) { return n >= 4096 ? 4 : 1; }

size_t EncodedSizeBound(const uint32_t hist[256], const uint8_t lengths[256], size_t n) {
  uint64_t bits = 0;
  for (int s = 0; s < 256; ++s) bits += static_cast<uint64_t>(hist[s]) * lengths[s];
  const int lanes = LanesFor(n);
  return HeaderSize(lengths, lanes) + static_cast<size_t>(bits / 8) + static_cast<size_t>(lanes) + 1;
}

namespace {

// The lanes' state must live in registers: force inlining (GCC and clang).
#define ZIPNN_HUFF_INLINE inline __attribute__((always_inline))

// One lane's bit writer (LSB-first): after each flush at most 7 bits wait in
// `acc`, so up to 57 more bits can be added before the next flush.
struct BitWriter {
  const uint8_t *src, *end;
  uint8_t *out;
  uint64_t acc;
  uint32_t nbits;
};

ZIPNN_HUFF_INLINE void Flush(BitWriter &w) {
  StoreLE64(w.out, w.acc);
  w.out += w.nbits >> 3;
  w.acc >>= (w.nbits & ~7u);
  w.nbits &= 7;
}

// Single-symbol table entry: code | length << 16.
ZIPNN_HUFF_INLINE void Put4(BitWriter &w, const uint32_t *table) {
  for (int k = 0; k < 4; ++k) {
    const uint32_t e = table[w.src[k]];
    w.acc |= static_cast<uint64_t>(e & 0xffff) << w.nbits;
    w.nbits += e >> 16;
  }
  w.src += 4;
  Flush(w);
}

// Pair table entry for the two bytes (a, b) read as a little-endian 16-bit
// index: code(a) | code(b) << len(a) in bits 0-21, len(a) + len(b) in 27-31.
// Two pairs (<= 44 bits) per flush, 8 symbols per call.
ZIPNN_HUFF_INLINE void Put8Pairs(BitWriter &w, const uint32_t *pairs) {
  for (int h = 0; h < 2; ++h) {
    const uint32_t a = pairs[LoadLE16(w.src)];
    const uint32_t b = pairs[LoadLE16(w.src + 2)];
    const uint64_t code = (a & 0x3fffffu) | (static_cast<uint64_t>(b & 0x3fffffu) << (a >> 27));
    w.acc |= code << w.nbits;
    w.nbits += (a >> 27) + (b >> 27);
    w.src += 4;
    Flush(w);
  }
}

}  // namespace

size_t Encode(const uint8_t *src, size_t n, const uint8_t lengths[256], uint8_t *out) {
  uint16_t codes[256];
  CanonicalCodes(lengths, codes);
  const int lanes = LanesFor(n);
  int first = 0, last = 255;
  while (first < 256 && lengths[first] == 0) ++first;
  while (last > first && lengths[last] == 0) --last;

  uint8_t *p = out;
  *p++ = static_cast<uint8_t>(lanes);
  *p++ = static_cast<uint8_t>(first);
  *p++ = static_cast<uint8_t>(last);
  for (int s = first; s <= last; s += 2) {
    const int hi = s + 1 <= last ? lengths[s + 1] : 0;
    *p++ = static_cast<uint8_t>(lengths[s] | (hi << 4));
  }
  uint8_t *sizes = p;
  p += 4 * static_cast<size_t>(lanes - 1);

  // Code (value | length << 16) per symbol: one load in the inner loop.
  uint32_t table[256];
  for (int s = 0; s < 256; ++s) table[s] = codes[s] | (static_cast<uint32_t>(lengths[s]) << 16);

  // Lanes are coded in lockstep (independent bit writers give the CPU
  // parallel work) into separate areas, then packed one after the other.
  const size_t seg = (n + static_cast<size_t>(lanes) - 1) / static_cast<size_t>(lanes);
  const size_t lane_cap = seg * kMaxCodeLength / 8 + kEncodeSlack;
  thread_local std::vector<uint8_t> area;
  if (area.size() < lane_cap * static_cast<size_t>(lanes)) area.resize(lane_cap * static_cast<size_t>(lanes));
  BitWriter w[kMaxLanes];
  uint8_t *starts[kMaxLanes];
  for (int lane = 0; lane < lanes; ++lane) {
    const size_t begin = LaneBegin(static_cast<size_t>(lane), seg, n);
    const size_t end = LaneBegin(static_cast<size_t>(lane) + 1, seg, n);
    starts[lane] = area.data() + lane_cap * static_cast<size_t>(lane);
    w[lane] = {src + begin, src + end, starts[lane], 0, 0};
  }
  if (lanes == 4) {
    BitWriter a = w[0], b = w[1], c = w[2], d = w[3];
    // Large planes of at most 128 symbol values: codes packed four at a time
    // in vector registers where the CPU allows (same bits as the loops below).
    const uint32_t span = static_cast<uint32_t>(last - first + 1);
    if (span <= 128 && static_cast<size_t>(d.end - d.src) >= simd::kQuadBlock) {
      simd::QuadTable qt;
      qt.first = static_cast<uint8_t>(first);
      qt.span = span;
      for (uint32_t k = 0; k < 128; ++k) {
        const uint32_t sym = static_cast<uint32_t>(first) + k;
        qt.entries[k] = k < span ? static_cast<uint16_t>(codes[sym] | (lengths[sym] << 12)) : 0;
      }
      auto to = [](const BitWriter &x) { return simd::LaneWriter{x.src, x.out, x.acc, x.nbits}; };
      auto from = [](const simd::LaneWriter &l, BitWriter &x) {
        x.src = l.src, x.out = l.out, x.acc = l.acc, x.nbits = l.nbits;
      };
      simd::LaneWriter lw[4] = {to(a), to(b), to(c), to(d)};
      if (simd::EncodeLanes4(lw, static_cast<size_t>(d.end - d.src), qt) > 0)
        from(lw[0], a), from(lw[1], b), from(lw[2], c), from(lw[3], d);
    }
    // The pair table pays for its (span x span) entries on large planes.
    if (static_cast<size_t>(d.end - d.src) >= 8 * size_t{span} * span) {
      thread_local std::vector<uint32_t> pair_area;
      pair_area.resize(65536);
      uint32_t *pairs = pair_area.data();
      for (int y = first; y <= last; ++y)
        for (int x = first; x <= last; ++x)
          pairs[x | (y << 8)] = (codes[x] | (static_cast<uint32_t>(codes[y]) << lengths[x])) |
                                (static_cast<uint32_t>(lengths[x] + lengths[y]) << 27);
      // Every lane but the last is seg long; the last is the shortest.
      while (d.end - d.src >= 8) {
        Put8Pairs(a, pairs);
        Put8Pairs(b, pairs);
        Put8Pairs(c, pairs);
        Put8Pairs(d, pairs);
      }
    }
    while (d.end - d.src >= 4) {
      Put4(a, table);
      Put4(b, table);
      Put4(c, table);
      Put4(d, table);
    }
    w[0] = a, w[1] = b, w[2] = c, w[3] = d;
  }
  for (int lane = 0; lane < lanes; ++lane) {
    BitWriter &x = w[lane];
    while (x.end - x.src >= 4) Put4(x, table);
    for (; x.src < x.end; ++x.src) {
      const uint32_t e = table[*x.src];
      x.acc |= static_cast<uint64_t>(e & 0xffff) << x.nbits;
      x.nbits += e >> 16;
    }
    // nbits <= 7 + 3 * 11 here.
    StoreLE64(x.out, x.acc);
    x.out += (x.nbits + 7) >> 3;
    const size_t size = static_cast<size_t>(x.out - starts[lane]);
    if (lane + 1 < lanes) StoreLE32(sizes + 4 * lane, static_cast<uint32_t>(size));
    std::memcpy(p, starts[lane], size);
    p += size;
  }
  return static_cast<size_t>(p - out);
}

namespace {

struct Lane {
  const uint8_t *p;
  size_t size;   // bytes
  uint64_t pos;  // bits consumed
  uint8_t *out;
  size_t left;   // symbols still to decode
};

// Fast path: 4 symbols per 64-bit load, while 8 bytes are readable.
inline bool LaneFast(const Lane &l) { return l.left >= 4 && (l.pos >> 3) + 8 <= l.size; }

inline void Step4(Lane &l, const uint16_t *table) {
  uint64_t bits = LoadLE64(l.p + (l.pos >> 3)) >> (l.pos & 7);
  for (int k = 0; k < 4; ++k) {
    const uint16_t e = table[bits & kTableMask];
    l.out[k] = static_cast<uint8_t>(e >> 4);
    bits >>= (e & 15);
    l.pos += (e & 15);
  }
  l.out += 4;
  l.left -= 4;
}

// Multi-symbol table: one lookup of 11 bits gives up to 4 whole codes.
// Entry: symbols in bits 0-31, count (1-4) in bits 32-34, bits used in 56-59
// (so `bits >> (e >> 56)` needs no mask).
constexpr int kMultiMax = 4;

void BuildMultiTable(const uint16_t *table, uint64_t *multi) {
  for (uint32_t idx = 0; idx < kTableSize; ++idx) {
    uint64_t syms = 0;
    uint32_t count = 0, used = 0;
    while (count < kMultiMax) {
      const uint16_t e = table[(idx >> used) & kTableMask];
      const uint32_t len = e & 15u;
      if (len > static_cast<uint32_t>(L) - used) break;  // code not wholly inside the 11 bits
      syms |= static_cast<uint64_t>(e >> 4) << (8 * count);
      ++count;
      used += len;
    }
    multi[idx] = syms | (uint64_t{count} << 32) | (uint64_t{used} << 56);
  }
}

// The multi-symbol fast path decodes a lane held in registers: five lookups
// of <= 11 bits per 64-bit load (>= 57 valid bits after the byte shift), so
// up to 20 symbols; each lookup stores 4 bytes, so the last store ends at most
// 20 bytes past the lane's output pointer, which must stay inside the lane
// (lanes are decoded together and own adjacent regions).
struct FastLane {
  const uint8_t *p;
  uint64_t load_end;  // byte offsets below this may start a 64-bit load
  uint64_t pos;       // bits consumed
  uint8_t *out;
  uint8_t *out_end;
};
constexpr ptrdiff_t kMultiSlack = 5 * kMultiMax;

ZIPNN_HUFF_INLINE bool Ready(const FastLane &l) {
  return l.out_end - l.out >= kMultiSlack && (l.pos >> 3) < l.load_end;
}

ZIPNN_HUFF_INLINE void Step20(FastLane &l, const uint64_t *multi) {
  uint64_t bits = LoadLE64(l.p + (l.pos >> 3)) >> (l.pos & 7);
  uint8_t *out = l.out;
  uint32_t consumed = 0;
  for (int k = 0; k < 5; ++k) {
    const uint64_t e = multi[bits & kTableMask];
    StoreLE32(out, static_cast<uint32_t>(e));
    out += (e >> 32) & 7u;
    const uint32_t used = static_cast<uint32_t>(e >> 56);
    bits >>= used;
    consumed += used;
  }
  l.pos += consumed;
  l.out = out;
}

FastLane ToFast(const Lane &l) {
  // A load may start at byte b when b + 8 <= size.
  return {l.p, l.size >= 8 ? l.size - 7 : 0, l.pos, l.out, l.out + l.left};
}

void FromFast(const FastLane &f, Lane &l) {
  l.pos = f.pos;
  l.left = static_cast<size_t>(f.out_end - f.out);
  l.out = f.out;
}

bool FinishLane(Lane &l, const uint16_t *table) {
  while (LaneFast(l)) Step4(l, table);
  const uint64_t total_bits = static_cast<uint64_t>(l.size) * 8;
  while (l.left > 0) {
    const size_t byte = static_cast<size_t>(l.pos >> 3);
    if (byte >= l.size) return false;
    uint8_t tmp[8] = {};
    std::memcpy(tmp, l.p + byte, std::min<size_t>(8, l.size - byte));
    const uint64_t bits = LoadLE64(tmp) >> (l.pos & 7);
    const uint16_t e = table[bits & kTableMask];
    *l.out++ = static_cast<uint8_t>(e >> 4);
    l.pos += (e & 15);
    --l.left;
    if (l.pos > total_bits) return false;
  }
  // The lane must end in its last byte (no missing and no extra bytes), with
  // the unused high bits of that byte zero: every bit of a stream is meaningful.
  if ((l.pos + 7) / 8 != l.size) return false;
  return (l.pos & 7) == 0 || (l.p[l.size - 1] >> (l.pos & 7)) == 0;
}

}  // namespace

zipnn_status Decode(const uint8_t *in, size_t in_size, uint8_t *dst, size_t n) {
  constexpr zipnn_status kCorrupt = ZIPNN_ERROR_CORRUPT_CHUNK;
  if (in_size < 3) return kCorrupt;
  const int lanes = in[0];
  const int first = in[1], last = in[2];
  if (lanes < 1 || lanes > kMaxLanes || last < first) return kCorrupt;
  const size_t symbols = static_cast<size_t>(last - first + 1);
  const size_t header = 3 + (symbols + 1) / 2 + 4 * static_cast<size_t>(lanes - 1);
  if (header > in_size) return kCorrupt;

  uint8_t lengths[256] = {};
  uint32_t kraft = 0;
  int used = 0;
  for (size_t k = 0; k < symbols; ++k) {
    const uint8_t byte = in[3 + k / 2];
    const int len = (k & 1) ? byte >> 4 : byte & 15;
    if (len > L) return kCorrupt;
    lengths[first + static_cast<int>(k)] = static_cast<uint8_t>(len);
    if (len) {
      kraft += kTableSize >> len;
      ++used;
    }
  }
  if ((symbols & 1) && (in[3 + symbols / 2] >> 4) != 0) return kCorrupt;
  if (used < 2 || kraft != kTableSize) return kCorrupt;

  uint16_t codes[256];
  CanonicalCodes(lengths, codes);
  uint16_t table[kTableSize];
  for (int s = first; s <= last; ++s) {
    const int len = lengths[s];
    if (!len) continue;
    const uint16_t entry = static_cast<uint16_t>((s << 4) | len);
    for (uint32_t idx = codes[s]; idx < kTableSize; idx += 1u << len) table[idx] = entry;
  }

  Lane lane[kMaxLanes];
  const size_t seg = (n + static_cast<size_t>(lanes) - 1) / static_cast<size_t>(lanes);
  const uint8_t *sizes = in + 3 + (symbols + 1) / 2;
  const uint8_t *p = in + header;
  size_t remaining = in_size - header;
  for (int j = 0; j < lanes; ++j) {
    size_t size;
    if (j + 1 < lanes) {
      size = LoadLE32(sizes + 4 * j);
      if (size > remaining) return kCorrupt;
    } else {
      size = remaining;
    }
    const size_t begin = LaneBegin(static_cast<size_t>(j), seg, n);
    const size_t end = LaneBegin(static_cast<size_t>(j) + 1, seg, n);
    if (end == begin && size != 0) return kCorrupt;
    lane[j] = {p, size, 0, dst + begin, end - begin};
    p += size;
    remaining -= size;
  }

  // Large planes: multi-symbol lookups, lanes in groups of four held in
  // registers and interleaved for instruction-level parallelism.
  int j = 0;
  if (n >= kMultiMin) {
    uint64_t multi[kTableSize];
    BuildMultiTable(table, multi);
    for (; j + 4 <= lanes; j += 4) {
      FastLane a = ToFast(lane[j]), b = ToFast(lane[j + 1]), c = ToFast(lane[j + 2]), d = ToFast(lane[j + 3]);
      while (Ready(a) && Ready(b) && Ready(c) && Ready(d)) {
        Step20(a, multi);
        Step20(b, multi);
        Step20(c, multi);
        Step20(d, multi);
      }
      FromFast(a, lane[j]);
      FromFast(b, lane[j + 1]);
      FromFast(c, lane[j + 2]);
      FromFast(d, lane[j + 3]);
    }
    for (j = 0; j < lanes; ++j) {
      FastLane f = ToFast(lane[j]);
      while (Ready(f)) Step20(f, multi);
      FromFast(f, lane[j]);
    }
    j = 0;
  }
  for (; j + 4 <= lanes; j += 4) {
    Lane &a = lane[j], &b = lane[j + 1], &c = lane[j + 2], &d = lane[j + 3];
    while (LaneFast(a) && LaneFast(b) && LaneFast(c) && LaneFast(d)) {
      Step4(a, table);
      Step4(b, table);
      Step4(c, table);
      Step4(d, table);
    }
  }
  for (j = 0; j < lanes; ++j)
    if (!FinishLane(lane[j], table)) return kCorrupt;
  return ZIPNN_OK;
}

}  // namespace zipnn::huffman
