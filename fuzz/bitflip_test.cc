// The corruption guarantee (docs/SECURITY.md): any single-bit flip,
// truncation, extension, inserted byte or byte-range swap of a valid frame
// decodes to a named error or to exactly the original bytes, through the
// one-shot and the streaming decoder. Exhaustive over every bit of a few
// sample frames, random over many more. Prints the status counts.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "sample_data.h"
#include "zipnn.h"

namespace {

using namespace zipnn_fuzz;

struct Sample {
  std::string name;
  Bytes data;
  zipnn_dtype dtype;
  int64_t chunk;
  int64_t threads;
  int method;       // a method the frame must use, so the sample tests what it says
  bool unsized;     // streamed in pieces, no content size in the header
};

Bytes Compress(const Sample &s) {
  zipnn_cctx *c = nullptr;
  REQUIRE(zipnn_cctx_new(&c) == ZIPNN_OK);
  REQUIRE(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, s.dtype) == ZIPNN_OK);
  REQUIRE(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, s.chunk) == ZIPNN_OK);
  REQUIRE(zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, s.threads) == ZIPNN_OK);
  Bytes out(zipnn_compress_bound(s.data.size()));
  size_t size = 0;
  if (!s.unsized) {
    REQUIRE(zipnn_compress(c, s.data.data(), s.data.size(), out.data(), out.size(), &size) == ZIPNN_OK);
  } else {
    size_t pos = 0;
    for (;;) {
      const size_t n = std::min<size_t>(1000, s.data.size() - pos);
      const bool last = pos + n == s.data.size();
      zipnn_in_buffer in{s.data.data() + pos, n, 0};
      zipnn_out_buffer ob{out.data() + size, out.size() - size, 0};
      size_t pending = 0;
      REQUIRE(zipnn_compress_stream(c, &in, &ob, last ? ZIPNN_STREAM_END : ZIPNN_STREAM_CONTINUE, &pending) ==
              ZIPNN_OK);
      pos += in.pos;
      size += ob.pos;
      if (last && pending == 0) break;
    }
  }
  zipnn_cctx_free(c);
  out.resize(size);
  return out;
}

std::vector<Sample> Samples() {
  Bytes upcast = SampleData(ZIPNN_DTYPE_FP32, 4096, 2);
  for (size_t i = 0; i + 4 <= upcast.size(); i += 4) upcast[i] = upcast[i + 1] = 0;  // bf16 -> fp32
  return {
      {"bf16 Huffman, 1 chunk", SampleData(ZIPNN_DTYPE_BF16, 4096, 1), ZIPNN_DTYPE_BF16, 4096, 1,
       ZIPNN_METHOD_HUFFMAN, false},
      {"fp32 upcast, constant planes", upcast, ZIPNN_DTYPE_FP32, 4096, 1, ZIPNN_METHOD_CONSTANT, false},
      {"opaque bytes, zstd", Text(4096), ZIPNN_DTYPE_BYTES, 4096, 1, ZIPNN_METHOD_ZSTD, false},
      {"bf16, 3 chunks, 2 threads", SampleData(ZIPNN_DTYPE_BF16, 2 * 4096 + 1000, 3), ZIPNN_DTYPE_BF16, 4096,
       2, ZIPNN_METHOD_HUFFMAN, false},
      {"bf16, streamed, size unknown", SampleData(ZIPNN_DTYPE_BF16, 3000, 4), ZIPNN_DTYPE_BF16, 4096, 1,
       ZIPNN_METHOD_HUFFMAN, true},
  };
}

// Status counts of one decoder over one family of mutations.
using Tally = std::map<std::string, size_t>;

struct Decoders {
  Decoders() {
    REQUIRE(zipnn_dctx_new(&shot) == ZIPNN_OK);
    REQUIRE(zipnn_dctx_new(&stream) == ZIPNN_OK);
    REQUIRE(zipnn_dctx_set_param(shot, ZIPNN_PARAM_THREADS, 1) == ZIPNN_OK);
    REQUIRE(zipnn_dctx_set_param(stream, ZIPNN_PARAM_THREADS, 1) == ZIPNN_OK);
  }
  ~Decoders() {
    zipnn_dctx_free(shot);
    zipnn_dctx_free(stream);
  }
  zipnn_dctx *shot = nullptr;
  zipnn_dctx *stream = nullptr;
  std::vector<uint8_t> out;
};

// Decodes `m` both ways; every outcome must be a named error or the original.
void Check(Decoders &d, const Bytes &m, const Bytes &original, Tally &one_shot, Tally &streamed) {
  static const uint8_t kEmpty[1] = {0};
  const uint8_t *src = m.empty() ? kEmpty : m.data();
  // One-shot.
  d.out.assign(original.size() + 64, 0);
  size_t size = 0;
  const zipnn_status st = zipnn_decompress(d.shot, src, m.size(), d.out.data(), d.out.size(), &size);
  if (st == ZIPNN_OK) {
    const bool exact = size == original.size() && std::memcmp(d.out.data(), original.data(), size) == 0;
    if (!exact) FAIL("one-shot decode returned OK with wrong bytes");
    ++one_shot["OK, exact bytes"];
  } else {
    CHECK(IsNamedError(st));
    ++one_shot[zipnn_status_name(st)];
  }
  // Streaming, all input at once. Bytes handed out are always verified ones.
  REQUIRE(zipnn_dctx_reset(d.stream) == ZIPNN_OK);
  d.out.assign(original.size() + 64, 0);
  zipnn_in_buffer in{src, m.size(), 0};
  zipnn_out_buffer ob{d.out.data(), d.out.size(), 0};
  int32_t done = 0;
  const zipnn_status ss = zipnn_decompress_stream(d.stream, &in, &ob, &done);
  if (ob.pos > original.size() || std::memcmp(d.out.data(), original.data(), ob.pos) != 0)
    FAIL("streaming decode handed out wrong bytes");
  if (ss != ZIPNN_OK) {
    CHECK(IsNamedError(ss));
    ++streamed[zipnn_status_name(ss)];
  } else if (!done) {
    ++streamed["incomplete (needs more input)"];  // truncated: the caller sees done == 0 at EOF
  } else {
    if (ob.pos != original.size()) FAIL("streaming decode finished with wrong size");
    ++streamed[in.pos == m.size() ? "OK, exact bytes" : "OK, exact bytes, input left over"];
  }
}

struct Report {
  std::string frame;
  std::string family;
  size_t cases;
  Tally one_shot, streamed;
};
std::vector<Report> &Reports() {
  static std::vector<Report> r;
  return r;
}

void Print(const Report &r) {
  std::printf("\n%s - %s: %zu cases\n", r.frame.c_str(), r.family.c_str(), r.cases);
  for (const auto *t : {&r.one_shot, &r.streamed}) {
    std::printf("  %s:", t == &r.one_shot ? "one-shot " : "streaming");
    for (const auto &[name, count] : *t) std::printf(" %s=%zu", name.c_str(), count);
    std::printf("\n");
  }
}

// Runs `cases` mutations of `frame` made by `mutate(i, bytes)` and records them.
void Family(Decoders &d, const std::string &frame_name, const std::string &family, const Bytes &frame,
            const Bytes &original, size_t cases, const std::function<void(size_t, Bytes &)> &mutate) {
  Report r{frame_name, family, cases, {}, {}};
  Bytes m;
  for (size_t i = 0; i < cases; ++i) {
    m = frame;
    mutate(i, m);
    Check(d, m, original, r.one_shot, r.streamed);
  }
  Print(r);
  Reports().push_back(r);
}

}  // namespace

TEST_CASE("every single-bit flip, truncation, extension and insertion of sample frames") {
  Decoders d;
  for (const Sample &s : Samples()) {
    CAPTURE(s.name);
    const Bytes frame = Compress(s);
    zipnn_frame_info info;
    REQUIRE(zipnn_frame_info_get(frame.data(), frame.size(), &info) == ZIPNN_OK);
    REQUIRE(info.method_streams[s.method] > 0);
    const std::string name = s.name + " (" + std::to_string(frame.size()) + " B frame, " +
                             std::to_string(s.data.size()) + " B content)";
    {
      // The unmodified frame decodes both ways.
      Tally a, b;
      Check(d, frame, s.data, a, b);
      REQUIRE(a["OK, exact bytes"] == 1);
      REQUIRE(b["OK, exact bytes"] == 1);
    }
    Family(d, name, "single-bit flips (every bit)", frame, s.data, frame.size() * 8,
           [](size_t i, Bytes &m) { m[i / 8] = static_cast<uint8_t>(m[i / 8] ^ (1u << (i % 8))); });
    Family(d, name, "truncations (every length)", frame, s.data, frame.size(),
           [](size_t i, Bytes &m) { m.resize(i); });
    Family(d, name, "extensions by one byte (every value)", frame, s.data, 256,
           [](size_t i, Bytes &m) { m.push_back(static_cast<uint8_t>(i)); });
    Family(d, name, "one byte inserted (every position)", frame, s.data, frame.size(),
           [](size_t i, Bytes &m) { m.insert(m.begin() + static_cast<ptrdiff_t>(i), uint8_t{0}); });
    Family(d, name, "one byte deleted (every position)", frame, s.data, frame.size(),
           [](size_t i, Bytes &m) { m.erase(m.begin() + static_cast<ptrdiff_t>(i)); });
    Rng rng(frame.size());
    Family(d, name, "random byte-range swaps", frame, s.data, 2000, [&](size_t, Bytes &m) {
      const size_t len = 1 + static_cast<size_t>(rng.Below(std::min<size_t>(64, m.size() / 2) - 1));
      const size_t a = static_cast<size_t>(rng.Below(m.size() - 2 * len));
      const size_t b = a + len + static_cast<size_t>(rng.Below(m.size() - a - 2 * len));
      std::swap_ranges(m.begin() + static_cast<ptrdiff_t>(a), m.begin() + static_cast<ptrdiff_t>(a + len),
                       m.begin() + static_cast<ptrdiff_t>(b));
    });
    Family(d, name, "random overwrites of 1-8 bytes", frame, s.data, 2000, [&](size_t, Bytes &m) {
      const size_t n = 1 + static_cast<size_t>(rng.Below(7));
      for (size_t k = 0; k < n; ++k) m[static_cast<size_t>(rng.Below(m.size() - 1))] = static_cast<uint8_t>(rng.Next());
    });
  }
}

TEST_CASE("random bit flips over many random frames") {
  Decoders d;
  Report total{"200 random frames (every dtype, chunk 4096-65536, 1-200000 B)", "20 random bit flips each", 0, {}, {}};
  Rng rng(2024);
  for (int f = 0; f < 200; ++f) {
    Sample s;
    s.dtype = static_cast<zipnn_dtype>(rng.Below(ZIPNN_DTYPE_COUNT - 1));
    s.chunk = 4096 + 64 * static_cast<int64_t>(rng.Below(960));
    s.threads = 1 + static_cast<int64_t>(rng.Below(2));
    s.unsized = rng.Below(3) == 0;
    const size_t n = 1 + static_cast<size_t>(rng.Below(rng.Below(1) ? 199999 : 20000));
    s.data = rng.Below(4) == 0 ? Text(n) : SampleData(s.dtype, n, rng.Next());
    const Bytes frame = Compress(s);
    for (int k = 0; k < 20; ++k) {
      Bytes m = frame;
      const size_t bit = static_cast<size_t>(rng.Below(frame.size() * 8 - 1));
      m[bit / 8] = static_cast<uint8_t>(m[bit / 8] ^ (1u << (bit % 8)));
      Check(d, m, s.data, total.one_shot, total.streamed);
      ++total.cases;
    }
  }
  Print(total);
  Reports().push_back(total);
}
