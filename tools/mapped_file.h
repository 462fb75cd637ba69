// A read-only memory mapping of a whole regular file (for info, verify, bench).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "cli.h"

namespace zipnn_cli {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(const MappedFile &) = delete;
  MappedFile &operator=(const MappedFile &) = delete;

  // Maps `path`; an empty file maps to size 0 and data nullptr.
  Error Open(const std::string &path);
  const uint8_t *data() const { return data_; }
  size_t size() const { return size_; }
  // Drops the mapped pages from this process (they stay in the page cache and
  // fault back in when touched), so resident memory stays bounded while a
  // large file is read through the mapping.
  void DropPages() const;

 private:
  const uint8_t *data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace zipnn_cli
