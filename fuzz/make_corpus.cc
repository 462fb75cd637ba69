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
#include "safetensors_gen.h"
#include "sample_data.h"
#include "zipnn.h"

namespace {

using zipnn_fuzz::Rng;
using zipnn_fuzz::StoreLE;
using zipnn_fuzz::Bytes;
using zipnn_fuzz::Noise;
using zipnn_fuzz::SampleData;
using zipnn_fuzz::Text;
using zipnn_fuzz::BuildSafetensors;
using zipnn_fuzz::BuiltFile;
using zipnn_fuzz::LayoutOptions;
using zipnn_fuzz::TensorDesc;
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
  const Bytes *base = nullptr;  // delta base
};

Bytes Compress(const Bytes &x, const Options &o) {
  zipnn_cctx *c = nullptr;
  Check(zipnn_cctx_new(&c), "cctx");
  Check(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, o.dtype), "dtype");
  Check(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, o.chunk), "chunk");
  Check(zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, o.threads), "threads");
  if (o.base) Check(zipnn_cctx_set_delta_base(c, o.base->data(), o.base->size()), "delta base");
  // (+ room for a delta record: zipnn_compress_bound does not count it)
  Bytes out(zipnn_compress_bound(x.size()) + (o.base ? 4096 : 0));
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

// ------------------------------------------- safetensors, tensors, delta

// A tensor of a known dtype (or, with `size`, of an unknown one) holding
// weights-like values, or zeros.
TensorDesc Tensor(const std::string &name, const std::string &dtype_name, std::vector<uint64_t> shape,
                  uint64_t seed, bool zeros = false, uint64_t size = UINT64_MAX) {
  const zipnn_fuzz::StDtype *d = zipnn_fuzz::FindStDtype(dtype_name);
  TensorDesc t;
  t.name = name;
  t.dtype_name = dtype_name;
  t.shape = std::move(shape);
  uint64_t elems = 1;
  for (uint64_t x : t.shape) elems *= x;
  t.size = size != UINT64_MAX ? size : elems * (d ? d->size : 1);
  t.data = zeros ? Bytes(t.size, 0) : SampleData(d ? d->dtype : ZIPNN_DTYPE_BYTES, t.size, seed);
  return t;
}

// One tensor of the spec that zipnn_fuzz::ReadTensors reads: kStDtypes index,
// dims as coded there (< 224: the value % 48; else 1 + (v & 31) * 37), gap
// code (5, 6: that many bytes, 7: 64), byte size / 7 for unknown dtypes.
struct SpecTensor {
  uint8_t dtype;
  std::vector<uint8_t> dims;
  std::string name;
  uint8_t gap = 0;
  uint8_t size7 = 0;
};

Bytes Spec(const std::vector<SpecTensor> &tensors) {
  Bytes out;
  for (const SpecTensor &t : tensors) {
    out.push_back(t.dtype);
    out.push_back(static_cast<uint8_t>(t.dims.size() | (t.gap << 3)));
    out.insert(out.end(), t.dims.begin(), t.dims.end());
    if (t.dtype >= zipnn_fuzz::kStKnownDtypes) out.push_back(t.size7);
    out.push_back(static_cast<uint8_t>(t.name.size()));
    out.insert(out.end(), t.name.begin(), t.name.end());
  }
  return out;
}

Bytes Concat(const Bytes &a, const std::string &b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// A few safetensors files, shared by the three corpora below. A tensor index
// is written only when per-tensor chunks fit zipnn_compress_bound: about
// 4 KiB of content per chunk plus 88 bytes per tensor record, so the files
// meant to be indexed have some kilobytes of zeros.
struct StFiles {
  BuiltFile bf16_f32, mixed, zeros, odd, odd_indexed, small;
};

StFiles MakeStFiles() {
  StFiles f;
  LayoutOptions meta;
  meta.metadata = 1;
  meta.metadata_value = "pt";
  f.bf16_f32 = BuildSafetensors({Tensor("model.embed_tokens.weight", "BF16", {64, 64}, 1),
                                 Tensor("model.norm.weight", "F32", {64}, 2),
                                 Tensor("lm_head.weight", "BF16", {30, 64}, 3)},
                                meta);
  LayoutOptions padded;
  padded.header_padding = 5;
  f.mixed = BuildSafetensors({Tensor("pad.zeros", "BF16", {128, 128}, 0, true), Tensor("w.f16", "F16", {48, 48}, 4),
                              Tensor("w.f8_e4m3", "F8_E4M3", {64, 40}, 5), Tensor("w.f8_e5m2", "F8_E5M2", {1024}, 6),
                              Tensor("step", "I64", {}, 7), Tensor("mask", "BOOL", {7}, 8),
                              Tensor("w.f64", "F64", {2, 3}, 9)},
                             padded);
  // Mostly zeros, but mostly float payload: zipnn keeps the tensor index
  // (for a frame of mostly opaque payload it may drop it to stay below zstd).
  TensorDesc mostly = Tensor("zeros.bf16", "BF16", {64, 64}, 0, true);
  const Bytes tail = SampleData(ZIPNN_DTYPE_BF16, 1024, 17);
  std::copy(tail.begin(), tail.end(), mostly.data.end() - 1024);
  f.zeros = BuildSafetensors({mostly, Tensor("zeros.f32", "F32", {1000}, 0, true), Tensor("ones.u8", "U8", {16}, 0, true)},
                             LayoutOptions{});
  f.zeros.bytes.back() = 1;
  LayoutOptions odd;
  odd.reverse_data = true;
  odd.pretty = true;
  odd.escape = 2;
  odd.tail = 13;
  TensorDesc gap = Tensor("gap/before\"me\"", "BF16", {50, 50}, 10);
  gap.gap_before = 6;
  std::vector<TensorDesc> odd_tensors = {gap, Tensor("scalar", "F32", {}, 11), Tensor("empty", "BF16", {0, 5}, 12),
                                         Tensor("opaque.c64", "C64", {3}, 13, false, 24),
                                         Tensor(std::string("ctl\x01\x1f\xc3\xa9"), "U16", {9}, 14)};
  f.odd = BuildSafetensors(odd_tensors, odd);
  odd_tensors.insert(odd_tensors.begin(), Tensor("pad.zeros", "BF16", {128, 192}, 0, true));
  f.odd_indexed = BuildSafetensors(odd_tensors, odd);
  f.small = BuildSafetensors({Tensor("a", "BF16", {8, 8}, 15), Tensor("b", "F32", {4}, 16)}, LayoutOptions{});
  return f;
}

// Whether compressing `file` with chunk size `chunk` gives a tensor index.
bool Indexed(const Bytes &file, int64_t chunk) {
  Options o;
  o.chunk = chunk;
  const Bytes frame = Compress(file, o);
  uint64_t count = 0;
  Check(zipnn_tensor_count(frame.data(), frame.size(), &count), "tensor_count");
  return count > 0;
}

void SafetensorsCorpus(const StFiles &f) {
  // Mode 0: the input is the file. [0] bits 2-3 chunk size, 4 two threads, 5 also unaware.
  // (Named "indexed" when the frame gets a tensor index.)
  auto whole_file = [](const std::string &name, uint8_t flags, const Bytes &bytes) {
    static const int64_t kChunks[] = {4096, 8192, 65536, 1 << 20};
    const bool indexed = Indexed(bytes, kChunks[(flags >> 2) & 3]);
    Write("safetensors", name + (indexed ? "_indexed" : ""), Prefixed({flags}, bytes));
  };
  whole_file("file_bf16+f32_3tensors_metadata_chunk1MiB", 12, f.bf16_f32.bytes);
  whole_file("file_bf16+f32_3tensors_metadata_chunk4096_2threads", 16, f.bf16_f32.bytes);
  whole_file("file_mostly_zeros_3tensors_chunk1MiB_unaware_too", 12 | 32, f.zeros.bytes);
  whole_file("file_gaps_0d_empty_c64_escapes_reversed", 12, f.odd.bytes);
  whole_file("file_small", 0, f.small.bytes);

  // Mode 1: fuzzed header JSON; [1..3] data bytes, [4] length adjustment and filler.
  auto mode1 = [](uint8_t flags, uint32_t data_bytes, uint8_t adjust_filler, const std::string &json) {
    Bytes prefix = {static_cast<uint8_t>(1 | flags), 0, 0, 0, adjust_filler};
    StoreLE(prefix.data() + 1, data_bytes, 3);
    return Concat(prefix, json);
  };
  auto real_header = [](const char *file, std::string *json, uint64_t *data_bytes) {
    std::ifstream in(fs::path(ZIPNN_TEST_DATA_DIR) / file, std::ios::binary);
    const Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (b.size() < 8) {
      std::fprintf(stderr, "cannot read %s\n", file);
      std::exit(1);
    }
    const uint64_t n = zipnn_fuzz::LoadLE(b.data(), 8);
    json->assign(b.begin() + 8, b.begin() + 8 + static_cast<ptrdiff_t>(n));
    *data_bytes = b.size() - 8 - n;
  };
  std::string json;
  uint64_t data_bytes = 0;
  // Its 20 U8 tensors fit in 193 KB of data: a real header, indexed.
  real_header("tiny_face_detector_model.safetensors", &json, &data_bytes);
  Write("safetensors", "header_real_tiny_face_detector_20xU8_indexed",
        mode1(12, static_cast<uint32_t>(data_bytes), 2 << 4, json));
  // 48 F32 tensors in 1 MB: data cut short, so parsed but not indexed.
  real_header("stories260K.f32.safetensors", &json, &data_bytes);
  Write("safetensors", "header_real_stories260K_48xF32_data_cut", mode1(0, 20000, 1 << 4, json));

  const std::string big = R"("big":{"dtype":"U8","shape":[20000],"data_offsets":[64,20064]})";
  Write("safetensors", "header_empty_object", mode1(12, 0, 0, "{}"));
  Write("safetensors", "header_metadata_only", mode1(12, 100, 0, R"({"__metadata__":{"format":"pt"}})"));
  Write("safetensors", "header_escapes_surrogates",
        mode1(12, 20064, 1 << 4,
              R"({"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00":{"dtype":"BF16","shape":[2,16],"data_offsets":[0,64]},)" +
                  big + "}    "));
  Write("safetensors", "header_unknown_dtype_first_dim_0",
        mode1(12, 20064, 0, R"({"z":{"dtype":"X","shape":[0],"data_offsets":[0,10]},)" + big + "}"));
  Write("safetensors", "header_invalid_duplicate_name",
        mode1(12, 20064, 0, "{" + big + "," + big + "}"));
  Write("safetensors", "header_invalid_overlap",
        mode1(12, 20064, 0,
              R"({"a":{"dtype":"U8","shape":[100],"data_offsets":[0,100]},"b":{"dtype":"U8","shape":[100],"data_offsets":[50,150]}})"));
  Write("safetensors", "header_invalid_size_for_dtype",
        mode1(12, 20064, 0, R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})"));
  Write("safetensors", "header_invalid_number_forms",
        mode1(12, 64, 0, R"({"a":{"dtype":"U8","shape":[1e1],"data_offsets":[00,10]}})"));
  Write("safetensors", "header_invalid_offsets_overflow",
        mode1(12, 64, 0,
              R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[18446744073709551615,18446744073709551615]}})"));
  std::string deep = R"({"__metadata__":)";
  for (int i = 0; i < 34; ++i) deep += R"({"k":)";
  deep += "0";
  for (int i = 0; i < 34; ++i) deep += "}";
  deep += "}";
  Write("safetensors", "header_invalid_metadata_depth_34", mode1(12, 0, 0, deep));
  Write("safetensors", "header_declared_length_minus_1", mode1(12, 20064, 15, "{" + big + "}"));
  Write("safetensors", "header_declared_length_plus_3", mode1(12, 20064, 3, "{" + big + "}"));

  // Modes 2-3: generated files (3: with a tensor of zeros after them, so
  // usually indexed). [1] layout options, [2] tail, [3..4] data seed, then the tensor list.
  auto mode2 = [](uint8_t flags, uint8_t layout, uint8_t tail, const Bytes &spec) {
    return Prefixed({static_cast<uint8_t>(2 | flags), layout, tail, 7, 0}, spec);
  };
  auto mode3 = [](uint8_t flags, uint8_t layout, uint8_t tail, const Bytes &spec) {
    return Prefixed({static_cast<uint8_t>(3 | flags), layout, tail, 7, 0}, spec);
  };
  Write("safetensors", "gen_bf16_2d+f32_1d_metadata_first",
        mode2(12, 2, 0, Spec({{0, {47, 227}, "model.layers.0.weight"}, {2, {40}, "model.norm.weight"}})));
  std::vector<SpecTensor> every;
  for (uint8_t d = 0; d < zipnn_fuzz::kStDtypeCount; ++d) every.push_back({d, {16, 8}, "t" + std::to_string(d), 0, 30});
  Write("safetensors", "gen_every_dtype_reversed_pretty_metadata_last_padding7_zero_pad",
        mode3(12 | 16, 1 | 4 | 8 | (2 << 6), 0, Spec(every)));
  Write("safetensors", "gen_escaped_names_all_u_escapes_zero_pad",
        mode3(12, 16, 3,
              Spec({{0, {47, 224 + 3}, "q\"uote\\back/slash"},
                    {1, {5}, std::string("ctl\x01\x7f\xc3\xa9", 7)},
                    {2, {3}, "__metadata__"},
                    {2, {3}, ""},
                    {8, {2}, "dup"},
                    {8, {2}, "dup"}})));
  Write("safetensors", "gen_escaped_names_alternate_chunk4096",
        mode2(0, 32, 0, Spec({{0, {47, 224 + 7}, "a/b\"c\\d"}, {6, {9}, "x\ty"}})));
  Write("safetensors", "gen_0d_zero_size_gaps_unknown_tail_zero_pad",
        mode3(12, 0, 33,
              Spec({{2, {}, "scalar", 5}, {0, {0, 5}, "empty", 6}, {16, {3}, "opaque.c64", 7, 20},
                    {0, {47, 224 + 5}, "weight", 0}})));
  std::vector<SpecTensor> many;
  for (uint8_t i = 0; i < 40; ++i) many.push_back({static_cast<uint8_t>(i % 3 == 0 ? 7 : 1), {i}, "s" + std::to_string(i)});
  many.push_back({0, {47, 224 + 9}, "big"});
  Write("safetensors", "gen_40_small_tensors_and_a_big_one_zero_pad", mode3(12, 0, 0, Spec(many)));
  Write("safetensors", "gen_no_tensors_metadata", mode2(12, 2, 0, Bytes{}));
}

void TensorCorpus(const StFiles &f) {
  struct Frame {
    std::string name;
    Bytes bytes;
  };
  std::vector<Frame> frames;
  Options o;
  o.chunk = 1 << 20;
  frames.push_back({"bf16+f32_3tensors", Compress(f.bf16_f32.bytes, o)});
  frames.push_back({"zeros+f16+f8+i64+bool+f64_7tensors", Compress(f.mixed.bytes, o)});
  frames.push_back({"mostly_zeros_3tensors", Compress(f.zeros.bytes, o)});
  frames.push_back({"zeros+gaps_0d_empty_c64_escapes_6tensors", Compress(f.odd_indexed.bytes, o)});
  o.stream_unsized = true;
  frames.push_back({"bf16+f32_3tensors_unsized", Compress(f.bf16_f32.bytes, o)});
  o.stream_unsized = false;
  o.chunk = 65536;
  frames.push_back({"zeros+f16+f8+i64+bool+f64_7tensors_chunk65536", Compress(f.mixed.bytes, o)});
  // A delta frame with a tensor index (decoding needs the base: DELTA_BASE).
  Options d;
  d.chunk = 1 << 20;
  d.base = &f.zeros.bytes;
  frames.push_back({"delta_bf16+f32_3tensors", Compress(f.bf16_f32.bytes, d)});
  for (const Frame &fr : frames) {
    uint64_t count = 0;
    Check(zipnn_tensor_count(fr.bytes.data(), fr.bytes.size(), &count), "tensor_count");
    if (count == 0) {
      std::fprintf(stderr, "tensor corpus: %s has no tensor index (an encoder change? adjust the file)\n",
                   fr.name.c_str());
      std::exit(1);
    }
    Write("tensor", fr.name + ".znn", fr.bytes);
  }
  // [0] fix-up level, no verify (4), two threads (8), cap (16); [1..6] row seed; [7] cap / 4096.
  Write("tensor", frames[0].name + "_forged_noverify.in", Prefixed({2 | 4, 1, 2, 3, 4, 5, 6, 0}, frames[0].bytes));
  Write("tensor", frames[1].name + "_forged_2threads.in", Prefixed({1 | 8, 9, 9, 9, 0, 0, 0, 0}, frames[1].bytes));
  Write("tensor", frames[3].name + "_cap4k.in", Prefixed({16, 7, 0, 0, 0, 0, 0, 1}, frames[3].bytes));
  Write("tensor", frames[6].name + "_forged_noverify.in", Prefixed({3 | 4, 5, 0, 0, 0, 0, 0, 0}, frames[6].bytes));
}

void DeltaCorpus(const StFiles &f) {
  // [0] kind, fine-tune (4), 2 threads (8), unaware (16), chunk (bits 5-6); [1] dtype;
  // [2..3] base bytes; [4..5] target bytes; [6] rate; [7] churn; [8..9] seed;
  // [10] other base; [11] range seed, bit 7: zero pad tensor.
  auto params = [](uint8_t mode, uint8_t dtype, uint16_t base_n, uint16_t target_n, uint8_t rate, uint8_t churn,
                   uint16_t seed, uint8_t other, uint8_t last = 3) {
    Bytes p(12, 0);
    p[0] = mode;
    p[1] = dtype;
    StoreLE(p.data() + 2, base_n, 2);
    StoreLE(p.data() + 4, target_n, 2);
    p[6] = rate;
    p[7] = churn;
    StoreLE(p.data() + 8, seed, 2);
    p[10] = other;
    p[11] = last;
    return p;
  };
  const Bytes mix = Text(64);
  Write("delta", "plain_bf16_finetune_same_size_other_base_flipped",
        Prefixed(params(4, ZIPNN_DTYPE_BF16, 9000, 9000, 20, 0, 1, 0), mix));
  Write("delta", "plain_fp32_finetune_longer_2threads_chunk8192_other_base_shorter",
        Prefixed(params(4 | 8 | (1 << 5), ZIPNN_DTYPE_FP32, 6000, 10000, 5, 0, 2, 1), mix));
  Write("delta", "plain_bytes_unrelated_shorter_other_base_longer",
        Prefixed(params(0, ZIPNN_DTYPE_BYTES, 8000, 3000, 0, 0, 3, 2), mix));
  Write("delta", "plain_empty_base_no_delta_flag", Prefixed(params(4, ZIPNN_DTYPE_BF16, 0, 5000, 9, 0, 4, 4), mix));
  Write("delta", "plain_empty_target_other_base_random",
        Prefixed(params(0, ZIPNN_DTYPE_FP16, 5000, 0, 0, 0, 5, 5), mix));
  Write("delta", "plain_fp16_finetune_other_base_identical_copy",
        Prefixed(params(4 | (3 << 5), ZIPNN_DTYPE_FP16, 12000, 12000, 40, 0, 6, 3), mix));
  const Bytes spec = Spec({{0, {47, 224 + 3}, "model.layers.0.mlp.weight"},
                           {2, {64}, "model.layers.0.norm.weight"},
                           {0, {32, 40}, "model.layers.1.mlp.weight"},
                           {8, {100}, "model.embed.q"}});
  Write("delta", "safetensors_finetune_renamed_dropped_zero_pad_other_base_target",
        Prefixed(params(1 | 4, 0, 0, 0, 10, 90, 7, 4, 0x83), spec));
  Write("delta", "safetensors_finetune_unaware_other_base_flipped",
        Prefixed(params(1 | 4 | 16, 0, 0, 0, 10, 0, 8, 0), spec));
  Write("delta", "safetensors_unrelated_files_zero_pad", Prefixed(params(1 | (1 << 5), 0, 0, 0, 0, 0, 9, 5, 0x83), Concat(spec, "\x02\x01\x10\x05w.f32")));
  Write("delta", "safetensors_base_plain_target_cut", Prefixed(params(2, 0, 0, 7000, 3, 0, 10, 1), spec));
  Write("delta", "plain_base_safetensors_target_zero_pad", Prefixed(params(2 | 4, 0, 9000, 0, 3, 0, 11, 0, 0x83), spec));

  // Kind 3: frames decoded with DeltaFuzzBase([2..3] bytes, seed [8..9]).
  // [1] fix-up level, no verify (4), two threads (8), forge base (16), no base (32).
  auto kind3 = [&](uint8_t flags, uint16_t base_n, uint16_t seed, const Bytes &frame) {
    Bytes p = params(3, flags, base_n, 0, 0, 0, seed, 0);
    return Prefixed(p, frame);
  };
  const Bytes base = zipnn_fuzz::DeltaFuzzBase(9000, 7);
  Bytes target = base;
  for (size_t i = 0; i < target.size(); i += 7) target[i] ^= 1;
  target.resize(10000, 0x3c);
  Options o;
  o.dtype = ZIPNN_DTYPE_BF16;
  o.base = &base;
  const Bytes frame = Compress(target, o);
  Write("delta", "frame_bf16_with_its_base", kind3(0, 9000, 7, frame));
  Write("delta", "frame_bf16_with_its_base_fixup_forge_2threads", kind3(1 | 8 | 16, 9000, 7, frame));
  Write("delta", "frame_bf16_without_base", kind3(32, 9000, 7, frame));
  Write("delta", "frame_bf16_base_shorter_forged_noverify", kind3(2 | 4 | 16, 8000, 7, frame));
  // A safetensors target whose tensor bytes equal the plain base's bytes at
  // the same offsets (matched by position: the XOR is zero there).
  const Bytes st_base = zipnn_fuzz::DeltaFuzzBase(f.zeros.bytes.size(), 9);
  Bytes st_target = f.zeros.bytes;
  for (size_t i = static_cast<size_t>(f.zeros.data_offset); i < st_target.size(); ++i) st_target[i] = st_base[i];
  o.base = &st_base;
  o.dtype = ZIPNN_DTYPE_BYTES;
  o.chunk = 1 << 20;
  const Bytes st_frame = Compress(st_target, o);
  uint64_t count = 0;
  Check(zipnn_tensor_count(st_frame.data(), st_frame.size(), &count), "tensor_count");
  Write("delta", "frame_safetensors_target_plain_base_" + std::to_string(count) + "tensors",
        kind3(0, static_cast<uint16_t>(st_base.size()), 9, st_frame));
  // Against another base, forged to claim DeltaFuzzBase(9000, 7): wrong bytes
  // after the XOR (CHECKSUM_MISMATCH, or garbage without verification).
  Bytes other = base;
  for (size_t i = 0; i < other.size(); i += 97) other[i] ^= 0x40;
  o.base = &other;
  o.dtype = ZIPNN_DTYPE_BF16;
  o.chunk = 4096;
  Write("delta", "frame_against_other_base_forged_noverify", kind3(3 | 4 | 16, 9000, 7, Compress(target, o)));
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
  const StFiles st_files = MakeStFiles();
  SafetensorsCorpus(st_files);
  TensorCorpus(st_files);
  DeltaCorpus(st_files);
  if (g_check) {
    std::printf("%zu seed files checked, %zu stale or missing\n", g_written, g_stale);
    return g_stale ? 1 : 0;
  }
  std::printf("%zu seed files written under %s\n", g_written, g_root.c_str());
  return 0;
}
