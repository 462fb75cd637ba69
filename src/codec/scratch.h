// Per-worker scratch memory for coding chunks, reused across chunks and calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace zipnn {

struct ZstdFree {
  void operator()(ZSTD_CCtx_s *c) const;
  void operator()(ZSTD_DCtx_s *d) const;
};

// A byte buffer that grows but never shrinks, without zero-filling.
class ByteBuffer {
 public:
  uint8_t *Reserve(size_t size) {
    if (size > capacity_) {
      data_.reset(new uint8_t[size]);
      capacity_ = size;
    }
    return data_.get();
  }
  // Grows to at least `size`, keeping the first `keep` bytes.
  uint8_t *Grow(size_t size, size_t keep) {
    if (size > capacity_) {
      std::unique_ptr<uint8_t[]> bigger(new uint8_t[size]);
      if (keep) std::memcpy(bigger.get(), data_.get(), keep);
      data_ = std::move(bigger);
      capacity_ = size;
    }
    return data_.get();
  }
  uint8_t *data() { return data_.get(); }
  size_t capacity() const { return capacity_; }

 private:
  std::unique_ptr<uint8_t[]> data_;
  size_t capacity_ = 0;
};

struct WorkerScratch {
  ByteBuffer planes[4];  // byte planes of one chunk
  ByteBuffer record;     // one encoded chunk record
  ByteBuffer delta;      // a chunk XORed with its delta base
  ByteBuffer record2;    // a competing encoding of a chunk
  std::unique_ptr<ZSTD_CCtx_s, ZstdFree> zstd_c;
  std::unique_ptr<ZSTD_DCtx_s, ZstdFree> zstd_d;
};

}  // namespace zipnn
