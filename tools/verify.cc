#include <algorithm>
#include <vector>

#include "commands.h"
#include "mapped_file.h"
#include "progress.h"

namespace zipnn_cli {

Error VerifyMappedFrame(zipnn_dctx *dctx, const Options &opts, const std::string &name, const MappedFile &map,
                        const zipnn_frame_info &info) {
  const uint64_t threads = EffectiveThreads(opts.threads);
  const uint64_t window = std::min<uint64_t>(
      info.content_size, std::max<uint64_t>(64u << 20, uint64_t{info.chunk_size} * threads * 4));
  std::vector<uint8_t> buffer(static_cast<size_t>(std::max<uint64_t>(window, 1)));
  Progress progress(opts.progress && opts.verbosity >= 1, name, info.content_size);
  for (uint64_t offset = 0; offset < info.content_size; offset += window) {
    const uint64_t length = std::min(window, info.content_size - offset);
    size_t got = 0;
    const zipnn_status st =
        zipnn_decompress_range(dctx, map.data(), map.size(), offset, length, buffer.data(), buffer.size(), &got);
    if (st != ZIPNN_OK) return Error::FromStatus(st, "verification failed");
    map.DropPages();  // only the index is touched again by the next window
    progress.Update(offset + length);
  }
  return Error::Ok();
}

}  // namespace zipnn_cli
