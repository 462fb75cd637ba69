// zipnn_bench: zipnn side by side with zstd -1/-3/-19, byte-grouped zstd -3,
// memcpy and (optionally) upstream ZipNN 0.5.3, on the real weight files
// (ratio) and on large synthetic tensors (ratio, bound, throughput).
// Prints one Markdown table; --json writes the same numbers. See README.md.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bound.h"
#include "codecs.h"
#include "common.h"
#include "real_files.h"
#include "results.h"
#include "synthetic.h"
#include "upstream.h"
#include "zipnn.h"

namespace zipnn::bench {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

struct Options {
  size_t synthetic_bytes = size_t{1} << 30;
  // zstd -19 runs at ~1.1 MB/s on these tensors: 64 MiB x 6 tensors would be
  // ~6 minutes alone. The data is i.i.d., so a 16 MiB slice gives the same ratio
  // (within 0.05 points of a 64 MiB slice); --zstd19-mib 64 restores it.
  size_t zstd19_slice = 16 * kMiB;
  int reps = 3;
  double rep_budget = 2.5;
  size_t threads = HardwareThreads();
  bool real = true;
  bool synthetic = true;
  std::set<std::string> only;    // synthetic ids; empty = all
  std::set<std::string> codecs;  // codec ids; empty = all
  std::string weights = ZIPNN_BENCH_WEIGHTS_DIR;
  std::string json;
  bool upstream = false;
  std::string upstream_python = "python3";
  std::string upstream_script = ZIPNN_BENCH_UPSTREAM_SCRIPT;
};

const char kUsage[] =
    "usage: zipnn_bench [--all] [--quick] [--size-mib N] [--reps N] [--rep-budget S]\n"
    "                   [--threads N] [--zstd19-mib N]\n"
    "                   [--only bf16,fp16,fp32,fp32-bf16,fp8,random] [--no-real] [--no-synthetic]\n"
    "                   [--codecs zipnn,zstd1,zstd3,zstd19,bg,memcpy]\n"
    "                   [--weights DIR] [--json PATH] [--upstream [--upstream-python PY]]\n"
    "  --all          real files and every synthetic tensor (the default)\n"
    "  --quick        64 MiB synthetic tensors instead of 1 GiB (for iteration)\n"
    "  --size-mib N   synthetic tensor size in MiB (default 1024)\n"
    "  --reps N       best of up to N timed repetitions (default 3)\n"
    "  --rep-budget S stop repeating a direction after S seconds in all (default 2.5)\n"
    "  --zstd19-mib N zstd -19 on the first N MiB of each synthetic tensor (default 16)\n"
    "  --threads N    the \"all threads\" count (default: hardware threads)\n"
    "  --codecs LIST  run only these codecs (for profiling and iteration)\n"
    "  --upstream     add upstream ZipNN 0.5.3 (needs a Python that imports zipnn_core)\n";

Options ParseOptions(int argc, char **argv) {
  Options o;
  auto value = [&](int &i) -> std::string {
    if (i + 1 >= argc) Die(std::string("missing value after ") + argv[i]);
    return argv[++i];
  };
  auto number = [&](int &i) -> long {
    const std::string v = value(i);
    char *end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (end == v.c_str() || *end != '\0' || n <= 0) Die("bad number: " + v);
    return n;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--all") {
      o.real = o.synthetic = true;
    } else if (a == "--quick") {
      o.synthetic_bytes = 64 * kMiB;
    } else if (a == "--size-mib") {
      o.synthetic_bytes = static_cast<size_t>(number(i)) * kMiB;
    } else if (a == "--zstd19-mib") {
      o.zstd19_slice = static_cast<size_t>(number(i)) * kMiB;
    } else if (a == "--rep-budget") {
      o.rep_budget = static_cast<double>(number(i));
    } else if (a == "--reps") {
      o.reps = static_cast<int>(number(i));
    } else if (a == "--threads") {
      o.threads = static_cast<size_t>(number(i));
    } else if (a == "--only") {
      std::stringstream ss(value(i));
      for (std::string id; std::getline(ss, id, ',');) o.only.insert(id);
    } else if (a == "--codecs") {
      std::stringstream ss(value(i));
      for (std::string id; std::getline(ss, id, ',');) o.codecs.insert(id);
    } else if (a == "--no-real") {
      o.real = false;
    } else if (a == "--no-synthetic") {
      o.synthetic = false;
    } else if (a == "--weights") {
      o.weights = value(i);
    } else if (a == "--json") {
      o.json = value(i);
    } else if (a == "--upstream") {
      o.upstream = true;
    } else if (a == "--upstream-python") {
      o.upstream_python = value(i);
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else {
      std::fputs(kUsage, stderr);
      Die("unknown option " + a);
    }
  }
  for (const std::string &id : o.only) {
    bool known = false;
    for (const SyntheticSpec &s : SyntheticSpecs()) known = known || id == s.name;
    if (!known) Die("unknown synthetic id " + id);
  }
  for (const std::string &id : o.codecs)
    if (id != "zipnn" && id != "zstd1" && id != "zstd3" && id != "zstd19" && id != "bg" &&
        id != "memcpy")
      Die("unknown codec id " + id);
  o.zstd19_slice = std::min(o.zstd19_slice, o.synthetic_bytes);
  return o;
}

bool Wants(const Options &o, const char *codec) {
  return o.codecs.empty() || o.codecs.count(codec) > 0;
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// One line per finished step on stderr: its wall and CPU time (CPU time shows
// what the step would take on an idle machine).
void Progress(const std::string &next_step) {
  static std::string step;
  static auto wall0 = std::chrono::steady_clock::now();
  static double cpu0 = CpuSeconds();
  const auto wall = std::chrono::steady_clock::now();
  const double cpu = CpuSeconds();
  if (!step.empty())
    std::fprintf(stderr, "[zipnn_bench] %-48s %6.1f s wall %6.1f s cpu\n", step.c_str(),
                 std::chrono::duration<double>(wall - wall0).count(), cpu - cpu0);
  std::fflush(stderr);
  step = next_step;
  wall0 = wall;
  cpu0 = cpu;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a.empty() ? "?" : a + " " + b + " " + c;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const size_t colon = line.find(':');
    return colon == std::string::npos ? line : line.substr(colon + 2);
  }
  return "unknown";
}

std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// ------------------------------------------------------------ real files
void RealFilesSection(const Options &opt, const UpstreamRunner *upstream, RunInfo &info,
                      std::vector<Row> &rows) {
  const std::vector<RealFile> files = ListRealFiles(opt.weights);
  std::fprintf(stderr, "[zipnn_bench] %zu real files in %s\n", files.size(), opt.weights.c_str());
  Plan plan;  // untimed: ratio only
  plan.threads = opt.threads;
  std::map<std::string, Row> groups;
  for (const RealFile &f : files) {
    Progress(f.rel);
    const std::vector<uint8_t> data = ReadWholeFile(f.path);
    Workspace ws{Buffer(RequiredCapacity(data.size())), Buffer(data.size()), Buffer(data.size())};
    Row r;
    r.kind = RowKind::kFile;
    r.name = r.label = f.rel;
    r.dtype = f.group;
    r.bytes = data.size();
    r.in_totals = f.in_totals;
    if (Wants(opt, "zipnn"))
      r.m[kZipnn] = RunZipnn(data.data(), data.size(), f.dtype, ws, plan, info.warnings);
    if (Wants(opt, "zstd1")) r.m[kZstd1] = RunZstd(1, data.data(), data.size(), ws, plan);
    if (Wants(opt, "zstd3") || Wants(opt, "bg"))
      r.m[kZstd3] = RunZstd(3, data.data(), data.size(), ws, plan);
    if (Wants(opt, "zstd19")) r.m[kZstd19] = RunZstd(19, data.data(), data.size(), ws, plan);
    if (Wants(opt, "bg") && f.element_size > 1) {
      r.m[kByteGroupedZstd3] =
          RunByteGroupedZstd(3, f.element_size, data.data(), data.size(), ws, plan);
    } else if (Wants(opt, "bg")) {
      r.m[kByteGroupedZstd3] = r.m[kZstd3];
      r.m[kByteGroupedZstd3].note = "=";
    }
    if (!Wants(opt, "zstd3")) r.m[kZstd3] = Measure{};
    if (upstream != nullptr && f.upstream_dtype != nullptr) {
      std::string error;
      r.m[kUpstream] = upstream->Run(f.path, f.upstream_dtype, false, 1, opt.threads, &error);
      if (!r.m[kUpstream].present)
        std::fprintf(stderr, "[zipnn_bench] upstream failed on %s: %s\n", f.rel.c_str(),
                     error.c_str());
    }
    if (f.in_totals) {
      Row &g = groups[f.group];
      g.kind = RowKind::kGroup;
      g.name = "total-" + f.group;
      g.dtype = f.group;
      g.bytes += r.bytes;
      g.in_totals = true;
      for (size_t c = 0; c < kCodecCount; ++c) {
        const Measure &m = r.m[c];
        Measure &t = g.m[c];
        if (!m.present) continue;
        t.present = true;
        t.original += m.original;
        t.compressed += m.compressed;
      }
      g.label = "total " + f.group;
    }
    rows.push_back(std::move(r));
  }
  // Per group: how many files, and which codecs covered only part of it.
  std::map<std::string, int> count;
  for (const RealFile &f : files)
    if (f.in_totals) ++count[f.group];
  for (const std::string &name : GroupOrder()) {
    auto it = groups.find(name);
    if (it == groups.end()) continue;
    Row &g = it->second;
    g.label += " (" + std::to_string(count[name]) + " files)";
    if (g.m[kUpstream].present && g.m[kUpstream].original != g.bytes) g.m[kUpstream].note = "*";
    rows.push_back(std::move(g));
  }
}

// ------------------------------------------------------------- synthetic
void SyntheticRow(const SyntheticSpec &spec, const Options &opt, const UpstreamRunner *upstream,
                  RunInfo &info, std::vector<Row> &rows) {
  const size_t size = opt.synthetic_bytes / spec.element_size * spec.element_size;
  Row r;
  r.kind = RowKind::kSynthetic;
  r.name = spec.name;
  r.label = spec.description;
  r.dtype = zipnn_dtype_name(spec.dtype);
  r.bytes = size;

  Progress(std::string(spec.name) + ": generating " + std::to_string(size >> 20) + " MiB");
  Buffer src(size);
  FillSynthetic(spec.kind, src.data(), size, opt.threads);
  const OrderZeroBound b = ComputeOrderZeroBound(spec.dtype, src.data(), size, opt.threads);
  r.bound = b.ratio;
  char detail[160];
  std::snprintf(detail, sizeof detail, "(%d raw bits + H(%d-bit exponent plane) %.4f bits) / %d",
                b.raw_bits, b.exponent_bits, b.exponent_entropy, b.total_bits);
  r.bound_detail = detail;

  Workspace ws{Buffer(RequiredCapacity(size)), Buffer(size),
               spec.element_size > 1 ? Buffer(size) : Buffer()};
  Plan plan;
  plan.timed = true;
  plan.reps = plan.compress_reps = opt.reps;
  plan.rep_budget = opt.rep_budget;
  plan.threads = opt.threads;
  plan.all_threads = opt.threads > 1;

  const std::string id = spec.name;
  if (Wants(opt, "memcpy")) {
    Progress(id + ": memcpy");
    r.m[kMemcpy] = RunMemcpy(src.data(), size, ws, plan);
  }
  if (Wants(opt, "zipnn")) {
    Progress(id + ": zipnn");
    r.m[kZipnn] = RunZipnn(src.data(), size, spec.dtype, ws, plan, info.warnings);
  }
  if (Wants(opt, "zstd1")) {
    Progress(id + ": zstd -1");
    r.m[kZstd1] = RunZstd(1, src.data(), size, ws, plan);
  }
  if (Wants(opt, "zstd3") || (Wants(opt, "bg") && spec.element_size == 1)) {
    Progress(id + ": zstd -3");
    r.m[kZstd3] = RunZstd(3, src.data(), size, ws, plan);
  }
  if (Wants(opt, "zstd19")) {
    Progress(id + ": zstd -19 on " + std::to_string(opt.zstd19_slice >> 20) + " MiB");
    Plan slow = plan;
    slow.compress_reps = 1;
    slow.all_threads = false;
    r.m[kZstd19] = RunZstd(19, src.data(), opt.zstd19_slice, ws, slow);
    r.m[kZstd19].note = "†";
  }
  if (Wants(opt, "bg") && spec.element_size > 1) {
    Progress(id + ": byte-grouped zstd -3");
    r.m[kByteGroupedZstd3] = RunByteGroupedZstd(3, spec.element_size, src.data(), size, ws, plan);
  } else if (Wants(opt, "bg")) {
    r.m[kByteGroupedZstd3] = r.m[kZstd3];
    r.m[kByteGroupedZstd3].note = "=";
  }
  if (!Wants(opt, "zstd3")) r.m[kZstd3] = Measure{};
  ws = Workspace{};  // free before the upstream helper allocates its own

  if (upstream != nullptr && spec.kind == SyntheticKind::kBf16) {
    Progress("bf16: upstream ZipNN 0.5.3");
    const std::string tmp = (std::filesystem::temp_directory_path() /
                             ("zipnn_bench_bf16_" + std::to_string(getpid()) + ".bin"))
                                .string();
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(reinterpret_cast<const char *>(src.data()), static_cast<std::streamsize>(size));
      if (!out) Die("cannot write " + tmp);
    }
    src.Reset();
    std::string error;
    r.m[kUpstream] = upstream->Run(tmp, "bfloat16", true, opt.reps, opt.threads, &error);
    std::filesystem::remove(tmp);
    if (!r.m[kUpstream].present) {
      info.warnings.push_back("upstream ZipNN failed on synthetic bf16: " + error);
    }
  }
  rows.push_back(std::move(r));
}

int Main(int argc, char **argv) {
  const auto t0 = std::chrono::steady_clock::now();
  const Options opt = ParseOptions(argc, argv);
  SelfCheckConversions();

  RunInfo info;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) info.command += ' ';
    info.command += argv[i];
  }
  info.date_utc = UtcNow();
  info.cpu = CpuModel();
  info.hardware_threads = opt.threads;
  info.zipnn_version = zipnn_version_string();
  info.zstd_version = ZstdVersion();
  info.load_before = LoadAverage();
  info.synthetic_bytes = opt.synthetic_bytes;
  info.zstd19_slice_bytes = opt.zstd19_slice;
  info.reps = opt.reps;
  info.rep_budget = opt.rep_budget;
  info.upstream = opt.upstream;
  if (!ZstdSupportsThreads()) info.warnings.push_back("libzstd built without threads");

  UpstreamRunner runner{opt.upstream_python, opt.upstream_script};
  const UpstreamRunner *upstream = nullptr;
  if (opt.upstream) {
    const std::string why = runner.Probe();
    if (why.empty()) {
      upstream = &runner;
      info.upstream_note =
          "the PyPI package's C core (zipnn_core) called with ZipNN's byte-mode arguments "
          "(256 KiB chunks, threshold 0.95), see bench/upstream_zipnn.py; 1-thread and " +
          std::to_string(opt.threads) +
          "-thread runs; real files: float-dominant files whose length is a multiple of the "
          "element size only (upstream overflows the heap otherwise); * = group total over "
          "those files only";
    } else {
      info.upstream_note = "not available: " + why;
      info.warnings.push_back(info.upstream_note);
    }
  }

  std::vector<Row> rows;
  if (opt.real) RealFilesSection(opt, upstream, info, rows);
  if (opt.synthetic)
    for (const SyntheticSpec &spec : SyntheticSpecs())
      if (opt.only.empty() || opt.only.count(spec.name))
        SyntheticRow(spec, opt, upstream, info, rows);

  Progress("");
  info.load_after = LoadAverage();
  info.total_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::string md = FormatMarkdown(info, rows);
  std::fputs(md.c_str(), stdout);
  if (!opt.json.empty()) {
    const std::filesystem::path p(opt.json);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    std::ofstream out(opt.json, std::ios::binary);
    out << FormatJson(info, rows);
    if (!out) Die("cannot write " + opt.json);
    std::fprintf(stderr, "[zipnn_bench] wrote %s\n", opt.json.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace zipnn::bench

int main(int argc, char **argv) { return zipnn::bench::Main(argc, argv); }
