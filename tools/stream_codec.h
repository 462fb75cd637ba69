// File-descriptor to file-descriptor compression and decompression through the
// library's streaming API, with fixed-size buffers: memory stays bounded
// whatever the input size.
#pragma once

#include <zipnn.h>

#include <cstdint>
#include <string>

#include "cli.h"
#include "progress.h"

namespace zipnn_cli {

struct StreamEnd {
  int fd = -1;        // input, or output (-1: discard the output, as `verify` does)
  std::string name;   // for messages
  uint64_t size = UINT64_MAX;  // input: bytes in a regular file; UINT64_MAX if unknown
};

struct StreamResult {
  uint64_t in_bytes = 0;
  uint64_t out_bytes = 0;
  uint64_t frames = 0;         // decompression: frames decoded
  zipnn_dtype dtype = ZIPNN_DTYPE_BYTES;  // compression: dtype used for the frame
};

// Applies the options' compression parameters to `cctx` (threads, chunk size,
// zstd level, tensor awareness); dtype and content size are set per input.
Error ConfigureCctx(zipnn_cctx *cctx, const Options &opts);
Error ConfigureDctx(zipnn_dctx *dctx, const Options &opts);

// Compresses the whole input into one frame. A regular input's size is
// pledged (ZIPNN_PARAM_CONTENT_SIZE) so the header records it. With
// opts.dtype == -1 (auto) a safetensors input gets the dtype holding most of
// its bytes, anything else ZIPNN_DTYPE_BYTES.
Error CompressStream(zipnn_cctx *cctx, const Options &opts, const StreamEnd &in, const StreamEnd &out,
                     Progress &progress, StreamResult *result);

// Decodes one or more concatenated frames. Input that ends before a frame is
// complete is a data error (truncated), as is anything after the last frame
// that is not another frame.
Error DecompressStream(zipnn_dctx *dctx, const StreamEnd &in, const StreamEnd &out, Progress &progress,
                       StreamResult *result);

}  // namespace zipnn_cli
