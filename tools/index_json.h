// The shard index of a sharded checkpoint (`model.safetensors.index.json`,
// `pytorch_model.bin.index.json`, ...): a JSON object whose "weight_map" maps
// each tensor name to the shard file that holds it.
//
// `zipnn compress -r` writes `NAME.index.json.znn`, a plain JSON file equal to
// the original byte for byte except that each weight_map value naming a
// compressed shard gets ".znn" appended (inserted before its closing quote).
// `decompress` removes exactly those four bytes again, so the original index
// comes back with the same sha256. Indexes that already name ".znn" files are
// refused, which is what makes the edit reversible.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace zipnn_cli {

// True if `text` looks like a rewritten index rather than a .znn frame (its
// first non-blank byte is '{').
bool LooksLikeJson(std::string_view text);

// Appends ".znn" to every weight_map value for which `rewrite(value)` is true.
// *changed_out counts rewritten values. False with a reason in *why when the
// text is not an index with a weight_map, or cannot be rewritten reversibly.
bool RewriteIndex(std::string_view text, const std::function<bool(const std::string &)> &rewrite,
                  std::string *out, size_t *changed_out, std::string *why);

// The inverse: removes ".znn" from every weight_map value that ends with it.
bool RestoreIndex(std::string_view text, std::string *out, size_t *changed_out, std::string *why);

}  // namespace zipnn_cli
