// One stream of a chunk: a byte plane coded with one method (raw, constant,
// Huffman or zstd). The encoder decides from cheap statistics (a sampled
// entropy estimate, then the histogram) instead of encoding every method.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec/scratch.h"
#include "zipnn.h"

namespace zipnn::codec {

struct EncodeOptions {
  int zstd_level = 3;
  bool opaque = false;  // bytes of an opaque dtype: structure zstd may find
};

// One zstd frame of plane[0, n) at `level` (no checksum, content size
// declared, as every zstd stream of a frame) into out[0, limit); returns its
// size if below `limit`, else 0 (also when zstd fails).
size_t TryZstd(const uint8_t *plane, size_t n, size_t limit, int level, WorkerScratch &scratch, uint8_t *out);

// Room EncodeStream needs in `out` for a plane of n bytes.
size_t StreamCapacity(size_t n);

// Encodes plane[0, n) into out and returns the method id and encoded size
// (never more than n, except 1 byte for an empty... n == 0 gives RAW, 0 bytes).
struct EncodedStream {
  uint8_t method;
  uint32_t size;
};
// With `raw_hash`, a plane stored raw is copied and hashed in one pass and
// *raw_hash set to its Checksum64 (left alone for the other methods).
EncodedStream EncodeStream(const uint8_t *plane, uint32_t n, const EncodeOptions &opt,
                           WorkerScratch &scratch, uint8_t *out, uint64_t *raw_hash = nullptr);

// Decodes one stream into plane[0, n). For RAW the caller may instead use the
// stream bytes in place (see DecodeChunk).
zipnn_status DecodeStream(uint8_t method, const uint8_t *in, uint32_t in_size, uint8_t *plane,
                          uint32_t n, WorkerScratch &scratch);

}  // namespace zipnn::codec
