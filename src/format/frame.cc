#include "format/frame.h"

#include <cstring>

#include "format/checksum.h"
#include "util/endian.h"

namespace zipnn::format {

size_t LayoutElementSize(uint8_t layout) {
  switch (layout) {
    case kLayoutBytes: return 1;
    case kLayoutRot16:
    case kLayoutSplit2: return 2;
    case kLayoutRot32:
    case kLayoutSplit4: return 4;
    default: return 0;
  }
}

void PlaneSizes(uint8_t layout, uint32_t decoded_size, uint32_t sizes[kMaxStreams]) {
  const uint32_t elem = static_cast<uint32_t>(LayoutElementSize(layout));
  const uint32_t n = decoded_size / elem;
  const uint32_t tail = decoded_size % elem;
  for (uint32_t s = 0; s < kMaxStreams; ++s) sizes[s] = s < elem ? n : 0;
  sizes[elem - 1] += tail;
}

uint64_t ChunkHeader::PayloadSize() const {
  uint64_t total = 0;
  for (size_t s = 0; s < kMaxStreams; ++s) total += stream_sizes[s];
  return total;
}

// -------------------------------------------------------------- frame header

void WriteFrameHeader(const FrameHeader &h, uint8_t out[kFrameHeaderSize]) {
  std::memcpy(out, kMagic, 4);
  StoreLE16(out + 4, h.version);
  StoreLE16(out + 6, h.flags);
  StoreLE64(out + 8, h.content_size);
  StoreLE32(out + 16, h.chunk_size);
  out[20] = h.dtype;
  out[21] = h.element_size;
  out[22] = h.checksum_kind;
  out[23] = 0;
  StoreLE64(out + 24, Checksum64(out, 24));
}

zipnn_status ReadFrameHeader(const uint8_t in[kFrameHeaderSize], FrameHeader *out) {
  if (std::memcmp(in, kMagic, 4) != 0) return ZIPNN_ERROR_NOT_ZIPNN;
  FrameHeader h;
  h.version = LoadLE16(in + 4);
  // The version is checked before the checksum so that a newer frame gets a
  // helpful error even if a later version changes the header layout.
  if (h.version == 0) return ZIPNN_ERROR_CORRUPT_HEADER;
  if (h.version > kVersion) return ZIPNN_ERROR_UNSUPPORTED_VERSION;
  if (LoadLE64(in + 24) != Checksum64(in, 24)) return ZIPNN_ERROR_CORRUPT_HEADER;
  h.flags = LoadLE16(in + 6);
  if ((h.flags & ~kKnownFlags) != 0) return ZIPNN_ERROR_UNSUPPORTED_FEATURE;
  h.content_size = LoadLE64(in + 8);
  h.chunk_size = LoadLE32(in + 16);
  h.dtype = in[20];
  h.element_size = in[21];
  h.checksum_kind = in[22];
  if (h.checksum_kind != kChecksumXxh3) return ZIPNN_ERROR_UNSUPPORTED_FEATURE;
  if (in[23] != 0) return ZIPNN_ERROR_CORRUPT_HEADER;
  if (h.chunk_size < kMinChunkSize || h.chunk_size > kMaxChunkSize ||
      h.chunk_size % kChunkSizeAlign != 0)
    return ZIPNN_ERROR_CORRUPT_HEADER;
  if (h.dtype >= ZIPNN_DTYPE_COUNT || h.element_size != zipnn_dtype_size(h.dtype))
    return ZIPNN_ERROR_CORRUPT_HEADER;
  *out = h;
  return ZIPNN_OK;
}

// -------------------------------------------------------------- chunk header

void WriteChunkHeader(const ChunkHeader &h, uint8_t out[kChunkHeaderSize]) {
  out[0] = kRecordChunk;
  out[1] = h.dtype;
  out[2] = h.layout;
  out[3] = h.stream_count;
  StoreLE32(out + 4, h.decoded_size);
  for (size_t s = 0; s < kMaxStreams; ++s) out[8 + s] = h.methods[s];
  for (size_t s = 0; s < kMaxStreams; ++s) StoreLE32(out + 12 + 4 * s, h.stream_sizes[s]);
  StoreLE64(out + 28, h.checksum);
  StoreLE32(out + 36, static_cast<uint32_t>(Checksum64(out, 36)));
}

zipnn_status ValidateChunkFields(const ChunkHeader &h, const FrameHeader &frame) {
  if (h.dtype >= ZIPNN_DTYPE_COUNT) return ZIPNN_ERROR_CORRUPT_CHUNK;
  if (h.layout >= kLayoutCount) return ZIPNN_ERROR_CORRUPT_CHUNK;
  if (h.stream_count != LayoutStreamCount(h.layout)) return ZIPNN_ERROR_CORRUPT_CHUNK;
  if (h.decoded_size == 0 || h.decoded_size > frame.chunk_size) return ZIPNN_ERROR_CORRUPT_CHUNK;
  uint32_t planes[kMaxStreams];
  PlaneSizes(h.layout, h.decoded_size, planes);
  for (size_t s = 0; s < kMaxStreams; ++s) {
    if (s >= h.stream_count) {
      if (h.methods[s] != 0 || h.stream_sizes[s] != 0) return ZIPNN_ERROR_CORRUPT_CHUNK;
      continue;
    }
    if (h.methods[s] >= ZIPNN_METHOD_COUNT) return ZIPNN_ERROR_UNKNOWN_METHOD;
    if (planes[s] == 0) {
      // A plane with no bytes (chunk smaller than one element) is stored raw.
      if (h.methods[s] != ZIPNN_METHOD_RAW || h.stream_sizes[s] != 0)
        return ZIPNN_ERROR_CORRUPT_CHUNK;
      continue;
    }
    if (h.stream_sizes[s] > MaxStreamSize(h.methods[s], planes[s])) return ZIPNN_ERROR_CORRUPT_CHUNK;
    if (h.methods[s] == ZIPNN_METHOD_RAW && h.stream_sizes[s] != planes[s])
      return ZIPNN_ERROR_CORRUPT_CHUNK;
    if (h.methods[s] == ZIPNN_METHOD_CONSTANT && h.stream_sizes[s] != 1)
      return ZIPNN_ERROR_CORRUPT_CHUNK;
    if (h.stream_sizes[s] == 0) return ZIPNN_ERROR_CORRUPT_CHUNK;
  }
  return ZIPNN_OK;
}

static void ReadChunkFields(const uint8_t *in, ChunkHeader *h) {
  h->dtype = in[0];
  h->layout = in[1];
  h->stream_count = in[2];
  h->decoded_size = LoadLE32(in + 3);
}

zipnn_status ReadChunkHeader(const uint8_t in[kChunkHeaderSize], const FrameHeader &frame,
                             ChunkHeader *out) {
  if (in[0] != kRecordChunk) return ZIPNN_ERROR_CORRUPT_CHUNK;
  if (LoadLE32(in + 36) != static_cast<uint32_t>(Checksum64(in, 36)))
    return ZIPNN_ERROR_CORRUPT_CHUNK;
  ChunkHeader h;
  ReadChunkFields(in + 1, &h);
  for (size_t s = 0; s < kMaxStreams; ++s) h.methods[s] = in[8 + s];
  for (size_t s = 0; s < kMaxStreams; ++s) h.stream_sizes[s] = LoadLE32(in + 12 + 4 * s);
  h.checksum = LoadLE64(in + 28);
  const zipnn_status st = ValidateChunkFields(h, frame);
  if (st != ZIPNN_OK) return st;
  *out = h;
  return ZIPNN_OK;
}

uint64_t MaxStreamSize(uint8_t method, uint32_t plane_size) {
  switch (method) {
    case ZIPNN_METHOD_CONSTANT: return 1;
    default: return plane_size;  // an encoded stream is never larger than its plane
  }
}

// ---------------------------------------------------------------- the index

void WriteIndexHeader(const IndexHeader &h, uint8_t out[kIndexHeaderSize]) {
  out[0] = kRecordIndex;
  std::memset(out + 1, 0, 7);
  StoreLE64(out + 8, h.chunk_count);
  StoreLE64(out + 16, h.sections_size);
}

zipnn_status ReadIndexHeader(const uint8_t in[kIndexHeaderSize], IndexHeader *out) {
  if (in[0] != kRecordIndex) return ZIPNN_ERROR_CORRUPT_INDEX;
  for (size_t i = 1; i < 8; ++i)
    if (in[i] != 0) return ZIPNN_ERROR_CORRUPT_INDEX;
  out->chunk_count = LoadLE64(in + 8);
  out->sections_size = LoadLE64(in + 16);
  return ZIPNN_OK;
}

void WriteIndexEntry(const IndexEntry &e, uint8_t out[kIndexEntrySize]) {
  StoreLE64(out, e.record_offset);
  StoreLE64(out + 8, e.decoded_offset);
  out[16] = e.chunk.dtype;
  out[17] = e.chunk.layout;
  out[18] = e.chunk.stream_count;
  StoreLE32(out + 19, e.chunk.decoded_size);
  out[23] = 0;
  for (size_t s = 0; s < kMaxStreams; ++s) out[24 + s] = e.chunk.methods[s];
  for (size_t s = 0; s < kMaxStreams; ++s) StoreLE32(out + 28 + 4 * s, e.chunk.stream_sizes[s]);
  StoreLE32(out + 44, 0);
}

zipnn_status ReadIndexEntry(const uint8_t in[kIndexEntrySize], const FrameHeader &frame,
                            IndexEntry *out) {
  IndexEntry e;
  e.record_offset = LoadLE64(in);
  e.decoded_offset = LoadLE64(in + 8);
  ReadChunkFields(in + 16, &e.chunk);
  if (in[23] != 0 || LoadLE32(in + 44) != 0) return ZIPNN_ERROR_CORRUPT_INDEX;
  for (size_t s = 0; s < kMaxStreams; ++s) e.chunk.methods[s] = in[24 + s];
  for (size_t s = 0; s < kMaxStreams; ++s) e.chunk.stream_sizes[s] = LoadLE32(in + 28 + 4 * s);
  const zipnn_status st = ValidateChunkFields(e.chunk, frame);
  if (st == ZIPNN_ERROR_UNKNOWN_METHOD) return st;
  if (st != ZIPNN_OK) return ZIPNN_ERROR_CORRUPT_INDEX;
  *out = e;
  return ZIPNN_OK;
}

void WriteFooterFields(const Footer &f, uint8_t out[kFooterSize]) {
  StoreLE64(out, f.index_offset);
  StoreLE64(out + 8, f.content_size);
  StoreLE64(out + 16, f.checksum);
}

Footer ReadFooter(const uint8_t in[kFooterSize]) {
  Footer f;
  f.index_offset = LoadLE64(in);
  f.content_size = LoadLE64(in + 8);
  f.checksum = LoadLE64(in + 16);
  return f;
}

// ------------------------------------------------------------- delta record

const DeltaMapping *DeltaRecord::Find(uint64_t offset, uint64_t size) const {
  // The last mapping that begins at or before offset.
  size_t lo = 0, hi = maps.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (maps[mid].begin <= offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return nullptr;
  const DeltaMapping &m = maps[lo - 1];
  return offset - m.begin <= m.size && size <= m.size - (offset - m.begin) ? &m : nullptr;
}

uint64_t BaseFingerprint(const uint8_t *base, size_t size) {
  constexpr size_t kEdge = 64 * 1024;
  ChecksumState s;
  uint8_t le[8];
  StoreLE64(le, size);
  s.Update(le, 8);
  s.Update(base, size < kEdge ? size : kEdge);
  if (size > kEdge) s.Update(base + size - kEdge, kEdge);
  return s.Digest();
}

void WriteDeltaRecord(const DeltaRecord &d, uint8_t *out) {
  out[0] = kRecordDelta;
  std::memset(out + 1, 0, 7);
  StoreLE64(out + 8, d.base_size);
  StoreLE64(out + 16, d.base_fingerprint);
  StoreLE64(out + 24, d.maps.size());
  uint8_t *p = out + kDeltaFixedSize;
  for (const DeltaMapping &m : d.maps) {
    StoreLE64(p, m.begin);
    StoreLE64(p + 8, m.size);
    StoreLE64(p + 16, m.base);
    p += kDeltaMappingSize;
  }
  StoreLE64(p, Checksum64(out, static_cast<size_t>(p - out)));
}

uint64_t DeltaRecordSize(const uint8_t in[kDeltaFixedSize]) {
  if (in[0] != kRecordDelta) return 0;
  const uint64_t count = LoadLE64(in + 24);
  if (count > kMaxDeltaMappings) return 0;
  return kDeltaFixedSize + count * kDeltaMappingSize + 8;
}

zipnn_status ReadDeltaRecord(const uint8_t *in, size_t size, DeltaRecord *out) {
  constexpr zipnn_status kBad = ZIPNN_ERROR_CORRUPT_HEADER;
  if (size < kDeltaFixedSize) return ZIPNN_ERROR_TRUNCATED;
  const uint64_t need = DeltaRecordSize(in);
  if (need == 0) return kBad;
  if (size < need) return ZIPNN_ERROR_TRUNCATED;
  for (size_t i = 1; i < 8; ++i)
    if (in[i] != 0) return kBad;
  if (LoadLE64(in + need - 8) != Checksum64(in, static_cast<size_t>(need - 8))) return kBad;
  DeltaRecord d;
  d.base_size = LoadLE64(in + 8);
  d.base_fingerprint = LoadLE64(in + 16);
  const uint64_t count = LoadLE64(in + 24);
  d.maps.resize(static_cast<size_t>(count));
  uint64_t prev_end = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const uint8_t *p = in + kDeltaFixedSize + i * kDeltaMappingSize;
    DeltaMapping m{LoadLE64(p), LoadLE64(p + 8), LoadLE64(p + 16)};
    if (m.size == 0 || m.begin < prev_end || m.size > UINT64_MAX - m.begin) return kBad;
    if (m.base > d.base_size || m.size > d.base_size - m.base) return kBad;
    prev_end = m.begin + m.size;
    d.maps[static_cast<size_t>(i)] = m;
  }
  *out = std::move(d);
  return ZIPNN_OK;
}

}  // namespace zipnn::format
