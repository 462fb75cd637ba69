// Reading and writing whole frames: the validated view of a frame in memory
// (header, index, footer), and the writer that builds the index as chunks are
// emitted. Shared by one-shot, random-access and streaming paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codec/scratch.h"
#include "format/checksum.h"
#include "format/frame.h"
#include "zipnn.h"

namespace zipnn::engine {

struct FrameView {
  const uint8_t *base = nullptr;
  size_t size = 0;
  format::FrameHeader header;
  uint64_t first_record = format::kFrameHeaderSize;  // after the delta record, if any
  bool has_delta = false;
  format::DeltaRecord delta;
  uint64_t content_size = 0;
  uint64_t chunk_count = 0;
  uint64_t index_offset = 0;
  const uint8_t *entries = nullptr;  // chunk_count * kIndexEntrySize bytes
  const uint8_t *sections = nullptr;
  uint64_t sections_size = 0;
  const uint8_t *tensor_index = nullptr;  // payload of the tensor index section, if any
  uint64_t tensor_index_size = 0;
  uint64_t tensor_count = 0;

  // Entry i (i < chunk_count); the index was validated by ParseFrame.
  format::IndexEntry Entry(uint64_t i) const;
  // The chunk whose decoded bytes contain `offset` (< content_size).
  uint64_t ChunkAt(uint64_t offset) const;
};

// Validates header, footer, index and sections of one whole frame occupying
// exactly src[0, size), in O(chunks).
zipnn_status ParseFrame(const uint8_t *src, size_t size, FrameView *view);

// Validates the sections area of an index (type-length-value records) and
// notes where known ones are in *v (may be null). Unknown required sections:
// ZIPNN_ERROR_UNSUPPORTED_FEATURE.
struct FrameView;
zipnn_status ParseSections(const uint8_t *p, uint64_t size, FrameView *v);

// For a delta frame: checks that `base` is the base it was made against.
zipnn_status CheckDeltaBase(const FrameView &v, const uint8_t *base, size_t base_size);

// Decodes chunk `entry` of a parsed frame into dst (entry.chunk.decoded_size
// bytes); `base` is the delta base of a delta frame (checked), else null.
zipnn_status DecodeIndexedChunk(const FrameView &view, const format::IndexEntry &entry, uint8_t *dst,
                                bool verify, WorkerScratch &scratch, const uint8_t *base);

// Builds the trailing index section of a frame.
class IndexWriter {
 public:
  void Reset() { entries_.clear(); }
  void Add(const format::ChunkHeader &chunk, uint64_t record_offset, uint64_t decoded_offset);
  uint64_t chunk_count() const { return entries_.size(); }
  // Bytes of index header + entries + sections + footer.
  size_t Size(size_t sections_size) const;
  // Writes the index section and footer. `header` is the frame's 32-byte header.
  void Write(const uint8_t header[format::kFrameHeaderSize], uint64_t index_offset,
             uint64_t content_size, const uint8_t *sections, size_t sections_size, uint8_t *out) const;

 private:
  std::vector<format::IndexEntry> entries_;
};

}  // namespace zipnn::engine
