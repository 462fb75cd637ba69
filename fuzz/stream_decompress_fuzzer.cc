// Property: the streaming decoder, fed input and given output room in pieces
// of fuzzer-chosen sizes, never crashes, stalls or writes past its output
// buffer, and produces exactly what one-shot decoding produces, or an error.
// Every byte it hands out before an error is already verified, so with
// checksums on it is a prefix of the one-shot result.
//
// Input: a whole .znn frame (starts with the magic; pieces from a hash of the
// input), or 8 parameter bytes then a frame:
//   [0]    bits 0-1: fix-up level (fuzz_util.h FixupFrame), bit 2: checksums
//          of decoded bytes not verified, bit 3: cap ZIPNN_PARAM_MAX_DECODED_SIZE
//          at [7] * 4096 bytes, bit 4: reuse the context for a second decode
//   [1..4] seed of the piece sizes
//   [5]    largest input piece: 2^([5] % 18) bytes
//   [6]    largest output piece: 2^([6] % 18) bytes
//   [7]    the cap
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_util.h"
#include "zipnn.h"

namespace {

using namespace zipnn_fuzz;

constexpr size_t kPrefix = 8;
constexpr uint64_t kMaxOutput = 8u << 20;

zipnn_dctx *NewDctx() {
  zipnn_dctx *d = nullptr;
  FUZZ_CHECK_OK(zipnn_dctx_new(&d));
  FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, 1));
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t mode = 0, cap_units = 0;
  uint64_t seed = 0;
  unsigned in_log = 17, out_log = 17;
  std::vector<uint8_t> frame;
  if (HasMagic(data, size)) {
    frame.assign(data, data + size);
    seed = XXH3_64bits(data, size);
    in_log = static_cast<unsigned>(seed % 12);
    out_log = static_cast<unsigned>((seed >> 8) % 18);
  } else {
    const Params p(data, size, kPrefix);
    mode = p.Byte(0);
    seed = p.Int(1, 4);
    in_log = p.Byte(5) % 18u;
    out_log = p.Byte(6) % 18u;
    cap_units = p.Byte(7);
    frame.assign(p.payload(), p.payload() + p.payload_size());
  }
  FixupFrame(frame, (mode & 3) == 3 ? 2 : (mode & 3));
  const bool verify = (mode & 4) == 0;
  const uint64_t cap = (mode & 8) ? uint64_t{cap_units} * 4096 : kMaxOutput;
  static const uint8_t kEmpty[1] = {0};
  const uint8_t *src = frame.empty() ? kEmpty : frame.data();
  const size_t src_size = frame.size();

  static zipnn_dctx *shot = NewDctx();
  static zipnn_dctx *stream = NewDctx();
  for (zipnn_dctx *d : {shot, stream}) {
    FUZZ_CHECK_OK(zipnn_dctx_reset(d));
    FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_VERIFY_CHECKSUMS, verify ? 1 : 0));
    FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, static_cast<int64_t>(cap)));
  }

  Rng rng(seed);
  const uint64_t in_max = uint64_t{1} << in_log, out_max = uint64_t{1} << out_log;
  std::vector<uint8_t> out;
  bool done = false;
  size_t consumed = 0;
  const zipnn_status st = StreamDecode(
      stream, src, src_size, [&] { return static_cast<size_t>(rng.Below(in_max)); },
      [&] { return static_cast<size_t>(rng.Below(out_max)); }, kMaxOutput + 1, &out, &done, &consumed);
  FUZZ_CHECK(st == ZIPNN_OK || IsNamedError(st));
  FUZZ_CHECK(out.size() <= cap);
  // A failed stream stays failed until reset.
  if (st != ZIPNN_OK) {
    zipnn_in_buffer in{src, src_size, 0};
    zipnn_out_buffer ob{nullptr, 0, 0};
    int32_t d = 0;
    FUZZ_CHECK(zipnn_decompress_stream(stream, &in, &ob, &d) == st);
    FUZZ_CHECK(in.pos == 0);
  }

  // The one-shot answer for the bytes the stream consumed, and for all of them.
  auto one_shot = [&](size_t n, std::vector<uint8_t> *result) {
    zipnn_frame_info info;
    const zipnn_status si = zipnn_frame_info_get(src, n, &info);
    if (si != ZIPNN_OK) return si;
    if (info.content_size > kMaxOutput) return ZIPNN_ERROR_SIZE_LIMIT;
    result->assign(static_cast<size_t>(info.content_size) + 1, 0);
    size_t got = 0;
    const zipnn_status sd = zipnn_decompress(shot, src, n, result->data(), result->size() - 1, &got);
    if (sd == ZIPNN_OK) result->resize(got);
    return sd;
  };

  if (done) {
    // A completed stream is a whole, valid frame: one-shot agrees on it.
    FUZZ_CHECK(st == ZIPNN_OK);
    std::vector<uint8_t> expect;
    FUZZ_CHECK_OK(one_shot(consumed, &expect));
    FUZZ_CHECK(expect == out);
  }
  std::vector<uint8_t> whole;
  const zipnn_status st_whole = one_shot(src_size, &whole);
  if (st_whole == ZIPNN_OK) {
    // Streaming may refuse (it has its own limits, e.g. on sections) but
    // never yields other bytes.
    if (done) FUZZ_CHECK(consumed == src_size);
    if (verify) FUZZ_CHECK(out.size() <= whole.size() && SameBytes(out.data(), whole.data(), out.size()));
    if (verify && st == ZIPNN_OK) FUZZ_CHECK(done);
  }

  // A context is reusable after reset (and after a completed frame).
  if (mode & 16) {
    if (!done) FUZZ_CHECK_OK(zipnn_dctx_reset(stream));
    std::vector<uint8_t> again;
    bool done2 = false;
    size_t consumed2 = 0;
    const zipnn_status st2 = StreamDecode(
        stream, src, src_size, [] { return SIZE_MAX; }, [] { return static_cast<size_t>(1) << 20; },
        kMaxOutput + 1, &again, &done2, &consumed2);
    if (done) FUZZ_CHECK(st2 == ZIPNN_OK && done2 && again == out && consumed2 == consumed);
  }
  FUZZ_CHECK_OK(zipnn_dctx_reset(stream));
  return 0;
}
