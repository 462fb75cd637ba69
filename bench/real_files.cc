#include "real_files.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "common.h"

namespace zipnn::bench {

namespace fs = std::filesystem;

namespace {

bool EndsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The value of the string field `key` that follows position `from`, or "".
std::string StringField(const std::string &json, const std::string &key, size_t from,
                        size_t *end_out) {
  const std::string needle = "\"" + key + "\"";
  size_t k = json.find(needle, from);
  if (k == std::string::npos) return "";
  size_t q1 = json.find('"', json.find(':', k + needle.size()) + 1);
  size_t q2 = json.find('"', q1 + 1);
  if (q1 == std::string::npos || q2 == std::string::npos) return "";
  *end_out = q2 + 1;
  return json.substr(q1 + 1, q2 - q1 - 1);
}

// MANIFEST.json is a flat list of {"file", "bytes", "params", "dtype_mix", "sha256"}.
std::map<std::string, std::string> ReadManifest(const std::string &dir) {
  std::map<std::string, std::string> mix;
  const std::string path = dir + "/MANIFEST.json";
  if (!fs::is_regular_file(path)) return mix;
  const std::vector<uint8_t> bytes = ReadWholeFile(path);
  const std::string json(bytes.begin(), bytes.end());
  size_t pos = 0;
  for (;;) {
    size_t after_file = 0, after_mix = 0;
    const std::string file = StringField(json, "file", pos, &after_file);
    if (file.empty()) break;
    const std::string dtypes = StringField(json, "dtype_mix", after_file, &after_mix);
    if (dtypes.empty()) break;
    mix[file] = dtypes;
    pos = after_mix;
  }
  return mix;
}

struct DtypeToken {
  const char *token;  // first word of a MANIFEST dtype_mix entry
  const char *group;
  zipnn_dtype dtype;
  size_t element_size;
  const char *upstream_dtype;
};

constexpr DtypeToken kTokens[] = {
    {"F32", "fp32", ZIPNN_DTYPE_FP32, 4, "float32"},
    {"FP32", "fp32", ZIPNN_DTYPE_FP32, 4, "float32"},
    {"F16", "fp16", ZIPNN_DTYPE_FP16, 2, "float16"},
    {"FP16", "fp16", ZIPNN_DTYPE_FP16, 2, "float16"},
    {"BF16", "bf16", ZIPNN_DTYPE_BF16, 2, "bfloat16"},
    {"U8", "u8", ZIPNN_DTYPE_BYTES, 1, nullptr},
    {"Q5_0", "q5", ZIPNN_DTYPE_BYTES, 1, nullptr},
    {"Q5_1", "q5", ZIPNN_DTYPE_BYTES, 1, nullptr},
};

void Classify(RealFile &f) {
  // The dominant dtype is the first entry of dtype_mix ("FP16 98.7%, FP32 1.3%", "U8(q) 100.0%").
  std::string first = f.dtype_mix.substr(0, f.dtype_mix.find(' '));
  first = first.substr(0, first.find('('));
  f.group = "bytes";
  for (const DtypeToken &t : kTokens) {
    if (first != t.token) continue;
    f.group = t.group;
    f.dtype = t.dtype;
    f.element_size = t.element_size;
    f.upstream_dtype = t.upstream_dtype;
  }
  const bool safetensors = EndsWith(f.rel, ".safetensors");
  const bool quantized_original = f.group == "q5" && f.rel.find("original/") != std::string::npos;
  f.in_totals = safetensors || quantized_original;
}

}  // namespace

const std::vector<std::string> &GroupOrder() {
  static const std::vector<std::string> order = {"bf16", "fp16", "fp32", "u8", "q5", "bytes"};
  return order;
}

std::vector<RealFile> ListRealFiles(const std::string &dir) {
  std::vector<RealFile> files;
  if (!fs::is_directory(dir)) Die("weights directory not found: " + dir);
  const std::map<std::string, std::string> manifest = ReadManifest(dir);
  for (const fs::directory_entry &e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    RealFile f;
    f.path = e.path().string();
    f.rel = fs::relative(e.path(), dir).generic_string();
    if (f.rel.rfind("tools/", 0) == 0 || EndsWith(f.rel, ".json") || EndsWith(f.rel, ".md"))
      continue;
    const auto it = manifest.find(f.rel);
    if (it != manifest.end()) f.dtype_mix = it->second;
    f.bytes = static_cast<uint64_t>(e.file_size());
    Classify(f);
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const RealFile &a, const RealFile &b) { return a.rel < b.rel; });
  return files;
}

std::vector<uint8_t> ReadWholeFile(const std::string &path) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) Die("cannot open " + path);
  std::vector<uint8_t> data(static_cast<size_t>(fs::file_size(path)));
  const size_t got = std::fread(data.data(), 1, data.size(), f);
  std::fclose(f);
  if (got != data.size()) Die("cannot read " + path);
  return data;
}

}  // namespace zipnn::bench
