// safetensors awareness: parsing and validating a safetensors header from
// untrusted bytes, and the tensor index section stored in frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "zipnn.h"

namespace zipnn::tensor {

inline constexpr uint64_t kMaxHeaderSize = 100u << 20;  // as the safetensors reference
inline constexpr uint32_t kMaxDims = 16;
inline constexpr size_t kMaxNameSize = 65535;

struct TensorSpec {
  std::string name;
  std::string dtype_name;  // as written in the header ("BF16", "F8_E4M3", ...)
  zipnn_dtype dtype = ZIPNN_DTYPE_BYTES;  // BYTES for dtypes zipnn does not know
  std::vector<uint64_t> shape;
  uint64_t begin = 0;  // content offsets (already including 8 + header size)
  uint64_t end = 0;
};

struct SafetensorsLayout {
  uint64_t data_offset = 0;          // 8 + header size
  std::vector<TensorSpec> tensors;  // sorted by begin
};

// If prefix[0, available) starts with a complete, valid safetensors header,
// fills *out and returns true. Offsets are not checked against the file size
// (which a stream may not know yet): see TensorsFit.
bool ParseSafetensorsHeader(const uint8_t *prefix, size_t available, SafetensorsLayout *out);

// Bytes needed to parse the header (8 + declared header size), or 0 if the
// first 8 bytes already rule out a safetensors file. `available` >= 8.
uint64_t SafetensorsHeaderNeed(const uint8_t *prefix, size_t available);

// Whether every tensor lies within a content of `content_size` bytes.
bool TensorsFit(const SafetensorsLayout &layout, uint64_t content_size);

// Tensor index section payload (docs/FORMAT.md, "Tensor index").
std::vector<uint8_t> EncodeTensorIndex(const SafetensorsLayout &layout);

// A parsed view of a tensor index section; names point into the frame.
struct TensorView {
  const char *name;
  size_t name_size;
  const char *dtype_name;
  size_t dtype_name_size;
  zipnn_dtype dtype;
  uint32_t ndim;
  uint64_t shape[kMaxDims];
  uint64_t begin;
  uint64_t end;
};

// Validates a tensor index payload against the frame's content size and
// returns the tensor count; with index < count also fills *view for it.
zipnn_status ReadTensorIndex(const uint8_t *payload, uint64_t size, uint64_t content_size,
                             uint64_t *count, uint64_t index, TensorView *view);

// Validates the payload as ReadTensorIndex does and, in the same single pass,
// finds the first tensor with this name (*index = UINT64_MAX if none).
zipnn_status FindInTensorIndex(const uint8_t *payload, uint64_t size, uint64_t content_size,
                               const char *name, size_t name_size, uint64_t *index);

}  // namespace zipnn::tensor
