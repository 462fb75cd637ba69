// zipnn: command-line front end of libzipnn. It uses only the public C ABI
// (zipnn.h); see docs/CLI.md.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "cli.h"
#include "output_file.h"
#include "session.h"

using namespace zipnn_cli;

namespace {

const char kHelp[] =
    "Usage: zipnn [COMMAND] [OPTIONS] [FILE...]\n"
    "Lossless compression for AI model weights (.znn files).\n"
    "\n"
    "Commands (the first argument; default: compress):\n"
    "  compress    FILE -> FILE.znn\n"
    "  decompress  FILE.znn -> FILE (same as -d)\n"
    "  info        show format version, sizes, ratio, dtype mix, chunks and coding methods of FILE.znn\n"
    "  verify      decode FILE.znn completely without writing anything (same as -t)\n"
    "  bench       ratio and speed of zipnn and zstd -3 on FILE, on 1 thread and on all threads\n"
    "With no FILE, or when FILE is -, read standard input and write standard output.\n"
    "\n"
    "Options:\n"
    "  -d, --decompress      decompress\n"
    "  -t, --test            verify\n"
    "  -o, --output FILE     write to FILE (one input only; - is standard output)\n"
    "  -c, --stdout          write to standard output, keep the inputs\n"
    "  -k, --keep            keep the input files (the default)\n"
    "      --rm              remove each input file after its output is complete\n"
    "  -f, --force           overwrite existing outputs; compress .znn files again;\n"
    "                        write compressed data to a terminal\n"
    "  -r, --recursive       operate on folders: compress every weight file (.safetensors .bin .pt\n"
    "                        .pth .gguf .onnx) and rewrite *.index.json shard maps; decompress,\n"
    "                        verify or info every .znn file\n"
    "  -T, --threads N       worker threads (0 = all cores, the default)\n"
    "      --dtype NAME      element type: auto (default: the main dtype of a safetensors file,\n"
    "                        else bytes), bytes, bf16, fp16, fp32, fp8_e4m3fn, fp8_e5m2, or a\n"
    "                        safetensors/torch spelling (BF16, F16, float32, ...)\n"
    "      --chunk-size SIZE decoded bytes per chunk, e.g. 256K, 1M (default 1M)\n"
    "      --zstd-level N    level for streams coded with zstd (default 3)\n"
    "      --no-tensor-aware do not detect safetensors input in the library\n"
    "      --delta-base FILE compress against a base (e.g. the model a fine-tune\n"
    "                        started from); decompress and verify need the same FILE\n"
    "      --no-progress     no progress bar (it is shown only when stderr is a terminal)\n"
    "      --bench-time SEC  bench: minimum seconds per measurement (default 1)\n"
    "  -q, --quiet           only errors\n"
    "  -v, --verbose         a summary line per file (repeat for more)\n"
    "  -h, --help            this help\n"
    "  -V, --version         versions of the tool, the library and the format\n"
    "\n"
    "Outputs are written to a temporary file in the target folder and renamed into place only\n"
    "when complete; on any error or interruption no partial output remains and the input is\n"
    "never modified. Symbolic links (e.g. a Hugging Face cache snapshot) are read through and\n"
    "never written through; --rm removes the link itself, never its target.\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  usage error (bad option or argument, unknown suffix, refused input)\n"
    "  2  data error (not a .znn file, corrupt, truncated, checksum mismatch)\n"
    "  3  I/O error (cannot read, write or rename; output exists without -f)\n"
    "  4  internal error (out of memory, library failure)\n"
    "  130 (or 128 + signal) interrupted; the partial output was removed\n"
    "With several inputs every input is attempted; the exit code is that of the first failure.\n";

int Usage(const std::string &message) {
  PrintError(message);
  std::fprintf(stderr, "Try 'zipnn --help'.\n");
  return kExitUsage;
}

bool ParseInt(const std::string &s, int64_t *out) {
  if (s.empty()) return false;
  errno = 0;
  char *end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

// "1048576", "256K", "1M", "1MiB", "2MB" (binary units).
bool ParseSize(const std::string &s, int64_t *out) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0) return false;
  int64_t v = 0;
  if (!ParseInt(s.substr(0, i), &v)) return false;
  std::string unit = s.substr(i);
  for (char &c : unit) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  int shift = 0;
  if (unit.empty() || unit == "B") shift = 0;
  else if (unit == "K" || unit == "KB" || unit == "KIB") shift = 10;
  else if (unit == "M" || unit == "MB" || unit == "MIB") shift = 20;
  else if (unit == "G" || unit == "GB" || unit == "GIB") shift = 30;
  else return false;
  if (v > (INT64_MAX >> shift)) return false;
  *out = v << shift;
  return true;
}

bool SetCommand(Options &o, Command c, bool *explicit_command) {
  if (*explicit_command && o.command != c) return false;
  o.command = c;
  *explicit_command = true;
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  Options o;
  int first = 1;
  bool explicit_command = false;
  if (argc > 1) {
    const std::string_view a = argv[1];
    struct {
      const char *name;
      Command command;
    } const kCommands[] = {{"compress", Command::kCompress},
                           {"decompress", Command::kDecompress},
                           {"info", Command::kInfo},
                           {"verify", Command::kVerify},
                           {"bench", Command::kBench}};
    for (const auto &c : kCommands) {
      if (a == c.name) {
        o.command = c.command;
        explicit_command = true;
        first = 2;
      }
    }
  }
  bool flag_d = false, flag_t = false;

  bool options_done = false;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      o.inputs.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    // Value of an option: "--name=value", the rest of a short cluster, or the next argument.
    auto value = [&](const std::string &inline_value, bool has_inline, const char *name, std::string *out) {
      if (has_inline) {
        *out = inline_value;
        return true;
      }
      if (i + 1 >= argc) {
        Usage(std::string("option ") + name + " needs a value");
        return false;
      }
      *out = argv[++i];
      return true;
    };
    if (arg.rfind("--", 0) == 0) {
      const size_t eq = arg.find('=');
      const std::string name = arg.substr(0, eq);
      const bool has_inline = eq != std::string::npos;
      const std::string inline_value = has_inline ? arg.substr(eq + 1) : "";
      std::string v;
      if (name == "--help") {
        std::fputs(kHelp, stdout);
        return kExitOk;
      } else if (name == "--version") {
        std::printf("zipnn %s (library %s, .znn format %d)\n", ZIPNN_VERSION_STRING, zipnn_version_string(),
                    ZIPNN_FORMAT_VERSION);
        return kExitOk;
      } else if (name == "--decompress" || name == "--uncompress") {
        flag_d = true;
      } else if (name == "--test") {
        flag_t = true;
      } else if (name == "--stdout") {
        o.to_stdout = true;
      } else if (name == "--keep") {
        o.remove_source = false;
      } else if (name == "--rm") {
        o.remove_source = true;
      } else if (name == "--force") {
        o.force = true;
      } else if (name == "--recursive") {
        o.recursive = true;
      } else if (name == "--quiet") {
        o.verbosity = 0;
      } else if (name == "--verbose") {
        ++o.verbosity;
      } else if (name == "--no-tensor-aware") {
        o.tensor_aware = false;
      } else if (name == "--no-progress") {
        o.progress = false;
      } else if (name == "--output") {
        if (!value(inline_value, has_inline, "--output", &o.output)) return kExitUsage;
        if (o.output.empty()) return Usage("empty output name");
      } else if (name == "--threads") {
        if (!value(inline_value, has_inline, "--threads", &v)) return kExitUsage;
        if (!ParseInt(v, &o.threads) || o.threads < 0) return Usage("invalid thread count '" + v + "'");
      } else if (name == "--chunk-size") {
        if (!value(inline_value, has_inline, "--chunk-size", &v)) return kExitUsage;
        if (!ParseSize(v, &o.chunk_size)) return Usage("invalid chunk size '" + v + "'");
      } else if (name == "--zstd-level") {
        if (!value(inline_value, has_inline, "--zstd-level", &v)) return kExitUsage;
        if (!ParseInt(v, &o.zstd_level) || o.zstd_level < 0) return Usage("invalid zstd level '" + v + "'");
      } else if (name == "--delta-base") {
        if (!value(inline_value, has_inline, "--delta-base", &o.delta_base)) return kExitUsage;
        if (o.delta_base.empty()) return Usage("empty delta base name");
      } else if (name == "--dtype") {
        if (!value(inline_value, has_inline, "--dtype", &v)) return kExitUsage;
        if (v == "auto") {
          o.dtype = -1;
        } else if (zipnn_dtype_from_name(v.c_str(), &o.dtype) != ZIPNN_OK) {
          return Usage("unknown dtype '" + v + "'");
        }
      } else if (name == "--bench-time") {
        if (!value(inline_value, has_inline, "--bench-time", &v)) return kExitUsage;
        char *end = nullptr;
        o.bench_seconds = std::strtod(v.c_str(), &end);
        if (*end != '\0' || !(o.bench_seconds >= 0)) return Usage("invalid --bench-time '" + v + "'");
      } else {
        return Usage("unknown option '" + arg + "'");
      }
      if (has_inline && name != "--output" && name != "--threads" && name != "--chunk-size" &&
          name != "--zstd-level" && name != "--dtype" && name != "--bench-time" && name != "--delta-base")
        return Usage("option " + name + " takes no value");
      continue;
    }
    // A cluster of short options: -kf, -T4, -T 4, -o out.
    for (size_t j = 1; j < arg.size(); ++j) {
      const char c = arg[j];
      const std::string rest = arg.substr(j + 1);
      std::string v;
      bool consumed_rest = false;
      switch (c) {
        case 'd': flag_d = true; break;
        case 't': flag_t = true; break;
        case 'c': o.to_stdout = true; break;
        case 'k': o.remove_source = false; break;
        case 'f': o.force = true; break;
        case 'r': o.recursive = true; break;
        case 'q': o.verbosity = 0; break;
        case 'v': ++o.verbosity; break;
        case 'h': std::fputs(kHelp, stdout); return kExitOk;
        case 'V':
          std::printf("zipnn %s (library %s, .znn format %d)\n", ZIPNN_VERSION_STRING, zipnn_version_string(),
                      ZIPNN_FORMAT_VERSION);
          return kExitOk;
        case 'o':
          if (!value(rest, !rest.empty(), "-o", &o.output)) return kExitUsage;
          consumed_rest = true;
          break;
        case 'T':
          if (!value(rest, !rest.empty(), "-T", &v)) return kExitUsage;
          if (!ParseInt(v, &o.threads) || o.threads < 0) return Usage("invalid thread count '" + v + "'");
          consumed_rest = true;
          break;
        default: return Usage(std::string("unknown option '-") + c + "'");
      }
      if (consumed_rest) break;
    }
  }

  if (flag_d && !SetCommand(o, Command::kDecompress, &explicit_command))
    return Usage("-d cannot be combined with this command");
  if (flag_t && !SetCommand(o, Command::kVerify, &explicit_command))
    return Usage("-t cannot be combined with this command");

  const bool writes = o.command == Command::kCompress || o.command == Command::kDecompress;
  if (!o.output.empty() && !writes) return Usage("-o applies to compress and decompress only");
  if (!o.output.empty() && (o.inputs.size() > 1 || o.recursive))
    return Usage("-o needs exactly one input file (and no -r)");
  if (o.to_stdout && !o.output.empty()) return Usage("-c and -o cannot be combined");
  if (o.to_stdout && o.recursive) return Usage("-c and -r cannot be combined");
  if ((o.command == Command::kInfo || o.command == Command::kBench) && o.inputs.empty())
    return Usage("this command needs a file name");
  if (o.inputs.empty()) {
    if (o.recursive) return Usage("-r needs a folder");
    if (isatty(STDIN_FILENO)) return Usage("no input file and standard input is a terminal");
  }
  int stdin_uses = 0;
  for (const std::string &in : o.inputs) stdin_uses += in == "-";
  if (stdin_uses > 1) return Usage("standard input (-) given more than once");

  InstallSignalHandlers();
  Session session(o);
  return session.Run();
}
