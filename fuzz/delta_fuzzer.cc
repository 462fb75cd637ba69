// Property: delta frames decode only with their base, and then exactly.
// For a fuzzer-chosen base and target (plain bytes or safetensors files, of
// the same size or not, the target a fine-tune of the base or unrelated):
//  - compressing the target with zipnn_cctx_set_delta_base(base) is
//    deterministic (another thread count, and pledged-size streaming in
//    pieces, give the same frame), fits zipnn_compress_bound, and sets
//    ZIPNN_FRAME_FLAG_DELTA exactly when the base is not empty;
//  - with the base, one-shot, range, streaming (pieces) and tensor decoding
//    (tensor_check.h) give exactly the target's bytes;
//  - without a base, one-shot, range, tensor and streaming decoding fail with
//    ZIPNN_ERROR_DELTA_BASE; with another base (one byte changed, one byte
//    shorter or longer, other bytes of the same size, the target) likewise,
//    unless that base is byte-identical to the right one (then exact bytes).
//    Bases here are at most 128 KiB, so the fingerprint covers every byte.
// A second mode decodes arbitrary bytes as a delta frame with a chosen base:
// named errors only; one-shot, range and streaming agree as in the
// decompress and stream_decompress fuzzers.
//
// Input: 12 parameter bytes, then seed bytes:
//   [0]    bits 0-1 kind: 0 plain bytes, 1 both safetensors, 2 base
//          safetensors and target plain bytes or (bit 2 set) the reverse,
//          3 arbitrary frame (layout below);
//          bit 2 (kinds 0, 1): target a fine-tune of the base, else its own;
//          bit 3: second compression with 2 threads (first with 1);
//          bit 4: ZIPNN_PARAM_TENSOR_AWARE 0;
//          bits 5-6: chunk size 4096, 8192, 65536 or 1 MiB (the default)
//   [1]    dtype of plain data (% ZIPNN_DTYPE_COUNT)
//   [2..3] plain base length, [4..5] plain target length (bytes, 16 bits)
//   [6]    fine-tune: fraction of bytes changed (/256)
//   [7]    fine-tune: fraction of tensors renamed, retyped, resized or dropped
//   [8..9] data seed
//   [10]   the other base: 0 one byte flipped, 1 last byte dropped,
//          2 one byte added, 3 a byte-identical copy, 4 the target,
//          5 other bytes of the same size, 6+ none
//   [11]   bits 0-6: seed of the range and the pieces (bit 0 also: decode
//          with 2 threads); bit 7: safetensors
//          files get a tensor of zeros (AddZeroPad, at most 64 KiB), so that
//          they usually get a tensor index and tensors are matched by name
//   seed bytes: safetensors tensor list (safetensors_gen.h ReadTensors) for
//          safetensors files; else mixed into plain data
// Kind 3: [1] bits 0-1: fix-up level (fuzz_util.h FixupFrame; level >= 1
//          also fixes the delta record checksum), bit 2: checksums of decoded
//          bytes not verified, bit 3: two threads, bit 4: forge the delta
//          record's base size and fingerprint to match the base (as a forger
//          would; then fix up), bit 5: decode without a base;
//   [2..3] base length, [8..9] base seed: the base is DeltaFuzzBase()
//          (sample_data.h);
//   [11] seed of the range and the pieces; the seed bytes are the frame.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_util.h"
#include "safetensors_gen.h"
#include "tensor_check.h"
#include "zipnn.h"

namespace {

using namespace zipnn_fuzz;

constexpr size_t kPrefix = 12;
constexpr uint64_t kTensorBudget = 48 * 1024;
constexpr uint64_t kPadMax = 64 * 1024;  // files stay below 128 KiB: the base fingerprint covers them

// docs/FORMAT.md, delta record: XXH3 over the size (8 bytes LE), the first
// min(65536, size) bytes and, if larger, the last 65536 bytes.
uint64_t Fingerprint(const Bytes &b) {
  constexpr size_t kEdge = 65536;
  uint8_t le[8];
  StoreLE(le, b.size(), 8);
  XXH3_state_t s;
  XXH3_64bits_reset(&s);
  XXH3_64bits_update(&s, le, 8);
  XXH3_64bits_update(&s, b.data(), std::min(b.size(), kEdge));
  if (b.size() > kEdge) XXH3_64bits_update(&s, b.data() + b.size() - kEdge, kEdge);
  return XXH3_64bits_digest(&s);
}

// Plain data: weights-like values of `dtype` with seed bytes mixed in.
Bytes Plain(zipnn_dtype dtype, size_t n, uint64_t seed, const uint8_t *mix, size_t mix_size) {
  Bytes x = SampleData(dtype, n, seed);
  for (size_t i = 0; i < mix_size && i < n; ++i) x[(i * 131) % n] ^= mix[i];
  return x;
}

// A plain fine-tune: a fraction of the bytes changed in a low bit, then cut
// or extended to `n` bytes.
Bytes Edit(const Bytes &base, size_t n, uint8_t rate, uint64_t seed) {
  Rng rng(seed);
  Bytes x = base;
  for (uint8_t &b : x)
    if (rng.Below(255) < rate) b ^= static_cast<uint8_t>(1u << (rng.Next() % 3));
  x.resize(n, 0x3c);
  return x;
}

// Streaming compression, size pledged, input and output in pieces.
Bytes CompressStream(zipnn_cctx *c, const Bytes &x, Rng &rng) {
  FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, static_cast<int64_t>(x.size())));
  const Bytes frame = StreamEncode(
      c, x, [&] { return static_cast<size_t>(rng.Below(20000)); },
      [&] { return static_cast<size_t>(rng.Below(30000)); });
  FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, -1));
  return frame;
}

void SetBase(zipnn_dctx *d, const Bytes *base) {
  FUZZ_CHECK_OK(zipnn_dctx_reset(d));
  if (base && !base->empty()) FUZZ_CHECK_OK(zipnn_dctx_set_delta_base(d, base->data(), base->size()));
  else FUZZ_CHECK_OK(zipnn_dctx_set_delta_base(d, nullptr, 0));
}

// Decodes `frame` with `base` every way. `expect`: the exact bytes, or null
// when the base is wrong (then `want` is the error every call must return).
void DecodeEveryWay(zipnn_dctx *d, const Bytes &frame, const Bytes *base, const Bytes &target, bool right,
                    Rng &rng) {
  SetBase(d, base);
  const zipnn_status want = right ? ZIPNN_OK : ZIPNN_ERROR_DELTA_BASE;
  Bytes out(target.size() + 1);
  size_t got = SIZE_MAX;
  FUZZ_CHECK(zipnn_decompress(d, frame.data(), frame.size(), out.data(), target.size(), &got) == want);
  if (right) FUZZ_CHECK(got == target.size() && SameBytes(out.data(), target.data(), target.size()));
  else FUZZ_CHECK(got == SIZE_MAX);

  const uint64_t off = rng.Below(target.size());
  const uint64_t len = rng.Below(target.size() - off);
  got = SIZE_MAX;
  FUZZ_CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), off, len, out.data(), static_cast<size_t>(len),
                                    &got) == want);
  if (right) FUZZ_CHECK(got == len && SameBytes(out.data(), target.data() + off, static_cast<size_t>(len)));

  uint64_t count = 0;
  FUZZ_CHECK_OK(zipnn_tensor_count(frame.data(), frame.size(), &count));
  if (right && count > 0) {
    const TensorCheck c{d, frame.data(), frame.size(), count, target.size(), target.data(), true, false, 16};
    CheckTensors(c, rng);
  } else if (count > 0) {
    const uint64_t i = rng.Below(count - 1);
    got = SIZE_MAX;
    FUZZ_CHECK(zipnn_decompress_tensor(d, frame.data(), frame.size(), i, 0, UINT64_MAX, out.data(), target.size(),
                                       &got) == want);
  }

  std::vector<uint8_t> streamed;
  bool done = false;
  size_t consumed = 0;
  const zipnn_status st = StreamDecode(
      d, frame.data(), frame.size(), [&] { return static_cast<size_t>(rng.Below(3000)); },
      [&] { return static_cast<size_t>(rng.Below(20000)); }, target.size() + 1, &streamed, &done, &consumed);
  FUZZ_CHECK(st == want);
  if (right) FUZZ_CHECK(done && consumed == frame.size() && streamed == target);
  else FUZZ_CHECK(!done && streamed.empty());
  FUZZ_CHECK_OK(zipnn_dctx_reset(d));
}

void RoundTrip(const Params &p) {
  const uint8_t mode = p.Byte(0);
  const int kind = mode & 3;
  static const int64_t kChunks[] = {4096, 8192, 65536, 1 << 20};
  const int64_t chunk = kChunks[(mode >> 5) & 3];
  const zipnn_dtype dtype = static_cast<zipnn_dtype>(p.Byte(1) % ZIPNN_DTYPE_COUNT);
  const size_t base_n = static_cast<size_t>(p.Int(2, 2)), target_n = static_cast<size_t>(p.Int(4, 2));
  const uint8_t rate = p.Byte(6), churn = p.Byte(7);
  const uint64_t seed = p.Int(8, 2);
  Rng rng((p.Byte(11) & 0x7f) * 0x9e3779b97f4a7c15ull + XXH3_64bits(p.payload(), p.payload_size()));

  Bytes base, target;
  const bool tune = (mode & 4) != 0;
  if (kind == 0) {
    base = Plain(dtype, base_n, seed, p.payload(), p.payload_size());
    target = tune ? Edit(base, target_n, rate, seed + 1)
                  : Plain(dtype, target_n, seed + 1, p.payload(), p.payload_size() / 2);
  } else {
    ByteReader r(p.payload(), p.payload_size());
    const bool pad = (p.Byte(11) & 0x80) != 0;
    std::vector<TensorDesc> tensors = ReadTensors(r, 32, kTensorBudget, seed);
    if (pad) AddZeroPad(&tensors, kPadMax);
    LayoutOptions o;
    o.header_padding = seed % 8;
    const Bytes st_base = BuildSafetensors(tensors, o).bytes;
    if (kind == 1) {
      base = st_base;
      o.reverse_data = (seed & 8) != 0;
      std::vector<TensorDesc> other = tune ? FineTune(tensors, rate, churn, seed + 2)
                                           : ReadTensors(r, 32, kTensorBudget, seed + 3);
      if (pad && !tune) AddZeroPad(&other, kPadMax);
      target = BuildSafetensors(other, o).bytes;
    } else if (!tune) {
      base = st_base;
      target = Edit(st_base, target_n, rate, seed + 1);  // the same bytes, maybe cut: plain at worst
    } else {
      target = st_base;
      base = Edit(st_base, base_n, rate, seed + 1);
    }
  }

  zipnn_cctx *a = CachedCctx(1), *b = CachedCctx((mode & 8) ? 2 : 1);
  for (zipnn_cctx *c : {a, b}) {
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, dtype));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, chunk));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_TENSOR_AWARE, (mode & 16) ? 0 : 1));
    FUZZ_CHECK_OK(zipnn_cctx_set_delta_base(c, base.empty() ? nullptr : base.data(), base.size()));
  }
  const Bytes frame = CompressWhole(a, target);
  FUZZ_CHECK(CompressWhole(b, target) == frame);
  FUZZ_CHECK(CompressStream(b, target, rng) == frame);
  for (zipnn_cctx *c : {a, b}) FUZZ_CHECK_OK(zipnn_cctx_set_delta_base(c, nullptr, 0));

  zipnn_frame_info info;
  FUZZ_CHECK_OK(zipnn_frame_info_get(frame.data(), frame.size(), &info));
  FUZZ_CHECK(info.content_size == target.size());
  const bool delta = (info.flags & ZIPNN_FRAME_FLAG_DELTA) != 0;
  FUZZ_CHECK(delta == !base.empty());

  zipnn_dctx *d = CachedDctx(1 + (p.Byte(11) & 1));
  DecodeEveryWay(d, frame, &base, target, true, rng);
  DecodeEveryWay(d, frame, nullptr, target, !delta, rng);

  Bytes other;
  const uint8_t which = p.Byte(10);
  switch (which) {
    case 0:
      other = base;
      if (!other.empty()) other[static_cast<size_t>(rng.Below(other.size() - 1))] ^= 0x10;
      break;
    case 1:
      other = base;
      if (!other.empty()) other.pop_back();
      break;
    case 2:
      other = base;
      other.push_back(0);
      break;
    case 3: other = base; break;
    case 4: other = target; break;
    case 5: other = Noise(base.size(), seed + 5); break;
    default: return;
  }
  DecodeEveryWay(d, frame, &other, target, !delta || other == base, rng);
}

// Kind 3: arbitrary bytes as a delta frame, decoded with a chosen base.
void ArbitraryFrame(const Params &p) {
  const uint8_t flags = p.Byte(1);
  const Bytes base = DeltaFuzzBase(static_cast<size_t>(p.Int(2, 2)), p.Int(8, 2));
  Bytes frame(p.payload(), p.payload() + p.payload_size());
  if ((flags & 16) && frame.size() >= 64 && HasMagic(frame.data(), frame.size()) && (frame[6] & 1) &&
      frame[32] == 0x44) {
    StoreLE(frame.data() + 40, base.size(), 8);
    StoreLE(frame.data() + 48, Fingerprint(base), 8);
  }
  FixupFrame(frame, (flags & 3) == 3 ? 2 : (flags & 3));
  const bool verify = (flags & 4) == 0;
  const bool with_base = (flags & 32) == 0;
  constexpr uint64_t kMaxOutput = 8u << 20;
  zipnn_dctx *d = CachedDctx((flags & 8) ? 2 : 1);
  SetBase(d, with_base ? &base : nullptr);
  FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_VERIFY_CHECKSUMS, verify ? 1 : 0));
  FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, static_cast<int64_t>(kMaxOutput)));
  static const uint8_t kEmpty[1] = {0};
  const uint8_t *src = frame.empty() ? kEmpty : frame.data();
  Rng rng(p.Int(11, 1) + XXH3_64bits(src, frame.size()));

  zipnn_frame_info info;
  const zipnn_status st_info = zipnn_frame_info_get(src, frame.size(), &info);
  FUZZ_CHECK(st_info == ZIPNN_OK || IsNamedError(st_info));
  const bool affordable = st_info == ZIPNN_OK && info.content_size <= kMaxOutput;
  Bytes full(affordable ? static_cast<size_t>(info.content_size) + 1 : 1);
  size_t full_size = SIZE_MAX;
  const zipnn_status st_full = zipnn_decompress(d, src, frame.size(), full.data(), full.size() - 1, &full_size);
  FUZZ_CHECK(st_full == ZIPNN_OK || IsNamedError(st_full));
  if (st_info != ZIPNN_OK) FUZZ_CHECK(st_full == st_info);
  if (st_info == ZIPNN_OK && (info.flags & ZIPNN_FRAME_FLAG_DELTA) && !with_base)
    FUZZ_CHECK(st_full == ZIPNN_ERROR_DELTA_BASE);
  if (st_full == ZIPNN_OK) {
    FUZZ_CHECK(full_size == info.content_size);
    full.resize(full_size);
  }
  if (affordable) {
    const uint64_t off = rng.Below(info.content_size);
    const uint64_t len = rng.Below(info.content_size - off);
    Bytes part(static_cast<size_t>(len) + 1);
    size_t got = SIZE_MAX;
    const zipnn_status st = zipnn_decompress_range(d, src, frame.size(), off, len, part.data(),
                                                   static_cast<size_t>(len), &got);
    FUZZ_CHECK(st == ZIPNN_OK || IsNamedError(st));
    if (st_full == ZIPNN_OK) {
      FUZZ_CHECK(st == ZIPNN_OK && got == len);
      FUZZ_CHECK(SameBytes(part.data(), full.data() + off, static_cast<size_t>(len)));
    }
    uint64_t count = 0;
    if (zipnn_tensor_count(src, frame.size(), &count) == ZIPNN_OK && count > 0) {
      const TensorCheck c{d, src, frame.size(), count, info.content_size,
                          st_full == ZIPNN_OK ? full.data() : nullptr, false, false, 8};
      CheckTensors(c, rng);
    }
  }

  std::vector<uint8_t> streamed;
  bool done = false;
  size_t consumed = 0;
  FUZZ_CHECK_OK(zipnn_dctx_reset(d));
  const zipnn_status st = StreamDecode(
      d, src, frame.size(), [&] { return static_cast<size_t>(rng.Below(4096)); },
      [&] { return static_cast<size_t>(rng.Below(65536)); }, kMaxOutput + 1, &streamed, &done, &consumed);
  FUZZ_CHECK(st == ZIPNN_OK || IsNamedError(st));
  if (done) {
    // A completed stream is a valid frame (here: all of it, or a prefix).
    FUZZ_CHECK(st == ZIPNN_OK);
    if (consumed == frame.size()) FUZZ_CHECK(st_full == ZIPNN_OK && streamed == full);
  }
  if (st_full == ZIPNN_OK && verify) {
    // Streaming hands out only verified bytes: a prefix of the true content.
    FUZZ_CHECK(streamed.size() <= full.size() && SameBytes(streamed.data(), full.data(), streamed.size()));
    if (st == ZIPNN_OK) FUZZ_CHECK(done);
  }
  FUZZ_CHECK_OK(zipnn_dctx_reset(d));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const Params p(data, size, kPrefix);
  if ((p.Byte(0) & 3) == 3) ArbitraryFrame(p);
  else RoundTrip(p);
  return 0;
}
