// The C ABI's contract: versions, names, parameters, misuse returns errors.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "test_util.h"

TEST_CASE("version macros agree with the runtime library") {
  CHECK(zipnn_version_number() == ZIPNN_VERSION_NUMBER);
  CHECK(std::string(zipnn_version_string()) == ZIPNN_VERSION_STRING);
  const std::string expect = std::to_string(ZIPNN_VERSION_MAJOR) + "." +
                             std::to_string(ZIPNN_VERSION_MINOR) + "." +
                             std::to_string(ZIPNN_VERSION_PATCH);
  CHECK(expect == ZIPNN_VERSION_STRING);
  CHECK(ZIPNN_FORMAT_VERSION == 1);
}

TEST_CASE("status names are pinned and never NULL") {
  CHECK(std::string(zipnn_status_name(ZIPNN_OK)) == "ZIPNN_OK");
  CHECK(std::string(zipnn_status_name(ZIPNN_ERROR_TRUNCATED)) == "ZIPNN_ERROR_TRUNCATED");
  CHECK(std::string(zipnn_status_name(ZIPNN_ERROR_CHECKSUM_MISMATCH)) == "ZIPNN_ERROR_CHECKSUM_MISMATCH");
  CHECK(std::string(zipnn_status_name(12345)) == "ZIPNN_ERROR_UNKNOWN_STATUS");
  CHECK(std::string(zipnn_status_name(-1)) == "ZIPNN_ERROR_UNKNOWN_STATUS");
  for (int s = -5; s < 100; ++s) {
    CHECK(zipnn_status_name(s) != nullptr);
    CHECK(zipnn_status_message(s) != nullptr);
  }
  // Pinned values: changing one breaks every binding and stored log.
  CHECK(ZIPNN_ERROR_NULL_POINTER == 1);
  CHECK(ZIPNN_ERROR_DST_TOO_SMALL == 3);
  CHECK(ZIPNN_ERROR_NOT_ZIPNN == 20);
  CHECK(ZIPNN_ERROR_CHECKSUM_MISMATCH == 27);
  CHECK(ZIPNN_ERROR_OUT_OF_MEMORY == 40);
}

TEST_CASE("dtype names and sizes") {
  struct Case {
    const char *name;
    zipnn_dtype dtype;
  } cases[] = {{"bf16", ZIPNN_DTYPE_BF16},     {"BF16", ZIPNN_DTYPE_BF16},
               {"bfloat16", ZIPNN_DTYPE_BF16}, {"F16", ZIPNN_DTYPE_FP16},
               {"half", ZIPNN_DTYPE_FP16},     {"F32", ZIPNN_DTYPE_FP32},
               {"float32", ZIPNN_DTYPE_FP32},  {"F8_E4M3", ZIPNN_DTYPE_FP8_E4M3FN},
               {"fp8_e5m2", ZIPNN_DTYPE_FP8_E5M2}, {"U8", ZIPNN_DTYPE_UINT8},
               {"I32", ZIPNN_DTYPE_INT32},     {"BOOL", ZIPNN_DTYPE_BOOL},
               {"bytes", ZIPNN_DTYPE_BYTES},   {"F64", ZIPNN_DTYPE_FP64}};
  for (const auto &c : cases) {
    zipnn_dtype d = -1;
    REQUIRE(zipnn_dtype_from_name(c.name, &d) == ZIPNN_OK);
    CHECK(d == c.dtype);
  }
  zipnn_dtype d = 99;
  CHECK(zipnn_dtype_from_name("int4", &d) == ZIPNN_ERROR_UNKNOWN_DTYPE);
  CHECK(d == 99);  // out-parameter untouched on error
  CHECK(zipnn_dtype_from_name(nullptr, &d) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_dtype_size(ZIPNN_DTYPE_BF16) == 2);
  CHECK(zipnn_dtype_size(ZIPNN_DTYPE_FP32) == 4);
  CHECK(zipnn_dtype_size(ZIPNN_DTYPE_FP8_E4M3FN) == 1);
  CHECK(zipnn_dtype_size(ZIPNN_DTYPE_INT64) == 8);
  CHECK(zipnn_dtype_size(ZIPNN_DTYPE_COUNT) == 0);
  CHECK(std::string(zipnn_dtype_name(ZIPNN_DTYPE_FP8_E4M3FN)) == "fp8_e4m3fn");
  CHECK(std::string(zipnn_dtype_name(-3)) == "unknown");
  // Every name round-trips through the parser.
  for (zipnn_dtype t = 0; t < ZIPNN_DTYPE_COUNT; ++t) {
    zipnn_dtype back = -1;
    CHECK(zipnn_dtype_from_name(zipnn_dtype_name(t), &back) == ZIPNN_OK);
    CHECK(back == t);
  }
}

TEST_CASE("parameters: bounds query, range checks, unknown ids") {
  int64_t lo = 0, hi = 0;
  REQUIRE(zipnn_param_bounds(ZIPNN_PARAM_CHUNK_SIZE, &lo, &hi) == ZIPNN_OK);
  CHECK(lo == 4096);
  CHECK(hi == 64 << 20);
  CHECK(zipnn_param_bounds(999, &lo, &hi) == ZIPNN_ERROR_UNKNOWN_PARAM);
  CHECK(zipnn_param_bounds(ZIPNN_PARAM_THREADS, nullptr, &hi) == ZIPNN_ERROR_NULL_POINTER);

  zipnn_cctx *c = nullptr;
  REQUIRE(zipnn_cctx_new(&c) == ZIPNN_OK);
  int64_t v = 0;
  CHECK(zipnn_cctx_get_param(c, ZIPNN_PARAM_CHUNK_SIZE, &v) == ZIPNN_OK);
  CHECK(v == 1 << 20);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, 1000) == ZIPNN_ERROR_PARAM_OUT_OF_RANGE);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, 4096 + 1) == ZIPNN_ERROR_PARAM_OUT_OF_RANGE);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, 8192) == ZIPNN_OK);
  CHECK(zipnn_cctx_get_param(c, ZIPNN_PARAM_CHUNK_SIZE, &v) == ZIPNN_OK);
  CHECK(v == 8192);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, 77) == ZIPNN_ERROR_UNKNOWN_DTYPE);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, -1) == ZIPNN_ERROR_PARAM_OUT_OF_RANGE);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_MAX_DECODED_SIZE, 5) == ZIPNN_ERROR_UNKNOWN_PARAM);
  CHECK(zipnn_cctx_set_param(c, 12345, 5) == ZIPNN_ERROR_UNKNOWN_PARAM);
  zipnn_cctx_free(c);

  zipnn_dctx *d = nullptr;
  REQUIRE(zipnn_dctx_new(&d) == ZIPNN_OK);
  CHECK(zipnn_dctx_set_param(d, ZIPNN_PARAM_CHUNK_SIZE, 8192) == ZIPNN_ERROR_UNKNOWN_PARAM);
  CHECK(zipnn_dctx_set_param(d, ZIPNN_PARAM_VERIFY_CHECKSUMS, 2) == ZIPNN_ERROR_PARAM_OUT_OF_RANGE);
  CHECK(zipnn_dctx_get_param(d, ZIPNN_PARAM_VERIFY_CHECKSUMS, &v) == ZIPNN_OK);
  CHECK(v == 1);
  zipnn_dctx_free(d);
}

TEST_CASE("NULL arguments and misuse return errors, out-params untouched") {
  CHECK(zipnn_cctx_new(nullptr) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_dctx_new(nullptr) == ZIPNN_ERROR_NULL_POINTER);
  zipnn_cctx_free(nullptr);  // accepted
  zipnn_dctx_free(nullptr);
  zipnn_cctx *c = nullptr;
  zipnn_dctx *d = nullptr;
  zipnn_cctx_new(&c);
  zipnn_dctx_new(&d);
  uint8_t buf[256];
  size_t out = 777;
  CHECK(zipnn_compress(nullptr, buf, 1, buf, sizeof(buf), &out) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_compress(c, nullptr, 1, buf, sizeof(buf), &out) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_compress(c, buf, 1, nullptr, 10, &out) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_compress(c, buf, 1, buf, sizeof(buf), nullptr) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_decompress(d, nullptr, 5, buf, sizeof(buf), &out) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_decompress(nullptr, buf, 5, buf, sizeof(buf), &out) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(out == 777);
  zipnn_frame_info info;
  CHECK(zipnn_frame_info_get(buf, sizeof(buf), nullptr) == ZIPNN_ERROR_NULL_POINTER);
  CHECK(zipnn_frame_info_get(nullptr, 3, &info) == ZIPNN_ERROR_NULL_POINTER);
  zipnn_in_buffer in{buf, 4, 5};  // pos > size
  zipnn_out_buffer ob{buf, sizeof(buf), 0};
  size_t pending = 0;
  CHECK(zipnn_compress_stream(c, &in, &ob, ZIPNN_STREAM_END, &pending) == ZIPNN_ERROR_INVALID_ARGUMENT);
  in.pos = 0;
  CHECK(zipnn_compress_stream(c, &in, &ob, 7, &pending) == ZIPNN_ERROR_INVALID_ARGUMENT);
  int32_t done = 0;
  CHECK(zipnn_decompress_stream(d, nullptr, &ob, &done) == ZIPNN_ERROR_NULL_POINTER);
  zipnn_cctx_free(c);
  zipnn_dctx_free(d);
}

TEST_CASE("empty input compresses to a valid frame") {
  const zt::Bytes empty;
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  uint8_t dst[256];
  size_t size = 0;
  REQUIRE(zipnn_compress(c, nullptr, 0, dst, sizeof(dst), &size) == ZIPNN_OK);
  zipnn_cctx_free(c);
  CHECK(size == 32 + 24 + 24);  // frame header + index header + footer
  zipnn_frame_info info;
  REQUIRE(zipnn_frame_info_get(dst, size, &info) == ZIPNN_OK);
  CHECK(info.content_size == 0);
  CHECK(info.chunk_count == 0);
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  size_t got = 5;
  CHECK(zipnn_decompress(d, dst, size, nullptr, 0, &got) == ZIPNN_OK);
  CHECK(got == 0);
  zipnn_dctx_free(d);
}

TEST_CASE("too-small destination is an error, never an overflow") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, 20000);
  const zt::Bytes frame = zt::Compress(src, ZIPNN_DTYPE_BF16);
  REQUIRE(!frame.empty());
  zipnn_cctx *c = nullptr;
  zipnn_dctx *d = nullptr;
  zipnn_cctx_new(&c);
  zipnn_dctx_new(&d);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, ZIPNN_DTYPE_BF16);
  // A guard region after the capacity must stay untouched.
  for (size_t cap : {size_t{0}, size_t{10}, size_t{31}, size_t{100}, frame.size() - 25, frame.size() - 1}) {
    zt::Bytes dst(cap + 64, 0xA5);
    size_t size = 0;
    CHECK(zipnn_compress(c, src.data(), src.size(), dst.data(), cap, &size) == ZIPNN_ERROR_DST_TOO_SMALL);
    for (size_t i = cap; i < dst.size(); ++i) REQUIRE(dst[i] == 0xA5);
  }
  for (size_t cap : {size_t{0}, size_t{1}, src.size() - 1}) {
    zt::Bytes dst(cap + 64, 0xA5);
    size_t size = 0;
    CHECK(zipnn_decompress(d, frame.data(), frame.size(), dst.data(), cap, &size) == ZIPNN_ERROR_DST_TOO_SMALL);
    for (size_t i = cap; i < dst.size(); ++i) REQUIRE(dst[i] == 0xA5);
  }
  zipnn_cctx_free(c);
  zipnn_dctx_free(d);
}

TEST_CASE("maximum decoded size is enforced before decoding") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_FP32, 100000);
  const zt::Bytes frame = zt::Compress(src, ZIPNN_DTYPE_FP32);
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  REQUIRE(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, 99999) == ZIPNN_OK);
  zt::Bytes out(src.size());
  size_t size = 0;
  CHECK(zipnn_decompress(d, frame.data(), frame.size(), out.data(), out.size(), &size) == ZIPNN_ERROR_SIZE_LIMIT);
  zipnn_in_buffer in{frame.data(), frame.size(), 0};
  zipnn_out_buffer ob{out.data(), out.size(), 0};
  int32_t done = 0;
  CHECK(zipnn_decompress_stream(d, &in, &ob, &done) == ZIPNN_ERROR_SIZE_LIMIT);
  zipnn_dctx_reset(d);
  REQUIRE(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, 100000) == ZIPNN_OK);
  CHECK(zipnn_decompress(d, frame.data(), frame.size(), out.data(), out.size(), &size) == ZIPNN_OK);
  CHECK(out == src);
  zipnn_dctx_free(d);
}

TEST_CASE("frame info reads header and index: sizes, dtype, method mix") {
  zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, 3 << 20);
  zt::Options o;
  o.dtype = ZIPNN_DTYPE_BF16;
  const zt::Bytes frame = zt::Compress(src, o);
  zipnn_frame_info info;
  REQUIRE(zipnn_frame_info_get(frame.data(), frame.size(), &info) == ZIPNN_OK);
  CHECK(info.content_size == src.size());
  CHECK(info.frame_size == frame.size());
  CHECK(info.chunk_count == 3);
  CHECK(info.chunk_size == 1 << 20);
  CHECK(info.dtype == ZIPNN_DTYPE_BF16);
  CHECK(info.element_size == 2);
  CHECK(info.format_version == 1);
  CHECK(info.method_streams[ZIPNN_METHOD_HUFFMAN] == 3);  // exponent planes
  CHECK(info.method_streams[ZIPNN_METHOD_RAW] == 3);      // mantissa planes
  CHECK(info.dtype_bytes[ZIPNN_DTYPE_BF16] == src.size());
  uint64_t total = 0;
  for (uint64_t b : info.method_bytes) total += b;
  CHECK(total < frame.size());
  uint64_t content = 0;
  CHECK(zipnn_frame_content_size(frame.data(), 32, &content) == ZIPNN_OK);
  CHECK(content == src.size());
  CHECK(zipnn_frame_content_size(frame.data(), 31, &content) == ZIPNN_ERROR_TRUNCATED);
}
