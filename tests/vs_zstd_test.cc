// Issue #2: no real weight file comes out larger than zstd -3 makes it. The
// encoder parts behind it: chunks of plain bytes cut where floating-point
// values change alignment (engine/phase.h), and the zstd guard for small
// inputs (engine/engine.h), with streaming compression giving the same frames.
#include <doctest/doctest.h>
#include <zstd.h>

#include <algorithm>
#include <random>
#include <string>

#include "engine/phase.h"
#include "test_util.h"
#include "util/endian.h"

namespace {

// zstd at `level` of the whole input, without the 4-byte content checksum the
// zstd command line adds (so the comparison is 4 bytes stricter than the
// issue's `zstd -3 FILE`).
size_t ZstdSize(const zt::Bytes &src, int level = 3) {
  zt::Bytes z(ZSTD_compressBound(src.size()));
  const size_t n = ZSTD_compress(z.data(), z.size(), src.data(), src.size(), level);
  REQUIRE(!ZSTD_isError(n));
  return n;
}

zipnn_cctx *NewCctx(int threads = 1) {
  zipnn_cctx *c = nullptr;
  zipnn_cctx_new(&c);
  zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, threads);
  return c;
}

// Streaming compression in `step`-byte pieces; pledge < 0: no pledged size.
zt::Bytes StreamCompress(const zt::Bytes &src, size_t step, int64_t pledge, int threads = 1) {
  zipnn_cctx *c = NewCctx(threads);
  if (pledge >= 0) zipnn_cctx_set_param(c, ZIPNN_PARAM_CONTENT_SIZE, pledge);
  zipnn_status st = ZIPNN_OK;
  const zt::Bytes frame = zt::CompressStreamInSteps(c, src, step, &st);
  REQUIRE(st == ZIPNN_OK);
  zipnn_cctx_free(c);
  return frame;
}

// An opaque container in the manner of rwkv.cpp/ggml files: records of a
// header of odd length, then the little-endian values of one tensor (fp32 or
// bf16, normal with std 0.02), so most tensors start at offsets that are not
// a multiple of their element size.
zt::Bytes Container(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 0.02f);
  zt::Bytes out;
  out.reserve(n + 300000);
  while (out.size() < n) {
    const size_t header = 13 + rng() % 40;
    for (size_t i = 0; i < header; ++i) out.push_back(static_cast<uint8_t>('a' + rng() % 26));
    const size_t elems = size_t{1024} << (rng() % 7);  // 1024 .. 65536 values
    const bool fp32 = rng() % 2;
    for (size_t i = 0; i < elems; ++i) {
      const float f = normal(rng);
      uint8_t b[4];
      if (fp32) {
        std::memcpy(b, &f, 4);
      } else {
        zipnn::StoreLE16(b, zt::ToBf16(f));
      }
      out.insert(out.end(), b, b + (fp32 ? 4 : 2));
    }
  }
  out.resize(n);
  return out;
}

}  // namespace

TEST_CASE("vs zstd: real weight files are no larger than zstd -3 of the whole file") {
  // tiny-rwkv-5v1-730K-Q5_0.bin (ggml blocks in rwkv.cpp's container) was 164
  // bytes larger before: one chunk, coded as zstd codes it, plus the framing.
  const char *files[] = {"tiny-rwkv-7v0-834K.bf16.safetensors", "stories260K.f32.safetensors",
                         "tiny-rwkv-4v0-660K-FP16.safetensors", "tiny_face_detector_model.safetensors",
                         "tiny-rwkv-5v1-730K-Q5_0.bin"};
  for (const char *name : files) {
    CAPTURE(name);
    const zt::Bytes src = zt::ReadFile(zt::DataDir() / name);
    REQUIRE(src.size() > 100000);
    zt::Options o;  // the defaults, as the command line compresses a file
    o.threads = 2;
    const zt::Bytes frame = zt::Compress(src, o);
    const size_t z = ZstdSize(src);
    MESSAGE(std::string(name) << ": zipnn " << frame.size() << ", zstd -3 " << z);
    CHECK(frame.size() <= z);
    zt::Bytes out;
    REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
    CHECK(out == src);
    // The command line compresses through the streaming API with the file
    // size pledged: the same frame.
    CHECK(StreamCompress(src, 65536, static_cast<int64_t>(src.size())) == frame);
  }
}

TEST_CASE("vs zstd: the guard keeps the tensor index when it can, and drops it only to beat zstd") {
  // The uint8 safetensors file beats zstd -3 with per-tensor chunks and its
  // tensor index: the frame keeps both.
  const zt::Bytes src = zt::ReadFile(zt::DataDir() / "tiny_face_detector_model.safetensors");
  const zt::Bytes frame = zt::Compress(src, zt::Options{});
  uint64_t tensors = 0;
  REQUIRE(zipnn_tensor_count(frame.data(), frame.size(), &tensors) == ZIPNN_OK);
  CHECK(tensors > 10);
  // Its data without the safetensors header (a tfjs shard) is one chunk of
  // bytes that zstd -3 codes as well as zipnn's first pass; the second pass at
  // zstd level 19 wins.
  uint64_t header = zipnn::LoadLE64(src.data());
  const zt::Bytes shard(src.begin() + static_cast<long>(8 + header), src.end());
  const zt::Bytes f2 = zt::Compress(shard, zt::Options{});
  CHECK(f2.size() <= ZstdSize(shard));
  zt::Bytes out;
  REQUIRE(zt::Decompress(f2, &out) == ZIPNN_OK);
  CHECK(out == shard);
  // At level 19 there is no stronger pass: the frame is what the chunks give.
  zt::Options o19;
  o19.zstd_level = 19;
  const zt::Bytes f19 = zt::Compress(shard, o19);
  REQUIRE(zt::Decompress(f19, &out) == ZIPNN_OK);
  CHECK(out == shard);
}

TEST_CASE("vs zstd: incompressible and tiny inputs stay within the bound and round-trip") {
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{4096}, size_t{300000}}) {
    CAPTURE(n);
    const zt::Bytes src = zt::Random(n, n + 1);
    const zt::Bytes frame = zt::Compress(src, zt::Options{});
    REQUIRE(!frame.empty());
    CHECK(frame.size() <= zipnn_compress_bound(n));
    zt::Bytes out;
    REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
    CHECK(out == src);
    CHECK(StreamCompress(src, 777, static_cast<int64_t>(n)) == frame);
  }
}

TEST_CASE("phase: blocks of floats are classified by element size and alignment") {
  const zt::Bytes f32 = zt::Synthetic(ZIPNN_DTYPE_FP32, 4 * zipnn::engine::kPhaseBlock);
  const zt::Bytes bf16 = zt::Synthetic(ZIPNN_DTYPE_BF16, 4 * zipnn::engine::kPhaseBlock);
  for (uint64_t shift = 0; shift < 4; ++shift) {
    CAPTURE(shift);
    // Values start `shift` bytes into the block; the block sits at content
    // offset 1000 (so values start at offsets = 1000 + shift mod 4).
    const zipnn::engine::Phase p32 = zipnn::engine::ClassifyBlock(f32.data() + 4 - shift, 1000);
    CHECK(p32.elem == 4);
    CHECK(p32.phase == (1000 + shift) % 4);
    const zipnn::engine::Phase p16 = zipnn::engine::ClassifyBlock(bf16.data() + 4 - shift, 1000);
    CHECK(p16.elem == 2);
    CHECK(p16.phase == (1000 + shift) % 2);
  }
  const zt::Bytes noise = zt::Random(zipnn::engine::kPhaseBlock);
  CHECK(zipnn::engine::ClassifyBlock(noise.data(), 0).elem == 0);
  const zt::Bytes zeros(zipnn::engine::kPhaseBlock, 0);
  CHECK(zipnn::engine::ClassifyBlock(zeros.data(), 0).elem == 0);
}

TEST_CASE("phase: misaligned tensors in an opaque container are cut into aligned chunks") {
  const zt::Bytes src = Container(3 << 20, 5);
  const zt::Bytes frame = zt::Compress(src, zt::Options{});
  zt::Bytes out;
  REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
  CHECK(out == src);
  // The float planes code about as well as aligned tensors would: well below
  // both zstd -3 and what fixed 1 MiB chunks give (most of each chunk out of
  // step with its layout).
  const size_t z = ZstdSize(src);
  MESSAGE("container: zipnn " << frame.size() << ", zstd -3 " << z << " of " << src.size());
  CHECK(frame.size() < z * 92 / 100);
  // Chunks are never smaller than the format's minimum, except the last.
  zipnn_frame_info info;
  REQUIRE(zipnn_frame_info_get(frame.data(), frame.size(), &info) == ZIPNN_OK);
  CHECK(info.chunk_count <= src.size() / 4096 + 1);
  CHECK(info.chunk_count > 3);  // cut at tensor edges, not only every 1 MiB
  CHECK(frame.size() <= zipnn_compress_bound(src.size()));
}

TEST_CASE("phase: streaming cuts a large container exactly as one-shot compression does") {
  // Larger than the size the streaming compressor gathers whole, so chunks
  // are planned batch by batch from the bytes at hand.
  const zt::Bytes src = Container((9 << 20) + 12345, 9);
  zt::Options o;
  o.threads = 2;
  const zt::Bytes one_shot = zt::Compress(src, o);
  for (size_t step : {size_t{65537}, size_t{1} << 20, src.size()}) {
    CAPTURE(step);
    CHECK(StreamCompress(src, step, static_cast<int64_t>(src.size()), 2) == one_shot);
  }
  // Without a pledged size the header says "unknown"; the records and the
  // index are the same.
  const zt::Bytes unknown = StreamCompress(src, 100000, -1, 2);
  REQUIRE(unknown.size() == one_shot.size());
  CHECK(std::equal(unknown.begin() + 32, unknown.end() - 24, one_shot.begin() + 32));
  zt::Bytes out;
  REQUIRE(zt::Decompress(unknown, &out) == ZIPNN_OK);
  CHECK(out == src);
}

TEST_CASE("vs zstd: small inputs of unknown size are gathered and give the one-shot records") {
  const zt::Bytes src = zt::ReadFile(zt::DataDir() / "tiny-rwkv-5v1-730K-Q5_0.bin");
  const zt::Bytes one_shot = zt::Compress(src, zt::Options{});
  for (size_t step : {size_t{1000}, size_t{65536}}) {
    CAPTURE(step);
    const zt::Bytes frame = StreamCompress(src, step, -1);
    uint64_t declared = 0;
    REQUIRE(zipnn_frame_content_size(frame.data(), frame.size(), &declared) == ZIPNN_OK);
    CHECK(declared == ZIPNN_CONTENT_SIZE_UNKNOWN);
    REQUIRE(frame.size() == one_shot.size());
    CHECK(std::equal(frame.begin() + 32, frame.end() - 24, one_shot.begin() + 32));
    zt::Bytes out;
    REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
    CHECK(out == src);
  }
}
