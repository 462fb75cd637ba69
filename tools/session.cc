#include "session.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "commands.h"
#include "index_json.h"
#include "mapped_file.h"
#include "output_file.h"
#include "progress.h"
#include "stream_codec.h"

namespace zipnn_cli {

namespace {

constexpr std::string_view kSuffix = ".znn";
constexpr std::string_view kIndexSuffix = ".index.json";
// Weight files `compress -r` picks up; every other file is left alone.
constexpr std::string_view kWeightExtensions[] = {".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx"};
// Largest shard index read into memory.
constexpr size_t kMaxIndexSize = 64u << 20;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Lower(std::string s) {
  for (char &c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool IsWeightFile(const std::string &name) {
  const std::string lower = Lower(name);
  for (const std::string_view ext : kWeightExtensions)
    if (EndsWith(lower, ext) && lower.size() > ext.size()) return true;
  return false;
}

// Owns a file descriptor (not stdin/stdout).
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ > STDERR_FILENO) close(fd_);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens an input for reading ("-" is stdin). Symlinks are followed for
// reading only: nothing is ever written through them.
Error OpenInput(const std::string &path, int *fd_out, struct stat *st) {
  int fd = STDIN_FILENO;
  if (path != "-") {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error::FromErrno(errno, "cannot open");
  }
  if (fstat(fd, st) != 0) {
    const int err = errno;
    if (fd != STDIN_FILENO) close(fd);
    return Error::FromErrno(err, "cannot stat");
  }
  if (S_ISDIR(st->st_mode)) {
    if (fd != STDIN_FILENO) close(fd);
    return Error::Usage("is a directory (use -r)");
  }
  *fd_out = fd;
  return Error::Ok();
}

Error ReadSmallFile(int fd, const struct stat &st, std::string *out) {
  if (static_cast<uint64_t>(st.st_size) > kMaxIndexSize) return Error::Io("index file too large");
  out->resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  Error e = ReadFull(fd, out->data(), out->size(), &got, "cannot read");
  if (e.ok() && got != out->size()) e = Error::Io("file changed while being read");
  return e;
}

bool Exists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

void PrintSummary(const Options &opts, const std::string &in, const std::string &out, uint64_t in_bytes,
                  uint64_t out_bytes, bool compress, zipnn_dtype dtype) {
  if (opts.verbosity < 2) return;
  const uint64_t raw = compress ? in_bytes : out_bytes;
  const uint64_t packed = compress ? out_bytes : in_bytes;
  const double pct = raw ? 100.0 * static_cast<double>(packed) / static_cast<double>(raw) : 100.0;
  if (compress)
    std::fprintf(stderr, "%s: %.2f%% (%s => %s, %s, dtype %s)\n", in.c_str(), pct, FormatBytes(raw).c_str(),
                 FormatBytes(packed).c_str(), out.c_str(), zipnn_dtype_name(dtype));
  else
    std::fprintf(stderr, "%s: %s => %s, %s\n", in.c_str(), FormatBytes(packed).c_str(), FormatBytes(raw).c_str(),
                 out.c_str());
}

}  // namespace

Session::~Session() {
  zipnn_cctx_free(cctx_);
  zipnn_dctx_free(dctx_);
}

Error Session::LoadDeltaBase() {
  if (opts_.delta_base.empty() || delta_base_.size() > 0) return Error::Ok();
  return delta_base_.Open(opts_.delta_base);  // mapped for the whole session
}

Error Session::Contexts() {
  Error e = LoadDeltaBase();
  if (!e.ok()) return e;
  if (!cctx_ && opts_.command == Command::kCompress) {
    const zipnn_status st = zipnn_cctx_new(&cctx_);
    if (st != ZIPNN_OK) return Error::FromStatus(st, "cannot create a compression context");
    e = ConfigureCctx(cctx_, opts_);
    if (!e.ok()) return e;
    if (delta_base_.size() > 0 &&
        zipnn_cctx_set_delta_base(cctx_, delta_base_.data(), delta_base_.size()) != ZIPNN_OK)
      return Error::Usage("cannot use the delta base " + opts_.delta_base);
  }
  if (!dctx_ && (opts_.command == Command::kDecompress || opts_.command == Command::kVerify)) {
    const zipnn_status st = zipnn_dctx_new(&dctx_);
    if (st != ZIPNN_OK) return Error::FromStatus(st, "cannot create a decompression context");
    e = ConfigureDctx(dctx_, opts_);
    if (!e.ok()) return e;
    if (delta_base_.size() > 0 &&
        zipnn_dctx_set_delta_base(dctx_, delta_base_.data(), delta_base_.size()) != ZIPNN_OK)
      return Error::Usage("cannot use the delta base " + opts_.delta_base);
  }
  return Error::Ok();
}

void Session::Fail(const std::string &where, const Error &e) {
  Report(where, e);
  if (exit_ == kExitOk) exit_ = e.exit;
}

int Session::Run() {
  const Error e = Contexts();
  if (!e.ok()) return Report("", e);
  std::vector<std::string> inputs = opts_.inputs;
  if (inputs.empty()) inputs.push_back("-");
  for (const std::string &in : inputs) RunOne(in);
  return exit_;
}

int Session::RunOne(const std::string &input) {
  if (input != "-") {
    struct stat st;
    if (stat(input.c_str(), &st) != 0) {
      Fail(input, Error::FromErrno(errno, "cannot open"));
      return exit_;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!opts_.recursive || opts_.command == Command::kBench) {
        Fail(input, Error::Usage("is a directory (use -r)"));
        return exit_;
      }
      return Folder(input);
    }
  }
  Error e;
  switch (opts_.command) {
    case Command::kCompress: e = CompressFile(input, opts_.output); break;
    case Command::kDecompress: e = DecompressFile(input, opts_.output); break;
    case Command::kVerify: e = VerifyFile(input); break;
    case Command::kInfo: e = PrintInfo(opts_, input); break;
    case Command::kBench: e = RunBench(opts_, input); break;
  }
  if (!e.ok()) Fail(input == "-" ? "(stdin)" : input, e);
  return exit_;
}

// -r: the weight files (compress) or the .znn files (everything else) under
// `dir`. Symlinked folders are not followed; symlinked files are read through.
int Session::Folder(const std::string &dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> files, indexes;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry &entry = *it;
    std::error_code ec2;
    if (!entry.is_regular_file(ec2)) continue;  // follows symlinks: a link to a file counts
    const std::string path = entry.path().string();
    const std::string name = entry.path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(".tmp") != std::string::npos) continue;  // our temporaries
    if (opts_.command == Command::kCompress) {
      if (EndsWith(name, kSuffix)) continue;
      if (EndsWith(name, kIndexSuffix)) indexes.push_back(path);
      else if (IsWeightFile(name)) files.push_back(path);
    } else if (EndsWith(name, kSuffix)) {
      files.push_back(path);
    }
  }
  if (ec) Fail(dir, Error::FromErrno(ec.value(), "cannot list the folder"));
  std::sort(files.begin(), files.end());
  std::sort(indexes.begin(), indexes.end());
  for (const std::string &f : files) {
    Error e;
    switch (opts_.command) {
      case Command::kCompress: e = CompressFile(f, ""); break;
      case Command::kDecompress: e = DecompressFile(f, ""); break;
      case Command::kVerify: e = VerifyFile(f); break;
      case Command::kInfo: e = PrintInfo(opts_, f); break;
      case Command::kBench: break;
    }
    if (!e.ok()) Fail(f, e);
  }
  // Indexes last: they point at the shards compressed above.
  for (const std::string &f : indexes) {
    const Error e = CompressIndexFile(f);
    if (!e.ok()) Fail(f, e);
  }
  Log(opts_, 2, "%s: %zu file(s) processed\n", dir.c_str(), files.size());
  return exit_;
}

Error Session::DefaultOutput(const std::string &in_path, std::string *out) const {
  if (opts_.command == Command::kCompress) {
    *out = in_path + std::string(kSuffix);
    return Error::Ok();
  }
  if (!EndsWith(in_path, kSuffix) || BaseName(in_path).size() <= kSuffix.size())
    return Error::Usage("unknown suffix, expected .znn (use -o or -c to name the output)");
  *out = in_path.substr(0, in_path.size() - kSuffix.size());
  return Error::Ok();
}

Error Session::CheckOutput(const std::string &out_path, const struct stat &in_stat) const {
  struct stat st;
  if (lstat(out_path.c_str(), &st) != 0) return Error::Ok();
  struct stat target;
  if (stat(out_path.c_str(), &target) == 0 && target.st_dev == in_stat.st_dev && target.st_ino == in_stat.st_ino)
    return Error::Io(out_path + ": output is the input file");
  if (!opts_.force) return Error::Io(out_path + ": already exists (use -f to overwrite)");
  if (S_ISDIR(st.st_mode)) return Error::Io(out_path + ": is a directory");
  return Error::Ok();
}

Error Session::RemoveSource(const std::string &in_path) const {
  // unlink removes a symlink itself, never its target (a Hugging Face blob).
  if (unlink(in_path.c_str()) != 0) return Error::FromErrno(errno, "cannot remove the source");
  Log(opts_, 3, "%s: removed\n", in_path.c_str());
  return Error::Ok();
}

Error Session::CompressFile(const std::string &in_path, const std::string &out_arg) {
  const bool from_stdin = in_path == "-";
  const bool to_stdout = opts_.to_stdout || out_arg == "-" || (from_stdin && out_arg.empty());
  if (!from_stdin && !to_stdout && out_arg.empty() && EndsWith(in_path, kSuffix) && !opts_.force)
    return Error::Usage("already has the .znn suffix, ignored (use -f to compress it again)");
  if (to_stdout && !opts_.force && isatty(STDOUT_FILENO))
    return Error::Usage("refusing to write compressed data to a terminal (use -o, or -f to force)");

  int fd = -1;
  struct stat st;
  Error e = OpenInput(in_path, &fd, &st);
  if (!e.ok()) return e;
  Fd input(fd);
  StreamEnd in{fd, from_stdin ? "(stdin)" : in_path,
               S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : UINT64_MAX};
  StreamResult r;
  std::string out_path = "(stdout)";
  if (to_stdout) {
    Progress progress(opts_.progress && opts_.verbosity >= 1, in.name, in.size == UINT64_MAX ? 0 : in.size);
    e = CompressStream(cctx_, opts_, in, StreamEnd{STDOUT_FILENO, "(stdout)"}, progress, &r);
    if (!e.ok()) return e;
  } else {
    out_path = out_arg;
    if (out_path.empty()) {
      e = DefaultOutput(in_path, &out_path);
      if (!e.ok()) return e;
    }
    e = CheckOutput(out_path, st);
    if (!e.ok()) return e;
    AtomicFile file;
    e = file.Open(out_path);
    if (!e.ok()) return e;
    {
      Progress progress(opts_.progress && opts_.verbosity >= 1, in.name, in.size == UINT64_MAX ? 0 : in.size);
      e = CompressStream(cctx_, opts_, in, StreamEnd{file.fd(), out_path}, progress, &r);
    }
    if (!e.ok()) return e;  // ~AtomicFile removes the temporary file
    e = file.Commit(opts_.force, from_stdin ? nullptr : &st);
    if (!e.ok()) return e;
  }
  PrintSummary(opts_, in.name, out_path, r.in_bytes, r.out_bytes, true, r.dtype);
  if (opts_.remove_source && !from_stdin && !to_stdout) return RemoveSource(in_path);
  return Error::Ok();
}

Error Session::DecompressFile(const std::string &in_path, const std::string &out_arg) {
  const bool from_stdin = in_path == "-";
  const bool to_stdout = opts_.to_stdout || out_arg == "-" || (from_stdin && out_arg.empty());
  std::string out_path = "(stdout)";
  if (!to_stdout) {
    out_path = out_arg;
    if (out_path.empty()) {
      Error e = DefaultOutput(in_path, &out_path);
      if (!e.ok()) return e;
    }
  }
  int fd = -1;
  struct stat st;
  Error e = OpenInput(in_path, &fd, &st);
  if (!e.ok()) return e;
  Fd input(fd);
  StreamEnd in{fd, from_stdin ? "(stdin)" : in_path,
               S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : UINT64_MAX};

  // A shard index rewritten by `compress -r` is plain JSON, not a frame.
  if (S_ISREG(st.st_mode) && !from_stdin && st.st_size > 0) {
    char head[64];
    const ssize_t n = pread(fd, head, sizeof(head), 0);
    if (n > 0 && LooksLikeJson(std::string_view(head, static_cast<size_t>(n)))) {
      std::string text;
      e = ReadSmallFile(fd, st, &text);
      if (!e.ok()) return e;
      return RestoreIndexFile(in_path, out_path, text, st, to_stdout ? STDOUT_FILENO : -1);
    }
  }

  StreamResult r;
  if (to_stdout) {
    Progress progress(opts_.progress && opts_.verbosity >= 1, in.name, in.size == UINT64_MAX ? 0 : in.size);
    e = DecompressStream(dctx_, in, StreamEnd{STDOUT_FILENO, "(stdout)"}, progress, &r);
    if (!e.ok()) return e;
  } else {
    e = CheckOutput(out_path, st);
    if (!e.ok()) return e;
    AtomicFile file;
    e = file.Open(out_path);
    if (!e.ok()) return e;
    {
      Progress progress(opts_.progress && opts_.verbosity >= 1, in.name, in.size == UINT64_MAX ? 0 : in.size);
      e = DecompressStream(dctx_, in, StreamEnd{file.fd(), out_path}, progress, &r);
    }
    if (!e.ok()) return e;
    e = file.Commit(opts_.force, from_stdin ? nullptr : &st);
    if (!e.ok()) return e;
  }
  PrintSummary(opts_, in.name, out_path, r.in_bytes, r.out_bytes, false, ZIPNN_DTYPE_BYTES);
  if (opts_.remove_source && !from_stdin && !to_stdout) return RemoveSource(in_path);
  return Error::Ok();
}

Error Session::RestoreIndexFile(const std::string &in_path, const std::string &out_path, const std::string &text,
                                const struct stat &in_stat, int out_fd) {
  std::string restored, why;
  size_t changed = 0;
  if (!RestoreIndex(text, &restored, &changed, &why))
    return Error::Data("not a .znn frame, nor a shard index written by zipnn -r: " + why);
  if (out_fd >= 0) return WriteAll(out_fd, restored.data(), restored.size(), "cannot write (stdout)");
  Error e = CheckOutput(out_path, in_stat);
  if (!e.ok()) return e;
  AtomicFile file;
  e = file.Open(out_path);
  if (e.ok()) e = WriteAll(file.fd(), restored.data(), restored.size(), "cannot write " + out_path);
  if (e.ok()) e = file.Commit(opts_.force, &in_stat);
  if (!e.ok()) return e;
  Log(opts_, 2, "%s: shard index restored (%zu entries), %s\n", in_path.c_str(), changed, out_path.c_str());
  if (opts_.remove_source) return RemoveSource(in_path);
  return Error::Ok();
}

Error Session::CompressIndexFile(const std::string &in_path) {
  int fd = -1;
  struct stat st;
  Error e = OpenInput(in_path, &fd, &st);
  if (!e.ok()) return e;
  Fd input(fd);
  std::string text;
  e = ReadSmallFile(fd, st, &text);
  if (!e.ok()) return e;
  const std::string dir = DirName(in_path) + "/";
  std::string rewritten, why;
  size_t changed = 0;
  const bool ok = RewriteIndex(
      text, [&](const std::string &shard) { return Exists(dir + shard + std::string(kSuffix)); }, &rewritten,
      &changed, &why);
  if (!ok) {
    if (why.rfind("no \"weight_map\"", 0) == 0) return Error::Ok();  // some other JSON: leave it alone
    return Error::Data("shard index left as it is: " + why);
  }
  if (changed == 0) {
    Log(opts_, 2, "%s: no compressed shard to point at, left as it is\n", in_path.c_str());
    return Error::Ok();
  }
  const std::string out_path = in_path + std::string(kSuffix);
  e = CheckOutput(out_path, st);
  if (!e.ok()) return e;
  AtomicFile file;
  e = file.Open(out_path);
  if (e.ok()) e = WriteAll(file.fd(), rewritten.data(), rewritten.size(), "cannot write " + out_path);
  if (e.ok()) e = file.Commit(opts_.force, &st);
  if (!e.ok()) return e;
  Log(opts_, 2, "%s: %zu weight_map entries now point at .znn shards, %s\n", in_path.c_str(), changed,
      out_path.c_str());
  if (opts_.remove_source) return RemoveSource(in_path);
  return Error::Ok();
}

Error Session::VerifyFile(const std::string &path) {
  const std::string name = path == "-" ? "(stdin)" : path;
  struct stat st;
  bool regular = path != "-" && stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (regular && st.st_size > 0) {
    MappedFile map;
    Error e = map.Open(path);
    if (!e.ok()) return e;
    const std::string_view head(reinterpret_cast<const char *>(map.data()), std::min<size_t>(map.size(), 64));
    if (LooksLikeJson(head)) {
      std::string restored, why;
      size_t changed = 0;
      const std::string_view text(reinterpret_cast<const char *>(map.data()), map.size());
      if (!RestoreIndex(text, &restored, &changed, &why))
        return Error::Data("not a .znn frame, nor a shard index written by zipnn -r: " + why);
      Log(opts_, 1, "%s: OK (shard index, %zu entries)\n", name.c_str(), changed);
      return Error::Ok();
    }
    zipnn_frame_info info;
    if (zipnn_frame_info_get(map.data(), map.size(), &info) == ZIPNN_OK) {
      // One whole frame: decode it window by window, on all threads, into a
      // buffer that is reused (bounded memory whatever the size).
      e = VerifyMappedFrame(dctx_, opts_, name, map, info);
      if (!e.ok()) return e;
      Log(opts_, 1, "%s: OK (%s)\n", name.c_str(), FormatBytes(info.content_size).c_str());
      return Error::Ok();
    }
    // Not one clean frame: the streaming decoder names the fault exactly
    // (truncated, trailing data) and also accepts concatenated frames.
  }
  int fd = -1;
  Error e = OpenInput(path, &fd, &st);
  if (!e.ok()) return e;
  Fd input(fd);
  StreamEnd in{fd, name, S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : UINT64_MAX};
  StreamResult r;
  {
    Progress progress(opts_.progress && opts_.verbosity >= 1, name, in.size == UINT64_MAX ? 0 : in.size);
    e = DecompressStream(dctx_, in, StreamEnd{-1, "(verify)"}, progress, &r);
  }
  if (!e.ok()) return e;
  Log(opts_, 1, "%s: OK (%s, %llu frame%s)\n", name.c_str(), FormatBytes(r.out_bytes).c_str(),
      static_cast<unsigned long long>(r.frames), r.frames == 1 ? "" : "s");
  return Error::Ok();
}

}  // namespace zipnn_cli
