// One chunk: split into the byte planes of its layout, each plane coded as a
// stream, framed by a chunk header (format/frame.h).
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec/scratch.h"
#include "format/frame.h"
#include "zipnn.h"

namespace zipnn::codec {

// The layout the encoder uses for a dtype (for ZIPNN_DTYPE_BYTES, EncodeChunk
// picks one per chunk from a sample).
uint8_t LayoutFor(zipnn_dtype dtype);

// Room EncodeChunk needs for a chunk of `size` decoded bytes. A record is never
// larger than kChunkHeaderSize + size; the rest is write slack.
size_t RecordCapacity(size_t size);

// Encodes src[0, size) as one chunk record (header + streams) into out.
// Returns the header (with sizes and methods); the record size is
// kChunkHeaderSize + header.PayloadSize(). With a delta base, src is the XOR
// of the content with the base and `original` the content itself, whose
// checksum the record carries.
format::ChunkHeader EncodeChunk(const uint8_t *src, uint32_t size, zipnn_dtype dtype, int zstd_level,
                                WorkerScratch &scratch, uint8_t *out, const uint8_t *original = nullptr);

// dst[i] = a[i] ^ b[i] for i < size (dst may alias a).
void XorBytes(uint8_t *dst, const uint8_t *a, const uint8_t *b, size_t size);

// Decodes the streams of a chunk whose validated header is `h` from
// payload[0, h.PayloadSize()) into dst[0, h.decoded_size), XORs it with
// xor_base[0, decoded_size) if given (delta chunks), then (if verify) checks
// the bytes against h.checksum.
zipnn_status DecodeChunk(const format::ChunkHeader &h, const uint8_t *payload, uint8_t *dst,
                         bool verify, WorkerScratch &scratch, const uint8_t *xor_base = nullptr);

}  // namespace zipnn::codec
