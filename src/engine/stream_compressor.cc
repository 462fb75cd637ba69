#include "engine/stream_compressor.h"

#include <algorithm>
#include <cstring>

#include "engine/engine.h"

namespace zipnn::engine {

using namespace format;

uint8_t *StreamCompressor::QueueAppend(size_t size) {
  if (queue_pos_ == queue_size_) queue_pos_ = queue_size_ = 0;
  if (queue_size_ + size > queue_.capacity()) {
    // Compact, then grow (keeping queued bytes).
    ByteBuffer bigger;
    uint8_t *p = bigger.Reserve(std::max(Queued() + size, queue_.capacity() * 2));
    if (Queued()) std::memcpy(p, queue_.data() + queue_pos_, Queued());
    queue_size_ = Queued();
    queue_pos_ = 0;
    queue_ = std::move(bigger);
  }
  uint8_t *p = queue_.data() + queue_size_;
  queue_size_ += size;
  written_ += size;
  return p;
}

void StreamCompressor::Drain(zipnn_out_buffer &out) {
  const size_t n = std::min(Queued(), out.size - out.pos);
  if (n == 0) return;
  std::memcpy(static_cast<uint8_t *>(out.dst) + out.pos, queue_.data() + queue_pos_, n);
  out.pos += n;
  queue_pos_ += n;
}

zipnn_status StreamCompressor::Put(const ChunkHeader &h, const uint8_t *record) {
  const size_t size = kChunkHeaderSize + static_cast<size_t>(h.PayloadSize());
  const uint64_t offset = written_;
  std::memcpy(QueueAppend(size), record, size);
  index_.Add(h, offset, coded_);
  coded_ += h.decoded_size;
  return ZIPNN_OK;
}

zipnn_status StreamCompressor::CompressBuffered(zipnn_cctx &cctx, const uint8_t *data, size_t size) {
  // Chunk boundaries are every chunk_size bytes from the frame start, exactly
  // as in one-shot compression: `coded_` is always at a chunk boundary here.
  const uint64_t total = coded_ + size;
  return CompressChunks(cctx, data, coded_, total, total, *this);
}

zipnn_status StreamCompressor::Step(zipnn_cctx &cctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                                    int32_t end_op, size_t *pending) {
  const size_t threads = cctx.workers.Prepare(params_.threads);
  if (!started_) {
    batch_bytes_ = static_cast<size_t>(params_.chunk_size) * std::max<size_t>(2, threads * 2);
    if (params_.content_size >= 0) pledged_ = static_cast<uint64_t>(params_.content_size);
    else if (end_op == ZIPNN_STREAM_END) pledged_ = in.size - in.pos;  // all input is here
    MakeFrameHeader(params_, pledged_, QueueAppend(kFrameHeaderSize));
    std::memcpy(header_, queue_.data() + queue_size_ - kFrameHeaderSize, kFrameHeaderSize);
    started_ = true;
  }
  if (end_op == ZIPNN_STREAM_END) ending_ = true;

  for (;;) {
    Drain(out);
    if (Queued() > 0 && out.pos == out.size) break;  // caller must make room

    // Take input: whole batches straight from the caller's buffer when
    // nothing is buffered, else through the input buffer.
    const size_t avail = in.size - in.pos;
    if (pledged_ != kUnknownContentSize && avail > pledged_ - consumed_) return ZIPNN_ERROR_SIZE_LIMIT;
    const uint8_t *src = static_cast<const uint8_t *>(in.src) + in.pos;
    if (input_size_ == 0 && avail >= batch_bytes_) {
      const zipnn_status st = CompressBuffered(cctx, src, batch_bytes_);
      if (st != ZIPNN_OK) return st;
      in.pos += batch_bytes_;
      consumed_ += batch_bytes_;
      continue;
    }
    if (avail > 0) {
      const size_t take = std::min(avail, batch_bytes_ - input_size_);
      std::memcpy(input_.Reserve(batch_bytes_) + input_size_, src, take);
      input_size_ += take;
      in.pos += take;
      consumed_ += take;
    }
    if (input_size_ == batch_bytes_ || (ending_ && in.pos == in.size && input_size_ > 0)) {
      const zipnn_status st = CompressBuffered(cctx, input_.data(), input_size_);
      if (st != ZIPNN_OK) return st;
      input_size_ = 0;
      continue;
    }
    if (ending_ && in.pos == in.size && !finished_) {
      if (pledged_ != kUnknownContentSize && consumed_ != pledged_) return ZIPNN_ERROR_INVALID_ARGUMENT;
      const uint64_t index_offset = written_;
      const size_t size = index_.Size(0);
      index_.Write(header_, index_offset, coded_, nullptr, 0, QueueAppend(size));
      finished_ = true;
      continue;
    }
    break;  // need more input (or all done)
  }
  if (finished_ && Queued() == 0) {
    *pending = 0;
    cctx.stream.reset();  // frame complete: `this` is destroyed, return at once
    return ZIPNN_OK;
  }
  *pending = Queued() + (ending_ ? 0 : input_size_);
  if (ending_ && *pending == 0) *pending = 1;
  return ZIPNN_OK;
}

zipnn_status CompressStream(zipnn_cctx &cctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                            int32_t end_op, size_t *pending) {
  if (!cctx.stream) cctx.stream = std::make_unique<StreamCompressor>(cctx.params);
  const zipnn_status st = cctx.stream->Step(cctx, in, out, end_op, pending);
  if (st != ZIPNN_OK) cctx.stream.reset();
  return st;
}

}  // namespace zipnn::engine
