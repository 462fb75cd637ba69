// What one run measures, and how it is printed (Markdown) and saved (JSON).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace zipnn::bench {

// The table's columns after "data" and "metric".
enum Codec : int {
  kZipnn,
  kZstd1,
  kZstd3,
  kZstd19,
  kByteGroupedZstd3,
  kUpstream,  // upstream ZipNN 0.5.3 C core (only with --upstream)
  kMemcpy,
  kCodecCount
};

const char *CodecName(Codec c);  // table heading
const char *CodecId(Codec c);    // JSON key

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One codec on one data set. Unmeasured values stay NaN.
struct Measure {
  bool present = false;
  uint64_t original = 0;     // bytes the ratio is computed on
  uint64_t compressed = 0;
  double compress_1t = kNaN;  // GB/s of original bytes
  double decompress_1t = kNaN;
  double compress_nt = kNaN;
  double decompress_nt = kNaN;
  std::string note;           // footnote marker text, e.g. "64 MiB slice"
  double Ratio() const {
    return present && original ? static_cast<double>(compressed) / static_cast<double>(original)
                               : kNaN;
  }
};

enum class RowKind { kFile, kGroup, kSynthetic };

struct Row {
  RowKind kind = RowKind::kFile;
  std::string name;   // file path relative to the weights dir, group name, or synthetic id
  std::string label;  // what the table shows in the "data" column
  std::string dtype;  // dominant dtype
  uint64_t bytes = 0;
  bool in_totals = false;     // files: counted in the group totals
  double bound = kNaN;        // order-0 bound (synthetic float rows)
  std::string bound_detail;   // how the bound was computed
  std::array<Measure, kCodecCount> m;
};

struct RunInfo {
  std::string command;
  std::string date_utc;
  std::string cpu;
  size_t hardware_threads = 0;
  std::string zipnn_version;
  std::string zstd_version;
  std::string load_before, load_after;
  uint64_t synthetic_bytes = 0;
  uint64_t zstd19_slice_bytes = 0;
  int reps = 0;
  double rep_budget = 0;
  bool upstream = false;
  std::string upstream_note;
  double total_seconds = 0;
  std::vector<std::string> warnings;
};

// The one side-by-side table plus its header and footnotes.
std::string FormatMarkdown(const RunInfo &info, const std::vector<Row> &rows);
std::string FormatJson(const RunInfo &info, const std::vector<Row> &rows);

}  // namespace zipnn::bench
