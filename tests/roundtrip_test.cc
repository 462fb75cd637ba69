// Exact bytes back: every dtype, every length class, special values, real
// weights, thread counts; inputs are never modified.
#include <doctest/doctest.h>

#include <zstd.h>

#include <cstring>
#include <filesystem>
#include <limits>

#include "test_util.h"

namespace {

void ExpectRoundTrip(const zt::Bytes &src, const zt::Options &o) {
  const zt::Bytes before = src;
  zipnn_status st = ZIPNN_OK;
  const zt::Bytes frame = zt::Compress(src, o, &st);
  REQUIRE(st == ZIPNN_OK);
  CHECK(src == before);  // input untouched
  CHECK(frame.size() <= zipnn_compress_bound(src.size()));
  zt::Bytes out;
  REQUIRE(zt::Decompress(frame, &out, o.threads) == ZIPNN_OK);
  REQUIRE(out.size() == src.size());
  CHECK(out == src);
}

}  // namespace

TEST_CASE("every dtype and length class round-trips") {
  const size_t chunk = 4096;
  const size_t lengths[] = {0, 1, 2, 3, 7, chunk - 1, chunk, chunk + 1, 3 * chunk + 5, 200003};
  for (zipnn_dtype dtype = 0; dtype < ZIPNN_DTYPE_COUNT; ++dtype) {
    for (size_t n : lengths) {
      CAPTURE(dtype);
      CAPTURE(n);
      zt::Options o;
      o.dtype = dtype;
      o.chunk_size = static_cast<int>(chunk);
      ExpectRoundTrip(zt::Synthetic(dtype, n, n + 1), o);
    }
  }
}

TEST_CASE("large input with the default chunk size") {
  for (zipnn_dtype dtype : {ZIPNN_DTYPE_BF16, ZIPNN_DTYPE_FP32, ZIPNN_DTYPE_FP16}) {
    zt::Options o;
    o.dtype = dtype;
    o.threads = 2;
    ExpectRoundTrip(zt::Synthetic(dtype, (5 << 20) + 3), o);
  }
}

TEST_CASE("zeros, constants and random bytes") {
  for (zipnn_dtype dtype : {ZIPNN_DTYPE_BYTES, ZIPNN_DTYPE_BF16, ZIPNN_DTYPE_FP32}) {
    CAPTURE(dtype);
    zt::Options o;
    o.dtype = dtype;
    o.chunk_size = 8192;
    ExpectRoundTrip(zt::Bytes(100000, 0), o);
    ExpectRoundTrip(zt::Bytes(100001, 0x3c), o);
    ExpectRoundTrip(zt::Random(100002), o);
    // Constant input stores each plane as one byte: a 1 MiB chunk costs
    // little more than its header and index entry.
    zt::Options one_chunk = o;
    one_chunk.chunk_size = 1 << 20;
    const zt::Bytes frame = zt::Compress(zt::Bytes(1 << 20, 0), one_chunk);
    CHECK(frame.size() < 250);
    // Random input costs at most the frame overhead.
    const zt::Bytes rnd = zt::Random(1 << 20);
    CHECK(zt::Compress(rnd, o).size() <= rnd.size() + 128 * 90);
  }
}

TEST_CASE("NaN, Inf, denormals and signed zeros survive") {
  for (zipnn_dtype dtype : {ZIPNN_DTYPE_BF16, ZIPNN_DTYPE_FP16, ZIPNN_DTYPE_FP32,
                            ZIPNN_DTYPE_FP8_E4M3FN, ZIPNN_DTYPE_FP8_E5M2}) {
    CAPTURE(dtype);
    zt::Bytes src = zt::Synthetic(dtype, 40000);
    const uint8_t specials[] = {0x00, 0x80, 0x7f, 0xff, 0x7c, 0xfc, 0x7e, 0x01, 0x81};
    for (size_t i = 0; i < src.size(); i += 37) src[i] = specials[i % sizeof(specials)];
    if (dtype == ZIPNN_DTYPE_FP32) {
      const float vals[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::denorm_min(),
                            -0.0f};
      for (size_t i = 0; i + 4 <= src.size(); i += 4 * 11) std::memcpy(&src[i], &vals[(i / 44) % 5], 4);
    }
    zt::Options o;
    o.dtype = dtype;
    o.chunk_size = 4096;
    ExpectRoundTrip(src, o);
  }
}

TEST_CASE("output is identical for every thread count") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, (3 << 20) + 12345);
  zt::Options o;
  o.dtype = ZIPNN_DTYPE_BF16;
  o.chunk_size = 65536;
  o.threads = 1;
  const zt::Bytes one = zt::Compress(src, o);
  for (int t : {2, 3, 4, 8, 0}) {
    o.threads = t;
    CHECK(zt::Compress(src, o) == one);
    zt::Bytes out;
    REQUIRE(zt::Decompress(one, &out, t) == ZIPNN_OK);
    CHECK(out == src);
  }
  // Compressing the same buffer twice gives the same frame (no hidden state).
  o.threads = 2;
  CHECK(zt::Compress(src, o) == one);
}

TEST_CASE("synthetic BF16 ratio is at most 0.665") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, 64 << 20);
  zt::Options o;
  o.dtype = ZIPNN_DTYPE_BF16;
  o.threads = 2;
  const zt::Bytes frame = zt::Compress(src, o);
  const double ratio = static_cast<double>(frame.size()) / static_cast<double>(src.size());
  MESSAGE("bf16 normal(0, 0.02) 64 MiB ratio: " << ratio);
  CHECK(ratio <= 0.665);
  zt::Bytes out;
  REQUIRE(zt::Decompress(frame, &out, 2) == ZIPNN_OK);
  CHECK(out == src);
}

TEST_CASE("FP32 holding upcast BF16 stores the zero low half as constants") {
  const zt::Bytes bf = zt::Synthetic(ZIPNN_DTYPE_BF16, 8 << 20);
  zt::Bytes src(bf.size() * 2, 0);
  for (size_t i = 0; i < bf.size() / 2; ++i) std::memcpy(&src[4 * i + 2], &bf[2 * i], 2);
  zt::Options o;
  o.dtype = ZIPNN_DTYPE_FP32;
  const zt::Bytes frame = zt::Compress(src, o);
  const double ratio = static_cast<double>(frame.size()) / static_cast<double>(src.size());
  MESSAGE("fp32-upcast-bf16 ratio: " << ratio);
  CHECK(ratio <= 0.34);
  zt::Bytes out;
  REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
  CHECK(out == src);
}

TEST_CASE("real weights round-trip as bytes and as their dtype") {
  struct File {
    const char *name;
    zipnn_dtype dtype;
  } files[] = {
      {"tiny-rwkv-7v0-834K.bf16.safetensors", ZIPNN_DTYPE_BF16},
      {"stories260K.f32.safetensors", ZIPNN_DTYPE_FP32},
      {"tiny-rwkv-4v0-660K-FP16.safetensors", ZIPNN_DTYPE_FP16},
      {"tiny_face_detector_model.safetensors", ZIPNN_DTYPE_UINT8},
      {"tiny-rwkv-5v1-730K-Q5_0.bin", ZIPNN_DTYPE_BYTES},
  };
  for (const File &f : files) {
    CAPTURE(f.name);
    const zt::Bytes src = zt::ReadFile(zt::DataDir() / f.name);
    REQUIRE(src.size() > 100000);
    for (zipnn_dtype dtype : {ZIPNN_DTYPE_BYTES, f.dtype}) {
      zt::Options o;
      o.dtype = dtype;
      o.threads = 2;
      o.chunk_size = 256 * 1024;
      ExpectRoundTrip(src, o);
    }
  }
}

TEST_CASE("float weights compress better than zstd level 3") {
  struct File {
    const char *name;
    zipnn_dtype dtype;
  } files[] = {
      {"tiny-rwkv-7v0-834K.bf16.safetensors", ZIPNN_DTYPE_BF16},
      {"stories260K.f32.safetensors", ZIPNN_DTYPE_FP32},
  };
  for (const File &f : files) {
    CAPTURE(f.name);
    const zt::Bytes src = zt::ReadFile(zt::DataDir() / f.name);
    const zt::Bytes frame = zt::Compress(src, f.dtype);
    zt::Bytes z(ZSTD_compressBound(src.size()));
    const size_t zs = ZSTD_compress(z.data(), z.size(), src.data(), src.size(), 3);
    REQUIRE(!ZSTD_isError(zs));
    MESSAGE(f.name << ": zipnn " << frame.size() << " bytes, zstd -3 " << zs << " bytes");
    CHECK(frame.size() < zs);
  }
}
