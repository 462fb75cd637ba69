#include "engine/frame_io.h"

#include <cstring>

#include "codec/chunk_codec.h"
#include "tensor/safetensors.h"
#include "util/checked.h"
#include "util/endian.h"

namespace zipnn::engine {

using namespace format;

format::IndexEntry FrameView::Entry(uint64_t i) const {
  IndexEntry e;
  // Already validated by ParseFrame; re-reading cannot fail.
  (void)ReadIndexEntry(entries + i * kIndexEntrySize, header, &e);
  return e;
}

uint64_t FrameView::ChunkAt(uint64_t offset) const {
  uint64_t lo = 0, hi = chunk_count;  // invariant: answer in [lo, hi)
  while (hi - lo > 1) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (LoadLE64(entries + mid * kIndexEntrySize + 8) <= offset) lo = mid;
    else hi = mid;
  }
  return lo;
}

zipnn_status ParseSections(const uint8_t *p, uint64_t size, FrameView *v) {
  bool tensor_index = false;
  while (size > 0) {
    if (size < kSectionHeaderSize) return ZIPNN_ERROR_CORRUPT_INDEX;
    const uint32_t type = LoadLE32(p);
    const uint32_t sflags = LoadLE32(p + 4);
    const uint64_t len = LoadLE64(p + 8);
    if (len > size - kSectionHeaderSize) return ZIPNN_ERROR_CORRUPT_INDEX;
    if (type == kSectionTensorIndex) {
      if (tensor_index) return ZIPNN_ERROR_CORRUPT_INDEX;
      tensor_index = true;
      if (v) {
        v->tensor_index = p + kSectionHeaderSize;
        v->tensor_index_size = len;
      }
    } else if (sflags & kSectionFlagRequired) {
      return ZIPNN_ERROR_UNSUPPORTED_FEATURE;
    }
    p += kSectionHeaderSize + len;
    size -= kSectionHeaderSize + len;
  }
  return ZIPNN_OK;
}

// Footer, index header and index checksum of a frame whose header is parsed.
static zipnn_status ParseIndex(const uint8_t *src, size_t size, FrameView *v) {
  const Footer footer = ReadFooter(src + size - kFooterSize);
  const uint64_t index_end = size - kFooterSize;  // sections end here
  if (footer.index_offset < v->first_record || footer.index_offset > index_end - kIndexHeaderSize)
    return ZIPNN_ERROR_CORRUPT_INDEX;
  IndexHeader ih;
  const zipnn_status st = ReadIndexHeader(src + footer.index_offset, &ih);
  if (st != ZIPNN_OK) return st;
  const uint64_t room = index_end - footer.index_offset - kIndexHeaderSize;
  if (ih.chunk_count > room / kIndexEntrySize) return ZIPNN_ERROR_CORRUPT_INDEX;
  if (ih.sections_size != room - ih.chunk_count * kIndexEntrySize) return ZIPNN_ERROR_CORRUPT_INDEX;

  ChecksumState sum;
  sum.Update(src, kFrameHeaderSize);
  sum.Update(src + footer.index_offset, static_cast<size_t>(size - 8 - footer.index_offset));
  if (sum.Digest() != footer.checksum) return ZIPNN_ERROR_CORRUPT_INDEX;
  if (v->header.content_size != kUnknownContentSize && v->header.content_size != footer.content_size)
    return ZIPNN_ERROR_CORRUPT_INDEX;

  v->content_size = footer.content_size;
  v->chunk_count = ih.chunk_count;
  v->index_offset = footer.index_offset;
  v->entries = src + footer.index_offset + kIndexHeaderSize;
  v->sections = v->entries + ih.chunk_count * kIndexEntrySize;
  v->sections_size = ih.sections_size;
  return ZIPNN_OK;
}

// The footer or index did not check out. Walks the records from the start to
// tell a truncated frame, or one followed by extra bytes, from a damaged one.
static zipnn_status DiagnoseEnd(const uint8_t *src, size_t size, const FrameHeader &header,
                                uint64_t first_record) {
  uint64_t pos = first_record;
  for (;;) {
    if (pos >= size) return ZIPNN_ERROR_TRUNCATED;
    if (src[pos] == kRecordChunk) {
      if (size - pos < kChunkHeaderSize) return ZIPNN_ERROR_TRUNCATED;
      ChunkHeader h;
      const zipnn_status st = ReadChunkHeader(src + pos, header, &h);
      if (st != ZIPNN_OK) return st;
      pos += kChunkHeaderSize + h.PayloadSize();
    } else if (src[pos] == kRecordIndex) {
      if (size - pos < kIndexHeaderSize) return ZIPNN_ERROR_TRUNCATED;
      IndexHeader ih;
      if (ReadIndexHeader(src + pos, &ih) != ZIPNN_OK) return ZIPNN_ERROR_CORRUPT_INDEX;
      uint64_t end = 0, entries = 0;
      if (!CheckedMul<uint64_t>(ih.chunk_count, kIndexEntrySize, &entries) ||
          !CheckedAdd<uint64_t>(pos + kIndexHeaderSize + kFooterSize, entries, &end) ||
          !CheckedAdd<uint64_t>(end, ih.sections_size, &end))
        return ZIPNN_ERROR_CORRUPT_INDEX;
      if (end > size) return ZIPNN_ERROR_TRUNCATED;
      if (end < size) return ZIPNN_ERROR_TRAILING_DATA;
      return ZIPNN_ERROR_CORRUPT_INDEX;
    } else {
      return ZIPNN_ERROR_CORRUPT_CHUNK;
    }
  }
}

zipnn_status ParseFrame(const uint8_t *src, size_t size, FrameView *view) {
  if (size >= 4 && std::memcmp(src, kMagic, 4) != 0) return ZIPNN_ERROR_NOT_ZIPNN;
  if (size < kFrameHeaderSize) return ZIPNN_ERROR_TRUNCATED;
  FrameView v;
  v.base = src;
  v.size = size;
  zipnn_status st = ReadFrameHeader(src, &v.header);
  if (st != ZIPNN_OK) return st;
  if (v.header.flags & kFlagDelta) {
    st = ReadDeltaRecord(src + kFrameHeaderSize, size - kFrameHeaderSize, &v.delta);
    if (st != ZIPNN_OK) return st;
    v.has_delta = true;
    v.first_record = kFrameHeaderSize + v.delta.Size();
  }
  if (size < v.first_record + kIndexHeaderSize + kFooterSize)
    return DiagnoseEnd(src, size, v.header, v.first_record);
  st = ParseIndex(src, size, &v);
  if (st == ZIPNN_ERROR_CORRUPT_INDEX) st = DiagnoseEnd(src, size, v.header, v.first_record);
  if (st != ZIPNN_OK) return st;

  // Records are contiguous from the header to the index; decoded ranges are
  // contiguous from 0 to the content size.
  uint64_t record = v.first_record, decoded = 0;
  for (uint64_t i = 0; i < v.chunk_count; ++i) {
    IndexEntry e;
    st = ReadIndexEntry(v.entries + i * kIndexEntrySize, v.header, &e);
    if (st != ZIPNN_OK) return st;
    if (e.record_offset != record || e.decoded_offset != decoded) return ZIPNN_ERROR_CORRUPT_INDEX;
    record += e.RecordSize();  // <= 40 + 64 MiB per entry: no overflow before the check below
    decoded += e.chunk.decoded_size;
    if (record > v.index_offset || decoded > v.content_size) return ZIPNN_ERROR_CORRUPT_INDEX;
  }
  if (record != v.index_offset || decoded != v.content_size) return ZIPNN_ERROR_CORRUPT_INDEX;

  st = ParseSections(v.sections, v.sections_size, &v);
  if (st != ZIPNN_OK) return st;
  if (v.tensor_index) {
    st = tensor::ReadTensorIndex(v.tensor_index, v.tensor_index_size, v.content_size, &v.tensor_count,
                                 UINT64_MAX, nullptr);
    if (st != ZIPNN_OK) return st;
  }
  *view = v;
  return ZIPNN_OK;
}

zipnn_status CheckDeltaBase(const FrameView &v, const uint8_t *base, size_t base_size) {
  if (!v.has_delta) return ZIPNN_OK;
  if (!base || base_size != v.delta.base_size ||
      BaseFingerprint(base, base_size) != v.delta.base_fingerprint)
    return ZIPNN_ERROR_DELTA_BASE;
  return ZIPNN_OK;
}

zipnn_status DecodeIndexedChunk(const FrameView &view, const IndexEntry &entry, uint8_t *dst,
                                bool verify, WorkerScratch &scratch, const uint8_t *base) {
  ChunkHeader h;
  const zipnn_status st = ReadChunkHeader(view.base + entry.record_offset, view.header, &h);
  if (st != ZIPNN_OK) return st;
  const ChunkHeader &x = entry.chunk;
  if (h.dtype != x.dtype || h.layout != x.layout || h.stream_count != x.stream_count ||
      h.decoded_size != x.decoded_size ||
      std::memcmp(h.methods, x.methods, sizeof(h.methods)) != 0 ||
      std::memcmp(h.stream_sizes, x.stream_sizes, sizeof(h.stream_sizes)) != 0)
    return ZIPNN_ERROR_CORRUPT_CHUNK;
  const uint8_t *xor_base = nullptr;
  if (view.has_delta) {
    const DeltaMapping *m = view.delta.Find(entry.decoded_offset, h.decoded_size);
    if (m) xor_base = base + m->base + (entry.decoded_offset - m->begin);
  }
  return codec::DecodeChunk(h, view.base + entry.record_offset + kChunkHeaderSize, dst, verify, scratch,
                            xor_base);
}

void IndexWriter::Add(const ChunkHeader &chunk, uint64_t record_offset, uint64_t decoded_offset) {
  IndexEntry e;
  e.record_offset = record_offset;
  e.decoded_offset = decoded_offset;
  e.chunk = chunk;
  entries_.push_back(e);
}

size_t IndexWriter::Size(size_t sections_size) const {
  return kIndexHeaderSize + entries_.size() * kIndexEntrySize + sections_size + kFooterSize;
}

void IndexWriter::Write(const uint8_t header[kFrameHeaderSize], uint64_t index_offset,
                        uint64_t content_size, const uint8_t *sections, size_t sections_size,
                        uint8_t *out) const {
  uint8_t *p = out;
  WriteIndexHeader({entries_.size(), sections_size}, p);
  p += kIndexHeaderSize;
  for (const IndexEntry &e : entries_) {
    WriteIndexEntry(e, p);
    p += kIndexEntrySize;
  }
  if (sections_size) std::memcpy(p, sections, sections_size);
  p += sections_size;
  Footer f{index_offset, content_size, 0};
  WriteFooterFields(f, p);
  ChecksumState sum;
  sum.Update(header, kFrameHeaderSize);
  sum.Update(out, static_cast<size_t>(p + 16 - out));
  f.checksum = sum.Digest();
  WriteFooterFields(f, p);
}

}  // namespace zipnn::engine
