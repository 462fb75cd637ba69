// A small, strict JSON reader for the two documents the tool inspects: the
// safetensors header and the shard index (`*.index.json`). It keeps the byte
// span of every value so callers can edit the original text in place, which
// is what makes the index rewrite exactly reversible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zipnn_cli {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  size_t begin = 0;  // byte offset of the first character of the value
  size_t end = 0;    // one past its last character (for strings: past the closing quote)
  std::string text;  // strings: decoded value; numbers: the literal
  bool boolean = false;
  std::vector<JsonValue> items;                             // arrays
  std::vector<std::pair<std::string, JsonValue>> members;  // objects, in file order

  // First member with that key, or nullptr.
  const JsonValue *Find(std::string_view key) const;
  // Number as an unsigned integer; false if not a non-negative integer literal.
  bool AsUint64(uint64_t *out) const;
};

// Parses a whole document (surrounding whitespace allowed). Returns false with
// a short reason in *error on any syntax error or nesting deeper than 64.
bool ParseJson(std::string_view text, JsonValue *out, std::string *error);

}  // namespace zipnn_cli
