// Builds safetensors files for the tensor and delta fuzzers and their seeds:
// a writer (tensor list -> header JSON + data, with the escaping, whitespace,
// metadata, gaps and data order chosen by the caller), a reader of tensor
// lists from fuzz bytes, and a "fine-tune" that derives a second file from a
// first one (same names, some changed). The expected layout is kept beside
// the bytes, so harnesses can compare what zipnn parsed with what was written
// without a JSON parser of their own.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "sample_data.h"
#include "zipnn.h"

namespace zipnn_fuzz {

// The safetensors dtype spellings zipnn knows (case-sensitive, as in the
// format), then some it does not know (stored as ZIPNN_DTYPE_BYTES with
// their size unchecked).
struct StDtype {
  const char *name;
  zipnn_dtype dtype;  // ZIPNN_DTYPE_BYTES: unknown to zipnn
  size_t size;        // element size (unknown dtypes: unused, any byte size)
};
inline constexpr StDtype kStDtypes[] = {
    {"BF16", ZIPNN_DTYPE_BF16, 2},    {"F16", ZIPNN_DTYPE_FP16, 2},   {"F32", ZIPNN_DTYPE_FP32, 4},
    {"F64", ZIPNN_DTYPE_FP64, 8},     {"F8_E4M3", ZIPNN_DTYPE_FP8_E4M3FN, 1},
    {"F8_E5M2", ZIPNN_DTYPE_FP8_E5M2, 1}, {"I8", ZIPNN_DTYPE_INT8, 1}, {"U8", ZIPNN_DTYPE_UINT8, 1},
    {"I16", ZIPNN_DTYPE_INT16, 2},    {"U16", ZIPNN_DTYPE_UINT16, 2}, {"I32", ZIPNN_DTYPE_INT32, 4},
    {"U32", ZIPNN_DTYPE_UINT32, 4},   {"I64", ZIPNN_DTYPE_INT64, 8},  {"U64", ZIPNN_DTYPE_UINT64, 8},
    {"BOOL", ZIPNN_DTYPE_BOOL, 1},
    // Unknown to zipnn:
    {"F8_E8M0", ZIPNN_DTYPE_BYTES, 1}, {"C64", ZIPNN_DTYPE_BYTES, 8}, {"F4", ZIPNN_DTYPE_BYTES, 1},
    {"bf16", ZIPNN_DTYPE_BYTES, 2},    {"X", ZIPNN_DTYPE_BYTES, 3},
};
inline constexpr size_t kStKnownDtypes = 15;
inline constexpr size_t kStDtypeCount = sizeof(kStDtypes) / sizeof(kStDtypes[0]);

inline const StDtype *FindStDtype(const std::string &name) {
  for (const StDtype &d : kStDtypes)
    if (name == d.name) return &d;
  return nullptr;
}

// One tensor to write. `size` is its byte size: for known dtypes the writer
// requires element size x product of the shape.
struct TensorDesc {
  std::string name;        // raw bytes (escaped in the JSON)
  std::string dtype_name;  // as written
  std::vector<uint64_t> shape;
  uint64_t size = 0;
  uint64_t gap_before = 0;  // padding bytes before its data
  Bytes data;               // `size` bytes
};

struct LayoutOptions {
  bool reverse_data = false;  // data in the reverse order of the JSON entries
  int metadata = 0;           // 0: none, 1: first key, 2: last key
  std::string metadata_value;
  size_t header_padding = 0;  // trailing spaces inside the declared header
  bool pretty = false;        // whitespace between tokens
  int escape = 0;             // names: 0 minimal escaping, 1 \u00XX for every ASCII byte, 2 alternate
  size_t tail = 0;            // bytes after the last tensor
};

// What a correct parser must find (sorted by `begin`, ties by `end`).
struct ExpectedTensor {
  std::string name, dtype_name;
  zipnn_dtype dtype;
  std::vector<uint64_t> shape;
  uint64_t begin, end;  // content offsets
};

struct BuiltFile {
  Bytes bytes;
  uint64_t data_offset = 0;  // 8 + header size
  std::vector<ExpectedTensor> tensors;
};

// JSON string literal for raw bytes: control characters, '"' and '\' always
// escaped; bytes >= 0x80 written raw (the parser keeps them as they are).
inline void AppendJsonString(std::string *out, const std::string &s, int escape) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const bool force = c < 0x80 && (escape == 1 || (escape == 2 && i % 2 == 1));
    if (c == '"' && !force) {
      *out += "\\\"";
    } else if (c == '\\' && !force) {
      *out += "\\\\";
    } else if (c == '/' && escape == 2) {
      *out += "\\/";
    } else if (c == '\n' && !force) {
      *out += "\\n";
    } else if (c < 0x20 || force) {
      *out += "\\u00";
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

inline BuiltFile BuildSafetensors(const std::vector<TensorDesc> &tensors, const LayoutOptions &o) {
  const char *sp = o.pretty ? " \n\t" : "";
  // Data offsets first: in JSON order, or reversed.
  std::vector<uint64_t> begin(tensors.size());
  uint64_t at = 0;
  for (size_t k = 0; k < tensors.size(); ++k) {
    const size_t i = o.reverse_data ? tensors.size() - 1 - k : k;
    at += tensors[i].gap_before;
    begin[i] = at;
    at += tensors[i].size;
  }
  const uint64_t data_size = at + o.tail;

  std::string json = "{";
  json += sp;
  bool first = true;
  auto key = [&](const std::string &k) {
    if (!first) json += std::string(",") + sp;
    first = false;
    AppendJsonString(&json, k, o.escape);
    json += sp;
    json += ":";
    json += sp;
  };
  auto metadata = [&] {
    key("__metadata__");
    json += "{\"format\":\"pt\",\"note\":";
    AppendJsonString(&json, o.metadata_value, 0);
    json += ",\"nested\":[1,-2.5e3,0.125,true,false,null,{\"a\":[]},[[]]]}";
  };
  if (o.metadata == 1) metadata();
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorDesc &t = tensors[i];
    key(t.name);
    json += "{";
    json += sp;
    json += "\"dtype\":";
    AppendJsonString(&json, t.dtype_name, 0);
    json += std::string(",") + sp + "\"shape\":[";
    for (size_t d = 0; d < t.shape.size(); ++d) {
      if (d) json += std::string(",") + sp;
      json += std::to_string(t.shape[d]);
    }
    json += std::string("],") + sp + "\"data_offsets\":[" + std::to_string(begin[i]) + "," +
            std::to_string(begin[i] + t.size) + "]";
    json += sp;
    json += "}";
  }
  if (o.metadata == 2) metadata();
  json += sp;
  json += "}";
  json.append(o.header_padding, ' ');

  BuiltFile f;
  f.data_offset = 8 + json.size();
  // Gaps and the tail hold recognizable filler.
  f.bytes.resize(static_cast<size_t>(f.data_offset + data_size), 0xEE);
  StoreLE(f.bytes.data(), json.size(), 8);
  std::memcpy(f.bytes.data() + 8, json.data(), json.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorDesc &t = tensors[i];
    std::copy(t.data.begin(), t.data.end(), f.bytes.begin() + static_cast<ptrdiff_t>(f.data_offset + begin[i]));
    const StDtype *d = FindStDtype(t.dtype_name);
    f.tensors.push_back({t.name, t.dtype_name, d ? d->dtype : ZIPNN_DTYPE_BYTES, t.shape,
                         f.data_offset + begin[i], f.data_offset + begin[i] + t.size});
  }
  std::sort(f.tensors.begin(), f.tensors.end(), [](const ExpectedTensor &a, const ExpectedTensor &b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  return f;
}

// Reads bytes in order; past the end every byte reads as 0.
class ByteReader {
 public:
  ByteReader(const uint8_t *p, size_t n) : p_(p), n_(n) {}
  bool empty() const { return pos_ >= n_; }
  uint8_t Byte() { return pos_ < n_ ? p_[pos_++] : 0; }
  std::string Str(size_t n) {
    std::string s;
    while (n-- > 0 && pos_ < n_) s.push_back(static_cast<char>(p_[pos_++]));
    return s;
  }

 private:
  const uint8_t *p_;
  size_t n_;
  size_t pos_ = 0;
};

// Makes `t.name` unique among `taken` (and never "__metadata__").
inline void UniqueName(TensorDesc *t, std::vector<std::string> *taken, size_t i) {
  while (t->name == "__metadata__" || std::find(taken->begin(), taken->end(), t->name) != taken->end())
    t->name.append("~").append(std::to_string(i));  // (append: GCC 12 warns falsely on "~" + string)
  taken->push_back(t->name);
}

// A tensor list from fuzz bytes, at most `max_tensors` tensors and
// `budget` data bytes in all. Per tensor: [dtype] [ndim | gap << 3]
// [dims (ndim bytes)] ([size] for unknown dtypes) [name length] [name].
inline std::vector<TensorDesc> ReadTensors(ByteReader &r, size_t max_tensors, uint64_t budget, uint64_t seed) {
  std::vector<TensorDesc> out;
  std::vector<std::string> taken;
  while (!r.empty() && out.size() < max_tensors) {
    const StDtype &d = kStDtypes[r.Byte() % kStDtypeCount];
    const uint8_t b = r.Byte();
    TensorDesc t;
    t.dtype_name = d.name;
    const unsigned gap = (b >> 3) % 8u;
    t.gap_before = gap == 7 ? 64 : gap < 5 ? 0 : gap;
    const size_t ndim = b % 5;
    uint64_t elems = 1;
    for (size_t k = 0; k < ndim; ++k) {
      const uint8_t v = r.Byte();
      const uint64_t dim = v < 224 ? v % 48u : 1u + (v & 31u) * 37u;  // mostly small, some up to ~1150
      t.shape.push_back(dim);
      elems *= dim;
    }
    // Unknown dtypes: any size (zipnn cannot check it).
    t.size = d.dtype == ZIPNN_DTYPE_BYTES ? r.Byte() * uint64_t{7} : elems * d.size;
    t.name = r.Str(r.Byte() % 24);
    if (t.size > budget) continue;
    budget -= t.size;
    UniqueName(&t, &taken, out.size());
    t.data = SampleData(d.dtype, static_cast<size_t>(t.size), seed + out.size());
    out.push_back(std::move(t));
  }
  return out;
}

// Appends a tensor of zeros, 8 KiB per tensor in the list (at most `max`
// bytes), so that per-tensor chunks usually fit zipnn_compress_bound and the
// frame gets a tensor index (which needs about 4 KiB of content per chunk
// plus the index records).
inline void AddZeroPad(std::vector<TensorDesc> *tensors, uint64_t max) {
  TensorDesc t;
  t.name = "pad.zeros";
  t.dtype_name = "U8";
  t.size = std::min<uint64_t>(max, 8192 * (tensors->size() + 1));
  t.shape = {t.size};
  t.data.assign(static_cast<size_t>(t.size), 0);
  std::vector<std::string> taken;
  for (const TensorDesc &x : *tensors) taken.push_back(x.name);
  UniqueName(&t, &taken, tensors->size());
  tensors->push_back(std::move(t));
}

// A fine-tune of `base`: every tensor kept with a fraction `rate`/256 of its
// bytes changed in a low bit, and a fraction `churn`/256 of them dropped,
// renamed, retyped ("X", unknown to zipnn) or shortened by a byte (so not
// matched by name any more); maybe one tensor added and the first and last
// entries swapped.
inline std::vector<TensorDesc> FineTune(const std::vector<TensorDesc> &base, uint8_t rate, uint8_t churn,
                                        uint64_t seed) {
  Rng rng(seed);
  std::vector<TensorDesc> out;
  std::vector<std::string> taken;
  for (const TensorDesc &b : base) {
    TensorDesc t = b;
    const uint64_t roll = rng.Below(255);
    if (roll < churn / 4u) continue;  // dropped
    if (roll < churn / 2u) {
      t.name += ".new";
    } else if (roll < 3u * churn / 4u) {
      t.dtype_name = "X";
    } else if (roll < churn && t.size > 0) {
      t.dtype_name = "X";
      t.size -= 1;
      t.data.pop_back();
    }
    for (uint8_t &x : t.data)
      if (rng.Below(255) < rate) x ^= static_cast<uint8_t>(1u << (rng.Next() % 3));
    UniqueName(&t, &taken, out.size());
    out.push_back(std::move(t));
  }
  if (churn > 0 && rng.Below(255) < churn) {
    TensorDesc t;
    t.name = "added";
    t.dtype_name = "BF16";
    t.shape = {64};
    t.size = 128;
    t.data = SampleData(ZIPNN_DTYPE_BF16, 128, seed + 1);
    UniqueName(&t, &taken, out.size());
    out.push_back(std::move(t));
  }
  if (out.size() > 1 && rng.Below(3) == 0) std::swap(out.front(), out.back());
  return out;
}

}  // namespace zipnn_fuzz
