// Frame-level operations behind the C ABI (api.cc does argument checks and
// the exception boundary; everything here may assume valid pointers).
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/context.h"
#include "zipnn.h"

namespace zipnn::engine {

size_t CompressBound(size_t src_size);

// Inputs of at most this many bytes are compressed whole, also by the
// streaming compressor (which gathers them first), so the encoder may compare
// the frame with a zstd frame of the whole input (see CompressFrame).
inline constexpr uint64_t kWholeInputMax = 8u << 20;
// zstd level of the second coding of a small frame that lost to zstd.
inline constexpr int kThoroughZstdLevel = 19;

// One frame of src[0, src_size) whose header declares `declared_size` (src_size,
// or kUnknownContentSize for a stream without a pledged size).
zipnn_status CompressFrame(zipnn_cctx &cctx, const uint8_t *src, size_t src_size, uint64_t declared_size,
                           uint8_t *dst, size_t dst_capacity, size_t *dst_size);

zipnn_status Compress(zipnn_cctx &cctx, const uint8_t *src, size_t src_size, uint8_t *dst,
                      size_t dst_capacity, size_t *dst_size);

zipnn_status Decompress(zipnn_dctx &dctx, const uint8_t *src, size_t src_size, uint8_t *dst,
                        size_t dst_capacity, size_t *dst_size);

zipnn_status DecompressRange(zipnn_dctx &dctx, const uint8_t *src, size_t src_size, uint64_t offset,
                             uint64_t length, uint8_t *dst, size_t dst_capacity, size_t *dst_size);

zipnn_status FrameInfo(const uint8_t *src, size_t src_size, zipnn_frame_info *info);

zipnn_status TensorCount(const uint8_t *src, size_t src_size, uint64_t *count);
zipnn_status TensorInfo(const uint8_t *src, size_t src_size, uint64_t index, zipnn_tensor_info *info);
zipnn_status TensorFind(const uint8_t *src, size_t src_size, const char *name, size_t name_size,
                        uint64_t *index);
zipnn_status DecompressTensor(zipnn_dctx &dctx, const uint8_t *src, size_t src_size, uint64_t index,
                              uint64_t first_row, uint64_t row_count, uint8_t *dst, size_t dst_capacity,
                              size_t *dst_size);

zipnn_status CompressStream(zipnn_cctx &cctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                            int32_t end_op, size_t *pending);

zipnn_status DecompressStream(zipnn_dctx &dctx, zipnn_in_buffer &in, zipnn_out_buffer &out,
                              int32_t *done);

}  // namespace zipnn::engine
