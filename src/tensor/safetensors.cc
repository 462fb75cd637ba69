#include "tensor/safetensors.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "util/checked.h"
#include "util/endian.h"

namespace zipnn::tensor {
namespace {

// A strict JSON reader for exactly what a safetensors header holds. It never
// recurses deeper than kMaxDepth and never reads past `end`.
class Json {
 public:
  Json(const char *p, const char *end) : p_(p), end_(end) {}

  bool Ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
    return true;
  }
  bool Eat(char c) {
    Ws();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    Ws();
    return p_ < end_ && *p_ == c;
  }
  bool AtEnd() {
    Ws();
    return p_ == end_;
  }

  bool String(std::string *out) {
    Ws();
    if (p_ >= end_ || *p_ != '"') return false;
    ++p_;
    out->clear();
    while (p_ < end_) {
      const unsigned char c = static_cast<unsigned char>(*p_++);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        continue;
      }
      if (p_ >= end_) return false;
      const char e = *p_++;
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00) {  // surrogate pair
            uint32_t lo = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!Hex4(&lo) || lo < 0xDC00 || lo >= 0xE000) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            return false;
          }
          Utf8(cp, out);
          break;
        }
        default: return false;
      }
    }
    return false;
  }

  // A non-negative integer without sign, fraction or exponent.
  bool Uint(uint64_t *out) {
    Ws();
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0' && p_ + 1 < end_ && p_[1] >= '0' && p_[1] <= '9') return false;
    uint64_t v = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      if (!CheckedMul<uint64_t>(v, 10, &v) || !CheckedAdd<uint64_t>(v, static_cast<uint64_t>(*p_ - '0'), &v))
        return false;
      ++p_;
    }
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    *out = v;
    return true;
  }

  bool UintArray(std::vector<uint64_t> *out, size_t max) {
    out->clear();
    if (!Eat('[')) return false;
    if (Eat(']')) return true;
    do {
      uint64_t v;
      if (out->size() >= max || !Uint(&v)) return false;
      out->push_back(v);
    } while (Eat(','));
    return Eat(']');
  }

  // Skips any JSON value (for __metadata__).
  bool Skip(int depth = 0) {
    if (depth > kMaxDepth) return false;
    Ws();
    if (p_ >= end_) return false;
    std::string s;
    switch (*p_) {
      case '"': return String(&s);
      case '{':
        ++p_;
        if (Eat('}')) return true;
        do {
          if (!String(&s) || !Eat(':') || !Skip(depth + 1)) return false;
        } while (Eat(','));
        return Eat('}');
      case '[':
        ++p_;
        if (Eat(']')) return true;
        do {
          if (!Skip(depth + 1)) return false;
        } while (Eat(','));
        return Eat(']');
      default: return Literal();
    }
  }

 private:
  static constexpr int kMaxDepth = 32;

  bool Hex4(uint32_t *out) {
    if (end_ - p_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    *out = v;
    return true;
  }
  static void Utf8(uint32_t cp, std::string *out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  bool Literal() {
    for (const char *lit : {"true", "false", "null"}) {
      const size_t n = std::strlen(lit);
      if (static_cast<size_t>(end_ - p_) >= n && std::memcmp(p_, lit, n) == 0) {
        p_ += n;
        return true;
      }
    }
    // A number: -?digits(.digits)?([eE][+-]?digits)?
    const char *start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    auto digits = [&] {
      const char *s = p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      return p_ > s;
    };
    if (!digits()) return false;
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
    }
    return p_ > start;
  }

  const char *p_;
  const char *end_;
};

struct DtypeName {
  const char *name;
  zipnn_dtype dtype;
};
constexpr DtypeName kSafetensorsDtypes[] = {
    {"BF16", ZIPNN_DTYPE_BF16},   {"F16", ZIPNN_DTYPE_FP16},     {"F32", ZIPNN_DTYPE_FP32},
    {"F64", ZIPNN_DTYPE_FP64},    {"F8_E4M3", ZIPNN_DTYPE_FP8_E4M3FN}, {"F8_E5M2", ZIPNN_DTYPE_FP8_E5M2},
    {"I8", ZIPNN_DTYPE_INT8},     {"U8", ZIPNN_DTYPE_UINT8},     {"I16", ZIPNN_DTYPE_INT16},
    {"U16", ZIPNN_DTYPE_UINT16},  {"I32", ZIPNN_DTYPE_INT32},    {"U32", ZIPNN_DTYPE_UINT32},
    {"I64", ZIPNN_DTYPE_INT64},   {"U64", ZIPNN_DTYPE_UINT64},   {"BOOL", ZIPNN_DTYPE_BOOL},
};

// Known dtype, or BYTES (size unknown, so no size check) for others.
zipnn_dtype DtypeOf(const std::string &name, bool *known) {
  for (const DtypeName &d : kSafetensorsDtypes) {
    if (name == d.name) {
      *known = true;
      return d.dtype;
    }
  }
  *known = false;
  return ZIPNN_DTYPE_BYTES;
}

bool ParseTensor(Json &j, TensorSpec *t, uint64_t data_offset) {
  if (!j.Eat('{')) return false;
  bool have_dtype = false, have_shape = false, have_offsets = false;
  std::vector<uint64_t> offsets;
  std::string key;
  if (!j.Peek('}')) {
    do {
      if (!j.String(&key) || !j.Eat(':')) return false;
      if (key == "dtype" && !have_dtype) {
        if (!j.String(&t->dtype_name) || t->dtype_name.empty() || t->dtype_name.size() > 32) return false;
        have_dtype = true;
      } else if (key == "shape" && !have_shape) {
        if (!j.UintArray(&t->shape, kMaxDims)) return false;
        have_shape = true;
      } else if (key == "data_offsets" && !have_offsets) {
        if (!j.UintArray(&offsets, 2) || offsets.size() != 2) return false;
        have_offsets = true;
      } else {
        return false;  // unknown or repeated key
      }
    } while (j.Eat(','));
  }
  if (!j.Eat('}') || !have_dtype || !have_shape || !have_offsets) return false;
  if (offsets[0] > offsets[1]) return false;
  if (!CheckedAdd(offsets[0], data_offset, &t->begin) || !CheckedAdd(offsets[1], data_offset, &t->end))
    return false;
  bool known = false;
  t->dtype = DtypeOf(t->dtype_name, &known);
  if (known) {
    uint64_t bytes = zipnn_dtype_size(t->dtype);
    for (uint64_t d : t->shape)
      if (!CheckedMul(bytes, d, &bytes)) return false;
    if (bytes != t->end - t->begin) return false;
  }
  return true;
}

}  // namespace

uint64_t SafetensorsHeaderNeed(const uint8_t *prefix, size_t available) {
  if (available < 8) return 0;
  const uint64_t n = LoadLE64(prefix);
  if (n < 2 || n > kMaxHeaderSize) return 0;
  if (available > 8 && prefix[8] != '{') return 0;
  return 8 + n;
}

bool ParseSafetensorsHeader(const uint8_t *prefix, size_t available, SafetensorsLayout *out) {
  const uint64_t need = SafetensorsHeaderNeed(prefix, available);
  if (need == 0 || need > available) return false;
  SafetensorsLayout layout;
  layout.data_offset = need;
  const char *begin = reinterpret_cast<const char *>(prefix + 8);
  Json j(begin, begin + (need - 8));
  if (!j.Eat('{')) return false;
  std::set<std::string> names;
  std::string key;
  bool have_metadata = false;
  if (!j.Peek('}')) {
    do {
      if (!j.String(&key) || !j.Eat(':')) return false;
      if (key == "__metadata__") {
        if (have_metadata || !j.Peek('{') || !j.Skip()) return false;
        have_metadata = true;
        continue;
      }
      if (key.size() > kMaxNameSize || !names.insert(key).second) return false;
      TensorSpec t;
      t.name = key;
      if (!ParseTensor(j, &t, layout.data_offset)) return false;
      layout.tensors.push_back(std::move(t));
    } while (j.Eat(','));
  }
  if (!j.Eat('}') || !j.AtEnd()) return false;
  std::sort(layout.tensors.begin(), layout.tensors.end(), [](const TensorSpec &a, const TensorSpec &b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  for (size_t i = 1; i < layout.tensors.size(); ++i)
    if (layout.tensors[i].begin < layout.tensors[i - 1].end) return false;  // overlap
  *out = std::move(layout);
  return true;
}

bool TensorsFit(const SafetensorsLayout &layout, uint64_t content_size) {
  return layout.tensors.empty() || layout.tensors.back().end <= content_size;
}

std::vector<uint8_t> EncodeTensorIndex(const SafetensorsLayout &layout) {
  std::vector<uint8_t> out(16);
  StoreLE64(out.data(), layout.tensors.size());
  StoreLE64(out.data() + 8, layout.data_offset);
  for (const TensorSpec &t : layout.tensors) {
    const size_t at = out.size();
    out.resize(at + 24 + 8 * t.shape.size() + t.name.size() + t.dtype_name.size());
    uint8_t *p = out.data() + at;
    StoreLE16(p, static_cast<uint16_t>(t.name.size()));
    p[2] = static_cast<uint8_t>(t.dtype);
    p[3] = static_cast<uint8_t>(t.shape.size());
    p[4] = static_cast<uint8_t>(t.dtype_name.size());
    p[5] = p[6] = p[7] = 0;
    StoreLE64(p + 8, t.begin);
    StoreLE64(p + 16, t.end);
    p += 24;
    for (uint64_t d : t.shape) {
      StoreLE64(p, d);
      p += 8;
    }
    std::memcpy(p, t.name.data(), t.name.size());
    std::memcpy(p + t.name.size(), t.dtype_name.data(), t.dtype_name.size());
  }
  return out;
}

namespace {

// One pass over the records of a tensor index, validating each and handing
// it to visit(i, view).
template <typename Visit>
zipnn_status WalkTensorIndex(const uint8_t *payload, uint64_t size, uint64_t content_size, uint64_t *count,
                             Visit &&visit) {
  constexpr zipnn_status kBad = ZIPNN_ERROR_CORRUPT_TENSORS;
  if (size < 16) return kBad;
  const uint64_t n = LoadLE64(payload);
  const uint64_t data_offset = LoadLE64(payload + 8);
  if (n > (size - 16) / 24 || data_offset > content_size) return kBad;
  const uint8_t *p = payload + 16;
  uint64_t left = size - 16, prev_end = data_offset;
  for (uint64_t i = 0; i < n; ++i) {
    if (left < 24) return kBad;
    TensorView v;
    v.name_size = LoadLE16(p);
    v.dtype = p[2];
    v.ndim = p[3];
    v.dtype_name_size = p[4];
    if (p[5] || p[6] || p[7] || v.dtype >= ZIPNN_DTYPE_COUNT || v.ndim > kMaxDims || v.dtype_name_size == 0)
      return kBad;
    v.begin = LoadLE64(p + 8);
    v.end = LoadLE64(p + 16);
    if (v.begin < prev_end || v.begin > v.end || v.end > content_size) return kBad;
    const uint64_t record = 24 + 8ull * v.ndim + v.name_size + v.dtype_name_size;
    if (record > left) return kBad;
    uint64_t bytes = zipnn_dtype_size(v.dtype);
    for (uint32_t d = 0; d < v.ndim; ++d) {
      v.shape[d] = LoadLE64(p + 24 + 8 * d);
      if (!CheckedMul(bytes, v.shape[d], &bytes)) return kBad;
    }
    if (v.dtype != ZIPNN_DTYPE_BYTES && bytes != v.end - v.begin) return kBad;
    v.name = reinterpret_cast<const char *>(p + 24 + 8 * v.ndim);
    v.dtype_name = v.name + v.name_size;
    visit(i, v);
    prev_end = v.end;
    p += record;
    left -= record;
  }
  if (left != 0) return kBad;
  *count = n;
  return ZIPNN_OK;
}

}  // namespace

zipnn_status ReadTensorIndex(const uint8_t *payload, uint64_t size, uint64_t content_size,
                             uint64_t *count, uint64_t index, TensorView *view) {
  return WalkTensorIndex(payload, size, content_size, count, [&](uint64_t i, const TensorView &v) {
    if (i == index && view) *view = v;
  });
}

zipnn_status FindInTensorIndex(const uint8_t *payload, uint64_t size, uint64_t content_size,
                               const char *name, size_t name_size, uint64_t *index) {
  uint64_t found = UINT64_MAX, count = 0;
  const zipnn_status st =
      WalkTensorIndex(payload, size, content_size, &count, [&](uint64_t i, const TensorView &v) {
        if (found == UINT64_MAX && v.name_size == name_size &&
            (name_size == 0 || std::memcmp(v.name, name, name_size) == 0))
          found = i;
      });
  if (st != ZIPNN_OK) return st;
  *index = found;
  return ZIPNN_OK;
}

}  // namespace zipnn::tensor
