// The .znn frame format, version 1: layout constants and the (de)serialisation of
// every fixed-size structure. docs/FORMAT.md is the specification; this file
// and it must agree. Nothing here knows about SIMD, codecs or threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "zipnn.h"

namespace zipnn::format {

inline constexpr uint8_t kMagic[4] = {0x89, 'Z', 'N', 'N'};
inline constexpr uint16_t kVersion = 1;

inline constexpr size_t kFrameHeaderSize = 32;
inline constexpr size_t kChunkHeaderSize = 40;
inline constexpr size_t kIndexHeaderSize = 24;
inline constexpr size_t kIndexEntrySize = 48;
inline constexpr size_t kFooterSize = 24;
inline constexpr size_t kSectionHeaderSize = 16;
inline constexpr size_t kMaxStreams = 4;

inline constexpr uint8_t kRecordChunk = 0x43;  // 'C'
inline constexpr uint8_t kRecordIndex = 0x49;  // 'I'
inline constexpr uint8_t kRecordDelta = 0x44;  // 'D'
inline constexpr size_t kDeltaFixedSize = 32;   // before the mappings
inline constexpr size_t kDeltaMappingSize = 24;
inline constexpr uint64_t kMaxDeltaMappings = 1u << 24;
inline constexpr uint8_t kChecksumXxh3 = 1;

inline constexpr uint32_t kMinChunkSize = 4096;
inline constexpr uint32_t kMaxChunkSize = 64u << 20;
inline constexpr uint32_t kChunkSizeAlign = 64;
inline constexpr uint32_t kDefaultChunkSize = 1u << 20;
inline constexpr uint64_t kUnknownContentSize = UINT64_MAX;

// Frame feature flags (header bytes 6-7). A decoder rejects unknown bits.
inline constexpr uint16_t kFlagDelta = 1u << 0;  // delta record follows; decoding needs the base
inline constexpr uint16_t kKnownFlags = kFlagDelta;

// Section types (index section). Bit 0 of the section flags marks a section a
// decoder must understand to decode the frame.
inline constexpr uint32_t kSectionTensorIndex = 1;
inline constexpr uint32_t kSectionFlagRequired = 1;

// Byte-plane layouts: how a chunk's bytes are split into streams. The layout
// fixes the element size; any layout may be used with any dtype.
enum Layout : uint8_t {
  kLayoutBytes = 0,   // 1 stream: the bytes as they are
  kLayoutRot16 = 1,   // 2-byte elements rotated left by 1: [high byte, low byte]
  kLayoutRot32 = 2,   // 4-byte elements, high half rotated left by 1: [b3', b2', b1, b0]
  kLayoutSplit2 = 3,  // 2-byte elements: [byte1, byte0]
  kLayoutSplit4 = 4,  // 4-byte elements: [b3, b2, b1, b0]
  kLayoutCount = 5,
};

// Elements per layout (1, 2 or 4 bytes) and its number of streams.
size_t LayoutElementSize(uint8_t layout);
inline size_t LayoutStreamCount(uint8_t layout) { return LayoutElementSize(layout); }

// Sizes of the byte planes of a chunk of `decoded_size` bytes: every plane holds
// one byte per whole element; the trailing decoded_size % element bytes are
// appended to the last plane.
void PlaneSizes(uint8_t layout, uint32_t decoded_size, uint32_t sizes[kMaxStreams]);

struct FrameHeader {
  uint16_t version = kVersion;
  uint16_t flags = 0;
  uint64_t content_size = kUnknownContentSize;
  uint32_t chunk_size = kDefaultChunkSize;
  uint8_t dtype = 0;
  uint8_t element_size = 1;
  uint8_t checksum_kind = kChecksumXxh3;
};

struct ChunkHeader {
  uint8_t dtype = 0;
  uint8_t layout = 0;
  uint8_t stream_count = 1;
  uint32_t decoded_size = 0;
  uint8_t methods[kMaxStreams] = {0, 0, 0, 0};
  uint32_t stream_sizes[kMaxStreams] = {0, 0, 0, 0};
  uint64_t checksum = 0;  // of the decoded bytes

  uint64_t PayloadSize() const;
};

struct IndexEntry {
  uint64_t record_offset = 0;  // from the frame start to the chunk header
  uint64_t decoded_offset = 0;
  ChunkHeader chunk;  // checksum not stored in the index
  uint64_t RecordSize() const { return kChunkHeaderSize + chunk.PayloadSize(); }
};

struct IndexHeader {
  uint64_t chunk_count = 0;
  uint64_t sections_size = 0;
};

struct Footer {
  uint64_t index_offset = 0;
  uint64_t content_size = 0;
  uint64_t checksum = 0;
};

// Delta record: content ranges coded as XOR with ranges of a base.
struct DeltaMapping {
  uint64_t begin;  // content offset
  uint64_t size;
  uint64_t base;   // base offset
};
struct DeltaRecord {
  uint64_t base_size = 0;
  uint64_t base_fingerprint = 0;
  std::vector<DeltaMapping> maps;  // sorted by begin, disjoint
  size_t Size() const { return kDeltaFixedSize + maps.size() * kDeltaMappingSize + 8; }
  // The mapping holding all of [offset, offset + size), or nullptr.
  const DeltaMapping *Find(uint64_t offset, uint64_t size) const;
};
// Identifies a base cheaply: XXH3 of its size and its first and last 64 KiB.
uint64_t BaseFingerprint(const uint8_t *base, size_t size);
void WriteDeltaRecord(const DeltaRecord &d, uint8_t *out);
// Bytes the record needs, from its first kDeltaFixedSize bytes (0 if invalid).
uint64_t DeltaRecordSize(const uint8_t in[kDeltaFixedSize]);
zipnn_status ReadDeltaRecord(const uint8_t *in, size_t size, DeltaRecord *out);

void WriteFrameHeader(const FrameHeader &h, uint8_t out[kFrameHeaderSize]);
// Checks magic, version, checksum, flags and field ranges.
zipnn_status ReadFrameHeader(const uint8_t in[kFrameHeaderSize], FrameHeader *out);

void WriteChunkHeader(const ChunkHeader &h, uint8_t out[kChunkHeaderSize]);
// Checks record type, header check value and field ranges against `header`.
zipnn_status ReadChunkHeader(const uint8_t in[kChunkHeaderSize], const FrameHeader &frame,
                             ChunkHeader *out);
// Range checks shared by chunk headers and index entries.
zipnn_status ValidateChunkFields(const ChunkHeader &h, const FrameHeader &frame);

void WriteIndexHeader(const IndexHeader &h, uint8_t out[kIndexHeaderSize]);
zipnn_status ReadIndexHeader(const uint8_t in[kIndexHeaderSize], IndexHeader *out);

void WriteIndexEntry(const IndexEntry &e, uint8_t out[kIndexEntrySize]);
zipnn_status ReadIndexEntry(const uint8_t in[kIndexEntrySize], const FrameHeader &frame,
                            IndexEntry *out);

void WriteFooterFields(const Footer &f, uint8_t out[kFooterSize]);  // checksum included
Footer ReadFooter(const uint8_t in[kFooterSize]);

// Largest encoded size a stream of a plane of `plane_size` bytes may have with
// `method` (validation bound for untrusted sizes).
uint64_t MaxStreamSize(uint8_t method, uint32_t plane_size);

}  // namespace zipnn::format
