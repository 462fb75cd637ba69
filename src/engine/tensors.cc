// Tensor listing and per-tensor decoding over the tensor index of a frame.
#include <cstring>

#include "engine/engine.h"
#include "engine/frame_io.h"
#include "tensor/safetensors.h"

namespace zipnn::engine {

namespace {

zipnn_status Lookup(const FrameView &v, uint64_t index, tensor::TensorView *t) {
  if (!v.tensor_index || index >= v.tensor_count) return ZIPNN_ERROR_NOT_FOUND;
  uint64_t count = 0;
  return tensor::ReadTensorIndex(v.tensor_index, v.tensor_index_size, v.content_size, &count, index, t);
}

}  // namespace

zipnn_status TensorCount(const uint8_t *src, size_t src_size, uint64_t *count) {
  FrameView v;
  const zipnn_status st = ParseFrame(src, src_size, &v);
  if (st != ZIPNN_OK) return st;
  *count = v.tensor_count;
  return ZIPNN_OK;
}

zipnn_status TensorInfo(const uint8_t *src, size_t src_size, uint64_t index, zipnn_tensor_info *info) {
  FrameView v;
  zipnn_status st = ParseFrame(src, src_size, &v);
  if (st != ZIPNN_OK) return st;
  tensor::TensorView t;
  st = Lookup(v, index, &t);
  if (st != ZIPNN_OK) return st;
  zipnn_tensor_info out;
  std::memset(&out, 0, sizeof(out));
  out.name = t.name;
  out.name_size = t.name_size;
  out.dtype_name = t.dtype_name;
  out.dtype_name_size = t.dtype_name_size;
  out.dtype = t.dtype;
  out.ndim = t.ndim;
  for (uint32_t d = 0; d < t.ndim; ++d) out.shape[d] = t.shape[d];
  out.offset = t.begin;
  out.size = t.end - t.begin;
  *info = out;
  return ZIPNN_OK;
}

zipnn_status TensorFind(const uint8_t *src, size_t src_size, const char *name, size_t name_size,
                        uint64_t *index) {
  FrameView v;
  const zipnn_status st = ParseFrame(src, src_size, &v);
  if (st != ZIPNN_OK) return st;
  if (!v.tensor_index) return ZIPNN_ERROR_NOT_FOUND;
  // ParseFrame validated the index; one more pass finds the name (linear in
  // the tensor count, whatever is asked).
  uint64_t found = UINT64_MAX;
  if (tensor::FindInTensorIndex(v.tensor_index, v.tensor_index_size, v.content_size, name, name_size, &found) !=
      ZIPNN_OK)
    return ZIPNN_ERROR_CORRUPT_TENSORS;
  if (found == UINT64_MAX) return ZIPNN_ERROR_NOT_FOUND;
  *index = found;
  return ZIPNN_OK;
}

zipnn_status DecompressTensor(zipnn_dctx &dctx, const uint8_t *src, size_t src_size, uint64_t index,
                              uint64_t first_row, uint64_t row_count, uint8_t *dst, size_t dst_capacity,
                              size_t *dst_size) {
  FrameView v;
  zipnn_status st = ParseFrame(src, src_size, &v);
  if (st != ZIPNN_OK) return st;
  tensor::TensorView t;
  st = Lookup(v, index, &t);
  if (st != ZIPNN_OK) return st;
  const uint64_t size = t.end - t.begin;
  uint64_t rows = 1, row_bytes = size;
  if (t.ndim > 0) {
    rows = t.shape[0];
    row_bytes = rows ? size / rows : 0;
    // Rows that do not split the bytes (an opaque dtype, whose element size
    // zipnn does not know, may declare any shape, a first dimension of 0
    // included): one row of all the bytes.
    if ((rows == 0 && size != 0) || (rows && size % rows != 0)) rows = 1, row_bytes = size;
  }
  if (first_row > rows) return ZIPNN_ERROR_RANGE;
  if (row_count == UINT64_MAX) row_count = rows - first_row;
  if (row_count > rows - first_row) return ZIPNN_ERROR_RANGE;
  return DecompressRange(dctx, src, src_size, t.begin + first_row * row_bytes, row_count * row_bytes, dst,
                         dst_capacity, dst_size);
}

}  // namespace zipnn::engine
