#include "engine/stream_decompressor.h"

#include <algorithm>
#include <cstring>

#include "codec/chunk_codec.h"
#include "engine/engine.h"
#include "engine/frame_io.h"

namespace zipnn::engine {

using namespace format;

namespace {
// Largest sections area a stream may carry (tensor index and friends).
constexpr uint64_t kMaxSectionsSize = 64u << 20;
}  // namespace

bool StreamDecompressor::Gather(zipnn_in_buffer &in, size_t need) {
  if (pending_size_ >= need) return true;
  const size_t take = std::min(need - pending_size_, in.size - in.pos);
  if (take) {
    // Grow keeps what was gathered: a structure may arrive over several calls.
    std::memcpy(pending_.Grow(need, pending_size_) + pending_size_, static_cast<const uint8_t *>(in.src) + in.pos,
                take);
    pending_size_ += take;
    in.pos += take;
  }
  return pending_size_ == need;
}

zipnn_status StreamDecompressor::CheckChunk(const ChunkHeader &h, uint64_t at) const {
  if (h.decoded_size > params_.max_decoded_size - std::min(params_.max_decoded_size, at))
    return ZIPNN_ERROR_SIZE_LIMIT;
  if (header_.content_size != kUnknownContentSize && h.decoded_size > header_.content_size - at)
    return ZIPNN_ERROR_CORRUPT_CHUNK;
  return ZIPNN_OK;
}

void StreamDecompressor::Advance(const ChunkHeader &h) {
  IndexEntry e;
  e.record_offset = record_offset_;
  e.decoded_offset = content_;
  e.chunk = h;
  uint8_t bytes[kIndexEntrySize];
  WriteIndexEntry(e, bytes);
  expected_index_.Update(bytes, sizeof(bytes));
  record_offset_ += kChunkHeaderSize + h.PayloadSize();
  content_ += h.decoded_size;
  ++chunks_;
}

const uint8_t *StreamDecompressor::XorBase(uint64_t at, uint32_t size) const {
  if (!has_delta_) return nullptr;
  const DeltaMapping *m = delta_.Find(at, size);
  return m ? params_.delta_base + m->base + (at - m->begin) : nullptr;
}

zipnn_status StreamDecompressor::OnChunkHeader() {
  ChunkHeader h;
  const zipnn_status st = ReadChunkHeader(pending_.data(), header_, &h);
  if (st != ZIPNN_OK) return st;
  chunk_ = h;
  return CheckChunk(h, content_);
}

zipnn_status StreamDecompressor::DecodeBatch(zipnn_dctx &dctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                                             bool *did) {
  *did = false;
  const size_t threads = dctx.workers.pool().threads();
  if (threads < 2) return ZIPNN_OK;
  const uint8_t *src = static_cast<const uint8_t *>(in.src);
  batch_.clear();
  size_t pos = in.pos;
  uint64_t at = content_;
  // Whole, valid records only; anything else is left to the one-by-one path,
  // which reports errors exactly as without threads.
  while (batch_.size() < threads * 2 && in.size - pos >= kChunkHeaderSize && src[pos] == kRecordChunk) {
    ChunkHeader h;
    if (ReadChunkHeader(src + pos, header_, &h) != ZIPNN_OK || CheckChunk(h, at) != ZIPNN_OK) break;
    const uint64_t record = kChunkHeaderSize + h.PayloadSize();
    if (in.size - pos < record) break;
    batch_.push_back({h, src + pos + kChunkHeaderSize, at});
    pos += static_cast<size_t>(record);
    at += h.decoded_size;
  }
  if (batch_.size() < 2) return ZIPNN_OK;
  const uint64_t total = at - content_;
  const bool direct = out.size - out.pos >= total;
  std::vector<ByteBuffer> &slots = dctx.workers.slots();
  if (slots.size() < batch_.size()) slots.resize(batch_.size());
  batch_status_.assign(batch_.size(), ZIPNN_OK);
  uint8_t *out_base = static_cast<uint8_t *>(out.dst) + out.pos;
  dctx.workers.pool().Run(batch_.size(), [&](size_t i, size_t w) {
    const BatchItem &b = batch_[i];
    uint8_t *dst = direct ? out_base + (b.at - content_) : slots[i].Reserve(b.h.decoded_size);
    batch_status_[i] = codec::DecodeChunk(b.h, b.payload, dst, params_.verify, dctx.workers.scratch(w),
                                          XorBase(b.at, b.h.decoded_size));
  });
  for (const zipnn_status st : batch_status_)
    if (st != ZIPNN_OK) return st;
  for (const BatchItem &b : batch_) Advance(b.h);
  in.pos = pos;
  if (direct) {
    out.pos += static_cast<size_t>(total);
  } else {
    drain_slot_ = 0;
    drain_slots_ = batch_.size();
    decoded_pos_ = 0;
    stage_ = Stage::kDrainBatch;
  }
  *did = true;
  return ZIPNN_OK;
}

zipnn_status StreamDecompressor::DecodePayload(zipnn_dctx &dctx, const uint8_t *payload,
                                               zipnn_out_buffer &out) {
  WorkerScratch &ws = dctx.workers.scratch(0);
  const uint32_t size = chunk_.decoded_size;
  const bool direct = out.size - out.pos >= size;
  uint8_t *dst = direct ? static_cast<uint8_t *>(out.dst) + out.pos : decoded_.Reserve(size);
  const zipnn_status st = codec::DecodeChunk(chunk_, payload, dst, params_.verify, ws, XorBase(content_, size));
  if (st != ZIPNN_OK) return st;
  Advance(chunk_);
  if (direct) {
    out.pos += size;
    stage_ = Stage::kRecordType;
  } else {
    decoded_pos_ = 0;
    decoded_size_ = size;
    stage_ = Stage::kDrain;
  }
  return ZIPNN_OK;
}

zipnn_status StreamDecompressor::Step(zipnn_dctx &dctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                                      int32_t *done) {
  dctx.workers.Prepare(params_.threads);
  zipnn_status st = ZIPNN_OK;
  for (;;) {
    switch (stage_) {
      case Stage::kHeader: {
        if (pending_size_ < 4) {
          // Reject non-frames from the magic alone, before waiting for more.
          if (!Gather(in, 4)) return ZIPNN_OK;
          if (std::memcmp(pending_.data(), kMagic, 4) != 0) return ZIPNN_ERROR_NOT_ZIPNN;
        }
        if (!Gather(in, kFrameHeaderSize)) return ZIPNN_OK;
        st = ReadFrameHeader(pending_.data(), &header_);
        if (st != ZIPNN_OK) return st;
        if (header_.content_size != kUnknownContentSize && header_.content_size > params_.max_decoded_size)
          return ZIPNN_ERROR_SIZE_LIMIT;
        footer_sum_.Update(pending_.data(), kFrameHeaderSize);
        pending_size_ = 0;
        record_offset_ = kFrameHeaderSize;
        stage_ = (header_.flags & kFlagDelta) ? Stage::kDelta : Stage::kRecordType;
        break;
      }
      case Stage::kDelta: {
        if (!Gather(in, kDeltaFixedSize)) return ZIPNN_OK;
        const uint64_t need = DeltaRecordSize(pending_.data());
        if (need == 0) return ZIPNN_ERROR_CORRUPT_HEADER;
        if (!Gather(in, static_cast<size_t>(need))) return ZIPNN_OK;
        st = ReadDeltaRecord(pending_.data(), pending_size_, &delta_);
        if (st != ZIPNN_OK) return st;
        if (!params_.delta_base || params_.delta_base_size != delta_.base_size ||
            BaseFingerprint(params_.delta_base, params_.delta_base_size) != delta_.base_fingerprint)
          return ZIPNN_ERROR_DELTA_BASE;
        has_delta_ = true;
        record_offset_ += need;
        pending_size_ = 0;
        stage_ = Stage::kRecordType;
        break;
      }
      case Stage::kRecordType: {
        if (in.pos == in.size) return ZIPNN_OK;
        bool did = false;
        st = DecodeBatch(dctx, in, out, &did);
        if (st != ZIPNN_OK) return st;
        if (did) break;
        const uint8_t type = static_cast<const uint8_t *>(in.src)[in.pos];
        if (type == kRecordChunk) stage_ = Stage::kChunkHeader;
        else if (type == kRecordIndex) stage_ = Stage::kIndexHeader;
        else return ZIPNN_ERROR_CORRUPT_CHUNK;
        break;
      }
      case Stage::kChunkHeader:
        if (!Gather(in, kChunkHeaderSize)) return ZIPNN_OK;
        st = OnChunkHeader();
        if (st != ZIPNN_OK) return st;
        pending_size_ = 0;
        stage_ = Stage::kPayload;
        break;
      case Stage::kPayload: {
        const size_t need = static_cast<size_t>(chunk_.PayloadSize());
        if (pending_size_ == 0 && in.size - in.pos >= need) {
          // The whole payload is in the caller's buffer: decode it in place.
          st = DecodePayload(dctx, static_cast<const uint8_t *>(in.src) + in.pos, out);
          if (st != ZIPNN_OK) return st;
          in.pos += need;
          break;
        }
        if (!Gather(in, need)) return ZIPNN_OK;
        st = DecodePayload(dctx, pending_.data(), out);
        if (st != ZIPNN_OK) return st;
        pending_size_ = 0;
        break;
      }
      case Stage::kDrain: {
        const size_t n = std::min(decoded_size_ - decoded_pos_, out.size - out.pos);
        if (n == 0) return ZIPNN_OK;  // no room (out.dst may be NULL when out.size is 0)
        std::memcpy(static_cast<uint8_t *>(out.dst) + out.pos, decoded_.data() + decoded_pos_, n);
        out.pos += n;
        decoded_pos_ += n;
        if (decoded_pos_ < decoded_size_) return ZIPNN_OK;
        stage_ = Stage::kRecordType;
        break;
      }
      case Stage::kDrainBatch: {
        std::vector<ByteBuffer> &slots = dctx.workers.slots();
        while (drain_slot_ < drain_slots_) {
          const size_t size = batch_[drain_slot_].h.decoded_size;
          const size_t n = std::min(size - decoded_pos_, out.size - out.pos);
          if (n == 0) return ZIPNN_OK;  // no room (out.dst may be NULL when out.size is 0)
          std::memcpy(static_cast<uint8_t *>(out.dst) + out.pos, slots[drain_slot_].data() + decoded_pos_, n);
          out.pos += n;
          decoded_pos_ += n;
          if (decoded_pos_ < size) return ZIPNN_OK;
          decoded_pos_ = 0;
          ++drain_slot_;
        }
        stage_ = Stage::kRecordType;
        break;
      }
      case Stage::kIndexHeader: {
        if (!Gather(in, kIndexHeaderSize)) return ZIPNN_OK;
        IndexHeader ih;
        st = ReadIndexHeader(pending_.data(), &ih);
        if (st != ZIPNN_OK) return st;
        if (ih.chunk_count != chunks_ || ih.sections_size > kMaxSectionsSize)
          return ZIPNN_ERROR_CORRUPT_INDEX;
        if (header_.content_size != kUnknownContentSize && content_ != header_.content_size)
          return ZIPNN_ERROR_CORRUPT_INDEX;
        footer_sum_.Update(pending_.data(), kIndexHeaderSize);
        entries_left_ = ih.chunk_count;
        index_left_ = ih.chunk_count * kIndexEntrySize + ih.sections_size;
        pending_size_ = 0;
        stage_ = Stage::kIndexBody;
        break;
      }
      case Stage::kIndexBody: {
        // Entries are hashed as they pass, so they need not be stored.
        while (entries_left_ > 0) {
          if (!Gather(in, kIndexEntrySize)) return ZIPNN_OK;
          actual_index_.Update(pending_.data(), kIndexEntrySize);
          footer_sum_.Update(pending_.data(), kIndexEntrySize);
          pending_size_ = 0;
          --entries_left_;
          index_left_ -= kIndexEntrySize;
        }
        if (actual_index_.Digest() != expected_index_.Digest()) return ZIPNN_ERROR_CORRUPT_INDEX;
        if (!Gather(in, static_cast<size_t>(index_left_))) return ZIPNN_OK;
        st = ParseSections(pending_.data(), index_left_, nullptr);
        if (st != ZIPNN_OK) return st;
        footer_sum_.Update(pending_.data(), static_cast<size_t>(index_left_));
        pending_size_ = 0;
        stage_ = Stage::kFooter;
        break;
      }
      case Stage::kFooter: {
        if (!Gather(in, kFooterSize)) return ZIPNN_OK;
        const Footer f = ReadFooter(pending_.data());
        footer_sum_.Update(pending_.data(), 16);
        if (f.index_offset != record_offset_ || f.content_size != content_ ||
            f.checksum != footer_sum_.Digest())
          return ZIPNN_ERROR_CORRUPT_INDEX;
        pending_size_ = 0;
        stage_ = Stage::kDone;
        break;
      }
      case Stage::kDone:
        *done = 1;
        return ZIPNN_OK;
    }
  }
}

zipnn_status DecompressStream(zipnn_dctx &dctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                              int32_t *done) {
  if (!dctx.stream) dctx.stream = std::make_unique<StreamDecompressor>(dctx.params);
  StreamDecompressor &sd = *dctx.stream;
  if (sd.failed != ZIPNN_OK) return sd.failed;  // a failed stream stays failed until reset
  int32_t finished = 0;
  const zipnn_status st = sd.Step(dctx, in, out, &finished);
  if (st != ZIPNN_OK) {
    sd.failed = st;
    return st;
  }
  if (finished) dctx.stream.reset();
  *done = finished;
  return ZIPNN_OK;
}

}  // namespace zipnn::engine
