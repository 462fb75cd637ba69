/* Go (cgo) SWIG interface for zipnn: Go typemaps and stream glue, then the
 * shared allow-list (bindings/zipnn.i).
 *
 * The generated package (internal/raw) is private to the module; users see
 * the hand-written package github.com/zipnn/zipnn/bindings/go.
 *
 * Regenerate with bindings/go/regen.sh (pinned SWIG version). Rules kept here:
 *  - bytes cross as Go slices ([]byte -> pointer + length), never strings;
 *  - out-parameters are Go pointers to plain integers (*uint64, *int64, ...);
 *  - contexts are plain uintptr handles owned by the Go layer;
 *  - no Go pointer is ever stored in C memory: streaming goes through the
 *    zipnn_go_*_stream helpers below, which build the zipnn_in_buffer and
 *    zipnn_out_buffer structs on the C stack for the duration of one call.
 */
%module raw

/* ---- byte buffers: (const void *src, size_t src_size), (void *dst, size_t dst_capacity) */
%typemap(gotype) (const void *src, size_t src_size), (void *dst, size_t dst_capacity) "[]byte"
%typemap(in) (const void *src, size_t src_size), (void *dst, size_t dst_capacity) %{
  $1 = ($1_ltype)$input.array;
  $2 = ($2_ltype)$input.len;
%}

/* ---- out-parameters: pointers to plain Go integers */
%define ZIPNN_GO_OUT_PTR(CTYPE, GOTYPE, NAME)
%typemap(gotype) CTYPE NAME "GOTYPE"
%typemap(in) CTYPE NAME %{ $1 = ($1_ltype)$input; %}
%enddef
ZIPNN_GO_OUT_PTR(size_t *, *uint64, dst_size_out)
ZIPNN_GO_OUT_PTR(size_t *, *uint64, pending_out)
ZIPNN_GO_OUT_PTR(size_t *, *uint64, src_pos)
ZIPNN_GO_OUT_PTR(size_t *, *uint64, dst_pos)
ZIPNN_GO_OUT_PTR(uint64_t *, *uint64, size_out)
ZIPNN_GO_OUT_PTR(int64_t *, *int64, value_out)
ZIPNN_GO_OUT_PTR(int64_t *, *int64, min_out)
ZIPNN_GO_OUT_PTR(int64_t *, *int64, max_out)
ZIPNN_GO_OUT_PTR(zipnn_dtype *, *int32, dtype_out)
ZIPNN_GO_OUT_PTR(int32_t *, *int32, done_out)
ZIPNN_GO_OUT_PTR(zipnn_cctx **, *uintptr, cctx_out)
ZIPNN_GO_OUT_PTR(zipnn_dctx **, *uintptr, dctx_out)
ZIPNN_GO_OUT_PTR(uint64_t *, *[ZIPNN_GO_FRAME_INFO_WORDS]uint64, info_words)
/* Ready for the tensor functions, should zipnn.i list them. */
ZIPNN_GO_OUT_PTR(uint64_t *, *uint64, count_out)
ZIPNN_GO_OUT_PTR(uint64_t *, *uint64, index_out)
%apply (const char *STRING, size_t LENGTH) { (const char *name, size_t name_size) }

/* ---- contexts: uintptr handles */
%typemap(gotype) zipnn_cctx *, const zipnn_cctx *, zipnn_dctx *, const zipnn_dctx * "uintptr"
%typemap(in) zipnn_cctx *, const zipnn_cctx *, zipnn_dctx *, const zipnn_dctx * %{
  $1 = ($1_ltype)$input;
%}

%include "zipnn.i"

/* ---- Go glue (after zipnn.i has renamed everything back) */
%inline %{
/* Number of uint64 words zipnn_go_frame_info_get writes, in this order:
 * content_size, frame_size, chunk_count, tensor_count, format_version,
 * chunk_size, dtype, element_size, flags, method_streams[ZIPNN_METHOD_COUNT],
 * method_bytes[ZIPNN_METHOD_COUNT], dtype_bytes[ZIPNN_DTYPE_COUNT]. */
#define ZIPNN_GO_FRAME_INFO_WORDS 33

/* zipnn_frame_info_get, flattened into words so that the Go layer needs no
 * knowledge of the struct layout. Writes info_words only on ZIPNN_OK. */
static zipnn_status zipnn_go_frame_info_get(const void *src, size_t src_size,
                                            uint64_t *info_words) {
  zipnn_frame_info info;
  zipnn_status status = zipnn_frame_info_get(src, src_size, &info);
  if (status != ZIPNN_OK) return status;
  size_t w = 0;
  info_words[w++] = info.content_size;
  info_words[w++] = info.frame_size;
  info_words[w++] = info.chunk_count;
  info_words[w++] = info.tensor_count;
  info_words[w++] = info.format_version;
  info_words[w++] = info.chunk_size;
  info_words[w++] = (uint64_t)(uint32_t)info.dtype;
  info_words[w++] = info.element_size;
  info_words[w++] = info.flags;
  for (size_t i = 0; i < ZIPNN_METHOD_COUNT; i++) info_words[w++] = info.method_streams[i];
  for (size_t i = 0; i < ZIPNN_METHOD_COUNT; i++) info_words[w++] = info.method_bytes[i];
  for (size_t i = 0; i < ZIPNN_DTYPE_COUNT; i++) info_words[w++] = info.dtype_bytes[i];
  return ZIPNN_OK;
}

/* zipnn_compress_stream with the buffer structs built here, on the C stack:
 * *src_pos and *dst_pos are read and written back (also on error, as the
 * C API advances them to show progress). */
static zipnn_status zipnn_go_compress_stream(zipnn_cctx *cctx, const void *src, size_t src_size,
                                             size_t *src_pos, void *dst, size_t dst_capacity,
                                             size_t *dst_pos, int32_t end_op,
                                             size_t *pending_out) {
  zipnn_in_buffer in;
  zipnn_out_buffer out;
  in.src = src;
  in.size = src_size;
  in.pos = *src_pos;
  out.dst = dst;
  out.size = dst_capacity;
  out.pos = *dst_pos;
  zipnn_status status = zipnn_compress_stream(cctx, &in, &out, end_op, pending_out);
  *src_pos = in.pos;
  *dst_pos = out.pos;
  return status;
}

/* zipnn_decompress_stream, same convention. */
static zipnn_status zipnn_go_decompress_stream(zipnn_dctx *dctx, const void *src, size_t src_size,
                                               size_t *src_pos, void *dst, size_t dst_capacity,
                                               size_t *dst_pos, int32_t *done_out) {
  zipnn_in_buffer in;
  zipnn_out_buffer out;
  in.src = src;
  in.size = src_size;
  in.pos = *src_pos;
  out.dst = dst;
  out.size = dst_capacity;
  out.pos = *dst_pos;
  zipnn_status status = zipnn_decompress_stream(dctx, &in, &out, done_out);
  *src_pos = in.pos;
  *dst_pos = out.pos;
  return status;
}
%}

%{
/* ZIPNN_GO_FRAME_INFO_WORDS is a literal so that Go sees a constant; it is
 * checked against the header here. */
_Static_assert(ZIPNN_GO_FRAME_INFO_WORDS == 9 + 2 * ZIPNN_METHOD_COUNT + ZIPNN_DTYPE_COUNT,
               "update ZIPNN_GO_FRAME_INFO_WORDS and FrameInfo in the Go layer");
%}
