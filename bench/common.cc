#include "common.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <utility>

#include <xxhash.h>

namespace zipnn::bench {

void Die(const std::string &message) {
  std::fprintf(stderr, "zipnn_bench: %s\n", message.c_str());
  std::fflush(stdout);
  std::exit(2);
}

namespace {
constexpr size_t kPage = 4096;
}

Buffer::Buffer(size_t size) : size_(size) {
  const size_t rounded = (std::max<size_t>(size, 1) + kPage - 1) / kPage * kPage;
  data_ = static_cast<uint8_t *>(std::aligned_alloc(kPage, rounded));
  if (data_ == nullptr) Die("out of memory allocating " + std::to_string(size) + " bytes");
  // Touch every page now (two threads for the large ones) so timed code never faults.
  ParallelFor(HardwareThreads(), rounded, kPage,
              [this](size_t b, size_t e) { std::memset(data_ + b, 0, e - b); });
}

Buffer::~Buffer() { Reset(); }

Buffer::Buffer(Buffer &&other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

Buffer &Buffer::operator=(Buffer &&other) noexcept {
  if (this != &other) {
    Reset();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void Buffer::Reset() {
  std::free(data_);
  data_ = nullptr;
  size_ = 0;
}

size_t HardwareThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

void VerifySame(const uint8_t *expected, const uint8_t *actual, size_t size,
                const std::string &what) {
  if (std::memcmp(expected, actual, size) == 0) return;
  size_t i = 0;
  while (i < size && expected[i] == actual[i]) ++i;
  Die("ROUND TRIP MISMATCH: " + what + ": first difference at byte " + std::to_string(i) +
      " of " + std::to_string(size));
}

uint64_t Hash64(const uint8_t *data, size_t size) { return XXH3_64bits(data, size); }

}  // namespace zipnn::bench
