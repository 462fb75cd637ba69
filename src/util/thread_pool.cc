#include "util/thread_pool.h"

namespace zipnn {

ThreadPool::~ThreadPool() { Stop(); }

size_t ThreadPool::HardwareThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

void ThreadPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto &t : workers_) t.join();
  workers_.clear();
  stop_ = false;
}

void ThreadPool::Resize(size_t threads) {
  if (threads < 1) threads = 1;
  if (threads == this->threads()) return;
  Stop();
  workers_.reserve(threads - 1);
  for (size_t w = 1; w < threads; ++w) workers_.emplace_back([this, w] { WorkerLoop(w); });
}

void ThreadPool::Drain(size_t worker) {
  for (;;) {
    const size_t i = next_.fetch_add(1, std::memory_order_relaxed);
    if (i >= items_) return;
    (*task_)(i, worker);
  }
}

void ThreadPool::WorkerLoop(size_t worker) {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    Drain(worker);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (--active_ == 0) done_.notify_one();
    }
  }
}

void ThreadPool::Run(size_t items, const Task &task) {
  if (items == 0) return;
  if (items == 1 || workers_.empty()) {
    for (size_t i = 0; i < items; ++i) task(i, 0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    task_ = &task;
    items_ = items;
    next_.store(0, std::memory_order_relaxed);
    active_ = workers_.size();
    ++generation_;
  }
  wake_.notify_all();
  Drain(0);
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [&] { return active_ == 0; });
  task_ = nullptr;
}

}  // namespace zipnn
