// Streaming compression and decompression with odd buffer sizes.
#include <doctest/doctest.h>

#include <algorithm>

#include "test_util.h"

namespace {

// Compresses through the streaming API feeding `in_step` bytes and draining
// into `out_step`-byte windows.
zt::Bytes StreamCompress(const zt::Bytes &src, zipnn_dtype dtype, size_t in_step, size_t out_step,
                         bool pledge, int chunk_size = 8192, int threads = 1) {
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, dtype);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_CHUNK_SIZE, chunk_size);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, threads);
  if (pledge) zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, static_cast<int64_t>(src.size()));
  zt::Bytes frame;
  size_t fed = 0;
  for (int guard = 0; guard < 10000000; ++guard) {
    const size_t n = std::min(in_step, src.size() - fed);
    const bool last = fed + n == src.size();
    zipnn_in_buffer in{src.data() + fed, n, 0};
    zt::Bytes window(out_step);
    zipnn_out_buffer out{window.data(), window.size(), 0};
    size_t pending = 0;
    const zipnn_status st =
        zipnn_compress_stream(c, &in, &out, last ? ZIPNN_STREAM_END : ZIPNN_STREAM_CONTINUE, &pending);
    REQUIRE(st == ZIPNN_OK);
    frame.insert(frame.end(), window.begin(), window.begin() + static_cast<long>(out.pos));
    fed += in.pos;
    if (last && in.pos == n && pending == 0) break;
  }
  zipnn_cctx_free(c);
  return frame;
}

zipnn_status StreamDecompress(const zt::Bytes &frame, size_t in_step, size_t out_step, zt::Bytes *out_bytes) {
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  size_t fed = 0;
  zipnn_status st = ZIPNN_OK;
  int32_t done = 0;
  out_bytes->clear();
  while (!done) {
    const size_t n = std::min(in_step, frame.size() - fed);
    zipnn_in_buffer in{frame.data() + fed, n, 0};
    zt::Bytes window(out_step);
    zipnn_out_buffer out{window.data(), window.size(), 0};
    st = zipnn_decompress_stream(d, &in, &out, &done);
    out_bytes->insert(out_bytes->end(), window.begin(), window.begin() + static_cast<long>(out.pos));
    fed += in.pos;
    if (st != ZIPNN_OK) break;
    if (!done && fed == frame.size() && in.pos == 0 && out.pos == 0) {
      st = ZIPNN_ERROR_TRUNCATED;  // no progress and no more input
      break;
    }
  }
  zipnn_dctx_free(d);
  return st;
}

}  // namespace

TEST_CASE("streaming compression with a pledged size equals one-shot") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, 100003);
  zt::Options o;
  o.dtype = ZIPNN_DTYPE_BF16;
  o.chunk_size = 8192;
  const zt::Bytes one_shot = zt::Compress(src, o);
  for (size_t in_step : {size_t{1} << 20, size_t{1000}, size_t{8192}, size_t{65537}}) {
    for (size_t out_step : {size_t{1} << 20, size_t{7}, size_t{4096}}) {
      CAPTURE(in_step);
      CAPTURE(out_step);
      CHECK(StreamCompress(src, ZIPNN_DTYPE_BF16, in_step, out_step, true) == one_shot);
    }
  }
  // Given all input with END at once, the size is known without a pledge.
  CHECK(StreamCompress(src, ZIPNN_DTYPE_BF16, src.size(), 1 << 20, false) == one_shot);
  // With two threads too.
  CHECK(StreamCompress(src, ZIPNN_DTYPE_BF16, 5000, 3000, true, 8192, 2) == one_shot);
}

TEST_CASE("streaming round trips with odd buffer sizes and unknown size") {
  for (zipnn_dtype dtype : {ZIPNN_DTYPE_FP32, ZIPNN_DTYPE_BYTES, ZIPNN_DTYPE_FP16}) {
    const zt::Bytes src = zt::Synthetic(dtype, 77777);
    const zt::Bytes frame = StreamCompress(src, dtype, 999, 333, false);
    uint64_t declared = 0;
    REQUIRE(zipnn_frame_content_size(frame.data(), frame.size(), &declared) == ZIPNN_OK);
    CHECK(declared == ZIPNN_CONTENT_SIZE_UNKNOWN);
    zt::Bytes out;
    REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);  // one-shot reads the size from the footer
    CHECK(out == src);
    for (size_t in_step : {size_t{17}, size_t{4096}, frame.size()}) {
      for (size_t out_step : {size_t{1}, size_t{1000}, size_t{1} << 20}) {
        CAPTURE(in_step);
        CAPTURE(out_step);
        zt::Bytes got;
        REQUIRE(StreamDecompress(frame, in_step, out_step, &got) == ZIPNN_OK);
        CHECK(got == src);
      }
    }
  }
}

TEST_CASE("streaming byte by byte") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, 5001);
  const zt::Bytes frame = StreamCompress(src, ZIPNN_DTYPE_BF16, 1, 1, false, 4096);
  zt::Bytes got;
  REQUIRE(StreamDecompress(frame, 1, 1, &got) == ZIPNN_OK);
  CHECK(got == src);
}

TEST_CASE("streaming decoder: two frames back to back, then a fresh frame") {
  const zt::Bytes a = zt::Synthetic(ZIPNN_DTYPE_BF16, 30000, 1);
  const zt::Bytes b = zt::Synthetic(ZIPNN_DTYPE_BF16, 20000, 2);
  zt::Bytes frames = zt::Compress(a, ZIPNN_DTYPE_BF16);
  const zt::Bytes fb = zt::Compress(b, ZIPNN_DTYPE_BF16);
  frames.insert(frames.end(), fb.begin(), fb.end());
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  zt::Bytes out(a.size() + b.size());
  zipnn_in_buffer in{frames.data(), frames.size(), 0};
  zipnn_out_buffer ob{out.data(), out.size(), 0};
  int32_t done = 0;
  REQUIRE(zipnn_decompress_stream(d, &in, &ob, &done) == ZIPNN_OK);
  CHECK(done == 1);
  CHECK(ob.pos == a.size());
  REQUIRE(zipnn_decompress_stream(d, &in, &ob, &done) == ZIPNN_OK);
  CHECK(done == 1);
  CHECK(in.pos == frames.size());
  CHECK(std::equal(a.begin(), a.end(), out.begin()));
  CHECK(std::equal(b.begin(), b.end(), out.begin() + static_cast<long>(a.size())));
  zipnn_dctx_free(d);
}

TEST_CASE("streaming: more input than pledged is an error") {
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, 10);
  uint8_t src[20] = {};
  uint8_t dst[4096];
  zipnn_in_buffer in{src, sizeof(src), 0};
  zipnn_out_buffer out{dst, sizeof(dst), 0};
  size_t pending = 0;
  CHECK(zipnn_compress_stream(c, &in, &out, ZIPNN_STREAM_END, &pending) == ZIPNN_ERROR_SIZE_LIMIT);
  // Parameters cannot change in the middle of a stream.
  zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, -1);
  in = {src, 5, 0};
  REQUIRE(zipnn_compress_stream(c, &in, &out, ZIPNN_STREAM_CONTINUE, &pending) == ZIPNN_OK);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, ZIPNN_DTYPE_BF16) == ZIPNN_ERROR_STAGE_WRONG);
  CHECK(zipnn_compress(c, src, 5, dst, sizeof(dst), &pending) == ZIPNN_ERROR_STAGE_WRONG);
  REQUIRE(zipnn_cctx_reset(c) == ZIPNN_OK);
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, ZIPNN_DTYPE_BF16) == ZIPNN_OK);
  zipnn_cctx_free(c);
}

TEST_CASE("streaming decoder reports truncation as no progress, corruption as an error") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_FP32, 50000);
  const zt::Bytes frame = zt::Compress(src, ZIPNN_DTYPE_FP32);
  for (size_t cut : {size_t{0}, size_t{10}, size_t{32}, frame.size() / 2, frame.size() - 1}) {
    CAPTURE(cut);
    const zt::Bytes truncated(frame.begin(), frame.begin() + static_cast<long>(cut));
    zt::Bytes got;
    CHECK(StreamDecompress(truncated, 4096, 4096, &got) != ZIPNN_OK);
  }
  zt::Bytes bad = frame;
  bad[frame.size() / 2] ^= 0x10;
  zt::Bytes got;
  CHECK(StreamDecompress(bad, 4096, 1 << 20, &got) != ZIPNN_OK);
}

TEST_CASE("regression: delta record arriving over many calls (fuzz: delta_record_gather_overflow)") {
  // Several delta mappings (tensors matched by name but reordered) make the
  // record longer than the first gathered piece; feed it one byte at a time.
  const std::string j1 = R"({"a":{"dtype":"U8","shape":[5000],"data_offsets":[0,5000]},"b":{"dtype":"U8","shape":[5000],"data_offsets":[5000,10000]},"c":{"dtype":"U8","shape":[5000],"data_offsets":[10000,15000]}})";
  const std::string j2 = R"({"c":{"dtype":"U8","shape":[5000],"data_offsets":[0,5000]},"a":{"dtype":"U8","shape":[5000],"data_offsets":[5000,10000]},"b":{"dtype":"U8","shape":[5000],"data_offsets":[10000,15000]}})";
  auto file = [](const std::string &json, uint64_t seed) {
    zt::Bytes f;
    for (int i = 0; i < 8; ++i) f.push_back(static_cast<uint8_t>(json.size() >> (8 * i)));
    for (char ch : json) f.push_back(static_cast<uint8_t>(ch));
    for (uint8_t b : zt::Random(15000, seed)) f.push_back(b);
    return f;
  };
  const zt::Bytes base = file(j1, 1), tuned = file(j2, 1);
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_delta_base(c, base.data(), base.size());
  zt::Bytes frame(zipnn_compress_bound(tuned.size()));
  size_t size = 0;
  REQUIRE(zipnn_compress(c, tuned.data(), tuned.size(), frame.data(), frame.size(), &size) == ZIPNN_OK);
  zipnn_cctx_free(c);
  frame.resize(size);
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  zipnn_dctx_set_delta_base(d, base.data(), base.size());
  zt::Bytes got(tuned.size());
  zipnn_out_buffer out{got.data(), got.size(), 0};
  int32_t done = 0;
  for (size_t i = 0; i < frame.size() && !done; ++i) {
    zipnn_in_buffer in{frame.data() + i, 1, 0};
    REQUIRE(zipnn_decompress_stream(d, &in, &out, &done) == ZIPNN_OK);
    REQUIRE(in.pos == 1);
  }
  CHECK(done == 1);
  CHECK(got == tuned);
  zipnn_dctx_free(d);
}

TEST_CASE("regression: empty output buffer with a NULL pointer (fuzz: drain_memcpy_null_dst_empty_out)") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, 10000);
  const zt::Bytes frame = zt::Compress(src, ZIPNN_DTYPE_BF16);
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  zipnn_in_buffer in{frame.data(), frame.size(), 0};
  zipnn_out_buffer none{nullptr, 0, 0};
  int32_t done = 0;
  REQUIRE(zipnn_decompress_stream(d, &in, &none, &done) == ZIPNN_OK);
  CHECK(done == 0);
  CHECK(none.pos == 0);
  zt::Bytes got(src.size());
  zipnn_out_buffer out{got.data(), got.size(), 0};
  while (!done) REQUIRE(zipnn_decompress_stream(d, &in, &out, &done) == ZIPNN_OK);
  CHECK(got == src);
  zipnn_dctx_free(d);
}
