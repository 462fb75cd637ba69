// Template body of ParallelFor (included by common.h).
#pragma once

#include <algorithm>
#include <thread>
#include <vector>

namespace zipnn::bench {

template <class Fn>
void ParallelFor(size_t threads, size_t n, size_t grain, Fn &&fn) {
  if (grain == 0) grain = 1;
  const size_t units = (n + grain - 1) / grain;
  threads = std::max<size_t>(1, std::min(threads, units));
  if (threads == 1) {
    fn(size_t{0}, n);
    return;
  }
  const size_t per = (units + threads - 1) / threads;
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) {
    const size_t begin = std::min(n, t * per * grain);
    const size_t end = std::min(n, (t + 1) * per * grain);
    pool.emplace_back([&fn, begin, end] { fn(begin, end); });
  }
  fn(size_t{0}, std::min(n, per * grain));
  for (std::thread &th : pool) th.join();
}

}  // namespace zipnn::bench
