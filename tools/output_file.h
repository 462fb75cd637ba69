// Crash- and interrupt-safe output files: data goes to `.NAME.tmpXXXXXX` in
// the destination folder, is fsync'ed, then renamed over NAME. On any failure,
// and on SIGINT/SIGTERM/SIGHUP, the temporary file is removed, so a partial
// output never appears under the final name.
#pragma once

#include <sys/stat.h>

#include <string>

#include "cli.h"

namespace zipnn_cli {

// Installs the signal handlers that remove the temporary file in progress,
// and ignores SIGPIPE (a closed stdout becomes an EPIPE I/O error instead).
void InstallSignalHandlers();

class AtomicFile {
 public:
  AtomicFile() = default;
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;
  ~AtomicFile() { Abort(); }

  // Creates the temporary file next to `final_path`. Only one AtomicFile may
  // be open at a time (the signal handler tracks one path).
  Error Open(const std::string &final_path);
  int fd() const { return fd_; }

  // Flushes to disk, copies permissions and times from `like` (if not null),
  // and renames into place. Without `overwrite` an existing file (or symlink)
  // at the final path is an error and is left as it is; with it the directory
  // entry is replaced (a symlink is replaced, never written through).
  Error Commit(bool overwrite, const struct stat *like);

  // Removes the temporary file if it still exists. Idempotent.
  void Abort();

 private:
  std::string final_path_;
  std::string temp_path_;
  int fd_ = -1;
};

// Folder part of a path ("." when there is none) and file name part.
std::string DirName(const std::string &path);
std::string BaseName(const std::string &path);

// fsyncs a folder so a rename in it is durable. Errors are ignored (some
// file systems refuse fsync on folders).
void SyncDirectory(const std::string &dir);

// Writes all of [data, data + size) to fd, retrying on EINTR and short writes.
Error WriteAll(int fd, const void *data, size_t size, const std::string &what);

// Reads up to `size` bytes, stopping early only at end of file. *got_out is
// the number of bytes read.
Error ReadFull(int fd, void *data, size_t size, size_t *got_out, const std::string &what);

}  // namespace zipnn_cli
