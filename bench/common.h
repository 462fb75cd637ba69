// Shared helpers of the benchmark: page-aligned buffers, a fork-join
// parallel loop, best-of-N timing and the abort-on-mismatch check.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace zipnn::bench {

// Prints "zipnn_bench: <message>" to stderr and exits with status 2.
[[noreturn]] void Die(const std::string &message);

// A page-aligned heap buffer that is touched (every page written) when it is
// allocated, so that no page fault lands inside a timed region.
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t size);
  ~Buffer();
  Buffer(Buffer &&other) noexcept;
  Buffer &operator=(Buffer &&other) noexcept;
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;

  uint8_t *data() { return data_; }
  const uint8_t *data() const { return data_; }
  size_t size() const { return size_; }
  void Reset();

 private:
  uint8_t *data_ = nullptr;
  size_t size_ = 0;
};

// Runs fn(begin, end) on `threads` threads over [0, n), in contiguous ranges
// whose boundaries are multiples of `grain`. The calling thread takes part.
template <class Fn>
void ParallelFor(size_t threads, size_t n, size_t grain, Fn &&fn);

// Number of hardware threads (at least 1).
size_t HardwareThreads();

// Seconds of the fastest of up to `reps` calls of fn(), timed with
// steady_clock. After the first call, repetitions stop once they have taken
// `budget` seconds in all (budget <= 0: always `reps`), so that slow reference
// codecs on 1 GiB inputs do not dominate the run time.
template <class Fn>
double BestSeconds(int reps, double budget, Fn &&fn) {
  double best = std::numeric_limits<double>::infinity();
  double total = 0;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    const auto t1 = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(t1 - t0).count();
    if (s < best) best = s;
    total += s;
    if (budget > 0 && total >= budget) break;
  }
  return best;
}

// GB/s (10^9 bytes per second) of `bytes` processed in `seconds`.
inline double GBps(uint64_t bytes, double seconds) {
  return static_cast<double>(bytes) / seconds / 1e9;
}

// Aborts the benchmark when a round trip is not byte-exact.
void VerifySame(const uint8_t *expected, const uint8_t *actual, size_t size,
                const std::string &what);

// 64-bit hash of a buffer (xxh3), to compare frames without keeping copies.
uint64_t Hash64(const uint8_t *data, size_t size);

}  // namespace zipnn::bench

#include "parallel_for.inl"
