// The objects behind the opaque zipnn_cctx / zipnn_dctx handles.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "codec/scratch.h"
#include "format/frame.h"
#include "util/thread_pool.h"
#include "zipnn.h"

namespace zipnn::engine {

struct CompressParams {
  zipnn_dtype dtype = ZIPNN_DTYPE_BYTES;
  int64_t threads = 0;  // 0: all hardware threads
  uint32_t chunk_size = format::kDefaultChunkSize;
  int zstd_level = 3;
  bool tensor_aware = true;
  int64_t content_size = -1;  // pledged size for streaming, -1: unknown
  const uint8_t *delta_base = nullptr;  // caller's buffer; null: no delta coding
  size_t delta_base_size = 0;
};

struct DecompressParams {
  int64_t threads = 0;
  uint64_t max_decoded_size = INT64_MAX;
  bool verify = true;
  const uint8_t *delta_base = nullptr;
  size_t delta_base_size = 0;
};

// A thread pool and one scratch area per thread, sized on demand.
class Workers {
 public:
  // Makes sure `threads` (0 = hardware threads) are available and returns how
  // many will be used.
  size_t Prepare(int64_t threads);
  ThreadPool &pool() { return pool_; }
  WorkerScratch &scratch(size_t worker) { return scratch_[worker]; }
  // Output slots of one parallel batch of chunks.
  std::vector<ByteBuffer> &slots() { return slots_; }

 private:
  ThreadPool pool_;
  std::vector<WorkerScratch> scratch_;
  std::vector<ByteBuffer> slots_;
};

class StreamCompressor;
class StreamDecompressor;

}  // namespace zipnn::engine

struct zipnn_cctx {
  zipnn::engine::CompressParams params;
  zipnn::engine::Workers workers;
  std::unique_ptr<zipnn::engine::StreamCompressor> stream;  // null when no stream is open
  zipnn_cctx();
  ~zipnn_cctx();
};

struct zipnn_dctx {
  zipnn::engine::DecompressParams params;
  zipnn::engine::Workers workers;
  std::unique_ptr<zipnn::engine::StreamDecompressor> stream;
  zipnn_dctx();
  ~zipnn_dctx();
};
