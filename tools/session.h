// One run of the tool: owns the library contexts and applies the command to
// each input (files, "-" for stdin, or folders with -r).
#pragma once

#include <sys/stat.h>
#include <zipnn.h>

#include <string>
#include <vector>

#include "cli.h"
#include "mapped_file.h"

namespace zipnn_cli {

class Session {
 public:
  explicit Session(const Options &opts) : opts_(opts) {}
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  // Runs the command on every input; returns the process exit code.
  int Run();

 private:
  int RunOne(const std::string &input);
  Error Contexts();
  Error LoadDeltaBase();
  int Folder(const std::string &dir);

  Error CompressFile(const std::string &in_path, const std::string &out_path);
  Error DecompressFile(const std::string &in_path, const std::string &out_path);
  Error CompressIndexFile(const std::string &in_path);
  Error RestoreIndexFile(const std::string &in_path, const std::string &out_path, const std::string &text,
                         const struct stat &in_stat, int out_fd);
  Error VerifyFile(const std::string &path);
  Error InfoFile(const std::string &path);
  Error BenchFile(const std::string &path);

  // Output name for `in_path` under the current command ("" if none applies).
  Error DefaultOutput(const std::string &in_path, std::string *out) const;
  // Refuses an existing output (without -f) and output == input (always).
  Error CheckOutput(const std::string &out_path, const struct stat &in_stat) const;
  Error RemoveSource(const std::string &in_path) const;
  // Records a failure: prints it and keeps the first exit code.
  void Fail(const std::string &where, const Error &e);

  Options opts_;
  zipnn_cctx *cctx_ = nullptr;
  zipnn_dctx *dctx_ = nullptr;
  MappedFile delta_base_;  // --delta-base, mapped once for all files
  int exit_ = kExitOk;
};

}  // namespace zipnn_cli
