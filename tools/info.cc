#include <algorithm>
#include <cinttypes>
#include <string>
#include <cstdio>
#include <string_view>

#include "commands.h"
#include "index_json.h"
#include "mapped_file.h"

namespace zipnn_cli {

namespace {

std::string Percent(uint64_t part, uint64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

// The tensor list from the frame's tensor index (header and index only).
void PrintTensors(const zipnn_frame_info &info, const void *frame, size_t frame_size, bool verbose) {
  if (info.tensor_count == 0) {
    std::printf("tensors:          none (no tensor index)\n");
    return;
  }
  std::printf("tensors:          %" PRIu64 "%s\n", info.tensor_count,
              verbose || info.tensor_count <= 20 ? "" : " (first 20; -v lists all)");
  const uint64_t shown = verbose ? info.tensor_count : std::min<uint64_t>(info.tensor_count, 20);
  for (uint64_t i = 0; i < shown; ++i) {
    zipnn_tensor_info t;
    if (zipnn_tensor_info_get(frame, frame_size, i, &t) != ZIPNN_OK) break;
    std::string shape = "[";
    for (uint32_t d = 0; d < t.ndim; ++d) {
      if (d) shape.push_back(',');
      shape.append(std::to_string(t.shape[d]));
    }
    shape += "]";
    std::printf("  %-40.*s %-8.*s %-18s offset %-12" PRIu64 " %" PRIu64 " bytes\n", static_cast<int>(t.name_size),
                t.name, static_cast<int>(t.dtype_name_size), t.dtype_name, shape.c_str(), t.offset, t.size);
  }
}

}  // namespace

const char *MethodName(int method) {
  switch (method) {
    case ZIPNN_METHOD_RAW: return "raw";
    case ZIPNN_METHOD_CONSTANT: return "constant";
    case ZIPNN_METHOD_HUFFMAN: return "huffman";
    case ZIPNN_METHOD_ZSTD: return "zstd";
    default: return "unknown";
  }
}

Error PrintInfo(const Options &opts, const std::string &path) {
  if (path == "-") return Error::Usage("info needs a file name, not stdin");
  MappedFile map;
  Error e = map.Open(path);
  if (!e.ok()) return e;
  const std::string_view text(reinterpret_cast<const char *>(map.data()), map.size());
  if (map.size() > 0 && LooksLikeJson(text.substr(0, 64))) {
    std::string restored, why;
    size_t changed = 0;
    if (!RestoreIndex(text, &restored, &changed, &why))
      return Error::Data("not a .znn frame, nor a shard index written by zipnn -r: " + why);
    std::printf("file:             %s\n", path.c_str());
    std::printf("kind:             shard index rewritten by zipnn -r (plain JSON, not a frame)\n");
    std::printf("shard entries:    %zu point at .znn files; decompress restores the original bytes\n", changed);
    return Error::Ok();
  }
  if (map.size() == 0) return Error::Data("empty file: not a .znn frame (ZIPNN_ERROR_TRUNCATED)");
  zipnn_frame_info fi;
  const zipnn_status st = zipnn_frame_info_get(map.data(), map.size(), &fi);
  if (st != ZIPNN_OK) return Error::FromStatus(st, "cannot read the frame");

  std::printf("file:             %s\n", path.c_str());
  std::printf("format version:   %u (flags 0x%08x)\n", fi.format_version, fi.flags);
  std::printf("original size:    %" PRIu64 " bytes (%s)\n", fi.content_size, FormatBytes(fi.content_size).c_str());
  std::printf("compressed size:  %" PRIu64 " bytes (%s)\n", fi.frame_size, FormatBytes(fi.frame_size).c_str());
  if (fi.content_size > 0) {
    const double ratio = static_cast<double>(fi.frame_size) / static_cast<double>(fi.content_size);
    std::printf("ratio:            %.4f (compressed/original; %.3f:1, %s saved)\n", ratio,
                ratio > 0 ? 1.0 / ratio : 0.0,
                Percent(fi.content_size > fi.frame_size ? fi.content_size - fi.frame_size : 0, fi.content_size).c_str());
  }
  std::printf("chunks:           %" PRIu64 " (nominal chunk size %s)\n", fi.chunk_count,
              FormatBytes(fi.chunk_size).c_str());
  std::printf("frame dtype:      %s (element size %u)\n", zipnn_dtype_name(fi.dtype), fi.element_size);
  std::printf("dtype mix:\n");
  for (zipnn_dtype d = 0; d < ZIPNN_DTYPE_COUNT; ++d) {
    if (fi.dtype_bytes[d] == 0) continue;
    std::printf("  %-12s %12s  %8s of the original\n", zipnn_dtype_name(d), FormatBytes(fi.dtype_bytes[d]).c_str(),
                Percent(fi.dtype_bytes[d], fi.content_size).c_str());
  }
  std::printf("coding methods:   streams        bytes  share of frame\n");
  for (int m = 0; m < ZIPNN_METHOD_COUNT; ++m) {
    if (fi.method_streams[m] == 0) continue;
    std::printf("  %-12s %12" PRIu64 " %12s  %8s\n", MethodName(m), fi.method_streams[m],
                FormatBytes(fi.method_bytes[m]).c_str(), Percent(fi.method_bytes[m], fi.frame_size).c_str());
  }
  PrintTensors(fi, map.data(), map.size(), opts.verbosity >= 2);
  return Error::Ok();
}

}  // namespace zipnn_cli
