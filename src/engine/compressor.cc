// One-shot compression: chunks are coded in parallel batches and written in order.
#include <zstd.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <string_view>
#include <cstring>
#include <vector>

#include "codec/chunk_codec.h"
#include "codec/stream_codec.h"
#include "engine/chunk_plan.h"
#include "engine/engine.h"
#include "engine/frame_io.h"
#include "engine/phase.h"
#include "engine/stream_compressor.h"
#include "engine/stream_decompressor.h"
#include "util/checked.h"
#include "util/endian.h"

namespace zipnn::engine {

using namespace format;

size_t Workers::Prepare(int64_t threads) {
  size_t n = threads <= 0 ? ThreadPool::HardwareThreads() : static_cast<size_t>(threads);
  pool_.Resize(n);
  if (scratch_.size() < n) scratch_.resize(n);
  return n;
}

// ------------------------------------------------------------------ planning

void ChunkPlanner::SetTensors(tensor::SafetensorsLayout layout) {
  regions_.clear();
  regions_.push_back({0, layout.data_offset, ZIPNN_DTYPE_BYTES});
  uint64_t at = layout.data_offset;
  for (const tensor::TensorSpec &t : layout.tensors) {
    if (t.begin > at) regions_.push_back({at, t.begin, ZIPNN_DTYPE_BYTES});
    if (t.end == t.begin) continue;
    // Small tensors share a region with their contiguous predecessor: 88 bytes
    // of chunk header and index entry, and a code table, per tiny tensor cost
    // more than separate statistics gain. A tiny tensor joins its predecessor
    // whatever the dtype (e.g. a LayerNorm F32 vector between F16 matrices).
    Region &prev = regions_.back();
    const uint64_t size = t.end - t.begin, prev_size = prev.end - prev.begin;
    const bool contiguous = regions_.size() > 1 && prev.end == t.begin;
    if (contiguous && (size < kSmallTensor || (prev.dtype == t.dtype && prev_size < kSmallTensor))) {
      if (prev_size < kSmallTensor && size >= kSmallTensor) prev.dtype = t.dtype;  // the larger one decides
      prev.end = t.end;
    } else {
      regions_.push_back({t.begin, t.end, t.dtype});
    }
    at = std::max(at, t.end);
  }
  regions_.push_back({at, UINT64_MAX, ZIPNN_DTYPE_BYTES});
  tensors_ = std::make_unique<tensor::SafetensorsLayout>(std::move(layout));
}

ChunkSpec ChunkPlanner::Next(uint64_t offset, uint64_t limit, bool final, const uint8_t *data) const {
  uint64_t region_end = UINT64_MAX;
  zipnn_dtype dtype = dtype_;
  if (!regions_.empty()) {
    // The last region whose begin <= offset.
    auto it = std::upper_bound(regions_.begin(), regions_.end(), offset,
                               [](uint64_t off, const Region &r) { return off < r.begin; });
    --it;
    region_end = it->end;
    dtype = it->dtype;
  }
  uint64_t size = std::min<uint64_t>(chunk_size_, region_end - offset);
  if (base_) {
    // Chunks also end where delta mappings begin or end, so that every chunk
    // is either wholly XOR-coded or not at all.
    auto it = std::upper_bound(delta_.maps.begin(), delta_.maps.end(), offset,
                               [](uint64_t off, const DeltaMapping &m) { return off < m.begin; });
    if (it != delta_.maps.begin()) {
      const DeltaMapping &m = *(it - 1);
      if (offset - m.begin < m.size) size = std::min(size, m.size - (offset - m.begin));
    }
    if (it != delta_.maps.end()) size = std::min(size, it->begin - offset);
  }
  if (size > limit - offset) {
    if (!final) return {offset, 0, dtype};
    size = limit - offset;
  }
  if (data && regions_.empty() && dtype == ZIPNN_DTYPE_BYTES && !base_)
    size = CutForPhase(data, offset, static_cast<uint32_t>(size), kMinChunkSize);
  return {offset, static_cast<uint32_t>(size), dtype};
}

void DetectTensors(const CompressParams &p, const uint8_t *prefix, size_t available, ChunkPlanner *plan) {
  if (!p.tensor_aware) return;
  tensor::SafetensorsLayout layout;
  if (!tensor::ParseSafetensorsHeader(prefix, available, &layout)) return;
  plan->SetTensors(std::move(layout));
}

void PlanDelta(const CompressParams &p, uint64_t content_size, ChunkPlanner *plan) {
  if (!p.delta_base) return;
  DeltaRecord d;
  d.base_size = p.delta_base_size;
  d.base_fingerprint = BaseFingerprint(p.delta_base, p.delta_base_size);
  tensor::SafetensorsLayout base_layout;
  if (plan->tensors() && tensor::ParseSafetensorsHeader(p.delta_base, p.delta_base_size, &base_layout) &&
      tensor::TensorsFit(base_layout, p.delta_base_size)) {
    std::map<std::string_view, const tensor::TensorSpec *> by_name;
    for (const tensor::TensorSpec &t : base_layout.tensors) by_name[t.name] = &t;
    for (const tensor::TensorSpec &t : plan->tensors()->tensors) {
      auto it = by_name.find(t.name);
      if (it == by_name.end() || t.end == t.begin) continue;
      const tensor::TensorSpec &b = *it->second;
      if (b.dtype_name != t.dtype_name || b.end - b.begin != t.end - t.begin) continue;
      if (!d.maps.empty() && d.maps.back().begin + d.maps.back().size == t.begin &&
          d.maps.back().base + d.maps.back().size == b.begin)
        d.maps.back().size += t.end - t.begin;  // contiguous in both files: one mapping
      else
        d.maps.push_back({t.begin, t.end - t.begin, b.begin});
    }
  } else {
    const uint64_t n = std::min<uint64_t>(content_size, p.delta_base_size);
    if (n > 0) d.maps.push_back({0, n, 0});
  }
  plan->SetDelta(std::move(d), p.delta_base);
}

std::vector<uint8_t> MakeSections(const ChunkPlanner &plan, uint64_t content_size) {
  const tensor::SafetensorsLayout *t = plan.tensors();
  if (!t || !tensor::TensorsFit(*t, content_size)) return {};
  const std::vector<uint8_t> payload = tensor::EncodeTensorIndex(*t);
  uint8_t header[kSectionHeaderSize];
  StoreLE32(header, kSectionTensorIndex);
  StoreLE32(header + 4, 0);  // optional: a decoder may skip it
  StoreLE64(header + 8, payload.size());
  std::vector<uint8_t> out(header, header + kSectionHeaderSize);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

// ------------------------------------------------------------------- coding

size_t CompressBound(size_t n) {
  // Every record is at most its header plus its decoded bytes; chunks are at
  // least kMinChunkSize bytes, except partial ones (see docs/FORMAT.md); the
  // frame adds a header, an index header and a footer. Tensor-aware frames
  // fall back to plain chunking when they could exceed this.
  const uint64_t chunks = n / kMinChunkSize + 2;
  const uint64_t per_chunk = kChunkHeaderSize + kIndexEntrySize;
  uint64_t total = 0;
  if (!CheckedMul<uint64_t>(chunks, per_chunk, &total)) return 0;
  if (!CheckedAdd<uint64_t>(total, n, &total)) return 0;
  // A delta base adds a record; plain chunking needs one mapping (tensor
  // plans that would need more fall back to plain chunks, TensorPlanFits),
  // whose edge the partial chunks above already allow for.
  constexpr uint64_t kOneMappingDelta = kDeltaFixedSize + kDeltaMappingSize + 8;
  if (!CheckedAdd<uint64_t>(total, kFrameHeaderSize + kIndexHeaderSize + kFooterSize + kOneMappingDelta, &total))
    return 0;
  if (total > SIZE_MAX) return 0;
  return static_cast<size_t>(total);
}

zipnn_status CompressChunks(zipnn_cctx &cctx, const ChunkPlanner &plan, const uint8_t *src,
                            uint64_t begin, uint64_t limit, bool final, ChunkSink &sink,
                            uint64_t *end_out, int zstd_level) {
  const CompressParams &p = cctx.params;
  const size_t threads = cctx.workers.Prepare(p.threads);
  const int level = zstd_level > 0 ? zstd_level : p.zstd_level;
  std::vector<ChunkSpec> specs;
  uint64_t off = begin;
  *end_out = begin;
  while (off < limit) {
    // Batches of a few chunks per thread bound the memory of the slots.
    specs.clear();
    // With several threads, at least 8 MiB per thread when chunks are
    // small, so the batch's last record (coded while others wait) is a small
    // part of it.
    size_t batch_bytes = 0;
    while (off < limit && (specs.size() < threads * 2 ||
                           (threads > 1 && specs.size() < threads * 8 && batch_bytes < threads * (8u << 20)))) {
      const ChunkSpec c = plan.Next(off, limit, final, src + (off - begin));
      if (c.size == 0) break;
      specs.push_back(c);
      batch_bytes += c.size;
      off += c.size;
    }
    if (specs.empty()) break;
    // One chunk, XORed with its base range first if it lies in a delta mapping.
    auto encode = [&](const ChunkSpec &c, WorkerScratch &ws, uint8_t *out) {
      const uint8_t *content = src + (c.offset - begin);
      const DeltaMapping *m = plan.delta() ? plan.delta()->Find(c.offset, c.size) : nullptr;
      if (!m) return codec::EncodeChunk(content, c.size, c.dtype, level, ws, out);
      uint8_t *x = ws.delta.Reserve(c.size);
      codec::XorBytes(x, content, plan.base() + m->base + (c.offset - m->begin), c.size);
      return codec::EncodeChunk(x, c.size, c.dtype, level, ws, out, content);
    };
    if (threads == 1 || specs.size() == 1) {
      WorkerScratch &ws = cctx.workers.scratch(0);
      for (const ChunkSpec &c : specs) {
        // In place in the destination when it has room (no copy of the record).
        uint8_t *out = sink.Reserve(codec::RecordCapacity(c.size));
        if (!out) out = ws.record.Reserve(codec::RecordCapacity(c.size));
        const ChunkHeader h = encode(c, ws, out);
        const zipnn_status st = sink.Put(h, out);
        if (st != ZIPNN_OK) return st;
      }
    } else {
      std::vector<ByteBuffer> &slots = cctx.workers.slots();
      if (slots.size() < specs.size()) slots.resize(specs.size());
      std::vector<ChunkHeader> headers(specs.size());
      // Records go to the sink in order as soon as they and all before them
      // are coded, by the worker that completes the sequence, while the other
      // workers go on coding (no serial copy phase after the batch).
      // Where the sink lets records be claimed, they are copied outside the
      // lock (a worker copying a record does not hold up the other).
      std::mutex mu;
      std::vector<char> coded(specs.size(), 0);
      std::vector<uint8_t *> claimed(specs.size(), nullptr);  // where a claimed record goes
      size_t next_put = 0;
      zipnn_status put_status = ZIPNN_OK;
      cctx.workers.pool().Run(specs.size(), [&](size_t i, size_t w) {
        const ChunkSpec &c = specs[i];
        uint8_t *out = slots[i].Reserve(codec::RecordCapacity(c.size));
        headers[i] = encode(c, cctx.workers.scratch(w), out);
        size_t from, to;  // the records this worker hands over
        {
          const std::lock_guard<std::mutex> lock(mu);
          coded[i] = 1;
          from = next_put;
          for (; put_status == ZIPNN_OK && next_put < specs.size() && coded[next_put]; ++next_put) {
            put_status = sink.Claim(headers[next_put], &claimed[next_put]);
            if (put_status == ZIPNN_OK && !claimed[next_put])
              put_status = sink.Put(headers[next_put], slots[next_put].data());
          }
          to = next_put;
        }
        for (size_t k = from; k < to; ++k)
          if (claimed[k])
            std::memcpy(claimed[k], slots[k].data(), kChunkHeaderSize + static_cast<size_t>(headers[k].PayloadSize()));
      });
      if (put_status != ZIPNN_OK) return put_status;
    }
    *end_out = off;
  }
  return ZIPNN_OK;
}

namespace {

// Writes records straight into the caller's buffer, and notes how much of the
// payload went into chunks that zipnn codes as plain bytes (no float layout).
class BufferSink final : public ChunkSink {
 public:
  BufferSink(uint8_t *dst, size_t capacity, size_t pos) : dst_(dst), cap_(capacity), pos_(pos) {}
  zipnn_status Put(const ChunkHeader &h, const uint8_t *record) override {
    const size_t size = kChunkHeaderSize + static_cast<size_t>(h.PayloadSize());
    if (size > cap_ - pos_) return ZIPNN_ERROR_DST_TOO_SMALL;
    if (record != dst_ + pos_) std::memcpy(dst_ + pos_, record, size);
    Account(h, size);
    return ZIPNN_OK;
  }
  uint8_t *Reserve(size_t capacity) override { return capacity <= cap_ - pos_ ? dst_ + pos_ : nullptr; }
  zipnn_status Claim(const ChunkHeader &h, uint8_t **to) override {
    const size_t size = kChunkHeaderSize + static_cast<size_t>(h.PayloadSize());
    if (size > cap_ - pos_) return ZIPNN_ERROR_DST_TOO_SMALL;
    *to = dst_ + pos_;
    Account(h, size);
    return ZIPNN_OK;
  }
  size_t pos() const { return pos_; }
  const IndexWriter &index() const { return index_; }
  uint64_t payload() const { return payload_; }
  uint64_t opaque_payload() const { return opaque_payload_; }

 private:
  void Account(const ChunkHeader &h, size_t size) {
    index_.Add(h, pos_, decoded_);
    pos_ += size;
    decoded_ += h.decoded_size;
    payload_ += h.PayloadSize();
    if (h.layout == kLayoutBytes && h.dtype != ZIPNN_DTYPE_FP8_E4M3FN && h.dtype != ZIPNN_DTYPE_FP8_E5M2)
      opaque_payload_ += h.PayloadSize();
  }

  uint8_t *dst_;
  size_t cap_, pos_;
  uint64_t decoded_ = 0, payload_ = 0, opaque_payload_ = 0;
  IndexWriter index_;
};

// Size of the input as one zstd frame at `level` (no checksum, as zipnn's own
// zstd streams), or 0 if it could not be made.
size_t ZstdWholeSize(WorkerScratch &ws, const uint8_t *src, size_t n, int level) {
  std::vector<uint8_t> out(ZSTD_compressBound(n) + 1);
  return codec::TryZstd(src, n, out.size(), level, ws, out.data());
}

}  // namespace

bool TensorPlanFits(const ChunkPlanner &plan, uint64_t n, size_t sections) {
  const uint64_t per_chunk = kChunkHeaderSize + kIndexEntrySize;
  const uint64_t bound_chunks = n / kMinChunkSize + 2;
  uint64_t chunks = 0;
  for (uint64_t off = 0; off < n; ++chunks) {
    if (chunks > bound_chunks) return false;
    off += plan.Next(off, n, true).size;
  }
  return chunks * per_chunk + sections <= bound_chunks * per_chunk;
}

void MakeFrameHeader(const CompressParams &p, uint64_t content_size, bool delta,
                     uint8_t out[kFrameHeaderSize]) {
  FrameHeader h;
  if (delta) h.flags |= kFlagDelta;
  h.content_size = content_size;
  h.chunk_size = p.chunk_size;
  h.dtype = static_cast<uint8_t>(p.dtype);
  h.element_size = static_cast<uint8_t>(zipnn_dtype_size(p.dtype));
  WriteFrameHeader(h, out);
}

zipnn_status CompressFrame(zipnn_cctx &cctx, const uint8_t *src, size_t src_size, uint64_t declared_size,
                           uint8_t *dst, size_t dst_capacity, size_t *dst_size) {
  if (dst_capacity < kFrameHeaderSize) return ZIPNN_ERROR_DST_TOO_SMALL;
  // The zstd guard below may replace a first frame by a smaller one: a
  // destination that fits only the final frame must not make the first pass
  // fail or change the choice. Small inputs with less room than the bound are
  // coded into scratch memory first, so the result never depends on it.
  const size_t bound = CompressBound(src_size);
  if (src_size <= kWholeInputMax && dst_capacity < bound) {
    std::vector<uint8_t> whole(bound);
    size_t n = 0;
    const zipnn_status st = CompressFrame(cctx, src, src_size, declared_size, whole.data(), whole.size(), &n);
    if (st != ZIPNN_OK) return st;
    if (n > dst_capacity) return ZIPNN_ERROR_DST_TOO_SMALL;
    std::memcpy(dst, whole.data(), n);
    *dst_size = n;
    return ZIPNN_OK;
  }
  ChunkPlanner plan(cctx.params);
  DetectTensors(cctx.params, src, src_size, &plan);
  std::vector<uint8_t> sections = MakeSections(plan, src_size);
  PlanDelta(cctx.params, src_size, &plan);
  const size_t delta_size = plan.delta() ? plan.delta()->Size() : 0;
  if (plan.tensors() && !TensorPlanFits(plan, src_size, sections.size() + delta_size)) {
    plan = ChunkPlanner(cctx.params);  // many tiny tensors: plain chunks instead
    sections.clear();
    PlanDelta(cctx.params, src_size, &plan);
  }
  const DeltaRecord *delta = plan.delta();
  MakeFrameHeader(cctx.params, declared_size, delta != nullptr, dst);
  size_t pos = kFrameHeaderSize;
  if (delta != nullptr) {
    const size_t size = delta->Size();
    if (size > dst_capacity - pos) return ZIPNN_ERROR_DST_TOO_SMALL;
    WriteDeltaRecord(*delta, dst + pos);
    pos += size;
  }
  BufferSink sink(dst, dst_capacity, pos);
  uint64_t end = 0;
  zipnn_status st = CompressChunks(cctx, plan, src, 0, src_size, true, sink, &end);
  if (st != ZIPNN_OK) return st;
  const size_t index_size = sink.index().Size(sections.size());
  if (index_size > dst_capacity - sink.pos()) return ZIPNN_ERROR_DST_TOO_SMALL;
  sink.index().Write(dst, sink.pos(), src_size, sections.data(), sections.size(), dst + sink.pos());
  *dst_size = sink.pos() + index_size;

  // The zstd guard (small inputs only, so the extra passes stay cheap). A frame
  // whose payload is mostly plain bytes (opaque dtypes, containers, quantized
  // blocks) is coded about as zstd codes it, chunk by chunk; with the framing
  // (chunk headers, index) and the matches lost at chunk edges it can come out
  // larger than zstd at the same level would make the whole input. Then the
  // chunks are coded again with zstd's strongest regular level, and the tensor
  // index is left out if the frame still does not fit under that reference
  // with it. Both are encoder choices within format v1.
  const uint64_t payload = sink.payload();
  if (src_size > kWholeInputMax || payload == 0 || 2 * sink.opaque_payload() < payload) return ZIPNN_OK;
  const int level = cctx.params.zstd_level;
  const size_t reference = ZstdWholeSize(cctx.workers.scratch(0), src, src_size, level);
  if (reference == 0 || *dst_size <= reference) return ZIPNN_OK;

  // Candidates: 0 = as coded, 1 = as coded without the tensor index, 2 and 3 =
  // coded again at kThoroughZstdLevel, with and without the index.
  size_t sizes[4] = {*dst_size, SIZE_MAX, SIZE_MAX, SIZE_MAX};
  if (!sections.empty()) sizes[1] = sink.pos() + sink.index().Size(0);
  std::vector<uint8_t> again;
  size_t again_chunks_end = 0;
  IndexWriter again_index;
  if (level < kThoroughZstdLevel) {
    again.resize(pos + CompressBound(src_size));
    std::memcpy(again.data(), dst, pos);  // frame header and delta record
    BufferSink sink2(again.data(), again.size(), pos);
    st = CompressChunks(cctx, plan, src, 0, src_size, true, sink2, &end, kThoroughZstdLevel);
    if (st != ZIPNN_OK) return st;
    again_chunks_end = sink2.pos();
    again_index = sink2.index();
    sizes[2] = again_chunks_end + again_index.Size(sections.size());
    if (!sections.empty()) sizes[3] = again_chunks_end + again_index.Size(0);
  }
  // The smallest frame that keeps the tensor index and fits under the
  // reference, else the smallest of all.
  int pick = sizes[2] <= reference ? 2 : 0;
  if (sizes[pick] > reference)
    for (int i = 1; i < 4; ++i)
      if (sizes[i] < sizes[pick]) pick = i;
  if (pick == 0) return ZIPNN_OK;
  // (dst has room for the bound here, so for any candidate.)
  if (sizes[pick] > dst_capacity) return ZIPNN_ERROR_INTERNAL;
  if (pick == 1) {
    sink.index().Write(dst, sink.pos(), src_size, nullptr, 0, dst + sink.pos());
  } else {
    std::memcpy(dst + pos, again.data() + pos, again_chunks_end - pos);
    const size_t s = pick == 2 ? sections.size() : 0;
    again_index.Write(dst, again_chunks_end, src_size, sections.data(), s, dst + again_chunks_end);
  }
  *dst_size = sizes[pick];
  return ZIPNN_OK;
}

zipnn_status Compress(zipnn_cctx &cctx, const uint8_t *src, size_t src_size, uint8_t *dst,
                      size_t dst_capacity, size_t *dst_size) {
  if (cctx.stream) return ZIPNN_ERROR_STAGE_WRONG;
  return CompressFrame(cctx, src, src_size, src_size, dst, dst_capacity, dst_size);
}

}  // namespace zipnn::engine

zipnn_cctx::zipnn_cctx() = default;
zipnn_cctx::~zipnn_cctx() = default;
zipnn_dctx::zipnn_dctx() = default;
zipnn_dctx::~zipnn_dctx() = default;
