// The tensor API checked against the bytes a frame decodes to, shared by the
// safetensors, tensor and delta fuzzers: zipnn_tensor_info_get,
// zipnn_tensor_find and zipnn_decompress_tensor (whole tensors and
// fuzzer-chosen row ranges) for every tensor of a frame whose
// zipnn_tensor_count succeeded.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "zipnn.h"

namespace zipnn_fuzz {

// Rows as zipnn.h defines them for zipnn_decompress_tensor: along the first
// dimension, one row for a 0-d tensor. A size that is not a multiple of the
// first dimension (an opaque dtype, whose size zipnn cannot check) makes the
// tensor one row: so does a first dimension of 0 with a size above 0, so that
// the whole tensor always decodes to all of its bytes (docs/SECURITY.md,
// finding 3).
struct TensorRows {
  uint64_t count, bytes;
};
inline TensorRows RowsOf(const zipnn_tensor_info &t) {
  if (t.ndim == 0) return {1, t.size};
  const uint64_t n = t.shape[0];
  if (n == 0) return t.size == 0 ? TensorRows{0, 0} : TensorRows{1, t.size};
  if (t.size % n != 0) return {1, t.size};
  return {n, t.size / n};
}


struct TensorCheck {
  zipnn_dctx *dctx;
  const uint8_t *frame;
  size_t frame_size;
  uint64_t count;            // from zipnn_tensor_count (OK)
  uint64_t content_size;     // from zipnn_frame_info_get (OK)
  const uint8_t *content;    // the frame's whole decoded content, or null if not decodable
  bool unique_names;         // a valid safetensors file: zipnn_tensor_find(name of i) == i
  bool size_limit_allowed;   // ZIPNN_PARAM_MAX_DECODED_SIZE below the content size
  uint64_t max_tensors;      // decode the first ones and the last (the rest are listed and found)
};

inline bool Within(const void *p, size_t n, const uint8_t *base, size_t size) {
  const uint8_t *q = static_cast<const uint8_t *>(p);
  return q >= base && q <= base + size && n <= static_cast<size_t>(base + size - q);
}

// Decodes tensor `index`, rows [first, first + n), and checks the answer
// against `c.content` (when given). Returns the status.
inline zipnn_status CheckTensorRows(const TensorCheck &c, uint64_t index, const zipnn_tensor_info &t,
                                    uint64_t first, uint64_t n) {
  const TensorRows rows = RowsOf(t);
  const bool in_range = first <= rows.count && (n == UINT64_MAX || n <= rows.count - first);
  const uint64_t rows_n = n == UINT64_MAX && in_range ? rows.count - first : n;
  const uint64_t length = in_range ? rows_n * rows.bytes : 0;
  const uint64_t offset = t.offset + (in_range ? first * rows.bytes : 0);
  static std::vector<uint8_t> buf;
  buf.assign(static_cast<size_t>(length) + 16, 0xA5);
  size_t got = SIZE_MAX;
  const zipnn_status st =
      zipnn_decompress_tensor(c.dctx, c.frame, c.frame_size, index, first, n, buf.data(), length, &got);
  FUZZ_CHECK(st == ZIPNN_OK || IsNamedError(st));
  for (size_t i = static_cast<size_t>(length); i < buf.size(); ++i) FUZZ_CHECK(buf[i] == 0xA5);  // no write past dst
  if (!in_range) {
    FUZZ_CHECK(st == ZIPNN_ERROR_RANGE);
    return st;
  }
  FUZZ_CHECK(st != ZIPNN_ERROR_RANGE && st != ZIPNN_ERROR_NOT_FOUND);
  if (st == ZIPNN_OK) {
    FUZZ_CHECK(got == length);
  } else {
    FUZZ_CHECK(got == SIZE_MAX);  // out-parameter untouched
  }
  if (c.content) {
    // Every chunk decodes: so do the tensor's.
    FUZZ_CHECK(st == ZIPNN_OK || (c.size_limit_allowed && st == ZIPNN_ERROR_SIZE_LIMIT));
    if (st == ZIPNN_OK) FUZZ_CHECK(SameBytes(buf.data(), c.content + offset, static_cast<size_t>(length)));
  }
  return st;
}

// Checks every tensor (listing and finding all; decoding, whole and a range
// of rows chosen by `rng`, the first c.max_tensors and the last).
inline void CheckTensors(const TensorCheck &c, Rng &rng) {
  uint64_t prev_end = 0;
  std::vector<std::string> names;
  for (uint64_t i = 0; i < c.count; ++i) {
    zipnn_tensor_info t;
    std::memset(&t, 0xCD, sizeof(t));
    FUZZ_CHECK_OK(zipnn_tensor_info_get(c.frame, c.frame_size, i, &t));  // validated by zipnn_tensor_count
    FUZZ_CHECK(t.ndim <= ZIPNN_MAX_DIMS);
    FUZZ_CHECK(t.dtype >= 0 && t.dtype < ZIPNN_DTYPE_COUNT);
    FUZZ_CHECK(Within(t.name, t.name_size, c.frame, c.frame_size));
    FUZZ_CHECK(t.dtype_name_size > 0 && Within(t.dtype_name, t.dtype_name_size, c.frame, c.frame_size));
    // In offset order, disjoint, within the content.
    FUZZ_CHECK(t.offset >= prev_end && t.offset <= c.content_size && t.size <= c.content_size - t.offset);
    prev_end = t.offset + t.size;
    if (t.dtype != ZIPNN_DTYPE_BYTES) {
      uint64_t bytes = zipnn_dtype_size(t.dtype);
      for (uint32_t d = 0; d < t.ndim; ++d) FUZZ_CHECK(!__builtin_mul_overflow(bytes, t.shape[d], &bytes));
      FUZZ_CHECK(bytes == t.size);
    }
    // Found by name: itself, or an earlier tensor of the same name.
    const std::string name(t.name, t.name_size);
    names.push_back(name);
    uint64_t found = UINT64_MAX;
    FUZZ_CHECK_OK(zipnn_tensor_find(c.frame, c.frame_size, t.name, t.name_size, &found));
    FUZZ_CHECK(found <= i);
    if (c.unique_names) FUZZ_CHECK(found == i);
    if (found != i) {
      zipnn_tensor_info other;
      FUZZ_CHECK_OK(zipnn_tensor_info_get(c.frame, c.frame_size, found, &other));
      FUZZ_CHECK(std::string(other.name, other.name_size) == name);
    }

    if (i >= c.max_tensors && i + 1 < c.count) continue;
    // The whole tensor: all of its bytes.
    const TensorRows rows = RowsOf(t);
    if (CheckTensorRows(c, i, t, 0, UINT64_MAX) == ZIPNN_OK) FUZZ_CHECK(rows.count * rows.bytes == t.size);
    // A range of rows, sometimes outside the tensor.
    const uint64_t first = rng.Below(2) ? rng.Below(rows.count) : rows.count + rng.Below(1);
    const uint64_t left = first <= rows.count ? rows.count - first : 0;
    uint64_t n = rng.Below(left);
    switch (rng.Below(5)) {
      case 0: n = UINT64_MAX; break;
      case 1: n = left + 1; break;  // one row too many
      default: break;
    }
    CheckTensorRows(c, i, t, first, n);
  }
  // Past the last tensor, and a name no tensor has: NOT_FOUND.
  zipnn_tensor_info t;
  FUZZ_CHECK(zipnn_tensor_info_get(c.frame, c.frame_size, c.count, &t) == ZIPNN_ERROR_NOT_FOUND);
  uint8_t byte = 0;
  size_t got = 0;
  FUZZ_CHECK(zipnn_decompress_tensor(c.dctx, c.frame, c.frame_size, c.count, 0, UINT64_MAX, &byte, 1, &got) ==
             ZIPNN_ERROR_NOT_FOUND);
  std::string absent = "\x01no such tensor";
  while (std::find(names.begin(), names.end(), absent) != names.end()) absent += "!";
  uint64_t found = 0;
  FUZZ_CHECK(zipnn_tensor_find(c.frame, c.frame_size, absent.data(), absent.size(), &found) ==
             ZIPNN_ERROR_NOT_FOUND);
}

}  // namespace zipnn_fuzz
