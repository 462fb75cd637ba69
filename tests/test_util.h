// Helpers shared by the unit tests: compress/decompress through the public C
// ABI, synthetic weights, and test data files.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "zipnn.h"

namespace zt {

using Bytes = std::vector<uint8_t>;

struct Options {
  zipnn_dtype dtype = ZIPNN_DTYPE_BYTES;
  int threads = 1;
  int chunk_size = 0;  // 0: default
  int tensor_aware = -1;
  int zstd_level = 0;  // 0: default
};

inline Bytes Compress(const Bytes &src, const Options &o, zipnn_status *status = nullptr) {
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, o.dtype);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, o.threads);
  if (o.chunk_size) zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, o.chunk_size);
  if (o.tensor_aware >= 0) zipnn_cctx_set_param(c, ZIPNN_PARAM_TENSOR_AWARE, o.tensor_aware);
  if (o.zstd_level) zipnn_cctx_set_param(c, ZIPNN_PARAM_ZSTD_LEVEL, o.zstd_level);
  Bytes dst(zipnn_compress_bound(src.size()));
  size_t size = 0;
  const zipnn_status st = zipnn_compress(c, src.data(), src.size(), dst.data(), dst.size(), &size);
  zipnn_cctx_free(c);
  if (status) *status = st;
  dst.resize(st == ZIPNN_OK ? size : 0);
  return dst;
}

inline Bytes Compress(const Bytes &src, zipnn_dtype dtype, int threads = 1) {
  Options o;
  o.dtype = dtype;
  o.threads = threads;
  return Compress(src, o);
}

// Streaming compression with a configured context: input in `step`-byte
// pieces, output into one buffer of zipnn_compress_bound bytes. The first
// error stops it and is returned in *status; the frame is what was written.
inline Bytes CompressStreamInSteps(zipnn_cctx *c, const Bytes &src, size_t step, zipnn_status *status) {
  Bytes frame(zipnn_compress_bound(src.size()));
  zipnn_out_buffer out{frame.data(), frame.size(), 0};
  size_t fed = 0, pending = 1;
  *status = ZIPNN_OK;
  while (fed < src.size() || pending) {
    const size_t n = std::min(step, src.size() - fed);
    const bool last = fed + n == src.size();
    zipnn_in_buffer in{src.data() + fed, n, 0};
    *status = zipnn_compress_stream(c, &in, &out, last ? ZIPNN_STREAM_END : ZIPNN_STREAM_CONTINUE, &pending);
    if (*status != ZIPNN_OK) break;
    fed += in.pos;
    if (!last) pending = 1;
  }
  frame.resize(out.pos);
  return frame;
}

inline zipnn_status Decompress(const Bytes &frame, Bytes *out, int threads = 1) {
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, threads);
  uint64_t size = 0;
  zipnn_frame_info info;
  zipnn_status st = zipnn_frame_info_get(frame.data(), frame.size(), &info);
  if (st == ZIPNN_OK) {
    size = info.content_size;
    out->assign(static_cast<size_t>(size), 0);
    size_t got = 0;
    st = zipnn_decompress(d, frame.data(), frame.size(), out->data(), out->size(), &got);
    if (st == ZIPNN_OK && got != size) st = ZIPNN_ERROR_INTERNAL;
  }
  zipnn_dctx_free(d);
  return st;
}

inline Bytes ReadFile(const std::filesystem::path &p) {
  std::ifstream f(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

inline std::filesystem::path DataDir() { return ZIPNN_TEST_DATA_DIR; }
inline std::filesystem::path GoldenDir() { return ZIPNN_TEST_GOLDEN_DIR; }

inline uint16_t ToBf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  u += 0x7fff + ((u >> 16) & 1);  // round to nearest even
  return static_cast<uint16_t>(u >> 16);
}

// n bytes of little-endian values of `dtype`, normal with std 0.02 for floats.
Bytes Synthetic(zipnn_dtype dtype, size_t n, uint64_t seed = 1);

inline Bytes Random(size_t n, uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  Bytes b(n);
  for (auto &x : b) x = static_cast<uint8_t>(rng());
  return b;
}

}  // namespace zt
