// Property: the tensor API on arbitrary bytes never crashes, hangs, leaks or
// reads out of bounds, answers only OK or a named error, and agrees with the
// rest of the API:
//  - zipnn_tensor_count fails exactly as zipnn_frame_info_get does (same
//    status), and when OK equals its tensor_count; zipnn_tensor_info_get,
//    zipnn_tensor_find and zipnn_decompress_tensor then fail the same way too;
//  - for a frame that validates, every tensor below the count has info
//    (in offset order, disjoint, within the content, names inside the frame,
//    sizes matching known dtypes), zipnn_tensor_find of its name finds it or
//    an earlier tensor of the same name, and NOT_FOUND comes exactly past
//    the last tensor and for absent names;
//  - zipnn_decompress_tensor (whole tensor, and a range of rows chosen by the
//    input) returns RANGE exactly for rows outside the tensor, never writes
//    past dst, and any OK answer equals the slice of the one-shot decode;
//    when the one-shot decode is OK, every tensor decode is OK too.
//
// Input: a whole .znn frame (starts with the magic; default parameters, the
// rows from a hash of the input), or 8 parameter bytes then a frame:
//   [0]    bits 0-1: fix-up level (fuzz_util.h FixupFrame; reaches the tensor
//          index section behind the footer checksum), bit 2: checksums of
//          decoded bytes not verified, bit 3: two threads, bit 4: cap
//          ZIPNN_PARAM_MAX_DECODED_SIZE at [7] * 4096 bytes
//   [1..6] seed of the row ranges
//   [7]    the cap
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_util.h"
#include "tensor_check.h"
#include "zipnn.h"

namespace {

using namespace zipnn_fuzz;

constexpr size_t kPrefix = 8;
constexpr uint64_t kMaxOutput = 8u << 20;  // as decompress_fuzzer: legal frames can be bombs

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t mode = 0, cap_units = 0;
  uint64_t seed = 0;
  std::vector<uint8_t> frame;
  if (HasMagic(data, size)) {
    frame.assign(data, data + size);
    seed = XXH3_64bits(data, size);
  } else {
    const Params p(data, size, kPrefix);
    mode = p.Byte(0);
    seed = p.Int(1, 6);
    cap_units = p.Byte(7);
    frame.assign(p.payload(), p.payload() + p.payload_size());
  }
  FixupFrame(frame, (mode & 3) == 3 ? 2 : (mode & 3));
  const bool capped = (mode & 16) != 0;
  const uint64_t cap = capped ? uint64_t{cap_units} * 4096 : kMaxOutput;
  zipnn_dctx *d = CachedDctx((mode & 8) ? 2 : 1);
  FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_VERIFY_CHECKSUMS, (mode & 4) ? 0 : 1));
  FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, static_cast<int64_t>(cap)));
  static const uint8_t kEmpty[1] = {0};
  const uint8_t *src = frame.empty() ? kEmpty : frame.data();
  const size_t src_size = frame.size();
  Rng rng(seed);

  zipnn_frame_info info;
  const zipnn_status st_info = zipnn_frame_info_get(src, src_size, &info);
  uint64_t count = UINT64_MAX;
  const zipnn_status st_count = zipnn_tensor_count(src, src_size, &count);
  FUZZ_CHECK(st_count == ZIPNN_OK || IsNamedError(st_count));
  FUZZ_CHECK(st_count == st_info);  // the same validation
  if (st_count != ZIPNN_OK) {
    FUZZ_CHECK(count == UINT64_MAX);  // out-parameter untouched
    // Every tensor call validates the frame first: the same error.
    zipnn_tensor_info t;
    FUZZ_CHECK(zipnn_tensor_info_get(src, src_size, 0, &t) == st_count);
    uint64_t index = 0;
    FUZZ_CHECK(zipnn_tensor_find(src, src_size, "w", 1, &index) == st_count);
    uint8_t byte = 0;
    size_t got = 0;
    FUZZ_CHECK(zipnn_decompress_tensor(d, src, src_size, 0, 0, UINT64_MAX, &byte, 1, &got) == st_count);
    return 0;
  }
  FUZZ_CHECK(count == info.tensor_count);

  // The whole content, when it decodes (and is affordable).
  std::vector<uint8_t> full;
  bool full_ok = false;
  if (info.content_size <= cap) {
    full.resize(static_cast<size_t>(info.content_size) + 1);
    size_t full_size = 0;
    const zipnn_status st =
        zipnn_decompress(d, src, src_size, full.data(), static_cast<size_t>(info.content_size), &full_size);
    FUZZ_CHECK(st == ZIPNN_OK || IsNamedError(st));
    full_ok = st == ZIPNN_OK;
    if (full_ok) FUZZ_CHECK(full_size == info.content_size);
  }
  const TensorCheck c{d,     src,  src_size, count, info.content_size, full_ok ? full.data() : nullptr, false,
                      capped, 64};
  CheckTensors(c, rng);
  return 0;
}
