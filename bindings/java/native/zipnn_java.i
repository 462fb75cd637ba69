/* zipnn_java.i - Java typemaps for the shared allow-list (../../zipnn.i).
 *
 * The generated classes are package-private in io.zipnn; users see the
 * hand-written layer (Zipnn, ZipnnCompressor, ZipnnDecompressor, streams).
 *
 * Java shapes of the C arguments:
 *   (const void *src, size_t src_size), (void *dst, size_t dst_capacity)
 *                                    java.nio.ByteBuffer, its bytes [position, limit)
 *   zipnn_in_buffer *in, zipnn_out_buffer *out
 *                                    java.nio.ByteBuffer; its position advances by
 *                                    the bytes consumed / produced
 *   zipnn_cctx *, zipnn_dctx *       long handle
 *   T **..._out, T *..._out          Java array of length >= 1, element 0 written
 *   int64_t, uint64_t, size_t        long (uint64_t and size_t as unsigned bit patterns)
 * See zipnn_jni_buffers.h for how buffers are pinned without copies.
 */
%module ZipnnNative

%pragma(java) jniclassclassmodifiers="final class"
%pragma(java) moduleclassmodifiers="final class"
%pragma(java) constantsmodifiers="interface"
%typemap(javaclassmodifiers) SWIGTYPE "final class"
/* No finalizers (deprecated); the idiomatic layer frees what it allocates. */
%typemap(javafinalize) SWIGTYPE ""
%javaconst(1);

%{
#include "zipnn_jni_buffers.h"
%}

/* ------------------------------------------------------------ integers */
%include <stdint.i>
%apply long long { int64_t, uint64_t, size_t };

/* ------------------------------------------------------------ buffers */
%typemap(jni) (const void *src, size_t src_size), (void *dst, size_t dst_capacity),
    zipnn_in_buffer *in, zipnn_out_buffer *out "jobject"
%typemap(jtype) (const void *src, size_t src_size), (void *dst, size_t dst_capacity),
    zipnn_in_buffer *in, zipnn_out_buffer *out "java.nio.ByteBuffer"
%typemap(jstype) (const void *src, size_t src_size), (void *dst, size_t dst_capacity),
    zipnn_in_buffer *in, zipnn_out_buffer *out "java.nio.ByteBuffer"
%typemap(javain) (const void *src, size_t src_size), (void *dst, size_t dst_capacity),
    zipnn_in_buffer *in, zipnn_out_buffer *out "$javainput"

%typemap(in) (const void *src, size_t src_size) (zipnn_jni_span span) {
  if (!zipnn_jni_span_init(jenv, $input, &span)) return $null;
  $1 = NULL;
  $2 = span.size;
}
%typemap(check) (const void *src, size_t src_size) {
  zipnn_jni_span_pin(jenv, &span$argnum);
  $1 = span$argnum.ptr;
}
%typemap(argout) (const void *src, size_t src_size) {
  zipnn_jni_span_unpin(jenv, &span$argnum, JNI_ABORT);
}

%typemap(in) (void *dst, size_t dst_capacity) (zipnn_jni_span span) {
  if (!zipnn_jni_span_init(jenv, $input, &span)) return $null;
  $1 = NULL;
  $2 = span.size;
}
%typemap(check) (void *dst, size_t dst_capacity) {
  zipnn_jni_span_pin(jenv, &span$argnum);
  $1 = span$argnum.ptr;
}
%typemap(argout) (void *dst, size_t dst_capacity) {
  zipnn_jni_span_unpin(jenv, &span$argnum, 0);
}

%typemap(in) zipnn_in_buffer *in (zipnn_jni_span span, zipnn_in_buffer buffer) {
  if (!zipnn_jni_span_init(jenv, $input, &span)) return $null;
  buffer.src = NULL;
  buffer.size = span.size;
  buffer.pos = 0;
  $1 = &buffer;
}
%typemap(check) zipnn_in_buffer *in {
  zipnn_jni_span_pin(jenv, &span$argnum);
  buffer$argnum.src = span$argnum.ptr;
}
%typemap(argout) zipnn_in_buffer *in {
  zipnn_jni_span_unpin(jenv, &span$argnum, JNI_ABORT);
}
%typemap(freearg) zipnn_in_buffer *in {
  zipnn_jni_span_advance(jenv, $input, &span$argnum, buffer$argnum.pos);
}

%typemap(in) zipnn_out_buffer *out (zipnn_jni_span span, zipnn_out_buffer buffer) {
  if (!zipnn_jni_span_init(jenv, $input, &span)) return $null;
  buffer.dst = NULL;
  buffer.size = span.size;
  buffer.pos = 0;
  $1 = &buffer;
}
%typemap(check) zipnn_out_buffer *out {
  zipnn_jni_span_pin(jenv, &span$argnum);
  buffer$argnum.dst = span$argnum.ptr;
}
%typemap(argout) zipnn_out_buffer *out {
  zipnn_jni_span_unpin(jenv, &span$argnum, 0);
}
%typemap(freearg) zipnn_out_buffer *out {
  zipnn_jni_span_advance(jenv, $input, &span$argnum, buffer$argnum.pos);
}

/* ------------------------------------------------------------ contexts */
%define ZIPNN_JAVA_HANDLE(CTYPE)
%typemap(jni) CTYPE *, const CTYPE * "jlong"
%typemap(jtype) CTYPE *, const CTYPE * "long"
%typemap(jstype) CTYPE *, const CTYPE * "long"
%typemap(javain) CTYPE *, const CTYPE * "$javainput"
%typemap(in) CTYPE *, const CTYPE * %{ $1 = ($1_ltype)(intptr_t)$input; %}

%typemap(jni) CTYPE ** "jlongArray"
%typemap(jtype) CTYPE ** "long[]"
%typemap(jstype) CTYPE ** "long[]"
%typemap(javain) CTYPE ** "$javainput"
%typemap(in) CTYPE ** (CTYPE *handle) {
  if (!zipnn_jni_check_out(jenv, $input)) return $null;
  handle = NULL;
  $1 = &handle;
}
%typemap(argout) CTYPE ** {
  jlong value = (jlong)(intptr_t)handle$argnum;
  (*jenv)->SetLongArrayRegion(jenv, $input, 0, 1, &value);
}
%enddef
ZIPNN_JAVA_HANDLE(zipnn_cctx)
ZIPNN_JAVA_HANDLE(zipnn_dctx)

/* ------------------------------------------------------------ out-parameters */
%define ZIPNN_JAVA_OUT(CTYPE, JNITYPE, JTYPE, JARRAY, SETTER, NAMES)
%typemap(jni) CTYPE *NAMES #JARRAY
%typemap(jtype) CTYPE *NAMES #JTYPE "[]"
%typemap(jstype) CTYPE *NAMES #JTYPE "[]"
%typemap(javain) CTYPE *NAMES "$javainput"
%typemap(in) CTYPE *NAMES (CTYPE value) {
  if (!zipnn_jni_check_out(jenv, $input)) return $null;
  value = 0;
  $1 = &value;
}
%typemap(argout) CTYPE *NAMES {
  JNITYPE out_value = (JNITYPE)value$argnum;
  (*jenv)->SETTER(jenv, $input, 0, 1, &out_value);
}
%enddef
ZIPNN_JAVA_OUT(size_t, jlong, long, jlongArray, SetLongArrayRegion, dst_size_out)
ZIPNN_JAVA_OUT(size_t, jlong, long, jlongArray, SetLongArrayRegion, pending_out)
ZIPNN_JAVA_OUT(uint64_t, jlong, long, jlongArray, SetLongArrayRegion, size_out)
ZIPNN_JAVA_OUT(int64_t, jlong, long, jlongArray, SetLongArrayRegion, value_out)
ZIPNN_JAVA_OUT(int64_t, jlong, long, jlongArray, SetLongArrayRegion, min_out)
ZIPNN_JAVA_OUT(int64_t, jlong, long, jlongArray, SetLongArrayRegion, max_out)
ZIPNN_JAVA_OUT(zipnn_dtype, jint, int, jintArray, SetIntArrayRegion, dtype_out)
ZIPNN_JAVA_OUT(int32_t, jint, int, jintArray, SetIntArrayRegion, done_out)

/* ------------------------------------------------------------ frame info */
/* Fixed-size uint64_t arrays of zipnn_frame_info read as long[]. */
%typemap(jni) uint64_t[ANY] "jlongArray"
%typemap(jtype) uint64_t[ANY] "long[]"
%typemap(jstype) uint64_t[ANY] "long[]"
%typemap(javaout) uint64_t[ANY] { return $jnicall; }
%typemap(out) uint64_t[ANY] {
  $result = (*jenv)->NewLongArray(jenv, (jsize)$1_dim0);
  if ($result != NULL) {
    (*jenv)->SetLongArrayRegion(jenv, $result, 0, (jsize)$1_dim0, (const jlong *)$1);
  }
}
/* ------------------------------------------------------------ allow-list */
/* zipnn.i is written with %ignoreall / %unignore / %unignoreall, which SWIG
 * itself does not define (4.3-4.5: "Unknown directive"). They are spelled here
 * with %rename: ignore every function, struct and variable (members included);
 * #define constants stay visible; each %unignore restores one name. Once zipnn.i
 * spells these %rename lines itself, the three macros are unused and harmless. */
#define %ignoreall %rename("$ignore", %$isfunction) ""; %rename("$ignore", %$isclass) ""; %rename("$ignore", %$isvariable) "";
#define %unignore %rename("%s")
#define %unignoreall %rename("%s", %$isfunction) ""; %rename("%s", %$isclass) ""; %rename("%s", %$isvariable) "";

/* Read-only: the struct is an out-parameter of zipnn_frame_info_get. */
%immutable;
%include "zipnn.i"
%mutable;
