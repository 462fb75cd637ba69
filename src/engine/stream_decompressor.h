// Streaming decompression with bounded memory: records are read one at a time
// (header, chunk records, index, footer), each chunk verified before its bytes
// are handed out. The index is checked against the chunks seen through a
// running hash, so nothing grows with the frame size.
#pragma once

#include <cstdint>
#include <vector>

#include "codec/scratch.h"
#include "engine/context.h"
#include "format/checksum.h"
#include "format/frame.h"

namespace zipnn::engine {

class StreamDecompressor {
 public:
  explicit StreamDecompressor(const DecompressParams &params) : params_(params) {
    pending_.Reserve(64);  // header gathering grows from 4 to 32 bytes in place
  }
  zipnn_status Step(zipnn_dctx &dctx, zipnn_in_buffer &in, zipnn_out_buffer &out, int32_t *done);

 zipnn_status failed = ZIPNN_OK;

 private:
  enum class Stage {
    kHeader, kDelta, kRecordType, kChunkHeader, kPayload, kDrain, kDrainBatch,
    kIndexHeader, kIndexBody, kFooter, kDone
  };

  // Gathers `need` bytes into pending_ (from in); true when complete.
  bool Gather(zipnn_in_buffer &in, size_t need);
  zipnn_status OnChunkHeader();
  // Limits on a chunk header about to be decoded at content offset `at`.
  zipnn_status CheckChunk(const format::ChunkHeader &h, uint64_t at) const;
  // Notes chunk h as decoded: running index hash, offsets, counters.
  void Advance(const format::ChunkHeader &h);
  const uint8_t *XorBase(uint64_t at, uint32_t size) const;
  // Decodes several whole chunk records of the input in parallel, if the
  // input holds them and threads are available; *did says if it did.
  zipnn_status DecodeBatch(zipnn_dctx &dctx, zipnn_in_buffer &in, zipnn_out_buffer &out, bool *did);
  zipnn_status DecodePayload(zipnn_dctx &dctx, const uint8_t *payload, zipnn_out_buffer &out);

  DecompressParams params_;
  Stage stage_ = Stage::kHeader;
  format::FrameHeader header_;
  format::ChunkHeader chunk_;
  bool has_delta_ = false;
  format::DeltaRecord delta_;
  ByteBuffer pending_;  // partially gathered structure or payload
  size_t pending_size_ = 0;
  ByteBuffer decoded_;  // a decoded chunk waiting for output room
  struct BatchItem {
    format::ChunkHeader h;
    const uint8_t *payload;
    uint64_t at;  // content offset
  };
  std::vector<BatchItem> batch_;
  std::vector<zipnn_status> batch_status_;
  size_t drain_slot_ = 0, drain_slots_ = 0;  // batch slots waiting for output room
  size_t decoded_pos_ = 0, decoded_size_ = 0;
  uint64_t record_offset_ = 0;  // frame offset of the next record
  uint64_t content_ = 0;        // decoded bytes so far
  uint64_t chunks_ = 0;
  uint64_t index_left_ = 0;     // bytes of entries + sections still to read
  ChecksumState expected_index_;  // entries rebuilt from the chunk headers
  ChecksumState actual_index_;    // entries as stored
  ChecksumState footer_sum_;      // header + index section + footer fields
  uint64_t entries_left_ = 0;
};

}  // namespace zipnn::engine
