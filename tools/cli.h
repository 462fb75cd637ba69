// Shared definitions of the zipnn command-line tool: options, exit codes, the
// error value every operation returns, and messages on stderr.
#pragma once

#include <zipnn.h>

#include <cstdint>
#include <string>
#include <vector>

namespace zipnn_cli {

// Exit codes (documented in --help and docs/CLI.md). With several inputs the
// tool goes on after a failure and exits with the code of the first failure.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,     // bad command line
  kExitData = 2,      // input is not a valid .znn frame: corrupt, truncated, ...
  kExitIo = 3,        // cannot read/write/rename, output exists without -f, ...
  kExitInternal = 4,  // out of memory or a library bug
  kExitInterrupted = 130,
};

// The outcome of one operation; an empty message means success.
struct Error {
  int exit = kExitOk;
  std::string message;

  bool ok() const { return exit == kExitOk; }
  static Error Ok() { return {}; }
  static Error Usage(std::string m) { return {kExitUsage, std::move(m)}; }
  static Error Data(std::string m) { return {kExitData, std::move(m)}; }
  static Error Io(std::string m) { return {kExitIo, std::move(m)}; }
  static Error Internal(std::string m) { return {kExitInternal, std::move(m)}; }
  // Error from a library status; `what` says what was being done.
  static Error FromStatus(zipnn_status st, const std::string &what);
  // Error from errno; `what` names the file or the operation.
  static Error FromErrno(int err, const std::string &what);
};

enum class Command { kCompress, kDecompress, kInfo, kVerify, kBench };

struct Options {
  Command command = Command::kCompress;
  std::vector<std::string> inputs;  // "-" is stdin
  std::string output;               // -o
  bool to_stdout = false;           // -c
  bool remove_source = false;       // --rm (-k, the default, clears it)
  bool force = false;               // -f
  bool recursive = false;           // -r
  int verbosity = 1;                // 0 with -q, 2+ with -v
  int64_t threads = 0;              // -T; 0 = all cores
  int64_t chunk_size = -1;          // --chunk-size; -1 = library default
  int64_t zstd_level = -1;          // --zstd-level; -1 = library default
  zipnn_dtype dtype = -1;           // --dtype; -1 = auto
  bool tensor_aware = true;         // --no-tensor-aware clears it
  bool progress = true;             // --no-progress clears it
  std::string delta_base;           // --delta-base FILE: code against this base
  double bench_seconds = 1.0;       // bench: minimum time per measurement
};

// Program name for messages ("zipnn").
extern const char *const kProgram;

// Prints "zipnn: <message>" on stderr.
void PrintError(const std::string &message);
// Prints "zipnn: <where>: <message>" and returns e.exit.
int Report(const std::string &where, const Error &e);
// Prints to stderr when opts.verbosity >= level.
void Log(const Options &opts, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

// Human-readable sizes and durations ("1.50 MiB", "0:42").
std::string FormatBytes(uint64_t bytes);
std::string FormatDuration(double seconds);

// Worker threads the library will use for `requested` (0 = all cores).
unsigned EffectiveThreads(int64_t requested);

}  // namespace zipnn_cli
