// A one-line progress bar on stderr (bytes done, MB/s, ETA), drawn only when
// stderr is a terminal and not in quiet mode; a no-op otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace zipnn_cli {

class Progress {
 public:
  // `total` is the number of bytes expected, 0 when unknown (stdin).
  Progress(bool enabled, std::string label, uint64_t total);
  ~Progress() { Finish(); }
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;

  // Records `done` bytes processed; redraws at most ten times a second.
  void Update(uint64_t done);
  // Erases the bar.
  void Finish();

  // True when stderr is a terminal (the bar's precondition).
  static bool StderrIsTerminal();

 private:
  void Draw(uint64_t done);

  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace zipnn_cli
