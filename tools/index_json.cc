#include "index_json.h"

#include <vector>

#include "json.h"

namespace zipnn_cli {

namespace {

constexpr std::string_view kSuffix = ".znn";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Parses `text` and returns the weight_map's string values.
bool WeightMapValues(std::string_view text, JsonValue *root, std::vector<const JsonValue *> *values,
                     std::string *why) {
  std::string error;
  if (!ParseJson(text, root, &error)) {
    *why = "invalid JSON: " + error;
    return false;
  }
  const JsonValue *map = root->kind == JsonValue::Kind::kObject ? root->Find("weight_map") : nullptr;
  if (!map || map->kind != JsonValue::Kind::kObject) {
    *why = "no \"weight_map\" object";
    return false;
  }
  for (const auto &m : map->members) {
    if (m.second.kind != JsonValue::Kind::kString) {
      *why = "weight_map value of \"" + m.first + "\" is not a string";
      return false;
    }
    values->push_back(&m.second);
  }
  return true;
}

}  // namespace

bool LooksLikeJson(std::string_view text) {
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

bool RewriteIndex(std::string_view text, const std::function<bool(const std::string &)> &rewrite,
                  std::string *out, size_t *changed_out, std::string *why) {
  JsonValue root;
  std::vector<const JsonValue *> values;
  if (!WeightMapValues(text, &root, &values, why)) return false;
  std::vector<size_t> inserts;  // offsets of closing quotes to insert before
  for (const JsonValue *v : values) {
    if (EndsWith(v->text, kSuffix)) {
      *why = "weight_map already names a .znn file (\"" + v->text + "\")";
      return false;
    }
    if (rewrite(v->text)) inserts.push_back(v->end - 1);
  }
  std::string result;
  result.reserve(text.size() + inserts.size() * kSuffix.size());
  size_t from = 0;
  for (const size_t at : inserts) {  // values come in file order
    result.append(text.substr(from, at - from));
    result.append(kSuffix);
    from = at;
  }
  result.append(text.substr(from));
  // The guarantee `decompress` relies on: the edit undoes exactly.
  std::string back;
  size_t undone = 0;
  if (!RestoreIndex(result, &back, &undone, why) || back != text || undone != inserts.size()) {
    *why = "the rewritten index would not restore exactly";
    return false;
  }
  *out = std::move(result);
  *changed_out = inserts.size();
  return true;
}

bool RestoreIndex(std::string_view text, std::string *out, size_t *changed_out, std::string *why) {
  JsonValue root;
  std::vector<const JsonValue *> values;
  if (!WeightMapValues(text, &root, &values, why)) return false;
  std::string result;
  result.reserve(text.size());
  size_t from = 0, changed = 0;
  for (const JsonValue *v : values) {
    if (!EndsWith(v->text, kSuffix)) continue;
    // The raw text must end with the literal suffix that compress inserted.
    const std::string_view raw = text.substr(v->begin, v->end - v->begin);
    if (!EndsWith(raw.substr(0, raw.size() - 1), kSuffix)) {
      *why = "weight_map value \"" + v->text + "\" was not written by zipnn";
      return false;
    }
    const size_t cut = v->end - 1 - kSuffix.size();
    result.append(text.substr(from, cut - from));
    from = v->end - 1;
    ++changed;
  }
  result.append(text.substr(from));
  *out = std::move(result);
  *changed_out = changed;
  return true;
}

}  // namespace zipnn_cli
