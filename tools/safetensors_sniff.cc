#include "safetensors_sniff.h"

#include <cstring>
#include <string_view>

#include "json.h"

namespace zipnn_cli {

uint64_t SafetensorsHeaderSize(const void *prefix, size_t prefix_size, uint64_t file_size) {
  if (prefix_size < 9) return 0;
  const auto *p = static_cast<const uint8_t *>(prefix);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | p[i];
  if (n < 2 || n > kMaxSafetensorsHeader) return 0;
  if (file_size != UINT64_MAX && n > file_size - 8) return 0;
  if (p[8] != '{') return 0;
  return n;
}

bool SafetensorsMainDtype(const char *json, size_t json_size, zipnn_dtype *dtype_out) {
  JsonValue root;
  std::string error;
  // The header may be padded with trailing spaces; ParseJson allows them.
  if (!ParseJson(std::string_view(json, json_size), &root, &error)) return false;
  if (root.kind != JsonValue::Kind::kObject) return false;
  uint64_t bytes[ZIPNN_DTYPE_COUNT] = {};
  for (const auto &[name, t] : root.members) {
    if (name == "__metadata__" || t.kind != JsonValue::Kind::kObject) continue;
    const JsonValue *dtype = t.Find("dtype");
    const JsonValue *offsets = t.Find("data_offsets");
    if (!dtype || dtype->kind != JsonValue::Kind::kString || !offsets ||
        offsets->kind != JsonValue::Kind::kArray || offsets->items.size() != 2)
      return false;
    uint64_t begin = 0, end = 0;
    if (!offsets->items[0].AsUint64(&begin) || !offsets->items[1].AsUint64(&end) || end < begin)
      return false;
    zipnn_dtype d = ZIPNN_DTYPE_BYTES;
    if (zipnn_dtype_from_name(dtype->text.c_str(), &d) != ZIPNN_OK) d = ZIPNN_DTYPE_BYTES;
    bytes[d] += end - begin;
  }
  zipnn_dtype best = ZIPNN_DTYPE_BYTES;
  for (zipnn_dtype d = 0; d < ZIPNN_DTYPE_COUNT; ++d)
    if (bytes[d] > bytes[best]) best = d;
  *dtype_out = best;
  return true;
}

}  // namespace zipnn_cli
