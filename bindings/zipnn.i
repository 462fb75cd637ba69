/* Language-neutral SWIG interface for zipnn: the allow-list of zipnn.h.
 *
 * Each language's .i file defines its buffer and out-parameter typemaps first,
 * then %includes this file. The raw wrapper is private to each binding; users
 * see the hand-written idiomatic layer on top.
 *
 * Only names listed here are wrapped: everything is renamed to "$ignore"
 * first, then each allowed name is renamed back to itself, so a new function
 * in zipnn.h is never exposed by accident.
 */

%{
#include "zipnn.h"
%}

%include <stdint.i>

%rename("$ignore", %$isfunction) "";
%rename("$ignore", %$isclass) "";
%rename("$ignore", %$isvariable) "";

/* versions and names */
%rename("%s") zipnn_version_number;
%rename("%s") zipnn_version_string;
%rename("%s") zipnn_status_name;
%rename("%s") zipnn_status_message;
%rename("%s") zipnn_dtype_size;
%rename("%s") zipnn_dtype_name;
%rename("%s") zipnn_dtype_from_name;
%rename("%s") zipnn_param_bounds;

/* contexts */
%rename("%s") zipnn_cctx_new;
%rename("%s") zipnn_cctx_free;
%rename("%s") zipnn_cctx_set_param;
%rename("%s") zipnn_cctx_get_param;
%rename("%s") zipnn_cctx_reset;
%rename("%s") zipnn_dctx_new;
%rename("%s") zipnn_dctx_free;
%rename("%s") zipnn_dctx_set_param;
%rename("%s") zipnn_dctx_get_param;
%rename("%s") zipnn_dctx_reset;

/* one-shot and random access */
%rename("%s") zipnn_compress_bound;
%rename("%s") zipnn_compress;
%rename("%s") zipnn_decompress;
%rename("%s") zipnn_decompress_range;

/* inspection */
%rename("%s") zipnn_frame_info;
%rename("%s") zipnn_frame_info::content_size;
%rename("%s") zipnn_frame_info::frame_size;
%rename("%s") zipnn_frame_info::chunk_count;
%rename("%s") zipnn_frame_info::tensor_count;
%rename("%s") zipnn_frame_info::format_version;
%rename("%s") zipnn_frame_info::chunk_size;
%rename("%s") zipnn_frame_info::dtype;
%rename("%s") zipnn_frame_info::element_size;
%rename("%s") zipnn_frame_info::flags;
%rename("%s") zipnn_frame_info::method_streams;
%rename("%s") zipnn_frame_info::method_bytes;
%rename("%s") zipnn_frame_info::dtype_bytes;
%rename("%s") zipnn_frame_info_get;
%rename("%s") zipnn_frame_content_size;

/* tensors: not wrapped yet. zipnn_tensor_info holds pointers into src and
 * zipnn_tensor_find takes (name, size): each language needs its own typemaps
 * (copy the strings while src is pinned) before these join the list. */

/* streaming */
%rename("%s") zipnn_in_buffer;
%rename("%s") zipnn_in_buffer::size;
%rename("%s") zipnn_in_buffer::pos;
%rename("%s") zipnn_out_buffer;
%rename("%s") zipnn_out_buffer::size;
%rename("%s") zipnn_out_buffer::pos;
%rename("%s") zipnn_compress_stream;
%rename("%s") zipnn_decompress_stream;

/* Macros: status codes, dtypes, params, methods, stream ops are plain integer
 * constants (the renames above do not hide #define constants); ZIPNN_API
 * must expand to nothing for SWIG. */
#define ZIPNN_API
%include "zipnn.h"
%rename("%s", %$isfunction) "";
%rename("%s", %$isclass) "";
%rename("%s", %$isvariable) "";
