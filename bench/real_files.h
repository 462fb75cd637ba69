// The real weight files of ../shared/data/weights: which files, their dominant
// dtype (from MANIFEST.json) and whether they count in the group totals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "zipnn.h"

namespace zipnn::bench {

struct RealFile {
  std::string path;       // absolute
  std::string rel;        // relative to the weights directory
  std::string dtype_mix;  // as in MANIFEST.json, "" if absent
  std::string group;      // dominant dtype: bf16, fp16, fp32, u8, q5 or bytes
  zipnn_dtype dtype = ZIPNN_DTYPE_BYTES;  // what zipnn is told
  size_t element_size = 1;                // for byte grouping
  const char *upstream_dtype = nullptr;   // upstream ZipNN's name, or null
  bool in_totals = false;
  uint64_t bytes = 0;
};

// Every weight file under `dir` (not *.json, *.md, tools/), sorted by path.
// In the totals: the .safetensors files and the quantized originals that have
// no safetensors conversion; the other containers of the same tensors are not.
std::vector<RealFile> ListRealFiles(const std::string &dir);

// Group names in table order.
const std::vector<std::string> &GroupOrder();

std::vector<uint8_t> ReadWholeFile(const std::string &path);

}  // namespace zipnn::bench
