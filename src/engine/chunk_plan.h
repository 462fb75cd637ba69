// Where chunks start and end, and which dtype each one is coded as. Plain input
// is cut every chunk_size bytes; both one-shot and streaming compression use
// this, so they produce the same chunks.
#pragma once

#include <cstdint>

#include "engine/context.h"
#include "format/frame.h"

namespace zipnn::engine {

struct ChunkSpec {
  uint64_t offset;
  uint32_t size;
  zipnn_dtype dtype;
};

// The chunk starting at `offset` of an input of `total` bytes (offset < total).
inline ChunkSpec PlainChunk(const CompressParams &p, uint64_t offset, uint64_t total) {
  const uint64_t left = total - offset;
  const uint32_t size = left < p.chunk_size ? static_cast<uint32_t>(left) : p.chunk_size;
  return {offset, size, p.dtype};
}

// Receives encoded chunk records in chunk order.
class ChunkSink {
 public:
  virtual ~ChunkSink() = default;
  // `record` holds kChunkHeaderSize + h.PayloadSize() bytes.
  virtual zipnn_status Put(const format::ChunkHeader &h, const uint8_t *record) = 0;
};

// Codes the chunks of input bytes [begin, end) of an input of `total` bytes
// (src points at byte `begin`), in parallel batches, and hands them to `sink`
// in order.
zipnn_status CompressChunks(zipnn_cctx &cctx, const uint8_t *src, uint64_t begin, uint64_t end,
                            uint64_t total, ChunkSink &sink);

// The 32-byte frame header for these parameters.
void MakeFrameHeader(const CompressParams &p, uint64_t content_size,
                     uint8_t out[format::kFrameHeaderSize]);

}  // namespace zipnn::engine
