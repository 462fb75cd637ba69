// Property: a destination that is too small is an error, never an overflow.
// Every too-small capacity tried gives ZIPNN_ERROR_DST_TOO_SMALL, leaves the
// out-parameter unwritten and writes nothing past the capacity (a guard
// region after it is checked); the exact capacity then succeeds. Covers
// zipnn_compress, zipnn_decompress and zipnn_decompress_range.
//
// Input: 8 parameter bytes, then seed bytes repeated to the data length:
//   [0]      dtype (% ZIPNN_DTYPE_COUNT)
//   [1..2]   chunk size: 4096 + 64 * (value % 961)
//   [3..5]   a too-small capacity, as a fraction of the needed one (24 bits)
//   [6..7]   length (% 70001 bytes); [6] also picks the range offset
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_util.h"
#include "zipnn.h"

namespace {

using namespace zipnn_fuzz;

constexpr size_t kPrefix = 8;
constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xCC;

// Capacities below `need` worth trying: the edges and a fuzzer-chosen one.
std::vector<size_t> SmallCaps(size_t need, uint32_t frac24) {
  std::vector<size_t> caps;
  if (need == 0) return caps;
  const size_t picks[] = {0, 1, 31, 32, 33, need / 2, need - 1,
                          static_cast<size_t>((static_cast<uint64_t>(need) * frac24) >> 24)};
  for (size_t c : picks)
    if (c < need && std::find(caps.begin(), caps.end(), c) == caps.end()) caps.push_back(c);
  return caps;
}

// A buffer of `cap` bytes followed by a guard region.
struct Guarded {
  explicit Guarded(size_t capacity) : cap(capacity), bytes(capacity + kGuard, kGuardByte) {}
  bool GuardIntact() const {
    for (size_t i = cap; i < bytes.size(); ++i)
      if (bytes[i] != kGuardByte) return false;
    return true;
  }
  size_t cap;
  std::vector<uint8_t> bytes;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const Params p(data, size, kPrefix);
  const zipnn_dtype dtype = static_cast<zipnn_dtype>(p.Byte(0) % ZIPNN_DTYPE_COUNT);
  const int64_t chunk = 4096 + 64 * static_cast<int64_t>(p.Int(1, 2) % 961);
  const uint32_t frac = static_cast<uint32_t>(p.Int(3, 3));
  const size_t length = static_cast<size_t>(p.Int(6, 2) % 70001);
  std::vector<uint8_t> x(length);
  for (size_t i = 0; i < length; ++i)
    x[i] = p.payload_size() ? p.payload()[i % p.payload_size()] : static_cast<uint8_t>(i * 7);

  static zipnn_cctx *cctx = [] {
    zipnn_cctx *c = nullptr;
    FUZZ_CHECK_OK(zipnn_cctx_new(&c));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, 2));
    return c;
  }();
  static zipnn_dctx *dctx = [] {
    zipnn_dctx *d = nullptr;
    FUZZ_CHECK_OK(zipnn_dctx_new(&d));
    FUZZ_CHECK_OK(zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, 2));
    return d;
  }();
  FUZZ_CHECK_OK(zipnn_cctx_set_param(cctx, ZIPNN_PARAM_DTYPE, dtype));
  FUZZ_CHECK_OK(zipnn_cctx_set_param(cctx, ZIPNN_PARAM_CHUNK_SIZE, chunk));

  // The frame, with ample room.
  std::vector<uint8_t> frame(zipnn_compress_bound(length));
  size_t frame_size = 0;
  FUZZ_CHECK_OK(zipnn_compress(cctx, x.data(), length, frame.data(), frame.size(), &frame_size));
  frame.resize(frame_size);

  // Compression into too little room.
  for (size_t cap : SmallCaps(frame_size, frac)) {
    Guarded dst(cap);
    size_t out = 12345;
    FUZZ_CHECK(zipnn_compress(cctx, x.data(), length, dst.bytes.data(), cap, &out) ==
               ZIPNN_ERROR_DST_TOO_SMALL);
    FUZZ_CHECK(out == 12345 && dst.GuardIntact());
  }
  {
    Guarded dst(frame_size);
    size_t out = 0;
    FUZZ_CHECK_OK(zipnn_compress(cctx, x.data(), length, dst.bytes.data(), frame_size, &out));
    FUZZ_CHECK(out == frame_size && dst.GuardIntact());
    FUZZ_CHECK(std::memcmp(dst.bytes.data(), frame.data(), frame_size) == 0);
  }

  // Decompression into too little room.
  for (size_t cap : SmallCaps(length, frac)) {
    Guarded dst(cap);
    size_t out = 12345;
    FUZZ_CHECK(zipnn_decompress(dctx, frame.data(), frame_size, dst.bytes.data(), cap, &out) ==
               ZIPNN_ERROR_DST_TOO_SMALL);
    FUZZ_CHECK(out == 12345 && dst.GuardIntact());
  }
  {
    Guarded dst(length);
    size_t out = 0;
    FUZZ_CHECK_OK(zipnn_decompress(dctx, frame.data(), frame_size, dst.bytes.data(), length, &out));
    FUZZ_CHECK(out == length && dst.GuardIntact());
    FUZZ_CHECK(length == 0 || std::memcmp(dst.bytes.data(), x.data(), length) == 0);
  }

  // Range decoding into too little room.
  const uint64_t offset = length ? (uint64_t{p.Byte(6)} * length) / 256 : 0;
  const uint64_t range = length - offset;
  for (size_t cap : SmallCaps(static_cast<size_t>(range), frac)) {
    Guarded dst(cap);
    size_t out = 12345;
    FUZZ_CHECK(zipnn_decompress_range(dctx, frame.data(), frame_size, offset, range, dst.bytes.data(), cap,
                                      &out) == ZIPNN_ERROR_DST_TOO_SMALL);
    FUZZ_CHECK(out == 12345 && dst.GuardIntact());
  }
  {
    Guarded dst(static_cast<size_t>(range));
    size_t out = 0;
    FUZZ_CHECK_OK(zipnn_decompress_range(dctx, frame.data(), frame_size, offset, range, dst.bytes.data(),
                                         static_cast<size_t>(range), &out));
    FUZZ_CHECK(out == range && dst.GuardIntact());
    FUZZ_CHECK(range == 0 || std::memcmp(dst.bytes.data(), x.data() + offset, out) == 0);
  }
  return 0;
}
