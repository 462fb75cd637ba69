#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli.h"

namespace zipnn_cli {

bool Progress::StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

Progress::Progress(bool enabled, std::string label, uint64_t total)
    : enabled_(enabled && StderrIsTerminal()),
      label_(std::move(label)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  Draw(done);
}

void Progress::Draw(uint64_t done) {
  const double elapsed = std::chrono::duration<double>(last_ - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  char stats[128];
  if (total_ > 0) {
    const double frac = static_cast<double>(done) / static_cast<double>(total_);
    const double eta = rate > 0 ? static_cast<double>(total_ - std::min(done, total_)) / rate : -1;
    std::snprintf(stats, sizeof(stats), " %3d%% %10s / %-10s %7.1f MB/s  ETA %-8s",
                  static_cast<int>(frac * 100.0), FormatBytes(done).c_str(), FormatBytes(total_).c_str(),
                  rate / 1e6, FormatDuration(eta).c_str());
  } else {
    std::snprintf(stats, sizeof(stats), " %10s %7.1f MB/s", FormatBytes(done).c_str(), rate / 1e6);
  }
  struct winsize ws;
  size_t width = 80;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) width = ws.ws_col;
  const std::string stat_text(stats);
  // The label first (up to 32 columns), then a bar in what room is left.
  const size_t room = width > stat_text.size() + 1 ? width - stat_text.size() - 1 : 0;
  std::string label = label_;
  const size_t label_width = std::min({label.size(), room, size_t{32}});
  if (label.size() > label_width)
    label = label_width > 3 ? "..." + label.substr(label.size() - (label_width - 3)) : "";
  std::string bar;
  const size_t bar_room = room > label.size() + 3 ? room - label.size() - 3 : 0;
  if (total_ > 0 && bar_room >= 10) {
    const size_t bar_width = std::min<size_t>(30, bar_room);
    const auto filled = static_cast<size_t>(static_cast<double>(bar_width) *
                                            std::min(1.0, static_cast<double>(done) / static_cast<double>(total_)));
    bar = " [" + std::string(filled, '#') + std::string(bar_width - filled, '.') + "]";
  }
  std::fprintf(stderr, "\r%s%s%s\x1b[K", label.c_str(), bar.c_str(), stat_text.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (drawn_) {
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }
  enabled_ = false;
}

}  // namespace zipnn_cli
