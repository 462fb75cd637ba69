// Writes the seed corpora of every fuzzer: fuzz/corpus/<name>_fuzzer/<what it holds>.
// Deterministic: the same library version writes the same files. Run it after
// a format or harness change, then commit what changed:
//   cmake --build build --target zipnn_make_corpus && build/fuzz/zipnn_make_corpus fuzz/corpus
// The files are small (a few KB) and named by content, e.g.
// bf16_huffman_2chunks.znn: valid frames of every dtype and method, a few
// broken ones, and parameter-prefixed inputs in each harness's format
// (documented at the top of each <name>_fuzzer.cc).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "codec/huffman.h"
#include "fuzz_util.h"
#include "sample_data.h"
#include "zipnn.h"

namespace {

using zipnn_fuzz::Rng;
using zipnn_fuzz::StoreLE;
using zipnn_fuzz::Bytes;
using zipnn_fuzz::Noise;
using zipnn_fuzz::SampleData;
using zipnn_fuzz::Text;
namespace fs = std::filesystem;

fs::path g_root;
bool g_check = false;  // compare with the files instead of writing them
size_t g_written = 0, g_stale = 0;

void Check(zipnn_status st, const char *what) {
  if (st != ZIPNN_OK) {
    std::fprintf(stderr, "%s: %s\n", what, zipnn_status_name(st));
    std::exit(1);
  }
}

void Write(const std::string &fuzzer, const std::string &name, const Bytes &bytes) {
  const fs::path dir = g_root / (fuzzer + "_fuzzer");
  ++g_written;
  if (g_check) {
    std::ifstream in(dir / name, std::ios::binary);
    const Bytes have((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.is_open() || have != bytes) {
      std::fprintf(stderr, "stale or missing: %s\n", (dir / name).c_str());
      ++g_stale;
    }
    return;
  }
  fs::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", (dir / name).c_str());
    std::exit(1);
  }
}

// --------------------------------------------------------------- frames

struct Options {
  zipnn_dtype dtype = ZIPNN_DTYPE_BYTES;
  int64_t chunk = 4096;
  int64_t threads = 1;
  bool stream_unsized = false;  // streamed in pieces without a pledged size
};

Bytes Compress(const Bytes &x, const Options &o) {
  zipnn_cctx *c = nullptr;
  Check(zipnn_cctx_new(&c), "cctx");
  Check(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, o.dtype), "dtype");
  Check(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, o.chunk), "chunk");
  Check(zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, o.threads), "threads");
  Bytes out(zipnn_compress_bound(x.size()));
  size_t size = 0;
  if (!o.stream_unsized) {
    Check(zipnn_compress(c, x.data(), x.size(), out.data(), out.size(), &size), "compress");
  } else {
    size_t pos = 0;
    for (;;) {
      const size_t n = std::min<size_t>(1000, x.size() - pos);
      const bool last = pos + n == x.size();
      zipnn_in_buffer in{x.data() + pos, n, 0};
      zipnn_out_buffer ob{out.data() + size, out.size() - size, 0};
      size_t pending = 0;
      Check(zipnn_compress_stream(c, &in, &ob, last ? ZIPNN_STREAM_END : ZIPNN_STREAM_CONTINUE, &pending),
            "compress_stream");
      pos += in.pos;
      size += ob.pos;
      if (last && pending == 0) break;
    }
  }
  zipnn_cctx_free(c);
  out.resize(size);
  return out;
}

// "<dtype>_<method>[+<method>...]_<n>chunk(s)" from the frame itself.
std::string Describe(const Bytes &frame) {
  zipnn_frame_info info;
  Check(zipnn_frame_info_get(frame.data(), frame.size(), &info), "frame_info");
  static const char *kMethods[] = {"raw", "constant", "huffman", "zstd"};
  std::string name = zipnn_dtype_name(info.dtype);
  std::string methods;
  for (int m = 0; m < ZIPNN_METHOD_COUNT; ++m) {
    if (!info.method_streams[m]) continue;
    methods += methods.empty() ? "" : "+";
    methods += kMethods[m];
  }
  // (append, not operator+: GCC 12 warns falsely on "_" + std::string.)
  name.append("_").append(methods.empty() ? std::string("empty") : methods);
  name.append("_").append(std::to_string(info.chunk_count)).append(info.chunk_count == 1 ? "chunk" : "chunks");
  return name;
}

Bytes Prefixed(const Bytes &prefix, const Bytes &rest) {
  Bytes out = prefix;
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

// ------------------------------------------------------------ each fuzzer

void DecoderCorpora() {
  struct Sample {
    std::string tag;  // extra words for the name
    Bytes data;
    Options opt;
  };
  std::vector<Sample> samples;
  // Every dtype, two chunks (one full, one partial).
  for (zipnn_dtype d = 0; d < ZIPNN_DTYPE_COUNT; ++d) {
    Options o;
    o.dtype = d;
    samples.push_back({"", SampleData(d, 5000, static_cast<uint64_t>(d) + 1), o});
  }
  // Every method on purpose.
  Options bytes;
  samples.push_back({"zeros", Bytes(5000, 0), bytes});
  samples.push_back({"random", Noise(3000, 11), bytes});
  samples.push_back({"text", Text(6000), bytes});
  Options bf16;
  bf16.dtype = ZIPNN_DTYPE_BF16;
  bf16.threads = 2;
  samples.push_back({"", SampleData(ZIPNN_DTYPE_BF16, 4096 * 3 + 100, 21), bf16});
  {
    // fp32 upcast from bf16: the two low planes are constant zero.
    Bytes x = SampleData(ZIPNN_DTYPE_FP32, 6000, 22);
    for (size_t i = 0; i + 4 <= x.size(); i += 4) x[i] = x[i + 1] = 0;
    Options o;
    o.dtype = ZIPNN_DTYPE_FP32;
    samples.push_back({"upcast", x, o});
  }
  {
    Options o;
    o.dtype = ZIPNN_DTYPE_FP32;
    samples.push_back({"tail3", SampleData(ZIPNN_DTYPE_FP32, 4099, 23), o});  // not a whole element
    o.dtype = ZIPNN_DTYPE_BF16;
    samples.push_back({"1byte", Bytes{0x3c}, o});  // a chunk smaller than one element
    samples.push_back({"", Bytes{}, o});           // no chunks at all
    o.stream_unsized = true;
    samples.push_back({"unsized", SampleData(ZIPNN_DTYPE_BF16, 5000, 24), o});
    o.stream_unsized = false;
    o.chunk = 8192 + 64;
    samples.push_back({"chunk8256", SampleData(ZIPNN_DTYPE_BF16, 9000, 25), o});
  }

  std::vector<std::pair<std::string, Bytes>> frames;
  for (const Sample &s : samples) {
    const Bytes frame = Compress(s.data, s.opt);
    std::string name = Describe(frame);
    if (!s.tag.empty()) name += "_" + s.tag;
    frames.push_back({name, frame});
  }
  for (const auto &[name, frame] : frames) {
    Write("decompress", name + ".znn", frame);
    Write("stream_decompress", name + ".znn", frame);
  }

  // Broken frames: the fuzzer mutates from these too.
  const Bytes &good = frames[ZIPNN_DTYPE_BF16].second;
  Write("decompress", "truncated_header_only.znn", Bytes(good.begin(), good.begin() + 32));
  Write("decompress", "truncated_no_footer.znn", Bytes(good.begin(), good.end() - 24));
  Bytes trailing = good;
  trailing.push_back(0);
  Write("decompress", "trailing_byte.znn", trailing);
  Write("decompress", "not_zipnn_text", Text(200));

  // Parameter-prefixed: checks forged (fix-up level 2), verification off,
  // ranges and caps chosen; pieces of one byte for streaming.
  const uint8_t fixup_noverify = 2 | 4;
  for (size_t k : {size_t{ZIPNN_DTYPE_BF16}, size_t{ZIPNN_DTYPE_FP32}, size_t{ZIPNN_DTYPE_BYTES},
                   size_t{ZIPNN_DTYPE_COUNT} + 2, size_t{ZIPNN_DTYPE_COUNT} + 3}) {
    const auto &[name, frame] = frames[k];
    Write("decompress", name + "_forged_noverify.in",
          Prefixed({fixup_noverify | 8, 0x00, 0x00, 0x40, 0x00, 0x00, 0x80, 0}, frame));
    Write("decompress", name + "_forged_cap4k.in", Prefixed({2 | 16, 0, 0, 0x80, 0xff, 0xff, 0xff, 1}, frame));
    Write("stream_decompress", name + "_forged_noverify_1byte.in",
          Prefixed({fixup_noverify | 16, 1, 2, 3, 4, 0, 0, 0}, frame));
    Write("stream_decompress", name + "_pieces16_cap4k.in", Prefixed({8, 9, 8, 7, 6, 4, 4, 1}, frame));
  }
}

void RoundTripCorpora() {
  // [0] dtype [1..2] chunk [3] threads [4] shape [5..7] length [8] level [9..11] seed
  const Bytes seed = SampleData(ZIPNN_DTYPE_BF16, 64, 99);
  static const char *kShapes[] = {"repeat", "seedzeros", "weights", "noise"};
  for (zipnn_dtype d = 0; d < ZIPNN_DTYPE_COUNT; ++d) {
    const int shape = d % 4;
    const uint32_t length = 1000 + 7919u * static_cast<uint32_t>(d);
    const uint16_t chunk_sel = static_cast<uint16_t>((d * 37) % 961);
    Bytes prefix(12, 0);
    prefix[0] = static_cast<uint8_t>(d);
    StoreLE(prefix.data() + 1, chunk_sel, 2);
    prefix[3] = static_cast<uint8_t>(d % 9);
    prefix[4] = static_cast<uint8_t>(shape);
    StoreLE(prefix.data() + 5, length, 3);
    prefix[8] = static_cast<uint8_t>(d % 5);
    StoreLE(prefix.data() + 9, 1000u + static_cast<uint32_t>(d), 3);
    const std::string name = std::string(zipnn_dtype_name(d)) + "_" + kShapes[shape] + "_" +
                             std::to_string(length) + "B_chunk" + std::to_string(4096 + 64 * chunk_sel);
    Write("roundtrip", name, Prefixed(prefix, seed));
    if (d < 8) {
      // dst_too_small: [0] dtype [1..2] chunk [3..5] fraction [6..7] length
      Bytes p2(8, 0);
      p2[0] = static_cast<uint8_t>(d);
      StoreLE(p2.data() + 1, chunk_sel, 2);
      StoreLE(p2.data() + 3, 0x800000u + 12345u * static_cast<uint32_t>(d), 3);
      StoreLE(p2.data() + 6, length, 2);
      Write("dst_too_small", std::string(zipnn_dtype_name(d)) + "_" + std::to_string(length) + "B",
            Prefixed(p2, seed));
    }
  }
  Write("roundtrip", "empty", Bytes(12, 0));
  Write("dst_too_small", "empty", Bytes(8, 0));
}

void SimdCorpus() {
  static const char *kLayouts[] = {"bytes", "rot16", "rot32", "split2", "split4"};
  for (uint8_t layout = 0; layout < 5; ++layout) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{33}, size_t{64}, size_t{257}, size_t{1031},
                     size_t{4099}}) {
      const uint8_t misalign = static_cast<uint8_t>(n % 7);
      Write("simd", std::string(kLayouts[layout]) + "_" + std::to_string(n) + "B_misalign" +
                        std::to_string(misalign),
            Prefixed({layout, misalign}, Noise(n, n + layout)));
    }
  }
}

void HuffmanCorpus() {
  namespace huffman = zipnn::huffman;
  // Mode 0: valid streams (1 lane and 4 lanes) to decode.
  for (size_t n : {size_t{100}, size_t{5000}}) {
    const Bytes x = SampleData(ZIPNN_DTYPE_BYTES, n, n);
    uint32_t hist[256] = {};
    for (uint8_t b : x) ++hist[b];
    uint8_t lengths[256];
    huffman::BuildLengths(hist, lengths);
    Bytes enc(huffman::EncodedSizeBound(hist, lengths, n) + huffman::kEncodeSlack);
    enc.resize(huffman::Encode(x.data(), n, lengths, enc.data()));
    Bytes prefix(4, 0);
    StoreLE(prefix.data() + 1, n, 2);
    Write("huffman", "decode_valid_" + std::to_string(huffman::LanesFor(n)) + "lanes_" + std::to_string(n) +
                         "symbols",
          Prefixed(prefix, enc));
  }
  Write("huffman", "decode_garbage", Prefixed({0, 0x10, 0, 0}, Noise(64, 5)));
  // Mode 1: byte strings to round-trip.
  Write("huffman", "roundtrip_text", Prefixed({1, 0x00, 0x10, 0}, Text(300)));
  Write("huffman", "roundtrip_one_symbol", Prefixed({1, 0x00, 0x02, 0}, Bytes{'a'}));
  Write("huffman", "roundtrip_two_symbols", Prefixed({1, 0x30, 0x11, 0}, Bytes{'a', 'a', 'a', 'b'}));
  // Mode 2: histograms (3 bytes per symbol).
  auto hist_input = [](const std::vector<uint32_t> &counts, uint8_t shift) {
    Bytes h = {2, 1, 2, shift};
    for (uint32_t c : counts) {
      h.push_back(static_cast<uint8_t>(c));
      h.push_back(static_cast<uint8_t>(c >> 8));
      h.push_back(static_cast<uint8_t>(c >> 16));
    }
    return h;
  };
  std::vector<uint32_t> fib = {1, 1};
  while (fib.size() < 30) fib.push_back(fib[fib.size() - 1] + fib[fib.size() - 2]);
  Write("huffman", "histogram_fibonacci_30_symbols_length_limited", hist_input(fib, 0));
  std::vector<uint32_t> flat(256, 100);
  Write("huffman", "histogram_flat_256_symbols", hist_input(flat, 0));
  std::vector<uint32_t> geo;
  for (uint32_t c = 1u << 20; c > 0; c /= 2) geo.push_back(c);
  Write("huffman", "histogram_geometric_large_counts", hist_input(geo, 4));
  Write("huffman", "histogram_single_symbol", hist_input({0, 0, 0, 500}, 0));
}

}  // namespace

int main(int argc, char **argv) {
  if (argc == 3 && std::strcmp(argv[1], "--check") == 0) {
    g_check = true;
    g_root = argv[2];
  } else if (argc == 2) {
    g_root = argv[1];
  } else {
    std::fprintf(stderr, "usage: %s [--check] CORPUS_DIR (fuzz/corpus)\n", argv[0]);
    return 2;
  }
  DecoderCorpora();
  RoundTripCorpora();
  SimdCorpus();
  HuffmanCorpus();
  if (g_check) {
    std::printf("%zu seed files checked, %zu stale or missing\n", g_written, g_stale);
    return g_stale ? 1 : 0;
  }
  std::printf("%zu seed files written under %s\n", g_written, g_root.c_str());
  return 0;
}
