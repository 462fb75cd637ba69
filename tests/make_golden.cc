// Writes the golden frames of tests/golden/ (format v1). Run once when a format
// version is frozen; the test suite then decodes these files forever, so a
// later library can never silently stop reading them. Usage: zipnn_make_golden [DIR]
#include <cstdio>
#include <string>

#include "test_util.h"

namespace {

void Write(const std::string &path, const zt::Bytes &b) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(b.data(), 1, b.size(), f) != b.size()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  std::fclose(f);
}

zt::Bytes StreamUnknownSize(const zt::Bytes &src, zipnn_dtype dtype) {
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, dtype);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, 4096);
  zt::Bytes out(zipnn_compress_bound(src.size()));
  zipnn_out_buffer ob{out.data(), out.size(), 0};
  size_t pending = 0;
  zipnn_in_buffer first{src.data(), src.size() / 2, 0};
  zipnn_compress_stream(c, &first, &ob, ZIPNN_STREAM_CONTINUE, &pending);
  zipnn_in_buffer rest{src.data() + src.size() / 2, src.size() - src.size() / 2, 0};
  do {
    zipnn_compress_stream(c, &rest, &ob, ZIPNN_STREAM_END, &pending);
  } while (pending != 0);
  zipnn_cctx_free(c);
  out.resize(ob.pos);
  return out;
}

}  // namespace

int main(int argc, char **argv) {
  const std::string dir = argc > 1 ? argv[1] : ZIPNN_TEST_GOLDEN_DIR;
  struct Case {
    std::string name;
    zt::Bytes src;
    zipnn_dtype dtype;
    bool streamed;
  };
  zt::Bytes upcast(16384, 0);
  const zt::Bytes bf = zt::Synthetic(ZIPNN_DTYPE_BF16, 8192, 21);
  for (size_t i = 0; i < 4096; ++i) std::memcpy(&upcast[4 * i + 2], &bf[2 * i], 2);
  zt::Bytes runs(20000, 0);
  for (size_t i = 0; i < runs.size(); i += 40) runs[i] = static_cast<uint8_t>(i / 40);
  const Case cases[] = {
      {"v1_empty", {}, ZIPNN_DTYPE_BYTES, false},
      {"v1_bf16_huffman_raw_3chunks", zt::Synthetic(ZIPNN_DTYPE_BF16, 10241, 1), ZIPNN_DTYPE_BF16, false},
      {"v1_fp32_upcast_constant", upcast, ZIPNN_DTYPE_FP32, false},
      {"v1_fp32_normal_odd_tail", zt::Synthetic(ZIPNN_DTYPE_FP32, 9003, 2), ZIPNN_DTYPE_FP32, false},
      {"v1_fp16_normal", zt::Synthetic(ZIPNN_DTYPE_FP16, 8000, 3), ZIPNN_DTYPE_FP16, false},
      {"v1_fp8_e4m3fn", zt::Synthetic(ZIPNN_DTYPE_FP8_E4M3FN, 6000, 4), ZIPNN_DTYPE_FP8_E4M3FN, false},
      {"v1_fp8_e5m2", zt::Synthetic(ZIPNN_DTYPE_FP8_E5M2, 5000, 5), ZIPNN_DTYPE_FP8_E5M2, false},
      {"v1_uint8_runs_zstd", runs, ZIPNN_DTYPE_UINT8, false},
      {"v1_random_raw", zt::Random(5000, 6), ZIPNN_DTYPE_BYTES, false},
      {"v1_bf16_streamed_unknown_size", zt::Synthetic(ZIPNN_DTYPE_BF16, 9000, 7), ZIPNN_DTYPE_BF16, true},
  };
  for (const Case &c : cases) {
    zt::Options o;
    o.dtype = c.dtype;
    o.chunk_size = 4096;
    const zt::Bytes frame = c.streamed ? StreamUnknownSize(c.src, c.dtype) : zt::Compress(c.src, o);
    zt::Bytes back;
    if (frame.empty() || zt::Decompress(frame, &back) != ZIPNN_OK || back != c.src) {
      std::fprintf(stderr, "%s: round trip failed\n", c.name.c_str());
      return 1;
    }
    Write(dir + "/" + c.name + ".bin", c.src);
    Write(dir + "/" + c.name + ".znn", frame);
    std::printf("%s: %zu -> %zu bytes\n", c.name.c_str(), c.src.size(), frame.size());
  }
  return 0;
}
