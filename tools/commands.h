// The read-only commands: info, bench, and the windowed check behind verify.
#pragma once

#include <zipnn.h>

#include <string>

#include "cli.h"

namespace zipnn_cli {

// `zipnn info FILE.znn`: prints what the header, index and footer say.
Error PrintInfo(const Options &opts, const std::string &path);

// `zipnn bench FILE`: ratio and speed of zipnn and of zstd -3 on FILE, on one
// thread and on all threads (FILE is mapped into memory).
Error RunBench(const Options &opts, const std::string &path);

class MappedFile;

// Decodes every byte of a mapped frame whose header/index/footer already
// validated (`info`), window by window on all threads, discarding the output.
Error VerifyMappedFrame(zipnn_dctx *dctx, const Options &opts, const std::string &name, const MappedFile &map,
                        const zipnn_frame_info &info);

// Name of a stream coding method id ("huffman", ...).
const char *MethodName(int method);

}  // namespace zipnn_cli
