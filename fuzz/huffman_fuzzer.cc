// Property: the Huffman coder (src/codec/huffman.h) is safe and exact.
//  - Decode of arbitrary bytes, for any symbol count, never reads or writes
//    out of bounds: it returns OK or ZIPNN_ERROR_CORRUPT_CHUNK.
//  - For any histogram, BuildLengths gives a complete prefix code (Kraft sum
//    exactly 1) of at most kMaxCodeLength bits that covers every present
//    symbol; Encode stays within EncodedSizeBound (+ kEncodeSlack scratch)
//    and Decode gives the symbols back.
//
// Input: 4 parameter bytes, then the payload:
//   [0]     mode % 3: 0 decode the payload as a stream; 1 round-trip the
//           payload bytes (repeated to the length); 2 round-trip symbols drawn
//           from a histogram read from the payload (3 bytes per symbol,
//           shifted left by [3] % 16)
//   [1..2]  symbol count for mode 0, length for mode 1 (% 70001)
//   [3]     histogram shift (mode 2); shuffle seed
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "codec/huffman.h"
#include "fuzz_util.h"

namespace {

using namespace zipnn_fuzz;
namespace huffman = zipnn::huffman;

constexpr size_t kGuard = 32;
constexpr uint8_t kGuardByte = 0xB3;

void CheckLengths(const uint32_t hist[256], const uint8_t lengths[256]) {
  uint64_t kraft = 0;
  int used = 0;
  for (int s = 0; s < 256; ++s) {
    FUZZ_CHECK(lengths[s] <= huffman::kMaxCodeLength);
    if (hist[s]) FUZZ_CHECK(lengths[s] > 0);
    if (lengths[s]) {
      kraft += uint64_t{1} << (huffman::kMaxCodeLength - lengths[s]);
      ++used;
    }
  }
  FUZZ_CHECK(used >= 2);
  FUZZ_CHECK(kraft == uint64_t{1} << huffman::kMaxCodeLength);
}

void RoundTrip(const std::vector<uint8_t> &x) {
  uint32_t hist[256] = {};
  for (uint8_t b : x) ++hist[b];
  uint8_t lengths[256];
  huffman::BuildLengths(hist, lengths);
  CheckLengths(hist, lengths);
  const size_t bound = huffman::EncodedSizeBound(hist, lengths, x.size());
  std::vector<uint8_t> out(bound + huffman::kEncodeSlack + kGuard, kGuardByte);
  const size_t size = huffman::Encode(x.data(), x.size(), lengths, out.data());
  FUZZ_CHECK(size <= bound);
  for (size_t i = bound + huffman::kEncodeSlack; i < out.size(); ++i) FUZZ_CHECK(out[i] == kGuardByte);
  // Decode from an exactly sized copy, so that ASan sees any over-read.
  const std::vector<uint8_t> stream(out.begin(), out.begin() + static_cast<ptrdiff_t>(size));
  std::vector<uint8_t> back(x.size());
  FUZZ_CHECK_OK(huffman::Decode(stream.data(), stream.size(), back.data(), back.size()));
  FUZZ_CHECK(back == x);
  // A truncated stream is safe to decode (it may even decode: the last code
  // can end early when the bits after the cut read as zero; the chunk
  // checksum catches that).
  if (size > 0) {
    const std::vector<uint8_t> shorter(stream.begin(), stream.end() - 1);
    const zipnn_status st = huffman::Decode(shorter.data(), shorter.size(), back.data(), back.size());
    FUZZ_CHECK(st == ZIPNN_OK || st == ZIPNN_ERROR_CORRUPT_CHUNK);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const Params p(data, size, 4);
  const uint8_t *payload = p.payload();
  const size_t m = p.payload_size();
  switch (p.Byte(0) % 3) {
    case 0: {
      const size_t n = static_cast<size_t>(p.Int(1, 2)) * (1 + p.Byte(3) % 4);
      const std::vector<uint8_t> in(payload, payload + m);
      std::vector<uint8_t> dst(n);
      const zipnn_status st = huffman::Decode(in.data(), in.size(), dst.data(), n);
      FUZZ_CHECK(st == ZIPNN_OK || st == ZIPNN_ERROR_CORRUPT_CHUNK);
      break;
    }
    case 1: {
      const size_t n = m ? static_cast<size_t>(p.Int(1, 2) % 70001) : 0;
      std::vector<uint8_t> x(n);
      for (size_t i = 0; i < n; ++i) x[i] = payload[i % m];
      RoundTrip(x);
      break;
    }
    default: {
      uint32_t hist[256] = {};
      const unsigned shift = p.Byte(3) % 16u;
      uint64_t total = 0;
      for (size_t s = 0; s < 256 && 3 * s + 3 <= m; ++s) {
        hist[s] = static_cast<uint32_t>(LoadLE(payload + 3 * s, 3) << shift);
        total += hist[s];
      }
      uint8_t lengths[256];
      huffman::BuildLengths(hist, lengths);
      CheckLengths(hist, lengths);
      if (total > 300000) break;
      // The symbols of the histogram, shuffled.
      std::vector<uint8_t> x;
      x.reserve(static_cast<size_t>(total));
      for (int s = 0; s < 256; ++s) x.insert(x.end(), hist[s], static_cast<uint8_t>(s));
      Rng rng(p.Int(1, 3));
      for (size_t i = x.size(); i > 1; --i) std::swap(x[i - 1], x[static_cast<size_t>(rng.Below(i - 1))]);
      RoundTrip(x);
      break;
    }
  }
  return 0;
}
