#include "output_file.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zipnn_cli {

namespace {

// The temporary file the signal handler must remove. Written only with the
// handled signals blocked, read only by the handler.
char g_temp_path[PATH_MAX + 64];
volatile sig_atomic_t g_temp_active = 0;

void OnSignal(int sig) {
  if (g_temp_active) unlink(g_temp_path);
  // Restore the default action and re-raise, so the exit status says which
  // signal ended the process (128 + n in shells).
  signal(sig, SIG_DFL);
  raise(sig);
}

constexpr int kHandled[] = {SIGINT, SIGTERM, SIGHUP};

class BlockSignals {
 public:
  BlockSignals() {
    sigset_t set;
    sigemptyset(&set);
    for (const int s : kHandled) sigaddset(&set, s);
    sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~BlockSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

mode_t CurrentUmask() {
  const mode_t m = umask(0);
  umask(m);
  return m;
}

}  // namespace

void InstallSignalHandlers() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  for (const int s : kHandled) {
    struct sigaction old;
    // Keep "ignore" if the parent asked for it (nohup, background jobs).
    if (sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(s, &sa, nullptr);
  }
  signal(SIGPIPE, SIG_IGN);
}

std::string DirName(const std::string &path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string &path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void SyncDirectory(const std::string &dir) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)fsync(fd);
  close(fd);
}

Error WriteAll(int fd, const void *data, size_t size, const std::string &what) {
  const auto *p = static_cast<const char *>(data);
  while (size > 0) {
    const ssize_t n = write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::FromErrno(errno, what);
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  return Error::Ok();
}

Error ReadFull(int fd, void *data, size_t size, size_t *got_out, const std::string &what) {
  auto *p = static_cast<char *>(data);
  size_t got = 0;
  while (got < size) {
    const ssize_t n = read(fd, p + got, size - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::FromErrno(errno, what);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  *got_out = got;
  return Error::Ok();
}

Error AtomicFile::Open(const std::string &final_path) {
  Abort();
  final_path_ = final_path;
  const std::string dir = DirName(final_path);
  std::string temp = (dir == "/" ? "/" : dir + "/") + "." + BaseName(final_path) + ".tmpXXXXXX";
  if (temp.size() >= sizeof(g_temp_path)) return Error::Io(final_path + ": path too long");
  {
    BlockSignals block;
    std::memcpy(g_temp_path, temp.c_str(), temp.size() + 1);
    const int fd = mkostemp(g_temp_path, O_CLOEXEC);
    if (fd < 0) return Error::FromErrno(errno, "cannot create a temporary file in " + dir);
    g_temp_active = 1;
    fd_ = fd;
    temp_path_ = g_temp_path;
  }
  return Error::Ok();
}

Error AtomicFile::Commit(bool overwrite, const struct stat *like) {
  const std::string what = final_path_;
  const mode_t mode = like ? (like->st_mode & 07777) : (0666 & ~CurrentUmask());
  if (fchmod(fd_, mode) != 0) return Error::FromErrno(errno, what);
  if (like) {
    const struct timespec times[2] = {like->st_atim, like->st_mtim};
    (void)futimens(fd_, times);  // best effort, as gzip
  }
  if (fsync(fd_) != 0) return Error::FromErrno(errno, "cannot flush " + what);
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) return Error::FromErrno(errno, "cannot close " + what);

  int rc;
  if (overwrite) {
    rc = rename(temp_path_.c_str(), final_path_.c_str());
  } else {
    rc = renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, final_path_.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
      // File systems without RENAME_NOREPLACE: check, then rename.
      struct stat st;
      if (lstat(final_path_.c_str(), &st) == 0) {
        errno = EEXIST;
        rc = -1;
      } else {
        rc = rename(temp_path_.c_str(), final_path_.c_str());
      }
    }
  }
  if (rc != 0) {
    const int err = errno;
    if (err == EEXIST) return Error::Io(what + ": already exists (use -f to overwrite)");
    return Error::FromErrno(err, "cannot rename into " + what);
  }
  {
    BlockSignals block;
    g_temp_active = 0;
  }
  temp_path_.clear();
  SyncDirectory(DirName(final_path_));
  return Error::Ok();
}

void AtomicFile::Abort() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  if (!temp_path_.empty()) {
    unlink(temp_path_.c_str());
    BlockSignals block;
    g_temp_active = 0;
    temp_path_.clear();
  }
}

}  // namespace zipnn_cli
