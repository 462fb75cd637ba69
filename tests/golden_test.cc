// Frames written by format v1 decode to their originals forever.
#include <doctest/doctest.h>

#include <filesystem>

#include "test_util.h"

TEST_CASE("golden v1 frames decode to their originals") {
  size_t count = 0;
  for (const auto &entry : std::filesystem::directory_iterator(zt::GoldenDir())) {
    if (entry.path().extension() != ".znn") continue;
    CAPTURE(entry.path().filename().string());
    const zt::Bytes frame = zt::ReadFile(entry.path());
    auto original_path = entry.path();
    original_path.replace_extension(".bin");
    REQUIRE(std::filesystem::exists(original_path));
    const zt::Bytes original = zt::ReadFile(original_path);
    zt::Bytes out;
    REQUIRE(zt::Decompress(frame, &out) == ZIPNN_OK);
    CHECK(out == original);
    // Random access over every chunk boundary matches too.
    zipnn_dctx *d = nullptr;
    zipnn_dctx_new(&d);
    for (uint64_t off = 0; off + 3000 <= original.size(); off += 2999) {
      zt::Bytes part(3000);
      size_t got = 0;
      REQUIRE(zipnn_decompress_range(d, frame.data(), frame.size(), off, 3000, part.data(), part.size(), &got) ==
              ZIPNN_OK);
      CHECK(std::equal(part.begin(), part.end(), original.begin() + static_cast<long>(off)));
    }
    zipnn_dctx_free(d);
    ++count;
  }
  CHECK(count >= 10);
}

TEST_CASE("random access decodes any byte range") {
  const zt::Bytes src = zt::Synthetic(ZIPNN_DTYPE_BF16, 100000);
  zt::Options o;
  o.dtype = ZIPNN_DTYPE_BF16;
  o.chunk_size = 4096;
  const zt::Bytes frame = zt::Compress(src, o);
  zipnn_dctx *d = nullptr;
  zipnn_dctx_new(&d);
  zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, 2);
  const uint64_t cases[][2] = {{0, 0}, {0, 1}, {4095, 2}, {4096, 4096}, {1, 99999}, {99999, 1}, {100000, 0}, {5000, 60000}};
  for (const auto &c : cases) {
    CAPTURE(c[0]);
    CAPTURE(c[1]);
    zt::Bytes part(c[1] + 1);
    size_t got = 0;
    REQUIRE(zipnn_decompress_range(d, frame.data(), frame.size(), c[0], c[1], part.data(), part.size(), &got) ==
            ZIPNN_OK);
    CHECK(got == c[1]);
    CHECK(std::equal(part.begin(), part.begin() + static_cast<long>(c[1]), src.begin() + static_cast<long>(c[0])));
  }
  zt::Bytes part(10);
  size_t got = 0;
  CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), 99995, 10, part.data(), part.size(), &got) ==
        ZIPNN_ERROR_RANGE);
  CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), UINT64_MAX, 2, part.data(), part.size(), &got) ==
        ZIPNN_ERROR_RANGE);
  CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), 0, 10, part.data(), 9, &got) ==
        ZIPNN_ERROR_DST_TOO_SMALL);
  // A range cutting a chunk larger than the caller's cap is refused: the chunk
  // would be decoded whole into scratch memory.
  REQUIRE(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, 1000) == ZIPNN_OK);
  CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), 10, 10, part.data(), part.size(), &got) ==
        ZIPNN_ERROR_SIZE_LIMIT);
  REQUIRE(zipnn_dctx_set_param(d, ZIPNN_PARAM_MAX_DECODED_SIZE, 4096) == ZIPNN_OK);
  CHECK(zipnn_decompress_range(d, frame.data(), frame.size(), 10, 10, part.data(), part.size(), &got) == ZIPNN_OK);
  zipnn_dctx_free(d);
}
