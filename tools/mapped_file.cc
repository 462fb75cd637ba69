#include "mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace zipnn_cli {

MappedFile::~MappedFile() {
  if (data_) munmap(const_cast<uint8_t *>(data_), size_);
}

void MappedFile::DropPages() const {
  if (data_) (void)madvise(const_cast<uint8_t *>(data_), size_, MADV_DONTNEED);
}

Error MappedFile::Open(const std::string &path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::FromErrno(errno, "cannot open");
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return Error::FromErrno(err, "cannot stat");
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return Error::Io(S_ISDIR(st.st_mode) ? "is a directory (use -r)" : "not a regular file");
  }
  size_ = static_cast<size_t>(st.st_size);
  if (size_ > 0) {
    void *p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int err = errno;
      close(fd);
      size_ = 0;
      return Error::FromErrno(err, "cannot map");
    }
    (void)madvise(p, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const uint8_t *>(p);
  }
  close(fd);
  return Error::Ok();
}

}  // namespace zipnn_cli
