// Property: compression round-trips exactly and deterministically. For a
// fuzzer-chosen dtype, length, chunk size and thread count:
//  - decompress(compress(x)) == x, one-shot, streamed and by range;
//  - compressing twice, with another thread count, and with pledged-size
//    streaming (input and output in fuzzer-chosen pieces) gives the same bytes;
//  - unpledged streaming decodes to x too (its header just lacks the size);
//  - the frame is no larger than zipnn_compress_bound and frame info agrees.
//
// Input: 12 parameter bytes, then seed bytes for the data:
//   [0]      dtype (% ZIPNN_DTYPE_COUNT)
//   [1..2]   chunk size: 4096 + 64 * (value % 961), i.e. [4096, 65536]
//   [3]      threads: 1 + [3] % 3, and 1 + ([3] / 3) % 3 for the second run
//   [4]      data shape: 0 seed repeated, 1 seed then zeros, 2 seed in the
//            high byte of each element and noise below (weights-like),
//            3 noise (incompressible)
//   [5..7]   length (% 200001 bytes)
//   [8]      zstd level 1 + ([8] & 0x7f) % 5; bit 7: ZIPNN_PARAM_TENSOR_AWARE on
//            (safetensors-looking input then gets per-tensor chunks)
//   [9..11]  seed of the piece sizes and of the noise
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

#include "fuzz_util.h"
#include "zipnn.h"

namespace {

using namespace zipnn_fuzz;

constexpr size_t kPrefix = 12;
constexpr size_t kMaxLength = 200000;

std::vector<uint8_t> MakeData(const uint8_t *seed, size_t seed_size, int shape, size_t n, size_t elem,
                              Rng &rng) {
  std::vector<uint8_t> x(n, 0);
  for (size_t i = 0; i < n; ++i) {
    switch (shape) {
      case 0: x[i] = seed_size ? seed[i % seed_size] : 0; break;
      case 1: x[i] = i < seed_size ? seed[i] : 0; break;
      case 2: {
        const size_t e = i / elem;
        const bool high = i % elem == elem - 1;
        x[i] = high ? (seed_size ? seed[e % seed_size] : 0x3c) : static_cast<uint8_t>(rng.Next());
        break;
      }
      default: x[i] = static_cast<uint8_t>(rng.Next()); break;
    }
  }
  return x;
}

// Streaming compression, with input and output in pieces or all at once.
std::vector<uint8_t> CompressStream(zipnn_cctx *c, const std::vector<uint8_t> &x, Rng &rng, bool pieces) {
  return StreamEncode(
      c, x, [&] { return pieces ? static_cast<size_t>(rng.Below(20000)) : x.size(); },
      [&] { return pieces ? static_cast<size_t>(rng.Below(30000)) : zipnn_compress_bound(x.size()); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const Params p(data, size, kPrefix);
  const zipnn_dtype dtype = static_cast<zipnn_dtype>(p.Byte(0) % ZIPNN_DTYPE_COUNT);
  const int64_t chunk = 4096 + 64 * static_cast<int64_t>(p.Int(1, 2) % 961);
  const int threads_a = 1 + p.Byte(3) % 3, threads_b = 1 + (p.Byte(3) / 3) % 3;
  const int shape = p.Byte(4) % 4;
  const size_t length = static_cast<size_t>(p.Int(5, 3) % (kMaxLength + 1));
  const int level = 1 + (p.Byte(8) & 0x7f) % 5;
  const bool tensor_aware = (p.Byte(8) & 0x80) != 0;
  Rng rng(p.Int(9, 3));
  const size_t elem = zipnn_dtype_size(dtype);
  const std::vector<uint8_t> x = MakeData(p.payload(), p.payload_size(), shape, length, elem, rng);

  zipnn_cctx *a = CachedCctx(threads_a), *b = CachedCctx(threads_b);
  for (zipnn_cctx *c : {a, b}) {
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, dtype));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, chunk));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_ZSTD_LEVEL, level));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_TENSOR_AWARE, tensor_aware ? 1 : 0));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, -1));
  }

  const std::vector<uint8_t> frame = CompressWhole(a, x);
  FUZZ_CHECK(frame.size() <= zipnn_compress_bound(x.size()));
  FUZZ_CHECK(CompressWhole(a, x) == frame);  // deterministic
  FUZZ_CHECK(CompressWhole(b, x) == frame);  // whatever the thread count

  // One-shot decode.
  zipnn_dctx *d = CachedDctx(2);
  std::vector<uint8_t> back(x.size() + 1);
  size_t back_size = 0;
  FUZZ_CHECK_OK(zipnn_decompress(d, frame.data(), frame.size(), back.data(), x.size(), &back_size));
  back.resize(back_size);
  FUZZ_CHECK(back == x);

  // Frame info.
  zipnn_frame_info info;
  FUZZ_CHECK_OK(zipnn_frame_info_get(frame.data(), frame.size(), &info));
  FUZZ_CHECK(info.content_size == x.size() && info.frame_size == frame.size());
  FUZZ_CHECK(info.chunk_size == static_cast<uint32_t>(chunk));
  if (info.tensor_count == 0) {
    // Plain input, all of the chosen dtype: chunks every chunk_size bytes;
    // plain bytes may also be cut where float values change alignment (at
    // least 4 KiB into a chunk, docs/FORMAT.md), never into more chunks than
    // the size bound allows.
    FUZZ_CHECK(info.dtype == dtype);
    const uint64_t whole = (x.size() + static_cast<size_t>(chunk) - 1) / static_cast<size_t>(chunk);
    if (dtype == ZIPNN_DTYPE_BYTES)
      FUZZ_CHECK(info.chunk_count >= whole && info.chunk_count <= x.size() / 4096 + 2);
    else
      FUZZ_CHECK(info.chunk_count == whole);
    FUZZ_CHECK(info.dtype_bytes[dtype] == x.size());
  } else {
    FUZZ_CHECK(tensor_aware);
  }
  uint64_t header_size = 0;
  FUZZ_CHECK_OK(zipnn_frame_content_size(frame.data(), frame.size(), &header_size));
  FUZZ_CHECK(header_size == x.size());

  // Range decode of a fuzzer-chosen slice.
  const uint64_t off = rng.Below(x.size());
  const uint64_t len = rng.Below(x.size() - off);
  std::vector<uint8_t> part(static_cast<size_t>(len) + 1);
  size_t part_size = 0;
  FUZZ_CHECK_OK(zipnn_decompress_range(d, frame.data(), frame.size(), off, len, part.data(),
                                       static_cast<size_t>(len), &part_size));
  FUZZ_CHECK(part_size == len && (len == 0 || std::memcmp(part.data(), x.data() + off, part_size) == 0));

  // Streaming compression with the size pledged: the same frame.
  FUZZ_CHECK_OK(zipnn_cctx_set_param(b, ZIPNN_PARAM_CONTENT_SIZE, static_cast<int64_t>(x.size())));
  FUZZ_CHECK(CompressStream(b, x, rng, true) == frame);
  FUZZ_CHECK_OK(zipnn_cctx_set_param(b, ZIPNN_PARAM_CONTENT_SIZE, -1));
  // Unpledged, all input at once with END: the size is known, the same frame.
  FUZZ_CHECK(CompressStream(a, x, rng, false) == frame);
  // Unpledged in pieces: no size in the header, same content.
  const std::vector<uint8_t> unsized = CompressStream(a, x, rng, true);
  FUZZ_CHECK_OK(zipnn_frame_content_size(unsized.data(), unsized.size(), &header_size));
  FUZZ_CHECK(header_size == ZIPNN_CONTENT_SIZE_UNKNOWN || (x.empty() && header_size == 0) ||
             unsized == frame);
  back.assign(x.size() + 1, 0);
  FUZZ_CHECK_OK(zipnn_decompress(d, unsized.data(), unsized.size(), back.data(), x.size(), &back_size));
  back.resize(back_size);
  FUZZ_CHECK(back == x);

  // Streaming decode in pieces.
  for (const std::vector<uint8_t> *f : {&frame, &unsized}) {
    std::vector<uint8_t> out;
    bool done = false;
    size_t consumed = 0;
    FUZZ_CHECK_OK(zipnn_dctx_reset(d));
    FUZZ_CHECK_OK(StreamDecode(
        d, f->data(), f->size(), [&] { return static_cast<size_t>(rng.Below(9000)); },
        [&] { return static_cast<size_t>(rng.Below(70000)); }, x.size() + 1, &out, &done, &consumed));
    FUZZ_CHECK(done && consumed == f->size() && out == x);
  }
  return 0;
}
