/* Language-neutral SWIG interface for zipnn: the allow-list of zipnn.h.
 *
 * Each language's .i file defines its buffer and out-parameter typemaps first,
 * then %includes this file. The raw wrapper is private to each binding; users
 * see the hand-written idiomatic layer on top.
 *
 * Only names listed here are wrapped (%ignoreall / %unignore), so a new
 * function in zipnn.h is never exposed by accident.
 */

%{
#include "zipnn.h"
%}

%include <stdint.i>

%ignoreall

/* versions and names */
%unignore zipnn_version_number;
%unignore zipnn_version_string;
%unignore zipnn_status_name;
%unignore zipnn_status_message;
%unignore zipnn_dtype_size;
%unignore zipnn_dtype_name;
%unignore zipnn_dtype_from_name;
%unignore zipnn_param_bounds;

/* contexts */
%unignore zipnn_cctx_new;
%unignore zipnn_cctx_free;
%unignore zipnn_cctx_set_param;
%unignore zipnn_cctx_get_param;
%unignore zipnn_cctx_reset;
%unignore zipnn_dctx_new;
%unignore zipnn_dctx_free;
%unignore zipnn_dctx_set_param;
%unignore zipnn_dctx_get_param;
%unignore zipnn_dctx_reset;

/* one-shot and random access */
%unignore zipnn_compress_bound;
%unignore zipnn_compress;
%unignore zipnn_decompress;
%unignore zipnn_decompress_range;

/* inspection */
%unignore zipnn_frame_info;
%unignore zipnn_frame_info::content_size;
%unignore zipnn_frame_info::frame_size;
%unignore zipnn_frame_info::chunk_count;
%unignore zipnn_frame_info::tensor_count;
%unignore zipnn_frame_info::format_version;
%unignore zipnn_frame_info::chunk_size;
%unignore zipnn_frame_info::dtype;
%unignore zipnn_frame_info::element_size;
%unignore zipnn_frame_info::flags;
%unignore zipnn_frame_info::method_streams;
%unignore zipnn_frame_info::method_bytes;
%unignore zipnn_frame_info::dtype_bytes;
%unignore zipnn_frame_info_get;
%unignore zipnn_frame_content_size;

/* streaming */
%unignore zipnn_in_buffer;
%unignore zipnn_in_buffer::size;
%unignore zipnn_in_buffer::pos;
%unignore zipnn_out_buffer;
%unignore zipnn_out_buffer::size;
%unignore zipnn_out_buffer::pos;
%unignore zipnn_compress_stream;
%unignore zipnn_decompress_stream;

/* Macros: status codes, dtypes, params, methods, stream ops are plain integer
 * constants; %ignoreall does not hide #define constants, but the API macros
 * below must not be wrapped. */
#define ZIPNN_API
%include "zipnn.h"
%unignoreall
