// One-shot and random-access decompression, and frame inspection.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

#include "engine/engine.h"
#include "engine/frame_io.h"

namespace zipnn::engine {

using namespace format;

namespace {

// Decodes chunks [first, last] of a parsed frame in parallel. Chunk i is
// written by `target(i)`, which returns where its decoded bytes go and may
// ask for a bounce buffer (returns nullptr) when only part of the chunk is
// wanted; `partial(i, bytes)` then receives the whole decoded chunk.
template <typename Target, typename Partial>
zipnn_status DecodeChunks(zipnn_dctx &dctx, const FrameView &v, uint64_t first, uint64_t last,
                          Target target, Partial partial) {
  const size_t count = static_cast<size_t>(last - first + 1);
  dctx.workers.Prepare(dctx.params.threads);
  std::atomic<uint64_t> failed_at{UINT64_MAX};
  std::vector<zipnn_status> status(count, ZIPNN_OK);
  dctx.workers.pool().Run(count, [&](size_t k, size_t w) {
    const uint64_t i = first + k;
    // Chunks after a failed one are skipped; the lowest failing chunk is
    // always decoded, so the error reported does not depend on threads.
    if (failed_at.load(std::memory_order_relaxed) < i) return;
    WorkerScratch &ws = dctx.workers.scratch(w);
    const IndexEntry e = v.Entry(i);
    uint8_t *dst = target(i, e);
    uint8_t *bounce = nullptr;
    if (!dst) dst = bounce = ws.record.Reserve(e.chunk.decoded_size);
    status[k] = DecodeIndexedChunk(v, e, dst, dctx.params.verify, ws, dctx.params.delta_base);
    if (status[k] == ZIPNN_OK) {
      if (bounce) partial(i, e, bounce);
      return;
    }
    uint64_t prev = failed_at.load();
    while (i < prev && !failed_at.compare_exchange_weak(prev, i)) {
    }
  });
  for (const zipnn_status st : status)
    if (st != ZIPNN_OK) return st;
  return ZIPNN_OK;
}

}  // namespace

zipnn_status Decompress(zipnn_dctx &dctx, const uint8_t *src, size_t src_size, uint8_t *dst,
                        size_t dst_capacity, size_t *dst_size) {
  FrameView v;
  zipnn_status st = ParseFrame(src, src_size, &v);
  if (st != ZIPNN_OK) return st;
  st = CheckDeltaBase(v, dctx.params.delta_base, dctx.params.delta_base_size);
  if (st != ZIPNN_OK) return st;
  if (v.content_size > dctx.params.max_decoded_size) return ZIPNN_ERROR_SIZE_LIMIT;
  if (v.content_size > dst_capacity) return ZIPNN_ERROR_DST_TOO_SMALL;
  if (v.chunk_count > 0) {
    st = DecodeChunks(
        dctx, v, 0, v.chunk_count - 1,
        [&](uint64_t, const IndexEntry &e) { return dst + e.decoded_offset; },
        [](uint64_t, const IndexEntry &, const uint8_t *) {});
    if (st != ZIPNN_OK) return st;
  }
  *dst_size = static_cast<size_t>(v.content_size);
  return ZIPNN_OK;
}

zipnn_status DecompressRange(zipnn_dctx &dctx, const uint8_t *src, size_t src_size, uint64_t offset,
                             uint64_t length, uint8_t *dst, size_t dst_capacity, size_t *dst_size) {
  FrameView v;
  zipnn_status st = ParseFrame(src, src_size, &v);
  if (st != ZIPNN_OK) return st;
  // The request is checked against the frame first: a range outside the
  // content is RANGE whether or not a delta frame's base is given.
  if (offset > v.content_size || length > v.content_size - offset) return ZIPNN_ERROR_RANGE;
  st = CheckDeltaBase(v, dctx.params.delta_base, dctx.params.delta_base_size);
  if (st != ZIPNN_OK) return st;
  if (length > dctx.params.max_decoded_size) return ZIPNN_ERROR_SIZE_LIMIT;
  if (length > dst_capacity) return ZIPNN_ERROR_DST_TOO_SMALL;
  if (length > 0) {
    const uint64_t end = offset + length;
    const uint64_t first = v.ChunkAt(offset), last = v.ChunkAt(end - 1);
    // Chunks cut by the range are decoded whole into scratch: they too must
    // fit the caller's cap, so memory stays bounded by it.
    for (const uint64_t i : {first, last})
      if (v.Entry(i).chunk.decoded_size > dctx.params.max_decoded_size) return ZIPNN_ERROR_SIZE_LIMIT;
    st = DecodeChunks(
        dctx, v, first, last,
        [&](uint64_t, const IndexEntry &e) -> uint8_t * {
          const bool whole = e.decoded_offset >= offset && e.decoded_offset + e.chunk.decoded_size <= end;
          return whole ? dst + (e.decoded_offset - offset) : nullptr;
        },
        [&](uint64_t, const IndexEntry &e, const uint8_t *bytes) {
          const uint64_t from = std::max(offset, e.decoded_offset);
          const uint64_t to = std::min(end, e.decoded_offset + e.chunk.decoded_size);
          std::memcpy(dst + (from - offset), bytes + (from - e.decoded_offset), to - from);
        });
    if (st != ZIPNN_OK) return st;
  }
  *dst_size = static_cast<size_t>(length);
  return ZIPNN_OK;
}

zipnn_status FrameInfo(const uint8_t *src, size_t src_size, zipnn_frame_info *info) {
  FrameView v;
  const zipnn_status st = ParseFrame(src, src_size, &v);
  if (st != ZIPNN_OK) return st;
  zipnn_frame_info fi;
  std::memset(&fi, 0, sizeof(fi));
  fi.content_size = v.content_size;
  fi.frame_size = v.size;
  fi.chunk_count = v.chunk_count;
  fi.tensor_count = v.tensor_count;
  fi.format_version = v.header.version;
  fi.chunk_size = v.header.chunk_size;
  fi.dtype = v.header.dtype;
  fi.element_size = v.header.element_size;
  fi.flags = v.header.flags;
  for (uint64_t i = 0; i < v.chunk_count; ++i) {
    const IndexEntry e = v.Entry(i);
    for (size_t s = 0; s < e.chunk.stream_count; ++s) {
      ++fi.method_streams[e.chunk.methods[s]];
      fi.method_bytes[e.chunk.methods[s]] += e.chunk.stream_sizes[s];
    }
    fi.dtype_bytes[e.chunk.dtype] += e.chunk.decoded_size;
  }
  *info = fi;
  return ZIPNN_OK;
}

}  // namespace zipnn::engine
