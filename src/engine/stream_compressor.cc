#include "engine/stream_compressor.h"

#include <algorithm>
#include <cstring>

#include "engine/engine.h"

namespace zipnn::engine {

using namespace format;

uint8_t *StreamCompressor::QueueAppend(size_t size) {
  if (queue_pos_ == queue_size_) queue_pos_ = queue_size_ = 0;
  if (queue_size_ + size > queue_.capacity()) {
    ByteBuffer bigger;  // compact, then grow, keeping queued bytes
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

void StreamCompressor::Buffer(zipnn_in_buffer &in, size_t want) {
  const size_t take = std::min(want, in.size - in.pos);
  if (take == 0) return;
  if (input_size_ + take > input_.capacity()) {
    ByteBuffer bigger;
    uint8_t *p = bigger.Reserve(std::max(input_size_ + take, batch_bytes_));
    if (input_size_) std::memcpy(p, input_.data(), input_size_);
    input_ = std::move(bigger);
  }
  std::memcpy(input_.data() + input_size_, static_cast<const uint8_t *>(in.src) + in.pos, take);
  input_size_ += take;
  in.pos += take;
  consumed_ += take;
}

zipnn_status StreamCompressor::CodeBuffered(zipnn_cctx &cctx, bool final) {
  // Chunk boundaries come from the planner, exactly as in one-shot
  // compression; an incomplete last chunk waits for more input.
  uint64_t end = coded_;
  const uint64_t begin = coded_;
  const zipnn_status st =
      CompressChunks(cctx, plan_, input_.data(), begin, begin + input_size_, final, *this, &end);
  if (st != ZIPNN_OK) return st;
  const size_t used = static_cast<size_t>(end - begin);
  if (used && used < input_size_) std::memmove(input_.data(), input_.data() + used, input_size_ - used);
  input_size_ -= used;
  return ZIPNN_OK;
}

zipnn_status StreamCompressor::Whole(zipnn_cctx &cctx, zipnn_in_buffer &in, bool input_done, bool *wait) {
  *wait = false;
  const size_t take = static_cast<size_t>(std::min<uint64_t>(in.size - in.pos, kWholeInputMax + 1 - input_size_));
  if (take > 0) {
    // Grows geometrically: the input may come a byte at a time.
    if (input_size_ + take > input_.capacity())
      input_.Grow(std::max(input_size_ + take, std::min<size_t>(2 * input_.capacity(), kWholeInputMax + 1)),
                  input_size_);
    std::memcpy(input_.data() + input_size_, static_cast<const uint8_t *>(in.src) + in.pos, take);
    input_size_ += take;
    in.pos += take;
    consumed_ += take;
  }
  if (input_size_ > kWholeInputMax) {  // no pledged size, and larger: stream it in batches
    whole_ = false;
    return ZIPNN_OK;
  }
  if (!input_done) {
    *wait = true;
    return ZIPNN_OK;
  }
  if (pledged_ != kUnknownContentSize && consumed_ != pledged_) return ZIPNN_ERROR_INVALID_ARGUMENT;
  ByteBuffer frame;
  const size_t cap = CompressBound(input_size_);
  size_t size = 0;
  const zipnn_status st =
      CompressFrame(cctx, input_.data(), input_size_, pledged_, frame.Reserve(cap), cap, &size);
  if (st != ZIPNN_OK) return st;
  std::memcpy(QueueAppend(size), frame.data(), size);
  coded_ = consumed_;
  input_size_ = 0;
  finished_ = true;
  return ZIPNN_OK;
}

bool StreamCompressor::Detect(zipnn_in_buffer &in, bool input_done) {
  if (!params_.tensor_aware) return true;
  if (input_size_ < 8) Buffer(in, 8 - input_size_);
  if (input_size_ < 8) return input_done;
  const uint64_t need = tensor::SafetensorsHeaderNeed(input_.data(), input_size_);
  if (need == 0) return true;
  if (input_size_ < need) Buffer(in, static_cast<size_t>(need) - input_size_);
  if (input_size_ < need) return input_done;
  DetectTensors(params_, input_.data(), input_size_, &plan_);
  if (plan_.tensors() && pledged_ != kUnknownContentSize) {
    // As one-shot compression decides (with the same delta record size).
    ChunkPlanner probe(params_);
    DetectTensors(params_, input_.data(), input_size_, &probe);
    PlanDelta(params_, pledged_, &probe);
    const size_t delta_size = probe.delta() ? probe.delta()->Size() : 0;
    if (!TensorPlanFits(probe, pledged_, MakeSections(probe, pledged_).size() + delta_size))
      plan_ = ChunkPlanner(params_);
  }
  return true;
}

zipnn_status StreamCompressor::Step(zipnn_cctx &cctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                                    int32_t end_op, size_t *pending) {
  const size_t threads = cctx.workers.Prepare(params_.threads);
  if (!started_) {
    batch_bytes_ = static_cast<size_t>(params_.chunk_size) * std::max<size_t>(2, threads * 2);
    if (params_.content_size >= 0) pledged_ = static_cast<uint64_t>(params_.content_size);
    else if (end_op == ZIPNN_STREAM_END) pledged_ = in.size - in.pos;  // all input is here
    // Small inputs (and those of unknown size, until they prove larger) are
    // gathered and compressed whole, exactly as one-shot compression does.
    whole_ = pledged_ == kUnknownContentSize || pledged_ <= kWholeInputMax;
    started_ = true;
  }
  if (end_op == ZIPNN_STREAM_END) ending_ = true;
  if (pledged_ != kUnknownContentSize && in.size - in.pos > pledged_ - consumed_)
    return ZIPNN_ERROR_SIZE_LIMIT;

  for (;;) {
    Drain(out);
    if (Queued() > 0 && out.pos == out.size) break;  // the caller must make room
    const bool input_done = ending_ && in.pos == in.size;
    if (whole_) {
      if (finished_) break;  // the frame is queued
      bool wait = false;
      const zipnn_status st = Whole(cctx, in, input_done, &wait);
      if (st != ZIPNN_OK) return st;
      if (wait) break;  // needs more input
      continue;
    }
    if (!detected_) {
      if (!Detect(in, input_done)) break;  // needs more of the header
      detected_ = true;
      // The frame header and delta record go out once the plan is known.
      PlanDelta(params_, pledged_, &plan_);
      MakeFrameHeader(params_, pledged_, plan_.delta() != nullptr, header_);
      std::memcpy(QueueAppend(kFrameHeaderSize), header_, kFrameHeaderSize);
      if (plan_.delta()) WriteDeltaRecord(*plan_.delta(), QueueAppend(plan_.delta()->Size()));
      continue;
    }
    const size_t avail = in.size - in.pos;
    if (input_size_ == 0 && avail >= batch_bytes_) {
      // Whole chunks straight from the caller's buffer (Put advances coded_).
      const uint64_t begin = coded_;
      uint64_t end = begin;
      const zipnn_status st = CompressChunks(cctx, plan_, static_cast<const uint8_t *>(in.src) + in.pos,
                                             begin, begin + batch_bytes_, false, *this, &end);
      if (st != ZIPNN_OK) return st;
      in.pos += static_cast<size_t>(end - begin);
      consumed_ += end - begin;
      continue;
    }
    if (avail > 0 && input_size_ < batch_bytes_) {
      Buffer(in, batch_bytes_ - input_size_);
      continue;
    }
    if (input_size_ >= batch_bytes_ || (input_done && input_size_ > 0)) {
      const size_t before = input_size_;
      const zipnn_status st = CodeBuffered(cctx, input_done);
      if (st != ZIPNN_OK) return st;
      if (input_size_ == before) break;  // nothing complete yet
      continue;
    }
    if (input_done && !finished_) {
      if (pledged_ != kUnknownContentSize && consumed_ != pledged_) return ZIPNN_ERROR_INVALID_ARGUMENT;
      const std::vector<uint8_t> sections = MakeSections(plan_, coded_);
      const uint64_t index_offset = written_;
      const size_t size = index_.Size(sections.size());
      index_.Write(header_, index_offset, coded_, sections.data(), sections.size(), QueueAppend(size));
      finished_ = true;
      continue;
    }
    break;  // needs more input, or all done
  }
  if (finished_ && Queued() == 0) {
    *pending = 0;
    cctx.stream.reset();  // frame complete: `this` is destroyed, return at once
    return ZIPNN_OK;
  }
  *pending = Queued() + (ending_ ? 1 : 0);
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
