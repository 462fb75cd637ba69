// Where floating-point runs change alignment in bytes of unknown type.
//
// A chunk's layout splits elements from the chunk's first byte, so fp16 or
// fp32 values that start at an odd offset (tensors in containers with headers
// of any length between them: rwkv.cpp/ggml files, some pickles) are split
// across planes and code no better than bytes. The planner asks CutForPhase
// where to end a chunk of plain bytes so that each chunk starts where its
// values start, and holds one kind of value.
#pragma once

#include <cstdint>

namespace zipnn::engine {

// What a run of bytes looks like: floating-point values of `elem` bytes (2 or
// 4) whose first byte sits at content offsets = `phase` mod elem, or no clear
// structure (elem 0).
struct Phase {
  uint8_t elem = 0, phase = 0;
  bool operator==(const Phase &o) const { return elem == o.elem && phase == o.phase; }
};

// Blocks are classified this many bytes at a time.
inline constexpr uint32_t kPhaseBlock = 1024;

// The classification of p[0, kPhaseBlock), whose first byte is at content
// offset `offset`.
Phase ClassifyBlock(const uint8_t *p, uint64_t offset);

// The size of the chunk of plain bytes that starts at content offset `offset`
// with p[0, size) available (size is the most the chunk may hold): `size`,
// or less (at least min_size) so that the chunk ends where a run of values of
// another kind or alignment starts, or, if the chunk itself starts out of step
// with its values, soon after min_size at an offset in step with them.
// Depends only on p[0, size) and offset.
uint32_t CutForPhase(const uint8_t *p, uint64_t offset, uint32_t size, uint32_t min_size);

}  // namespace zipnn::engine
