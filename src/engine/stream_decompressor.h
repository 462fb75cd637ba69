// Streaming decompression with bounded memory: records are read one at a time
// (header, chunk records, index, footer), each chunk verified before its bytes
// are handed out. The index is checked against the chunks seen through a
// running hash, so nothing grows with the frame size.
#pragma once

#include <cstdint>

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
  enum class Stage { kHeader, kDelta, kRecordType, kChunkHeader, kPayload, kDrain, kIndexHeader, kIndexBody, kFooter, kDone };

  // Gathers `need` bytes into pending_ (from in); true when complete.
  bool Gather(zipnn_in_buffer &in, size_t need);
  zipnn_status OnChunkHeader();
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
