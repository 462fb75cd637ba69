// The Huffman coder on its own: length limits, completeness, exact round trips,
// and rejection of malformed streams.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "codec/huffman.h"
#include "codec/stream_codec.h"
#include "simd/byte_planes.h"
#include "test_util.h"

namespace huff = zipnn::huffman;

namespace {

uint64_t KraftSum(const uint8_t lengths[256]) {
  uint64_t k = 0;
  for (int s = 0; s < 256; ++s)
    if (lengths[s]) k += 1ull << (huff::kMaxCodeLength - lengths[s]);
  return k;
}

void RoundTrip(const zt::Bytes &src) {
  uint32_t hist[256] = {};
  for (uint8_t b : src) ++hist[b];
  uint8_t lengths[256];
  huff::BuildLengths(hist, lengths);
  CHECK(KraftSum(lengths) == (1u << huff::kMaxCodeLength));
  for (int s = 0; s < 256; ++s) {
    CHECK(lengths[s] <= huff::kMaxCodeLength);
    if (hist[s]) CHECK(lengths[s] > 0);
  }
  const size_t bound = huff::EncodedSizeBound(hist, lengths, src.size());
  zt::Bytes enc(bound + huff::kEncodeSlack);
  const size_t size = huff::Encode(src.data(), src.size(), lengths, enc.data());
  CHECK(size <= bound);
  zt::Bytes dec(src.size());
  REQUIRE(huff::Decode(enc.data(), size, dec.data(), dec.size()) == ZIPNN_OK);
  CHECK(dec == src);
  // A stream must be consumed exactly: one byte more or less is an error.
  if (size > 3) {
    CHECK(huff::Decode(enc.data(), size - 1, dec.data(), dec.size()) != ZIPNN_OK);
  }
  enc[size] = 0;
  CHECK(huff::Decode(enc.data(), size + 1, dec.data(), dec.size()) != ZIPNN_OK);
}

}  // namespace

TEST_CASE("huffman: skewed, uniform, two-symbol and geometric sources round-trip") {
  std::mt19937_64 rng(5);
  for (size_t n : {size_t{1}, size_t{2}, size_t{5}, size_t{100}, size_t{4095}, size_t{4096}, size_t{100001}}) {
    CAPTURE(n);
    zt::Bytes uniform(n), two(n), geo(n);
    std::geometric_distribution<int> g(0.3);
    for (size_t i = 0; i < n; ++i) {
      uniform[i] = static_cast<uint8_t>(rng());
      two[i] = (rng() & 7) ? 10 : 200;
      geo[i] = static_cast<uint8_t>(std::min(255, g(rng)));
    }
    RoundTrip(uniform);
    RoundTrip(two);
    RoundTrip(geo);
    RoundTrip(zt::Bytes(n, 42));  // one symbol: still a complete code
  }
}

TEST_CASE("huffman: extreme skew is limited to 11-bit codes") {
  // Fibonacci-like frequencies force a very deep unrestricted tree.
  zt::Bytes src;
  uint64_t a = 1, b = 1;
  for (int s = 0; s < 30; ++s) {
    for (uint64_t k = 0; k < a; ++k) src.push_back(static_cast<uint8_t>(s));
    const uint64_t c = a + b;
    a = b;
    b = c;
    if (src.size() > 3000000) break;
  }
  RoundTrip(src);
}

TEST_CASE("huffman: code lengths stay close to the entropy") {
  const zt::Bytes bf = zt::Synthetic(ZIPNN_DTYPE_BF16, 1 << 22);
  uint32_t hist[256] = {};
  for (size_t i = 1; i < bf.size(); i += 2) ++hist[static_cast<uint8_t>((bf[i] << 1) | (bf[i - 1] >> 7))];
  uint8_t lengths[256];
  huff::BuildLengths(hist, lengths);
  double entropy = 0, bits = 0, total = 0;
  for (int s = 0; s < 256; ++s) total += hist[s];
  for (int s = 0; s < 256; ++s) {
    if (!hist[s]) continue;
    const double p = hist[s] / total;
    entropy -= p * std::log2(p);
    bits += p * lengths[s];
  }
  MESSAGE("exponent entropy " << entropy << " bits, huffman " << bits << " bits");
  CHECK(bits < entropy * 1.03);
}

TEST_CASE("huffman: malformed streams are rejected") {
  zt::Bytes out(64);
  const uint8_t empty[1] = {0};
  CHECK(huff::Decode(empty, 0, out.data(), 10) == ZIPNN_ERROR_CORRUPT_CHUNK);
  // zero lanes, too many lanes, last < first
  const uint8_t bad_lanes[] = {0, 0, 1, 0x11};
  CHECK(huff::Decode(bad_lanes, sizeof(bad_lanes), out.data(), 4) == ZIPNN_ERROR_CORRUPT_CHUNK);
  const uint8_t many_lanes[] = {33, 0, 1, 0x11};
  CHECK(huff::Decode(many_lanes, sizeof(many_lanes), out.data(), 4) == ZIPNN_ERROR_CORRUPT_CHUNK);
  const uint8_t reversed[] = {1, 5, 4, 0x11};
  CHECK(huff::Decode(reversed, sizeof(reversed), out.data(), 4) == ZIPNN_ERROR_CORRUPT_CHUNK);
  // incomplete code (one symbol of length 1), over-subscribed code, length 12
  const uint8_t incomplete[] = {1, 0, 1, 0x01, 0x00};
  CHECK(huff::Decode(incomplete, sizeof(incomplete), out.data(), 4) == ZIPNN_ERROR_CORRUPT_CHUNK);
  const uint8_t over[] = {1, 0, 2, 0x11, 0x01, 0x00};
  CHECK(huff::Decode(over, sizeof(over), out.data(), 4) == ZIPNN_ERROR_CORRUPT_CHUNK);
  const uint8_t too_long[] = {1, 0, 1, 0xC1, 0x00};
  CHECK(huff::Decode(too_long, sizeof(too_long), out.data(), 4) == ZIPNN_ERROR_CORRUPT_CHUNK);
  // valid table {0:1, 1:1}, 4 symbols need 4 bits, but no payload byte
  const uint8_t no_payload[] = {1, 0, 1, 0x11};
  CHECK(huff::Decode(no_payload, sizeof(no_payload), out.data(), 4) == ZIPNN_ERROR_CORRUPT_CHUNK);
  const uint8_t ok[] = {1, 0, 1, 0x11, 0x05};
  REQUIRE(huff::Decode(ok, sizeof(ok), out.data(), 4) == ZIPNN_OK);
  CHECK(out[0] == 1);
  CHECK(out[1] == 0);
  CHECK(out[2] == 1);
  CHECK(out[3] == 0);
}

TEST_CASE("huffman: every SIMD target writes the scalar encoder's bytes") {
  // The vector packing (AVX-512) covers symbol spans up to 128, in blocks of
  // 1024 symbols per lane; the rest of each lane and wider spans take the
  // scalar writer. Every combination must give the same stream.
  struct Reset {
    ~Reset() { zipnn::simd::ForceTarget(0); }
  } reset;
  std::mt19937_64 rng(17);
  const auto targets = zipnn::simd::AvailableTargets();
  REQUIRE(targets.size() >= 2);  // at least one vector target and the scalar one
  for (int span : {2, 30, 64, 65, 128, 129, 256}) {
    for (int first : {0, 100, 256 - span}) {
      if (first + span > 256) continue;
      for (size_t n : {size_t{4095}, size_t{4096}, size_t{4 * 1024 + 3}, size_t{65536 + 77}, size_t{300001}}) {
        CAPTURE(span);
        CAPTURE(first);
        CAPTURE(n);
        // Geometric-like weights inside [first, first + span): long and short codes.
        zt::Bytes src(n);
        std::geometric_distribution<int> g(span <= 2 ? 0.5 : 0.15);
        for (size_t i = 0; i < n; ++i) src[i] = static_cast<uint8_t>(first + std::min(span - 1, g(rng)));
        src[0] = static_cast<uint8_t>(first + span - 1);  // the whole span is used
        uint32_t hist[256] = {};
        for (uint8_t b : src) ++hist[b];
        uint8_t lengths[256];
        huff::BuildLengths(hist, lengths);
        const size_t cap = huff::EncodedSizeBound(hist, lengths, n) + huff::kEncodeSlack;
        zipnn::simd::ForceTarget(targets.back());  // the scalar (last, baseline) target
        zt::Bytes ref(cap);
        ref.resize(huff::Encode(src.data(), n, lengths, ref.data()));
        for (int64_t target : targets) {
          CAPTURE(zipnn::simd::TargetName(target));
          zipnn::simd::ForceTarget(target);
          zt::Bytes got(cap);
          got.resize(huff::Encode(src.data(), n, lengths, got.data()));
          REQUIRE(got == ref);
        }
        zt::Bytes dec(n);
        REQUIRE(huff::Decode(ref.data(), ref.size(), dec.data(), n) == ZIPNN_OK);
        CHECK(dec == src);
      }
    }
  }
}

TEST_CASE("stream coding: Huffman only where it saves at least 1/32 of a plane") {
  // Bytes whose top two bits are skewed (0.4, 0.3, 0.2, 0.1; about 7.85 bits
  // of entropy: Huffman would save about 2%, as on the top mantissa bits of
  // fp32 weights) are stored raw; bytes of 6 bits of entropy are coded.
  std::mt19937_64 rng(29);
  auto plane = [&](bool skewed_top) {
    zt::Bytes p(1 << 20);
    for (auto &b : p) {
      const uint64_t r = rng();
      const auto u = static_cast<uint32_t>((r >> 32) % 10);
      const uint32_t top = skewed_top ? (u < 4 ? 0u : u < 7 ? 1u : u < 9 ? 2u : 3u) : 0u;
      b = static_cast<uint8_t>((top << 6) | (r & 63));
    }
    return p;
  };
  zipnn::WorkerScratch scratch;
  const zipnn::codec::EncodeOptions opt;
  for (const auto &[p, want] : {std::pair{plane(true), uint8_t{ZIPNN_METHOD_RAW}},
                                std::pair{plane(false), uint8_t{ZIPNN_METHOD_HUFFMAN}}}) {
    zt::Bytes out(zipnn::codec::StreamCapacity(p.size()));
    const auto e = zipnn::codec::EncodeStream(p.data(), static_cast<uint32_t>(p.size()), opt, scratch, out.data());
    CHECK(int(e.method) == int(want));
    zt::Bytes back(p.size());
    REQUIRE(zipnn::codec::DecodeStream(e.method, out.data(), e.size, back.data(),
                                       static_cast<uint32_t>(back.size()), scratch) == ZIPNN_OK);
    CHECK(back == p);
  }
}
