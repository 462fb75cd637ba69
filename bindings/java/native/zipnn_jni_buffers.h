/*
 * zipnn_jni_buffers.h - how the JNI glue sees Java buffers (included by zipnn_java.i).
 *
 * Every buffer crosses JNI as a java.nio.ByteBuffer and means its bytes
 * [position, limit). Direct buffers are used by address. Heap buffers are used
 * through their backing array, pinned with GetPrimitiveArrayCritical for the
 * duration of the C call only: no copy in either case.
 *
 * JNI forbids other JNI calls while an array is pinned, so each wrapper works in
 * phases that SWIG's typemap order guarantees:
 *   "in"      (every argument)  read position/limit/array through JNI: zipnn_jni_span_init
 *   "check"   (every argument)  pin: zipnn_jni_span_pin (no other JNI call)
 *   action                      the zipnn_* call itself
 *   "argout"  (in argument order) unpin buffers first (they precede every
 *                               out-parameter in zipnn.h), then write out-parameters
 *   "freearg"                   move stream buffer positions: zipnn_jni_span_advance
 */
#ifndef ZIPNN_JNI_BUFFERS_H
#define ZIPNN_JNI_BUFFERS_H

#include <jni.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct zipnn_jni_span {
  jbyteArray array; /* backing array of a heap buffer; NULL for a direct buffer */
  jint array_index; /* arrayOffset() + position(): first byte inside array */
  jint position;    /* position() when the call began */
  char *ptr;        /* first byte; for heap buffers valid only while pinned */
  size_t size;      /* remaining() when the call began */
  int pinned;
} zipnn_jni_span;

/* Method ids of java.nio.Buffer/ByteBuffer, resolved once in JNI_OnLoad. The
 * classes belong to the boot loader and are never unloaded, so the ids stay valid. */
static struct {
  jmethodID position;     /* int Buffer.position() */
  jmethodID limit;        /* int Buffer.limit() */
  jmethodID set_position; /* Buffer Buffer.position(int) */
  jmethodID array;        /* byte[] ByteBuffer.array() */
  jmethodID array_offset; /* int ByteBuffer.arrayOffset() */
} zipnn_jni_ids;

static int zipnn_jni_resolve_ids(JNIEnv *env) {
  jclass buffer = (*env)->FindClass(env, "java/nio/Buffer");
  jclass byte_buffer = (*env)->FindClass(env, "java/nio/ByteBuffer");
  if (buffer == NULL || byte_buffer == NULL) return 0;
  zipnn_jni_ids.position = (*env)->GetMethodID(env, buffer, "position", "()I");
  zipnn_jni_ids.limit = (*env)->GetMethodID(env, buffer, "limit", "()I");
  zipnn_jni_ids.set_position =
      (*env)->GetMethodID(env, buffer, "position", "(I)Ljava/nio/Buffer;");
  zipnn_jni_ids.array = (*env)->GetMethodID(env, byte_buffer, "array", "()[B");
  zipnn_jni_ids.array_offset = (*env)->GetMethodID(env, byte_buffer, "arrayOffset", "()I");
  (*env)->DeleteLocalRef(env, buffer);
  (*env)->DeleteLocalRef(env, byte_buffer);
  return zipnn_jni_ids.position != NULL && zipnn_jni_ids.limit != NULL &&
         zipnn_jni_ids.set_position != NULL && zipnn_jni_ids.array != NULL &&
         zipnn_jni_ids.array_offset != NULL;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  JNIEnv *env = NULL;
  (void)reserved;
  if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  if (!zipnn_jni_resolve_ids(env)) return JNI_ERR;
  return JNI_VERSION_1_8;
}

static void zipnn_jni_throw(JNIEnv *env, const char *class_name, const char *message) {
  jclass cls = (*env)->FindClass(env, class_name);
  if (cls != NULL) (*env)->ThrowNew(env, cls, message);
}

/* Phase 1: may call into Java; returns 0 with a Java exception pending on failure
 * (NullPointerException, or ReadOnlyBufferException for a read-only heap buffer). */
static int zipnn_jni_span_init(JNIEnv *env, jobject buffer, zipnn_jni_span *span) {
  memset(span, 0, sizeof *span);
  if (buffer == NULL) {
    zipnn_jni_throw(env, "java/lang/NullPointerException", "buffer is null");
    return 0;
  }
  jint position = (*env)->CallIntMethod(env, buffer, zipnn_jni_ids.position);
  if ((*env)->ExceptionCheck(env)) return 0;
  jint limit = (*env)->CallIntMethod(env, buffer, zipnn_jni_ids.limit);
  if ((*env)->ExceptionCheck(env)) return 0;
  span->position = position;
  span->size = (size_t)(limit - position);
  void *address = (*env)->GetDirectBufferAddress(env, buffer);
  if (address != NULL) {
    span->ptr = (char *)address + position;
    return 1;
  }
  span->array = (jbyteArray)(*env)->CallObjectMethod(env, buffer, zipnn_jni_ids.array);
  if ((*env)->ExceptionCheck(env)) return 0;
  jint array_offset = (*env)->CallIntMethod(env, buffer, zipnn_jni_ids.array_offset);
  if ((*env)->ExceptionCheck(env)) return 0;
  span->array_index = array_offset + position;
  return 1;
}

/* Phase 2: pins a heap buffer's array; no other JNI call. If the VM cannot pin
 * (it then has an OutOfMemoryError pending), ptr stays NULL: zipnn reports
 * ZIPNN_ERROR_NULL_POINTER without touching memory and Java sees the pending error. */
static void zipnn_jni_span_pin(JNIEnv *env, zipnn_jni_span *span) {
  if (span->array == NULL) return;
  char *base = (char *)(*env)->GetPrimitiveArrayCritical(env, span->array, NULL);
  if (base == NULL) return;
  span->ptr = base + span->array_index;
  span->pinned = 1;
}

/* Phase 3: unpins; mode is JNI_ABORT for input (nothing to copy back), 0 for output. */
static void zipnn_jni_span_unpin(JNIEnv *env, zipnn_jni_span *span, jint mode) {
  if (!span->pinned) return;
  (*env)->ReleasePrimitiveArrayCritical(env, span->array, span->ptr - span->array_index, mode);
  span->pinned = 0;
}

/* Phase 4: moves the buffer's position past the bytes the call consumed or produced. */
static void zipnn_jni_span_advance(JNIEnv *env, jobject buffer, const zipnn_jni_span *span,
                                   size_t done) {
  if ((*env)->ExceptionCheck(env) || done > span->size) return;
  jobject self = (*env)->CallObjectMethod(env, buffer, zipnn_jni_ids.set_position,
                                          (jint)(span->position + (jint)done));
  if (self != NULL) (*env)->DeleteLocalRef(env, self);
}

/* Out-parameters are Java arrays of length >= 1. */
static int zipnn_jni_check_out(JNIEnv *env, jarray out) {
  if (out == NULL) {
    zipnn_jni_throw(env, "java/lang/NullPointerException", "out-parameter array is null");
    return 0;
  }
  if ((*env)->GetArrayLength(env, out) < 1) {
    zipnn_jni_throw(env, "java/lang/IndexOutOfBoundsException",
                    "out-parameter array has length 0");
    return 0;
  }
  return 1;
}

#endif /* ZIPNN_JNI_BUFFERS_H */
