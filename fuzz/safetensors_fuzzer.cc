// Property: tensor-aware compression of safetensors-like files is exact and
// deterministic, and the tensor index agrees with the file. For a file built
// from the fuzz input (raw, or a fuzzed header JSON framed as safetensors, or
// a generated valid file):
//  - decompress(compress(x)) == x; compressing again with another thread
//    count, and streaming with the size pledged (pieces of fuzzer-chosen
//    sizes), give the same frame; the frame fits zipnn_compress_bound;
//  - the frame has tensors only if zipnn's safetensors parser accepts the
//    header and every tensor lies in the file, and then exactly the parsed
//    ones (count, names, dtype names, dtypes, shapes, offsets), in offset order;
//  - for a generated file, the parser finds exactly the tensors written
//    (names with any bytes and escapes, unknown dtypes, gaps, metadata,
//    padding, data in any order);
//  - zipnn_tensor_count / _info_get / _find / zipnn_decompress_tensor (whole,
//    and a range of rows) agree with slices of the original bytes
//    (tensor_check.h); NOT_FOUND past the last tensor and for absent names;
//  - with ZIPNN_PARAM_TENSOR_AWARE 0 the frame has no tensors.
//
// Input: [0] mode and options, then what the mode reads:
//   [0]    bits 0-1 mode: 0 = the rest of the input is the file;
//          1 = fuzzed header: [1..4] parameters, then the header JSON;
//          2, 3 = generated file: [1..4] parameters, then a tensor list
//          (safetensors_gen.h ReadTensors: at most 48 tensors, 128 KiB),
//          mode 3 with a tensor of zeros after them (AddZeroPad, at most
//          256 KiB) so that the frame usually gets a tensor index;
//          bits 2-3: chunk size 4096, 8192, 65536 or 1 MiB (the default);
//          bit 4: first compression with 2 threads, the second with 1;
//          bit 5: also compress with ZIPNN_PARAM_TENSOR_AWARE 0;
//          bits 6-7: mixed into the seed of piece sizes and row ranges
//   mode 1: [1..3] data bytes after the header (% 262145),
//          [4] bits 0-3: declared header length minus the JSON's length
//          (0..7, or 8..15 for -8..-1), bits 4-5: data filler (0 zeros,
//          1 bf16 weights, 2 noise, 3 the JSON repeated)
//   mode 2/3: [1] bit 0: data in reverse entry order, bits 1-2: metadata
//          (none, first, last), bit 3: whitespace between tokens, bits 4-5:
//          name escaping (safetensors_gen.h), bits 6-7: header padding
//          0, 1, 7 or 8 spaces; [2] bytes after the last tensor;
//          [3..4] seed of the tensor data
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "safetensors_gen.h"
#include "tensor/safetensors.h"
#include "tensor_check.h"
#include "zipnn.h"

namespace {

using namespace zipnn_fuzz;
namespace st = zipnn::tensor;

constexpr size_t kMaxPayload = 256 * 1024;
constexpr uint64_t kGeneratedBudget = 128 * 1024;

// Streaming compression, size pledged, input and output in pieces.
Bytes CompressStream(zipnn_cctx *c, const Bytes &x, Rng &rng) {
  FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, static_cast<int64_t>(x.size())));
  const Bytes frame = StreamEncode(
      c, x, [&] { return static_cast<size_t>(rng.Below(3) == 0 ? rng.Below(64) : rng.Below(40000)); },
      [&] { return static_cast<size_t>(rng.Below(50000)); });
  FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, -1));
  return frame;
}

bool SameTensor(const st::TensorSpec &s, const ExpectedTensor &e) {
  return s.name == e.name && s.dtype_name == e.dtype_name && s.dtype == e.dtype && s.shape == e.shape &&
         s.begin == e.begin && s.end == e.end;
}

// The parsed layout is exactly what was written (ties of zero-size tensors at
// one offset may come in any order).
void CheckParsed(const st::SafetensorsLayout &layout, const BuiltFile &built) {
  FUZZ_CHECK(layout.data_offset == built.data_offset);
  FUZZ_CHECK(layout.tensors.size() == built.tensors.size());
  for (size_t i = 0; i < built.tensors.size(); ++i) {
    const ExpectedTensor &e = built.tensors[i];
    bool match = false;
    for (size_t j = i; j < layout.tensors.size() && layout.tensors[j].begin == e.begin && !match; ++j)
      match = SameTensor(layout.tensors[j], e);
    for (size_t j = i; j-- > 0 && layout.tensors[j].begin == e.begin && !match;)
      match = SameTensor(layout.tensors[j], e);
    FUZZ_CHECK(match);
  }
}

void CheckFile(const Bytes &file, const BuiltFile *built, uint8_t mode, Rng &rng) {
  static const int64_t kChunks[] = {4096, 8192, 65536, 1 << 20};
  const int64_t chunk = kChunks[(mode >> 2) & 3];
  const int threads_a = (mode & 16) ? 2 : 1;
  zipnn_cctx *a = CachedCctx(threads_a), *b = CachedCctx(3 - threads_a);
  for (zipnn_cctx *c : {a, b}) {
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, chunk));
    FUZZ_CHECK_OK(zipnn_cctx_set_param(c, ZIPNN_PARAM_TENSOR_AWARE, 1));
  }

  // What zipnn's parser makes of the file.
  st::SafetensorsLayout layout;
  const bool parsed = st::ParseSafetensorsHeader(file.data(), file.size(), &layout);
  const bool indexable = parsed && st::TensorsFit(layout, file.size());
  if (built) {
    FUZZ_CHECK(parsed && indexable);  // a valid file, written by the book
    CheckParsed(layout, *built);
  }

  const Bytes frame = CompressWhole(a, file);
  FUZZ_CHECK(frame.size() <= zipnn_compress_bound(file.size()));
  FUZZ_CHECK(CompressWhole(b, file) == frame);  // deterministic, whatever the thread count

  zipnn_dctx *d = CachedDctx(1);
  Bytes back(file.size() + 1);
  size_t back_size = 0;
  FUZZ_CHECK_OK(zipnn_decompress(d, frame.data(), frame.size(), back.data(), file.size(), &back_size));
  FUZZ_CHECK(back_size == file.size() && SameBytes(back.data(), file.data(), file.size()));

  zipnn_frame_info info;
  FUZZ_CHECK_OK(zipnn_frame_info_get(frame.data(), frame.size(), &info));
  FUZZ_CHECK(info.content_size == file.size() && (info.flags & ZIPNN_FRAME_FLAG_DELTA) == 0);
  uint64_t count = UINT64_MAX;
  FUZZ_CHECK_OK(zipnn_tensor_count(frame.data(), frame.size(), &count));
  FUZZ_CHECK(count == info.tensor_count);
  // Tensors only for a header that parses and fits, and then all of them
  // (zipnn may still leave the index out, an encoder choice: when per-tensor
  // chunks would not fit zipnn_compress_bound, or to stay below zstd).
  FUZZ_CHECK(count == 0 || (indexable && count == layout.tensors.size()));
  for (uint64_t i = 0; i < count; ++i) {
    zipnn_tensor_info t;
    FUZZ_CHECK_OK(zipnn_tensor_info_get(frame.data(), frame.size(), i, &t));
    const st::TensorSpec &s = layout.tensors[static_cast<size_t>(i)];
    FUZZ_CHECK(std::string(t.name, t.name_size) == s.name);
    FUZZ_CHECK(std::string(t.dtype_name, t.dtype_name_size) == s.dtype_name);
    FUZZ_CHECK(t.dtype == s.dtype && t.ndim == s.shape.size());
    for (uint32_t k = 0; k < t.ndim; ++k) FUZZ_CHECK(t.shape[k] == s.shape[k]);
    FUZZ_CHECK(t.offset == s.begin && t.size == s.end - s.begin);
  }
  if (count > 0) {
    const TensorCheck c{d, frame.data(), frame.size(), count, file.size(), file.data(), true, false, 48};
    CheckTensors(c, rng);
  }

  // Streaming with the size pledged: the same frame.
  FUZZ_CHECK(CompressStream(b, file, rng) == frame);

  if (mode & 32) {
    FUZZ_CHECK_OK(zipnn_cctx_set_param(a, ZIPNN_PARAM_TENSOR_AWARE, 0));
    const Bytes plain = CompressWhole(a, file);
    FUZZ_CHECK_OK(zipnn_tensor_count(plain.data(), plain.size(), &count));
    FUZZ_CHECK(count == 0);
    FUZZ_CHECK_OK(zipnn_decompress(d, plain.data(), plain.size(), back.data(), file.size(), &back_size));
    FUZZ_CHECK(back_size == file.size() && SameBytes(back.data(), file.data(), file.size()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  Rng rng(XXH3_64bits(data, size) ^ (mode >> 6));
  Bytes file;
  BuiltFile built;
  const BuiltFile *expect = nullptr;
  switch (mode & 3) {
    case 0:
      file.assign(data + 1, data + size);
      break;
    case 1: {
      const Params p(data + 1, size - 1, 4);
      const size_t payload = static_cast<size_t>(p.Int(0, 3) % (kMaxPayload + 1));
      const uint8_t adjust = p.Byte(3) & 15;
      const int filler = (p.Byte(3) >> 4) & 3;
      const size_t json = p.payload_size();
      const uint64_t declared = adjust < 8 ? json + adjust : json >= 16u - adjust ? json - (16u - adjust) : 0;
      file.resize(8);
      StoreLE(file.data(), declared, 8);
      file.insert(file.end(), p.payload(), p.payload() + json);
      switch (filler) {
        case 0: file.resize(file.size() + payload, 0); break;
        case 1: {
          const Bytes w = SampleData(ZIPNN_DTYPE_BF16, payload, json);
          file.insert(file.end(), w.begin(), w.end());
          break;
        }
        case 2: {
          const Bytes w = Noise(payload, json);
          file.insert(file.end(), w.begin(), w.end());
          break;
        }
        default:
          for (size_t i = 0; i < payload; ++i) file.push_back(json ? p.payload()[i % json] : 0);
          break;
      }
      break;
    }
    default: {
      const Params p(data + 1, size - 1, 4);
      const uint8_t opt = p.Byte(0);
      LayoutOptions o;
      o.reverse_data = opt & 1;
      o.metadata = (opt >> 1) & 3;
      if (o.metadata == 3) o.metadata = 1;
      o.pretty = (opt >> 3) & 1;
      o.escape = (opt >> 4) & 3;
      static const size_t kPadding[] = {0, 1, 7, 8};
      o.header_padding = kPadding[opt >> 6];
      o.tail = p.Byte(1);
      ByteReader r(p.payload(), p.payload_size());
      std::vector<TensorDesc> tensors = ReadTensors(r, 48, kGeneratedBudget, p.Int(2, 2));
      if ((mode & 3) == 3) AddZeroPad(&tensors, 256 * 1024);
      o.metadata_value = tensors.empty() ? std::string("\"\\\x01") : tensors.front().name;
      built = BuildSafetensors(tensors, o);
      file = built.bytes;
      expect = &built;
      break;
    }
  }
  CheckFile(file, expect, mode, rng);
  return 0;
}
