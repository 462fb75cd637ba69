// Recognises a safetensors file from its first bytes and picks the dtype that
// covers most of its data, so `--dtype auto` gives float files a float dtype.
// The library's own tensor-aware mode (ZIPNN_PARAM_TENSOR_AWARE) goes further
// and gives each tensor its own dtype; this only chooses the frame default.
#pragma once

#include <zipnn.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace zipnn_cli {

// Largest safetensors JSON header the tool reads (the reference
// implementation caps it at 100 MB as well).
constexpr uint64_t kMaxSafetensorsHeader = 100u << 20;

// Length of the JSON header if `prefix` (at least 8 bytes) starts like a
// safetensors file of `file_size` bytes (UINT64_MAX if unknown); 0 otherwise.
uint64_t SafetensorsHeaderSize(const void *prefix, size_t prefix_size, uint64_t file_size);

// Given the JSON header bytes, returns the dtype holding the most data bytes
// (ZIPNN_DTYPE_BYTES when none is recognised). False if the JSON is invalid.
bool SafetensorsMainDtype(const char *json, size_t json_size, zipnn_dtype *dtype_out);

}  // namespace zipnn_cli
