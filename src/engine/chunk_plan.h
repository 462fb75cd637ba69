// Where chunks start and end, and which dtype each is coded as. Plain input is
// cut every chunk_size bytes; a safetensors file is cut into regions (header,
// each tensor, gaps) first, so no chunk spans two tensors and each tensor is
// coded with its own dtype and statistics. One-shot and streaming compression
// both use this, so they produce the same chunks.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/context.h"
#include "format/frame.h"
#include "tensor/safetensors.h"

namespace zipnn::engine {

struct ChunkSpec {
  uint64_t offset;
  uint32_t size;  // 0: no complete chunk available yet
  zipnn_dtype dtype;
};

class ChunkPlanner {
 public:
  // Tensors smaller than this share a region with a contiguous neighbour of the same dtype.
  static constexpr uint64_t kSmallTensor = 4096;

  explicit ChunkPlanner(const CompressParams &p) : chunk_size_(p.chunk_size), dtype_(p.dtype) {}

  // Switches to per-tensor regions.
  void SetTensors(tensor::SafetensorsLayout layout);
  const tensor::SafetensorsLayout *tensors() const { return tensors_.get(); }

  // Delta coding against `base` (the caller's buffer) for the mapped ranges.
  void SetDelta(format::DeltaRecord record, const uint8_t *base) {
    delta_ = std::move(record);
    base_ = base;
  }
  const format::DeltaRecord *delta() const { return base_ ? &delta_ : nullptr; }
  const uint8_t *base() const { return base_; }
  size_t region_count() const { return regions_.size(); }

  // The chunk starting at `offset` given that content bytes up to `limit` are
  // available. If `final`, `limit` is the content end; otherwise a chunk that
  // would need bytes past `limit` is not returned (size 0). `data` (content
  // bytes [offset, limit), or null) lets plain bytes be cut where runs of
  // floating-point values change alignment (engine/phase.h); the cut depends
  // only on the bytes of the chunk-size window at `offset`, so one-shot and
  // streaming compression cut alike.
  ChunkSpec Next(uint64_t offset, uint64_t limit, bool final, const uint8_t *data = nullptr) const;

 private:
  struct Region {
    uint64_t begin, end;
    zipnn_dtype dtype;
  };
  uint32_t chunk_size_;
  zipnn_dtype dtype_;
  std::vector<Region> regions_;  // empty: one region of dtype_
  std::unique_ptr<tensor::SafetensorsLayout> tensors_;
  format::DeltaRecord delta_;
  const uint8_t *base_ = nullptr;
};

// Receives encoded chunk records in chunk order.
class ChunkSink {
 public:
  virtual ~ChunkSink() = default;
  // `record` holds kChunkHeaderSize + h.PayloadSize() bytes.
  virtual zipnn_status Put(const format::ChunkHeader &h, const uint8_t *record) = 0;
  // Where the next record may be coded in place when it needs at most
  // `capacity` bytes, or null. A record coded there is then handed to Put.
  virtual uint8_t *Reserve(size_t capacity) {
    (void)capacity;
    return nullptr;
  }
  // Optional, instead of Put: takes the next record's place in order and sets
  // *to to where its kChunkHeaderSize + h.PayloadSize() bytes must be copied
  // (the caller copies them, possibly while later records are claimed), or
  // leaves *to null when the sink only takes Put.
  virtual zipnn_status Claim(const format::ChunkHeader &h, uint8_t **to) {
    (void)h;
    *to = nullptr;
    return ZIPNN_OK;
  }
};

// Codes the chunks of content bytes [begin, limit) that the planner yields
// (src points at content byte `begin`), in parallel batches, handing them to
// `sink` in order. *end_out is where the last coded chunk ends. zstd_level > 0
// overrides the level of the parameters.
zipnn_status CompressChunks(zipnn_cctx &cctx, const ChunkPlanner &plan, const uint8_t *src,
                            uint64_t begin, uint64_t limit, bool final, ChunkSink &sink,
                            uint64_t *end_out, int zstd_level = 0);

// The 32-byte frame header for these parameters.
void MakeFrameHeader(const CompressParams &p, uint64_t content_size, bool delta,
                     uint8_t out[format::kFrameHeaderSize]);

// With a delta base in the parameters: matches content ranges to base ranges
// (tensors by name, same dtype and size, when both are safetensors; otherwise
// by position) and stores them in the planner. `content_size` may be unknown.
void PlanDelta(const CompressParams &p, uint64_t content_size, ChunkPlanner *plan);

// Sets up per-tensor planning if tensor awareness is on and `prefix` starts
// with a safetensors header.
void DetectTensors(const CompressParams &p, const uint8_t *prefix, size_t available, ChunkPlanner *plan);

// Whether a tensor-aware frame of n bytes stays within CompressBound(n): the
// extra chunks at region edges and the tensor index must fit in the room the
// bound leaves for chunks smaller than the configured size. If not, frames use
// plain chunks (many tiny tensors).
bool TensorPlanFits(const ChunkPlanner &plan, uint64_t n, size_t sections);

// The sections area of the index for a finished frame of `content_size` bytes.
std::vector<uint8_t> MakeSections(const ChunkPlanner &plan, uint64_t content_size);

}  // namespace zipnn::engine
