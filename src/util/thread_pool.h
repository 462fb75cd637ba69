// A small fixed pool of worker threads, created once per context and reused for
// every call: no thread is created per call. The calling thread takes part in
// the work, so a pool of N threads starts N-1 workers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace zipnn {

class ThreadPool {
 public:
  // Work item: (item index, worker slot in [0, threads)).
  using Task = std::function<void(size_t item, size_t worker)>;

  ThreadPool() = default;
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  // Resizes to `threads` (>= 1) total threads; starts or joins workers.
  void Resize(size_t threads);
  size_t threads() const { return workers_.size() + 1; }

  // Runs task(i, worker) for i in [0, items) and returns when all are done.
  // Items are handed out dynamically; with one item or one thread it runs
  // inline. The task must not throw.
  void Run(size_t items, const Task &task);

  // Number of hardware threads (at least 1).
  static size_t HardwareThreads();

 private:
  void WorkerLoop(size_t worker);
  void Drain(size_t worker);
  void Stop();

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const Task *task_ = nullptr;
  size_t items_ = 0;
  std::atomic<size_t> next_{0};
  size_t active_ = 0;        // workers still inside the current job
  uint64_t generation_ = 0;  // bumped per job
  bool stop_ = false;
};

}  // namespace zipnn
