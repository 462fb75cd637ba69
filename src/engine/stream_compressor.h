// Streaming compression with bounded memory: input is gathered into batches of
// whole chunks, each batch is coded in parallel, and records are queued for
// the caller's output buffer. The index (48 bytes a chunk) is kept to the end.
// A safetensors header at the start is gathered whole (at most 100 MiB) so the
// stream is cut into the same per-tensor chunks as one-shot compression.
// Inputs of at most kWholeInputMax bytes are gathered whole and compressed as
// one-shot compression does (the same frame, with its whole-input choices).
#pragma once

#include <cstdint>

#include "codec/scratch.h"
#include "engine/chunk_plan.h"
#include "engine/frame_io.h"

namespace zipnn::engine {

class StreamCompressor final : public ChunkSink {
 public:
  explicit StreamCompressor(const CompressParams &params) : params_(params), plan_(params) {}
  zipnn_status Step(zipnn_cctx &cctx, zipnn_in_buffer &in, zipnn_out_buffer &out, int32_t end_op,
                    size_t *pending);
  zipnn_status Put(const format::ChunkHeader &h, const uint8_t *record) override;

 private:
  void Drain(zipnn_out_buffer &out);
  size_t Queued() const { return queue_size_ - queue_pos_; }
  uint8_t *QueueAppend(size_t size);
  // Takes up to `want` bytes of input into the input buffer.
  void Buffer(zipnn_in_buffer &in, size_t want);
  // Codes the complete chunks of the input buffer (all of it if final).
  zipnn_status CodeBuffered(zipnn_cctx &cctx, bool final);
  // Small inputs: gathers all input, then queues the frame CompressFrame makes
  // of it. Sets *wait while more input is needed; clears whole_ once the input
  // (of unknown size) is larger than kWholeInputMax.
  zipnn_status Whole(zipnn_cctx &cctx, zipnn_in_buffer &in, bool input_done, bool *wait);
  // Gathers the start of the input until tensor detection can decide.
  bool Detect(zipnn_in_buffer &in, bool input_done);

  CompressParams params_;
  ChunkPlanner plan_;
  bool started_ = false;
  bool whole_ = false;     // gathering a small input whole
  bool detected_ = false;
  bool finished_ = false;  // index written to the queue
  bool ending_ = false;    // END seen
  uint64_t pledged_ = format::kUnknownContentSize;
  uint64_t consumed_ = 0;  // input bytes taken
  uint64_t coded_ = 0;     // input bytes coded into records
  uint64_t written_ = 0;   // frame bytes produced (queued or drained)
  uint8_t header_[format::kFrameHeaderSize] = {};
  ByteBuffer input_;  // content bytes [coded_, coded_ + input_size_)
  size_t input_size_ = 0;
  size_t batch_bytes_ = 0;
  ByteBuffer queue_;
  size_t queue_size_ = 0, queue_pos_ = 0;
  IndexWriter index_;
};

}  // namespace zipnn::engine
