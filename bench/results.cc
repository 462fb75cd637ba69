#include "results.h"

#include <cstdio>
#include <sstream>

namespace zipnn::bench {

const char *CodecName(Codec c) {
  switch (c) {
    case kZipnn: return "zipnn";
    case kZstd1: return "zstd -1";
    case kZstd3: return "zstd -3";
    case kZstd19: return "zstd -19";
    case kByteGroupedZstd3: return "byte-grouped zstd -3";
    case kUpstream: return "upstream ZipNN 0.5.3";
    case kMemcpy: return "memcpy";
    case kCodecCount: break;
  }
  return "?";
}

const char *CodecId(Codec c) {
  switch (c) {
    case kZipnn: return "zipnn";
    case kZstd1: return "zstd_1";
    case kZstd3: return "zstd_3";
    case kZstd19: return "zstd_19";
    case kByteGroupedZstd3: return "bytegroup_zstd_3";
    case kUpstream: return "upstream_zipnn_0_5_3";
    case kMemcpy: return "memcpy";
    case kCodecCount: break;
  }
  return "?";
}

namespace {

// Throughput: two decimals, or two significant digits below 0.1 GB/s.
std::string FormatSpeed(double v) {
  if (std::isnan(v)) return "—";
  char buf[64];
  if (v >= 0.1)
    std::snprintf(buf, sizeof buf, "%.2f", v);
  else
    std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

std::string Fixed(double v, int digits, bool sign = false) {
  if (std::isnan(v)) return "—";
  char buf[64];
  if (sign)
    std::snprintf(buf, sizeof buf, "%+.*f", digits, v);
  else
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Bytes(uint64_t b) {
  char buf[64];
  if (b >= (uint64_t{1} << 30) && b % (uint64_t{1} << 30) == 0)
    std::snprintf(buf, sizeof buf, "%llu GiB", static_cast<unsigned long long>(b >> 30));
  else if (b >= (uint64_t{1} << 20) && b % (uint64_t{1} << 20) == 0)
    std::snprintf(buf, sizeof buf, "%llu MiB", static_cast<unsigned long long>(b >> 20));
  else
    std::snprintf(buf, sizeof buf, "%.2f MB", static_cast<double>(b) / 1e6);
  return buf;
}

std::vector<Codec> Columns(const RunInfo &info) {
  std::vector<Codec> cols = {kZipnn, kZstd1, kZstd3, kZstd19, kByteGroupedZstd3};
  if (info.upstream) cols.push_back(kUpstream);
  cols.push_back(kMemcpy);
  return cols;
}

std::string Marked(const Measure &m, std::string text) {
  if (!m.note.empty() && text != "—") text += m.note;
  return text;
}

}  // namespace

std::string FormatMarkdown(const RunInfo &info, const std::vector<Row> &rows) {
  std::ostringstream o;
  const std::vector<Codec> cols = Columns(info);
  const std::string nt = std::to_string(info.hardware_threads) + "T";

  o << "## zipnn benchmark\n\n";
  o << "- command: `" << info.command << "`\n";
  o << "- date (UTC): " << info.date_utc << "; CPU: " << info.cpu << ", "
    << info.hardware_threads << " hardware threads\n";
  o << "- zipnn " << info.zipnn_version << ", zstd " << info.zstd_version
    << "; load average before: " << info.load_before << ", after: " << info.load_after << "\n";
  char budget[32];
  std::snprintf(budget, sizeof budget, "%g", info.rep_budget);
  o << "- synthetic tensors: " << Bytes(info.synthetic_bytes) << " each; best of up to "
    << info.reps << " repetitions (steady_clock; a direction stops repeating after " << budget
    << " s in all); GB/s = 10^9 original bytes per second; 1T = 1 thread, " << nt
    << " = all hardware threads\n";
  o << "- every round trip was verified byte-exact\n\n";

  o << "| data | metric | order-0 bound |";
  for (Codec c : cols) o << " " << CodecName(c) << " |";
  o << "\n|---|---|---:|";
  for (size_t i = 0; i < cols.size(); ++i) o << "---:|";
  o << "\n";

  auto line = [&](const std::string &data, const std::string &metric, const std::string &bound,
                  auto &&cell) {
    o << "| " << data << " | " << metric << " | " << bound << " |";
    for (Codec c : cols) o << " " << cell(c) << " |";
    o << "\n";
  };

  for (const Row &r : rows) {
    if (r.kind != RowKind::kSynthetic) {
      std::string data = r.kind == RowKind::kGroup ? "**" + r.label + "**" : "`" + r.label + "`";
      data += " (" + r.dtype + ", " + Bytes(r.bytes) + ")";
      if (r.kind == RowKind::kFile && !r.in_totals) data += " ◦";
      line(data, "ratio", "—", [&](Codec c) {
        const Measure &m = r.m[static_cast<size_t>(c)];
        return c == kMemcpy ? std::string("") : Marked(m, Fixed(m.Ratio(), 4));
      });
      continue;
    }
    const std::string head = "**" + r.label + "** (" + Bytes(r.bytes) + ")";
    line(head, "ratio", Fixed(r.bound, 4), [&](Codec c) {
      const Measure &m = r.m[static_cast<size_t>(c)];
      return c == kMemcpy ? std::string("") : Marked(m, Fixed(m.Ratio(), 4));
    });
    line(r.name, "vs bound (points)", "0", [&](Codec c) {
      const Measure &m = r.m[static_cast<size_t>(c)];
      if (c == kMemcpy) return std::string("");
      return Marked(m, Fixed((m.Ratio() - r.bound) * 100.0, 2, true));
    });
    struct Speed {
      const char *metric;
      double Measure::*field;
    };
    const Speed speeds[] = {{"compress GB/s 1T", &Measure::compress_1t},
                            {"decompress GB/s 1T", &Measure::decompress_1t},
                            {"compress GB/s ", &Measure::compress_nt},
                            {"decompress GB/s ", &Measure::decompress_nt}};
    for (size_t s = 0; s < 4; ++s) {
      const std::string metric = speeds[s].metric + (s >= 2 ? nt : std::string());
      line(r.name, metric, "", [&](Codec c) {
        const Measure &m = r.m[static_cast<size_t>(c)];
        return Marked(m, FormatSpeed(m.*(speeds[s].field)));
      });
    }
  }

  o << "\nNotes:\n";
  o << "- order-0 bound = (raw bits + entropy of the exponent plane) / total bits; exponent plane: "
       "bf16/fp32 the 8-bit exponent field, fp16 the 5-bit field, fp8 and bytes the whole byte; "
       "raw bits = non-exponent bits that are not constant in the tensor (FP32 holding upcast "
       "BF16: sign + 7 mantissa bits). \"vs bound\" = (ratio - bound) x 100.\n";
  o << "- † zstd -19 on synthetic data: measured on the first " << Bytes(info.zstd19_slice_bytes)
    << " of the tensor only, 1 compress repetition, 1 thread.\n";
  o << "- zstd \"" << nt << "\" compress uses nbWorkers=" << info.hardware_threads
    << "; zstd decodes one frame on one thread, so its " << nt << " decompress is not measured.\n";
  o << "- byte-grouped zstd -3: element bytes split into planes, exponent (most significant) byte "
       "first, each plane one zstd -3 frame, planes coded in parallel at "
    << nt << "; for 1-byte data it is zstd -3 itself (=). On real files the element size is "
       "that of the file's dominant dtype.\n";
  o << "- zipnn decodes with chunk checksums verified (the default). Real files: zipnn is given "
       "the dominant dtype (safetensors files are parsed per tensor by zipnn itself).\n";
  o << "- ◦ = same tensors as a counted file in another container (or a derived file): not in "
       "the group totals. Totals = sum of compressed / sum of original bytes.\n";
  if (info.upstream) o << "- upstream ZipNN 0.5.3: " << info.upstream_note << "\n";
  for (const std::string &w : info.warnings) o << "- WARNING: " << w << "\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", info.total_seconds);
  o << "- total run time: " << buf << " s\n";
  return o.str();
}

namespace {

std::string Quote(const std::string &s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string Num(double v) {
  if (std::isnan(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

const char *KindName(RowKind k) {
  switch (k) {
    case RowKind::kFile: return "file";
    case RowKind::kGroup: return "group";
    case RowKind::kSynthetic: return "synthetic";
  }
  return "?";
}

}  // namespace

std::string FormatJson(const RunInfo &info, const std::vector<Row> &rows) {
  std::ostringstream o;
  o << "{\n  \"run\": {\"command\": " << Quote(info.command) << ", \"date_utc\": "
    << Quote(info.date_utc) << ", \"cpu\": " << Quote(info.cpu)
    << ", \"hardware_threads\": " << info.hardware_threads
    << ", \"zipnn_version\": " << Quote(info.zipnn_version)
    << ", \"zstd_version\": " << Quote(info.zstd_version)
    << ", \"load_before\": " << Quote(info.load_before)
    << ", \"load_after\": " << Quote(info.load_after)
    << ", \"synthetic_bytes\": " << info.synthetic_bytes
    << ", \"zstd19_slice_bytes\": " << info.zstd19_slice_bytes << ", \"reps\": " << info.reps
    << ", \"rep_budget_seconds\": " << Num(info.rep_budget)
    << ", \"upstream\": " << (info.upstream ? "true" : "false")
    << ", \"upstream_note\": " << Quote(info.upstream_note)
    << ", \"total_seconds\": " << Num(info.total_seconds) << ", \"warnings\": [";
  for (size_t i = 0; i < info.warnings.size(); ++i)
    o << (i ? ", " : "") << Quote(info.warnings[i]);
  o << "]},\n  \"rows\": [\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row &r = rows[i];
    o << "    {\"kind\": \"" << KindName(r.kind) << "\", \"name\": " << Quote(r.name)
      << ", \"label\": " << Quote(r.label) << ", \"dtype\": " << Quote(r.dtype)
      << ", \"bytes\": " << r.bytes << ", \"in_totals\": " << (r.in_totals ? "true" : "false")
      << ", \"bound\": " << Num(r.bound) << ", \"bound_detail\": " << Quote(r.bound_detail)
      << ", \"codecs\": {";
    bool first = true;
    for (int c = 0; c < kCodecCount; ++c) {
      const Measure &m = r.m[static_cast<size_t>(c)];
      if (!m.present) continue;
      o << (first ? "" : ", ") << "\"" << CodecId(static_cast<Codec>(c)) << "\": {"
        << "\"original\": " << m.original << ", \"compressed\": " << m.compressed
        << ", \"ratio\": " << Num(m.Ratio()) << ", \"compress_gbps_1t\": " << Num(m.compress_1t)
        << ", \"decompress_gbps_1t\": " << Num(m.decompress_1t)
        << ", \"compress_gbps_all\": " << Num(m.compress_nt)
        << ", \"decompress_gbps_all\": " << Num(m.decompress_nt)
        << ", \"note\": " << Quote(m.note) << "}";
      first = false;
    }
    o << "}}" << (i + 1 < rows.size() ? "," : "") << "\n";
  }
  o << "  ]\n}\n";
  return o.str();
}

}  // namespace zipnn::bench
