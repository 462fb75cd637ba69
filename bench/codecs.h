// The codecs under test. Each runner compresses, decompresses, verifies the
// round trip byte for byte (dying on a mismatch) and, when asked, times both
// directions at one thread and at all threads (best of N).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common.h"
#include "results.h"
#include "zipnn.h"

namespace zipnn::bench {

struct Plan {
  bool timed = false;          // false: one untimed round trip (ratio only)
  int reps = 3;                // best of `reps` per timed direction
  int compress_reps = 3;       // may be lower for slow codecs (zstd -19)
  double rep_budget = 2.5;     // seconds per timed direction (see BestSeconds)
  bool all_threads = true;     // also time at all threads
  size_t threads = 1;          // "all threads"
};

// Buffers every runner needs; capacity from RequiredCapacity.
struct Workspace {
  Buffer comp;     // compressed output
  Buffer dec;      // decoded output (size >= input)
  Buffer scratch;  // byte planes (byte-grouped zstd), size >= input
};

// A compressed-buffer capacity that fits every codec's worst case.
size_t RequiredCapacity(size_t size);

Measure RunZipnn(const uint8_t *src, size_t size, zipnn_dtype dtype, Workspace &ws,
                 const Plan &plan, std::vector<std::string> &warnings);

// Plain zstd at `level`: one frame, ZSTD_compress2 (all threads: nbWorkers).
// zstd decodes a frame on one thread, so decompress_nt stays empty.
Measure RunZstd(int level, const uint8_t *src, size_t size, Workspace &ws, const Plan &plan);

// Byte grouping: element bytes split into planes, most significant (exponent)
// byte first, each plane one zstd frame at `level`; the trailing partial
// element is stored raw; 8 bytes per plane are counted for the plane sizes.
// All threads: planes split/merged in parallel ranges and coded in parallel.
Measure RunByteGroupedZstd(int level, size_t element_size, const uint8_t *src, size_t size,
                           Workspace &ws, const Plan &plan);

// memcpy src -> dec (the ceiling), reported as both directions.
Measure RunMemcpy(const uint8_t *src, size_t size, Workspace &ws, const Plan &plan);

std::string ZstdVersion();
bool ZstdSupportsThreads();

}  // namespace zipnn::bench
