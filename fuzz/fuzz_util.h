// Helpers shared by the fuzz harnesses, the replay driver and the bit-flip
// test: reading parameters from fuzz input, a checked assertion that aborts
// (so libFuzzer and ctest both see a crash), a tiny PRNG, and a frame
// "fix-up" that recomputes the integrity checks of a mutated frame so the
// fuzzer can reach the codecs behind them.
#pragma once

#include <xxhash.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "zipnn.h"

namespace zipnn_fuzz {

[[noreturn]] inline void Fail(const char *what, const char *file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz property violated: %s\n", file, line, what);
  std::fflush(stderr);
  std::abort();
}

#define FUZZ_CHECK(cond) \
  do {                   \
    if (!(cond)) ::zipnn_fuzz::Fail(#cond, __FILE__, __LINE__); \
  } while (0)

// Status must be OK, or the test aborts with its name.
#define FUZZ_CHECK_OK(expr)                                                      \
  do {                                                                           \
    const zipnn_status fuzz_st_ = (expr);                                        \
    if (fuzz_st_ != ZIPNN_OK) ::zipnn_fuzz::Fail(zipnn_status_name(fuzz_st_), __FILE__, __LINE__); \
  } while (0)

// True for the statuses a decoder may return for bad data (never OK).
inline bool IsNamedError(zipnn_status st) {
  return st != ZIPNN_OK && std::strcmp(zipnn_status_name(st), "ZIPNN_ERROR_UNKNOWN_STATUS") != 0 &&
         st != ZIPNN_ERROR_INTERNAL;
}

// memcmp that accepts null pointers when n is 0 (empty vectors).
inline bool SameBytes(const void *a, const void *b, size_t n) { return n == 0 || std::memcmp(a, b, n) == 0; }

inline uint64_t LoadLE(const uint8_t *p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
inline void StoreLE(uint8_t *p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// Splits fuzz input into a fixed-size parameter prefix and the payload after it.
// Missing parameter bytes read as zero.
class Params {
 public:
  Params(const uint8_t *data, size_t size, size_t prefix)
      : data_(data), prefix_(prefix < size ? prefix : size), size_(size) {}
  // Parameter byte i (< prefix), 0 when the input is shorter.
  uint8_t Byte(size_t i) const { return i < prefix_ ? data_[i] : 0; }
  // Little-endian integer from parameter bytes [i, i + n).
  uint64_t Int(size_t i, int n) const {
    uint64_t v = 0;
    for (int k = n - 1; k >= 0; --k) v = (v << 8) | Byte(i + static_cast<size_t>(k));
    return v;
  }
  const uint8_t *payload() const { return data_ + prefix_; }
  size_t payload_size() const { return size_ - prefix_; }

 private:
  const uint8_t *data_;
  size_t prefix_, size_;
};

// splitmix64: deterministic, seedable, good enough to pick sizes.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform-ish in [0, n]; n + 1 must not overflow.
  uint64_t Below(uint64_t n) { return n == UINT64_MAX ? Next() : Next() % (n + 1); }

 private:
  uint64_t s_;
};

inline constexpr uint8_t kMagic[4] = {0x89, 'Z', 'N', 'N'};
inline bool HasMagic(const uint8_t *p, size_t n) { return n >= 4 && std::memcmp(p, kMagic, 4) == 0; }

// Recomputes the integrity checks of a (mutated) frame, as an attacker who
// forges them would, so the fuzzer reaches the code behind them:
//  level 1: frame-header checksum, every chunk header's 32-bit check value and
//           the footer checksum;
//  level 2: also rewrites the index entries, footer and header content size
//           from the chunk headers found by walking the records.
// Both levels also recompute the checksum of a delta record (flag DELTA and
// a 'D' record at byte 32) and walk the chunk records after it.
// The checksums of decoded bytes are not forged (that would need a decode);
// harnesses turn ZIPNN_PARAM_VERIFY_CHECKSUMS off to get past those.
// Layout (docs/FORMAT.md): header 32 B, [delta record 'D' + 31 B + 24 B per
// mapping + checksum 8 B], records 'C' + 40-byte header + payload, index
// 'I' + 24-byte header + 48-byte entries + sections, footer 24 B.
inline void FixupFrame(std::vector<uint8_t> &f, int level) {
  const size_t n = f.size();
  if (level <= 0 || n < 32 || !HasMagic(f.data(), n)) return;
  struct Chunk {
    uint64_t record_offset, decoded_offset;
    const uint8_t *fields;  // chunk header bytes 1..27
  };
  std::vector<Chunk> chunks;
  size_t off = 32;
  if ((f[6] & 1) && n >= 32 + 40 && f[32] == 0x44) {
    const uint64_t maps = LoadLE(f.data() + 32 + 24, 8);
    if (maps <= (n - 32 - 40) / 24) {
      const size_t body = 32 + 24 * static_cast<size_t>(maps);
      StoreLE(f.data() + 32 + body, XXH3_64bits(f.data() + 32, body), 8);
      off = 32 + body + 8;
    }
  }
  uint64_t decoded = 0;
  while (off + 40 <= n && f[off] == 0x43) {
    uint8_t *h = f.data() + off;
    StoreLE(h + 36, XXH3_64bits(h, 36) & 0xffffffffu, 4);
    uint64_t payload = 0;
    for (int s = 0; s < 4; ++s) payload += LoadLE(h + 12 + 4 * s, 4);
    chunks.push_back({off, decoded, h + 1});
    decoded += LoadLE(h + 4, 4);
    if (payload > n - off - 40) break;
    off += 40 + static_cast<size_t>(payload);
  }
  if (level >= 2 && off + 24 + 24 <= n && f[off] == 0x49) {
    const uint64_t count = LoadLE(f.data() + off + 8, 8);
    if (count == chunks.size() && count <= (n - off - 48) / 48) {
      for (size_t i = 0; i < chunks.size(); ++i) {
        uint8_t *e = f.data() + off + 24 + 48 * i;
        const uint8_t *c = chunks[i].fields;  // dtype, layout, streams, size(4), methods(4), sizes(16)
        StoreLE(e, chunks[i].record_offset, 8);
        StoreLE(e + 8, chunks[i].decoded_offset, 8);
        std::memcpy(e + 16, c, 7);
        e[23] = 0;
        std::memcpy(e + 24, c + 7, 4);
        std::memcpy(e + 28, c + 11, 16);
        StoreLE(e + 44, 0, 4);
      }
      StoreLE(f.data() + n - 24, off, 8);
      StoreLE(f.data() + n - 16, decoded, 8);
      if (LoadLE(f.data() + 8, 8) != UINT64_MAX) StoreLE(f.data() + 8, decoded, 8);
    }
  }
  StoreLE(f.data() + 24, XXH3_64bits(f.data(), 24), 8);
  if (n >= 32 + 24 + 24) {
    const uint64_t index_offset = LoadLE(f.data() + n - 24, 8);
    if (index_offset >= 32 && index_offset <= n - 24) {
      XXH3_state_t st;
      XXH3_64bits_reset(&st);
      XXH3_64bits_update(&st, f.data(), 32);
      XXH3_64bits_update(&st, f.data() + index_offset, n - 8 - static_cast<size_t>(index_offset));
      StoreLE(f.data() + n - 8, XXH3_64bits_digest(&st), 8);
    }
  }
}

// One compression / decompression context per thread count (0-3), made on
// first use and kept for the life of the harness.
template <typename Ctx>
Ctx *CachedContext(int threads, zipnn_status (*make)(Ctx **), zipnn_status (*set)(Ctx *, zipnn_param, int64_t)) {
  static Ctx *ctx[4] = {};
  FUZZ_CHECK(threads >= 0 && threads < 4);
  if (!ctx[threads]) {
    FUZZ_CHECK_OK(make(&ctx[threads]));
    FUZZ_CHECK_OK(set(ctx[threads], ZIPNN_PARAM_THREADS, threads));
  }
  return ctx[threads];
}
inline zipnn_cctx *CachedCctx(int threads) { return CachedContext(threads, zipnn_cctx_new, zipnn_cctx_set_param); }
inline zipnn_dctx *CachedDctx(int threads) { return CachedContext(threads, zipnn_dctx_new, zipnn_dctx_set_param); }

// One-shot compression into a buffer of zipnn_compress_bound bytes (must succeed).
inline std::vector<uint8_t> CompressWhole(zipnn_cctx *c, const std::vector<uint8_t> &x) {
  std::vector<uint8_t> out(zipnn_compress_bound(x.size()));
  FUZZ_CHECK(!out.empty());
  size_t size = 0;
  FUZZ_CHECK_OK(zipnn_compress(c, x.data(), x.size(), out.data(), out.size(), &size));
  out.resize(size);
  return out;
}

// Streaming compression (must succeed): input in pieces from `in_piece`
// (clamped to what is left; after END the rest is passed every time, as
// zipnn.h asks), output room in pieces from `out_piece`. Checks that nothing
// is written past the room given.
inline std::vector<uint8_t> StreamEncode(zipnn_cctx *c, const std::vector<uint8_t> &x,
                                         const std::function<size_t()> &in_piece,
                                         const std::function<size_t()> &out_piece) {
  std::vector<uint8_t> frame, room;
  size_t pos = 0;
  bool ended = false;
  for (int guard = 0;; ++guard) {
    FUZZ_CHECK(guard < 1000000);
    const size_t rest = x.size() - pos;
    const size_t in_n = ended ? rest : std::min(rest, in_piece());
    const bool last = pos + in_n == x.size();
    ended = ended || last;
    const size_t out_n = out_piece();
    room.assign(out_n + 16, 0x5A);
    zipnn_in_buffer in{x.data() + pos, in_n, 0};
    zipnn_out_buffer out{room.data(), out_n, 0};
    size_t pending = 0;
    FUZZ_CHECK_OK(zipnn_compress_stream(c, &in, &out, last ? ZIPNN_STREAM_END : ZIPNN_STREAM_CONTINUE,
                                        &pending));
    for (size_t i = out_n; i < room.size(); ++i) FUZZ_CHECK(room[i] == 0x5A);
    frame.insert(frame.end(), room.begin(), room.begin() + static_cast<ptrdiff_t>(out.pos));
    pos += in.pos;
    if (last && in.pos == in_n && pending == 0) break;
  }
  return frame;
}

// Whether empty buffers are passed as NULL (the API allows it). Set
// ZIPNN_FUZZ_NONNULL_EMPTY=1 to pass real pointers instead, to fuzz past a
// known bug of that kind while it is being fixed.
inline bool NullForEmpty() {
  static const bool null_ok = std::getenv("ZIPNN_FUZZ_NONNULL_EMPTY") == nullptr;
  return null_ok;
}

// Decodes a whole frame with the streaming API: input in pieces from `in_piece`,
// output room in pieces from `out_piece` (each called for the next size, may
// return 0; empty buffers are passed as NULL, see NullForEmpty). Returns the
// status; *done tells whether the frame completed; `out` receives every byte produced (also before an error). `consumed` is the
// input consumed. Aborts if the decoder stalls with input and room available.
inline zipnn_status StreamDecode(zipnn_dctx *dctx, const uint8_t *src, size_t size,
                                 std::function<size_t()> in_piece, std::function<size_t()> out_piece,
                                 size_t out_limit, std::vector<uint8_t> *out, bool *done,
                                 size_t *consumed) {
  out->clear();
  *done = false;
  size_t in_pos = 0;
  static std::vector<uint8_t> room;  // reused: only its guard bytes are reset per call
  int idle = 0;
  zipnn_status st = ZIPNN_OK;
  for (;;) {
    const size_t in_n = in_pos < size ? std::min<size_t>(in_piece(), size - in_pos) : 0;
    size_t out_n = out_piece();
    if (out->size() >= out_limit) out_n = 0;
    else out_n = std::min(out_n, out_limit - out->size());
    if (room.size() < out_n + 16) room.resize(out_n + 16);
    std::memset(room.data() + out_n, 0xA5, 16);
    const bool null_empty = NullForEmpty();
    zipnn_in_buffer in{in_n || !null_empty ? src + in_pos : nullptr, in_n, 0};
    zipnn_out_buffer ob{out_n || !null_empty ? room.data() : nullptr, out_n, 0};
    int32_t d = 0;
    st = zipnn_decompress_stream(dctx, &in, &ob, &d);
    FUZZ_CHECK(in.pos <= in_n && ob.pos <= out_n);
    for (size_t i = out_n; i < out_n + 16; ++i) FUZZ_CHECK(room[i] == 0xA5);  // no write past room
    out->insert(out->end(), room.begin(), room.begin() + static_cast<ptrdiff_t>(ob.pos));
    in_pos += in.pos;
    if (st != ZIPNN_OK) break;
    if (d) {
      *done = true;
      break;
    }
    const bool progress = in.pos > 0 || ob.pos > 0;
    if (progress) {
      idle = 0;
      continue;
    }
    // No progress: fine while the pieces were empty, a stall if neither was.
    if (out_n == 0 && out->size() >= out_limit) break;  // out of room for good
    FUZZ_CHECK(!(in_n > 0 && out_n > 0));
    if (in_pos == size && out_n > 0) break;  // all input given, nothing more comes: truncated
    if (++idle > 64) {
      // Pieces keep being empty; finish with whole buffers.
      in_piece = [] { return SIZE_MAX; };
      out_piece = [] { return static_cast<size_t>(1) << 20; };
      idle = 0;
    }
  }
  *consumed = in_pos;
  return st;
}

}  // namespace zipnn_fuzz
