// One-shot compression: chunks are coded in parallel batches and written in order.
#include <algorithm>
#include <cstring>
#include <vector>

#include "codec/chunk_codec.h"
#include "engine/chunk_plan.h"
#include "engine/engine.h"
#include "engine/frame_io.h"
#include "engine/stream_compressor.h"
#include "engine/stream_decompressor.h"
#include "util/checked.h"

namespace zipnn::engine {

using namespace format;

size_t Workers::Prepare(int64_t threads) {
  size_t n = threads <= 0 ? ThreadPool::HardwareThreads() : static_cast<size_t>(threads);
  pool_.Resize(n);
  if (scratch_.size() < n) scratch_.resize(n);
  return n;
}

size_t CompressBound(size_t n) {
  // Every record is at most its header plus its decoded bytes; chunks are at
  // least kMinChunkSize bytes, except one partial chunk per run (see
  // docs/FORMAT.md); the frame adds a header, an index header and a footer.
  const uint64_t chunks = n / kMinChunkSize + 2;
  const uint64_t per_chunk = kChunkHeaderSize + kIndexEntrySize;
  uint64_t total = 0;
  if (!CheckedMul<uint64_t>(chunks, per_chunk, &total)) return 0;
  if (!CheckedAdd<uint64_t>(total, n, &total)) return 0;
  if (!CheckedAdd<uint64_t>(total, kFrameHeaderSize + kIndexHeaderSize + kFooterSize, &total)) return 0;
  if (total > SIZE_MAX) return 0;
  return static_cast<size_t>(total);
}

zipnn_status CompressChunks(zipnn_cctx &cctx, const uint8_t *src, uint64_t begin, uint64_t end,
                            uint64_t total, ChunkSink &sink) {
  const CompressParams &p = cctx.params;
  const size_t threads = cctx.workers.Prepare(p.threads);
  std::vector<ChunkSpec> specs;
  for (uint64_t off = begin; off < end;) {
    const ChunkSpec c = PlainChunk(p, off, total);
    specs.push_back(c);
    off += c.size;
  }
  if (specs.empty()) return ZIPNN_OK;
  const int level = p.zstd_level;
  if (threads == 1 || specs.size() == 1) {
    WorkerScratch &ws = cctx.workers.scratch(0);
    for (const ChunkSpec &c : specs) {
      uint8_t *out = ws.record.Reserve(codec::RecordCapacity(c.size));
      const ChunkHeader h = codec::EncodeChunk(src + (c.offset - begin), c.size, c.dtype, level, ws, out);
      const zipnn_status st = sink.Put(h, out);
      if (st != ZIPNN_OK) return st;
    }
    return ZIPNN_OK;
  }
  // Parallel batches: each chunk is coded into its own slot, then the slots
  // are handed to the sink in chunk order.
  const size_t batch = std::min(specs.size(), threads * 2);
  std::vector<ByteBuffer> &slots = cctx.workers.slots();
  if (slots.size() < batch) slots.resize(batch);
  std::vector<ChunkHeader> headers(batch);
  for (size_t first = 0; first < specs.size(); first += batch) {
    const size_t count = std::min(batch, specs.size() - first);
    cctx.workers.pool().Run(count, [&](size_t i, size_t w) {
      const ChunkSpec &c = specs[first + i];
      uint8_t *out = slots[i].Reserve(codec::RecordCapacity(c.size));
      headers[i] = codec::EncodeChunk(src + (c.offset - begin), c.size, c.dtype, level,
                                      cctx.workers.scratch(w), out);
    });
    for (size_t i = 0; i < count; ++i) {
      const zipnn_status st = sink.Put(headers[i], slots[i].data());
      if (st != ZIPNN_OK) return st;
    }
  }
  return ZIPNN_OK;
}

namespace {

// Writes records straight into the caller's buffer.
class BufferSink final : public ChunkSink {
 public:
  BufferSink(uint8_t *dst, size_t capacity, size_t pos) : dst_(dst), cap_(capacity), pos_(pos) {}
  zipnn_status Put(const ChunkHeader &h, const uint8_t *record) override {
    const size_t size = kChunkHeaderSize + static_cast<size_t>(h.PayloadSize());
    if (size > cap_ - pos_) return ZIPNN_ERROR_DST_TOO_SMALL;
    std::memcpy(dst_ + pos_, record, size);
    index_.Add(h, pos_, decoded_);
    pos_ += size;
    decoded_ += h.decoded_size;
    return ZIPNN_OK;
  }
  size_t pos() const { return pos_; }
  const IndexWriter &index() const { return index_; }

 private:
  uint8_t *dst_;
  size_t cap_, pos_;
  uint64_t decoded_ = 0;
  IndexWriter index_;
};

}  // namespace

void MakeFrameHeader(const CompressParams &p, uint64_t content_size, uint8_t out[kFrameHeaderSize]) {
  FrameHeader h;
  h.content_size = content_size;
  h.chunk_size = p.chunk_size;
  h.dtype = static_cast<uint8_t>(p.dtype);
  h.element_size = static_cast<uint8_t>(zipnn_dtype_size(p.dtype));
  WriteFrameHeader(h, out);
}

zipnn_status Compress(zipnn_cctx &cctx, const uint8_t *src, size_t src_size, uint8_t *dst,
                      size_t dst_capacity, size_t *dst_size) {
  if (cctx.stream) return ZIPNN_ERROR_STAGE_WRONG;
  if (dst_capacity < kFrameHeaderSize) return ZIPNN_ERROR_DST_TOO_SMALL;
  MakeFrameHeader(cctx.params, src_size, dst);
  BufferSink sink(dst, dst_capacity, kFrameHeaderSize);
  zipnn_status st = CompressChunks(cctx, src, 0, src_size, src_size, sink);
  if (st != ZIPNN_OK) return st;
  const size_t index_size = sink.index().Size(0);
  if (index_size > dst_capacity - sink.pos()) return ZIPNN_ERROR_DST_TOO_SMALL;
  sink.index().Write(dst, sink.pos(), src_size, nullptr, 0, dst + sink.pos());
  *dst_size = sink.pos() + index_size;
  return ZIPNN_OK;
}

}  // namespace zipnn::engine

zipnn_cctx::zipnn_cctx() = default;
zipnn_cctx::~zipnn_cctx() = default;
zipnn_dctx::zipnn_dctx() = default;
zipnn_dctx::~zipnn_dctx() = default;
