#include "cli.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <thread>

namespace zipnn_cli {

const char *const kProgram = "zipnn";

Error Error::FromStatus(zipnn_status st, const std::string &what) {
  std::string m = what + ": " + zipnn_status_message(st) + " (" + zipnn_status_name(st) + ")";
  if (st >= 20 && st < 40) return Data(std::move(m));
  return Internal(std::move(m));
}

Error Error::FromErrno(int err, const std::string &what) {
  return Io(what + ": " + std::strerror(err));
}

void PrintError(const std::string &message) {
  std::fprintf(stderr, "%s: %s\n", kProgram, message.c_str());
}

int Report(const std::string &where, const Error &e) {
  if (!e.ok()) {
    if (where.empty()) PrintError(e.message);
    else PrintError(where + ": " + e.message);
  }
  return e.exit;
}

void Log(const Options &opts, int level, const char *fmt, ...) {
  if (opts.verbosity < level) return;
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
}

std::string FormatBytes(uint64_t bytes) {
  static const char *const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = static_cast<double>(bytes);
  size_t u = 0;
  while (v >= 1024.0 && u + 1 < sizeof(kUnits) / sizeof(kUnits[0])) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof(buf), "%llu B", static_cast<unsigned long long>(bytes));
  else std::snprintf(buf, sizeof(buf), "%.2f %s", v, kUnits[u]);
  return buf;
}

std::string FormatDuration(double seconds) {
  if (!(seconds >= 0) || seconds > 360000) return "--:--";
  const auto s = static_cast<unsigned long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof(buf), "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof(buf), "%lu:%02lu", s / 60, s % 60);
  return buf;
}

unsigned EffectiveThreads(int64_t requested) {
  if (requested > 0) return static_cast<unsigned>(requested);
  const unsigned hw = std::thread::hardware_concurrency();
  return hw ? hw : 1;
}

}  // namespace zipnn_cli
