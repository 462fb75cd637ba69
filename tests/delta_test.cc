// Delta compression: a fine-tune coded as XOR against its base.
#include <doctest/doctest.h>

#include <random>

#include "test_util.h"

namespace {

// A "fine-tuned" copy of bf16 data: every value moved by a small relative
// step, as a few steps of training would (most sign and exponent bits stay).
zt::Bytes FineTuneBf16(const zt::Bytes &base, size_t begin, size_t end, uint64_t seed) {
  zt::Bytes out = base;
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> step(0.0f, 0.01f);
  for (size_t i = begin; i + 2 <= end; i += 2) {
    uint32_t u = static_cast<uint32_t>(base[i] | (base[i + 1] << 8)) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    const uint16_t v = zt::ToBf16(f * (1.0f + step(rng)));
    out[i] = static_cast<uint8_t>(v);
    out[i + 1] = static_cast<uint8_t>(v >> 8);
  }
  return out;
}

zt::Bytes CompressWithBase(const zt::Bytes &src, const zt::Bytes *base, zipnn_dtype dtype = ZIPNN_DTYPE_BYTES) {
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, dtype);
  if (base) REQUIRE(zipnn_cctx_set_delta_base(c, base->data(), base->size()) == ZIPNN_OK);
  zt::Bytes dst(zipnn_compress_bound(src.size()));
  size_t size = 0;
  REQUIRE(zipnn_compress(c, src.data(), src.size(), dst.data(), dst.size(), &size) == ZIPNN_OK);
  zipnn_cctx_free(c);
  dst.resize(size);
  return dst;
}

zipnn_status DecompressWithBase(const zt::Bytes &frame, const zt::Bytes *base, zt::Bytes *out) {
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  if (base) zipnn_dctx_set_delta_base(d, base->data(), base->size());
  zipnn_frame_info fi;
  zipnn_status st = zipnn_frame_info_get(frame.data(), frame.size(), &fi);
  if (st == ZIPNN_OK) {
    out->assign(fi.content_size, 0);
    size_t got = 0;
    st = zipnn_decompress(d, frame.data(), frame.size(), out->data(), out->size(), &got);
  }
  zipnn_dctx_free(d);
  return st;
}

}  // namespace

TEST_CASE("delta: a real safetensors fine-tune against its base, tensors matched by name") {
  const zt::Bytes base = zt::ReadFile(zt::DataDir() / "tiny-rwkv-7v0-834K.bf16.safetensors");
  const uint64_t data_begin = 8 + static_cast<uint64_t>(base[0] | (base[1] << 8) | (base[2] << 16));
  const zt::Bytes tuned = FineTuneBf16(base, data_begin, base.size(), 3);
  const zt::Bytes plain = CompressWithBase(tuned, nullptr);
  const zt::Bytes delta = CompressWithBase(tuned, &base);
  MESSAGE("fine-tune " << tuned.size() << " bytes: alone " << plain.size() << " ("
                       << double(plain.size()) / double(tuned.size()) << "), against its base " << delta.size()
                       << " (" << double(delta.size()) / double(tuned.size()) << ")");
  CHECK(delta.size() * 5 < plain.size() * 4);  // at least 20% smaller
  zipnn_frame_info fi;
  REQUIRE(zipnn_frame_info_get(delta.data(), delta.size(), &fi) == ZIPNN_OK);
  CHECK((fi.flags & ZIPNN_FRAME_FLAG_DELTA) != 0);
  CHECK(fi.tensor_count > 0);
  zt::Bytes out;
  REQUIRE(DecompressWithBase(delta, &base, &out) == ZIPNN_OK);
  CHECK(out == tuned);
  // Without the base, or with another one: a named error, never wrong bytes.
  CHECK(DecompressWithBase(delta, nullptr, &out) == ZIPNN_ERROR_DELTA_BASE);
  zt::Bytes other = base;
  other[other.size() / 2] ^= 1;
  const zipnn_status st = DecompressWithBase(delta, &other, &out);
  CHECK((st == ZIPNN_ERROR_DELTA_BASE || st == ZIPNN_ERROR_CHECKSUM_MISMATCH));
  // One tensor decodes from the frame and the base alone.
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  zipnn_dctx_set_delta_base(d, base.data(), base.size());
  zipnn_tensor_info ti;
  REQUIRE(zipnn_tensor_info_get(delta.data(), delta.size(), 5, &ti) == ZIPNN_OK);
  zt::Bytes t(ti.size);
  size_t got = 0;
  REQUIRE(zipnn_decompress_tensor(d, delta.data(), delta.size(), 5, 0, UINT64_MAX, t.data(), t.size(), &got) ==
          ZIPNN_OK);
  CHECK(std::equal(t.begin(), t.end(), tuned.begin() + static_cast<long>(ti.offset)));
  zipnn_dctx_free(d);
}

TEST_CASE("delta: plain buffers by position, lengths may differ, streaming agrees") {
  const zt::Bytes base = zt::Synthetic(ZIPNN_DTYPE_BF16, 300000, 9);
  zt::Bytes tuned = FineTuneBf16(base, 0, base.size(), 4);
  tuned.resize(350001, 7);  // longer than the base: the tail has no base bytes
  const zt::Bytes frame = CompressWithBase(tuned, &base, ZIPNN_DTYPE_BF16);
  CHECK(frame.size() < CompressWithBase(tuned, nullptr, ZIPNN_DTYPE_BF16).size());
  zt::Bytes out;
  REQUIRE(DecompressWithBase(frame, &base, &out) == ZIPNN_OK);
  CHECK(out == tuned);
  const zt::Bytes shorter(tuned.begin(), tuned.begin() + 1000);
  REQUIRE(DecompressWithBase(CompressWithBase(shorter, &base), &base, &out) == ZIPNN_OK);
  CHECK(out == shorter);

  // Streaming with a pledged size gives the same frame; the streaming decoder agrees.
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, ZIPNN_DTYPE_BF16);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, static_cast<int64_t>(tuned.size()));
  zipnn_cctx_set_delta_base(c, base.data(), base.size());
  zipnn_status st = ZIPNN_OK;
  const zt::Bytes streamed = zt::CompressStreamInSteps(c, tuned, 10000, &st);
  REQUIRE(st == ZIPNN_OK);
  zipnn_cctx_free(c);
  CHECK(streamed == frame);
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  zipnn_dctx_set_delta_base(d, base.data(), base.size());
  zt::Bytes got(tuned.size());
  zipnn_in_buffer in{frame.data(), frame.size(), 0};
  zipnn_out_buffer o2{got.data(), got.size(), 0};
  int32_t done = 0;
  REQUIRE(zipnn_decompress_stream(d, &in, &o2, &done) == ZIPNN_OK);
  CHECK(done == 1);
  CHECK(got == tuned);
  zipnn_dctx_reset(d);
  zipnn_dctx_set_delta_base(d, nullptr, 0);
  in.pos = 0;
  o2.pos = 0;
  CHECK(zipnn_decompress_stream(d, &in, &o2, &done) == ZIPNN_ERROR_DELTA_BASE);
  // Random access without the base: a range outside the content is RANGE (the
  // request is wrong whatever the base), one inside it needs the base.
  uint8_t byte = 0;
  size_t n = 0;
  CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), tuned.size(), 1, &byte, 1, &n) ==
        ZIPNN_ERROR_RANGE);
  CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), 0, 1, &byte, 1, &n) == ZIPNN_ERROR_DELTA_BASE);
  zipnn_dctx_free(d);
}
