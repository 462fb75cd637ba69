// safetensors awareness: per-tensor chunks, the tensor index, per-tensor and
// row decoding, and exact bytes back for valid and invalid headers.
#include <doctest/doctest.h>

#include <string>

#include "tensor/safetensors.h"
#include "test_util.h"
#include "util/endian.h"

namespace {

const char *kFiles[] = {"tiny-rwkv-7v0-834K.bf16.safetensors", "stories260K.f32.safetensors",
                        "tiny-rwkv-4v0-660K-FP16.safetensors", "tiny_face_detector_model.safetensors"};

// A safetensors file from a JSON header and data.
zt::Bytes MakeSafetensors(const std::string &json, const zt::Bytes &data) {
  zt::Bytes f(8);
  zipnn::StoreLE64(f.data(), json.size());
  f.insert(f.end(), json.begin(), json.end());
  f.insert(f.end(), data.begin(), data.end());
  return f;
}

}  // namespace

TEST_CASE("tensors: real safetensors files are indexed and decode tensor by tensor") {
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  for (const char *name : kFiles) {
    CAPTURE(name);
    const zt::Bytes src = zt::ReadFile(zt::DataDir() / name);
    zipnn::tensor::SafetensorsLayout layout;
    REQUIRE(zipnn::tensor::ParseSafetensorsHeader(src.data(), src.size(), &layout));
    zt::Options o;
    o.threads = 2;
    const zt::Bytes frame = zt::Compress(src, o);
    zt::Bytes out;
    REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
    CHECK(out == src);  // header, metadata and padding included
    uint64_t count = 0;
    REQUIRE(zipnn_tensor_count(frame.data(), frame.size(), &count) == ZIPNN_OK);
    CHECK(count == layout.tensors.size());
    zipnn_frame_info fi;
    REQUIRE(zipnn_frame_info_get(frame.data(), frame.size(), &fi) == ZIPNN_OK);
    CHECK(fi.tensor_count == count);
    for (uint64_t i = 0; i < count; ++i) {
      zipnn_tensor_info ti;
      REQUIRE(zipnn_tensor_info_get(frame.data(), frame.size(), i, &ti) == ZIPNN_OK);
      const auto &spec = layout.tensors[i];
      CHECK(std::string(ti.name, ti.name_size) == spec.name);
      CHECK(std::string(ti.dtype_name, ti.dtype_name_size) == spec.dtype_name);
      CHECK(ti.offset == spec.begin);
      CHECK(ti.size == spec.end - spec.begin);
      REQUIRE(ti.ndim == spec.shape.size());
      uint64_t found = 99999;
      REQUIRE(zipnn_tensor_find(frame.data(), frame.size(), ti.name, ti.name_size, &found) == ZIPNN_OK);
      CHECK(found == i);
      zt::Bytes t(ti.size + 1);
      size_t got = 0;
      REQUIRE(zipnn_decompress_tensor(d, frame.data(), frame.size(), i, 0, UINT64_MAX, t.data(), t.size(), &got) ==
              ZIPNN_OK);
      REQUIRE(got == ti.size);
      CHECK(std::equal(t.begin(), t.begin() + static_cast<long>(got), src.begin() + static_cast<long>(ti.offset)));
      if (ti.ndim >= 1 && ti.shape[0] >= 3) {
        const uint64_t row = ti.size / ti.shape[0];
        REQUIRE(zipnn_decompress_tensor(d, frame.data(), frame.size(), i, 1, 2, t.data(), t.size(), &got) ==
                ZIPNN_OK);
        CHECK(got == 2 * row);
        CHECK(std::equal(t.begin(), t.begin() + static_cast<long>(got),
                         src.begin() + static_cast<long>(ti.offset + row)));
        CHECK(zipnn_decompress_tensor(d, frame.data(), frame.size(), i, ti.shape[0], 1, t.data(), t.size(), &got) ==
              ZIPNN_ERROR_RANGE);
      }
    }
    zipnn_tensor_info ti;
    CHECK(zipnn_tensor_info_get(frame.data(), frame.size(), count, &ti) == ZIPNN_ERROR_NOT_FOUND);
    uint64_t idx = 0;
    CHECK(zipnn_tensor_find(frame.data(), frame.size(), "no such tensor", 14, &idx) == ZIPNN_ERROR_NOT_FOUND);
  }
  zipnn_dctx_free(d);
}

TEST_CASE("tensors: per-tensor chunks beat fixed chunks on real files") {
  for (const char *name : kFiles) {
    CAPTURE(name);
    const zt::Bytes src = zt::ReadFile(zt::DataDir() / name);
    zt::Options aware, plain;
    plain.tensor_aware = 0;
    zipnn::tensor::SafetensorsLayout layout;
    REQUIRE(zipnn::tensor::ParseSafetensorsHeader(src.data(), src.size(), &layout));
    plain.dtype = layout.tensors.front().dtype;  // best single dtype guess for fixed chunks
    // Fixed chunks of opaque data (the uint8 file: one chunk) come out larger
    // than zstd -3 of the whole file, so the compressor codes them again at
    // zstd level 19 (engine.h, kThoroughZstdLevel); compare at that level.
    if (zipnn_dtype_size(plain.dtype) == 1) aware.zstd_level = plain.zstd_level = 19;
    const size_t a = zt::Compress(src, aware).size(), p = zt::Compress(src, plain).size();
    MESSAGE(std::string(name) << ": per-tensor " << a << " bytes (" << double(a) / double(src.size())
                              << "), fixed chunks as " << std::string(zipnn_dtype_name(plain.dtype)) << " " << p << " (" << double(p) / double(src.size()) << ")");
    CHECK(a < p);
  }
}

TEST_CASE("tensors: streaming gives the same frame as one-shot") {
  const zt::Bytes src = zt::ReadFile(zt::DataDir() / kFiles[0]);
  zt::Options o;
  o.chunk_size = 65536;
  const zt::Bytes one_shot = zt::Compress(src, o);
  for (size_t step : {size_t{4096}, size_t{100000}, src.size()}) {
    CAPTURE(step);
    zipnn_cctx *c = nullptr;
    zipnn_cctx_new(&c);
    zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, 65536);
    zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, static_cast<int64_t>(src.size()));
    zipnn_status st = ZIPNN_OK;
    const zt::Bytes frame = zt::CompressStreamInSteps(c, src, step, &st);
    REQUIRE(st == ZIPNN_OK);
    CHECK(frame == one_shot);
    zipnn_cctx_free(c);
  }
}

TEST_CASE("tensors: malformed safetensors headers are compressed as plain bytes, exactly") {
  const zt::Bytes data = zt::Synthetic(ZIPNN_DTYPE_BF16, 4096);
  const std::string good = R"({"a":{"dtype":"BF16","shape":[2,1024],"data_offsets":[0,4096]}})";
  const std::string cases[] = {
      good,
      R"({"a":{"dtype":"BF16","shape":[2,1024],"data_offsets":[0,4094]}})",   // size mismatch
      R"({"a":{"dtype":"BF16","shape":[1024],"data_offsets":[0,2048]},"b":{"dtype":"BF16","shape":[1024],"data_offsets":[2000,4048]}})",  // overlap
      R"({"a":{"dtype":"BF16","shape":[2,1024],"data_offsets":[0,4096]},"a":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}})",  // duplicate
      R"({"a":{"dtype":"BF16","shape":[2,1024],"data_offsets":[0,4096]})",     // unterminated
      R"({"a":{"dtype":"BF16","shape":[-2],"data_offsets":[0,4]}})",          // negative
      R"({"a":{"dtype":"XX9","shape":[7],"data_offsets":[0,4096]},"__metadata__":{"k":"v\u00e9"}})",  // unknown dtype: opaque
      R"({"a":{"dtype":"BF16","shape":[2,1024],"data_offsets":[0,99999]}})",  // beyond the file
      R"({"a":{"dtype":"BF16","shape":[99999999999,99999999999],"data_offsets":[0,4096]}})",  // overflow
  };
  const bool indexed[] = {true, false, false, false, false, false, true, false, false};
  for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); ++k) {
    CAPTURE(cases[k]);
    const zt::Bytes src = MakeSafetensors(cases[k] + "  ", data);
    const zt::Bytes frame = zt::Compress(src, zt::Options{});
    zt::Bytes out;
    REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
    CHECK(out == src);
    uint64_t count = 0;
    REQUIRE(zipnn_tensor_count(frame.data(), frame.size(), &count) == ZIPNN_OK);
    CHECK((count > 0) == indexed[k]);
  }
}

TEST_CASE("tensors: tensor awareness can be turned off") {
  const zt::Bytes src = zt::ReadFile(zt::DataDir() / kFiles[1]);
  zt::Options o;
  o.tensor_aware = 0;
  const zt::Bytes frame = zt::Compress(src, o);
  uint64_t count = 1;
  REQUIRE(zipnn_tensor_count(frame.data(), frame.size(), &count) == ZIPNN_OK);
  CHECK(count == 0);
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  uint8_t buf[16];
  size_t got = 0;
  CHECK(zipnn_decompress_tensor(d, frame.data(), frame.size(), 0, 0, 1, buf, sizeof(buf), &got) ==
        ZIPNN_ERROR_NOT_FOUND);
  zipnn_dctx_free(d);
}
