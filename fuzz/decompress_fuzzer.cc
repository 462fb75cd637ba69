// Property: decoding arbitrary bytes never crashes, hangs, leaks or reads out
// of bounds, and every OK answer is consistent with the others: frame info,
// content size, one-shot decode (with 1 and 2 threads) and range decode agree.
//
// Input: a whole .znn frame (starts with the magic; default parameters, the
// range comes from a hash of the input), or 8 parameter bytes then a frame:
//   [0]    bits 0-1: fix-up level (fuzz_util.h FixupFrame), bit 2: checksums
//          of decoded bytes not verified, bit 3: two threads, bit 4: cap
//          ZIPNN_PARAM_MAX_DECODED_SIZE at [7] * 4096 bytes
//   [1..3] range offset as a fraction of the content size (24 bits)
//   [4..6] range length as a fraction of what follows the offset (24 bits)
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
// The harness never asks for more output than this (compression bombs are
// legal frames: a constant 64 MiB chunk costs 89 bytes).
constexpr uint64_t kMaxOutput = 8u << 20;

zipnn_dctx *Dctx(int threads) {
  static zipnn_dctx *one = [] {
    zipnn_dctx *d = nullptr;
    FUZZ_CHECK_OK(zipnn_dctx_new(&d));
    FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, 1));
    return d;
  }();
  static zipnn_dctx *two = [] {
    zipnn_dctx *d = nullptr;
    FUZZ_CHECK_OK(zipnn_dctx_new(&d));
    FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, 2));
    return d;
  }();
  return threads == 2 ? two : one;
}

uint64_t Fraction(uint64_t total, uint32_t frac24) {
  // total * frac24 / 2^24 without overflow: the result is at most total.
  return (total >> 24) * frac24 + (((total & 0xffffff) * frac24) >> 24);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t mode = 0, cap_units = 0;
  uint32_t off_frac = 0, len_frac = 0;
  std::vector<uint8_t> frame;
  if (HasMagic(data, size)) {
    frame.assign(data, data + size);
    const uint64_t h = XXH3_64bits(data, size);
    off_frac = static_cast<uint32_t>(h & 0xffffff);
    len_frac = static_cast<uint32_t>((h >> 24) & 0xffffff);
  } else {
    const Params p(data, size, kPrefix);
    mode = p.Byte(0);
    off_frac = static_cast<uint32_t>(p.Int(1, 3));
    len_frac = static_cast<uint32_t>(p.Int(4, 3));
    cap_units = p.Byte(7);
    frame.assign(p.payload(), p.payload() + p.payload_size());
  }
  const int fixup = (mode & 3) == 3 ? 2 : (mode & 3);
  FixupFrame(frame, fixup);
  const bool verify = (mode & 4) == 0;
  const int threads = (mode & 8) ? 2 : 1;
  const uint64_t cap = (mode & 16) ? uint64_t{cap_units} * 4096 : kMaxOutput;

  zipnn_dctx *dctx = Dctx(threads);
  zipnn_dctx *other = Dctx(3 - threads);
  for (zipnn_dctx *d : {dctx, other}) {
    FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_VERIFY_CHECKSUMS, verify ? 1 : 0));
    FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, static_cast<int64_t>(cap)));
  }
  const uint8_t *src = frame.data();
  const size_t src_size = frame.size();
  // A zero-length vector may have a null data(): pass a real pointer.
  static const uint8_t kEmpty[1] = {0};
  if (!src) src = kEmpty;

  // Header only.
  uint64_t header_size = 0;
  const zipnn_status st_cs = zipnn_frame_content_size(src, src_size, &header_size);
  FUZZ_CHECK(st_cs == ZIPNN_OK || IsNamedError(st_cs));

  // Header, index and footer.
  zipnn_frame_info info;
  std::memset(&info, 0, sizeof(info));
  const zipnn_status st_info = zipnn_frame_info_get(src, src_size, &info);
  FUZZ_CHECK(st_info == ZIPNN_OK || IsNamedError(st_info));
  if (st_info == ZIPNN_OK) {
    // A frame whose whole structure validates has a valid header.
    FUZZ_CHECK(st_cs == ZIPNN_OK);
    FUZZ_CHECK(header_size == ZIPNN_CONTENT_SIZE_UNKNOWN || header_size == info.content_size);
    FUZZ_CHECK(info.frame_size == src_size);
    FUZZ_CHECK(info.format_version == ZIPNN_FORMAT_VERSION);
    FUZZ_CHECK(info.dtype >= 0 && info.dtype < ZIPNN_DTYPE_COUNT);
    FUZZ_CHECK(info.element_size == zipnn_dtype_size(info.dtype));
    uint64_t dtype_total = 0, method_bytes = 0;
    for (uint64_t b : info.dtype_bytes) dtype_total += b;
    for (uint64_t b : info.method_bytes) method_bytes += b;
    FUZZ_CHECK(dtype_total == info.content_size);
    FUZZ_CHECK(method_bytes <= src_size);
    FUZZ_CHECK(info.chunk_count <= src_size / 48);
    FUZZ_CHECK(info.content_size <= info.chunk_count * uint64_t{info.chunk_size});
  }

  // One-shot decode. The destination is exact when the size is known and
  // affordable, else something small (the call must then fail).
  const bool affordable = st_info == ZIPNN_OK && info.content_size <= kMaxOutput;
  const size_t capacity = affordable ? static_cast<size_t>(info.content_size) : 4096;
  std::vector<uint8_t> full(capacity + 1);
  size_t full_size = SIZE_MAX;
  const zipnn_status st_full = zipnn_decompress(dctx, src, src_size, full.data(), capacity, &full_size);
  FUZZ_CHECK(st_full == ZIPNN_OK || IsNamedError(st_full));
  if (st_info != ZIPNN_OK) {
    // The frame is validated before anything else: the same error.
    FUZZ_CHECK(st_full == st_info);
  } else if (info.content_size > cap) {
    FUZZ_CHECK(st_full == ZIPNN_ERROR_SIZE_LIMIT);
  } else if (!affordable) {
    FUZZ_CHECK(st_full == ZIPNN_ERROR_DST_TOO_SMALL);
  }
  if (st_full == ZIPNN_OK) {
    FUZZ_CHECK(st_info == ZIPNN_OK && full_size == info.content_size);
    full.resize(full_size);
    // Thread count never changes the result.
    std::vector<uint8_t> again(full_size + 1);
    size_t again_size = 0;
    FUZZ_CHECK_OK(zipnn_decompress(other, src, src_size, again.data(), full_size, &again_size));
    FUZZ_CHECK(again_size == full_size && std::memcmp(again.data(), full.data(), full_size) == 0);
  } else if (affordable && st_info == ZIPNN_OK && info.content_size <= cap) {
    // Only chunk decoding can fail now, the same way on any thread count.
    std::vector<uint8_t> again(capacity + 1);
    size_t again_size = 0;
    FUZZ_CHECK(zipnn_decompress(other, src, src_size, again.data(), capacity, &again_size) == st_full);
  }

  // Range decode.
  if (st_info == ZIPNN_OK) {
    const uint64_t offset = Fraction(info.content_size, off_frac);
    const uint64_t length = Fraction(info.content_size - offset, len_frac);
    if (length <= kMaxOutput) {
      std::vector<uint8_t> part(static_cast<size_t>(length) + 1);
      size_t part_size = SIZE_MAX;
      const zipnn_status st_part = zipnn_decompress_range(dctx, src, src_size, offset, length, part.data(),
                                                          static_cast<size_t>(length), &part_size);
      FUZZ_CHECK(st_part == ZIPNN_OK || IsNamedError(st_part));
      if (length > cap) FUZZ_CHECK(st_part == ZIPNN_ERROR_SIZE_LIMIT);
      if (st_full == ZIPNN_OK) {
        // Every chunk decoded: any range of them decodes too, to the same bytes.
        FUZZ_CHECK(st_part == ZIPNN_OK);
        FUZZ_CHECK(part_size == length);
        FUZZ_CHECK(length == 0 || std::memcmp(part.data(), full.data() + offset, part_size) == 0);
      }
      if (st_part == ZIPNN_OK) FUZZ_CHECK(part_size == length);
    }
    // Outside the content: RANGE, whatever the chunks hold.
    if (info.content_size < UINT64_MAX) {
      uint8_t byte = 0;
      size_t n = 0;
      FUZZ_CHECK(zipnn_decompress_range(dctx, src, src_size, info.content_size, 1, &byte, 1, &n) ==
                 ZIPNN_ERROR_RANGE);
    }
  } else {
    uint8_t byte = 0;
    size_t n = 0;
    FUZZ_CHECK(zipnn_decompress_range(dctx, src, src_size, 0, 0, &byte, 1, &n) == st_info);
  }
  return 0;
}
