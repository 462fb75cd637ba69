/* Python typemaps for the raw, private zipnn module (zipnn._zipnn_swig).
 *
 * Users never see this module: src/zipnn/_core.py turns its results into the
 * idiomatic API. Every wrapped function returns its zipnn_status first; the
 * out-parameters follow, so a call answers [status, value, ...].
 *
 * threads="1" releases the GIL around every C call. Buffers are taken through
 * the buffer protocol (no copies) and held until the call returns, so the
 * exporter cannot resize or free them while the GIL is released.
 */
%module(package="zipnn", threads="1") _zipnn_swig

%begin %{
#define PY_SSIZE_T_CLEAN
%}

%{
#include <sys/mman.h>

/* Output buffers the binding allocates are fresh memory: with 4 KiB pages,
 * faulting in 1 GiB costs several times the decode itself. Ask for
 * transparent huge pages on large buffers, as numpy does for its arrays. */
static void zipnn_py_hint_huge_pages(void *p, size_t n) {
#if defined(MADV_HUGEPAGE)
  if (n >= ((size_t)4 << 20)) {
    const uintptr_t page = 4096;
    const uintptr_t begin = ((uintptr_t)p + page - 1) & ~(page - 1);
    const uintptr_t end = ((uintptr_t)p + n) & ~(page - 1);
    if (end > begin) (void)madvise((void *)begin, (size_t)(end - begin), MADV_HUGEPAGE);
  }
#else
  (void)p;
  (void)n;
#endif
}
%}

%include <typemaps.i>
%include <stdint.i>

/* ---- opaque contexts: out-parameters become the returned pointer ---------- */
%typemap(in, numinputs=0) zipnn_cctx **cctx_out (zipnn_cctx *tmp = NULL) { $1 = &tmp; }
%typemap(argout) zipnn_cctx **cctx_out {
  %append_output(SWIG_NewPointerObj(*$1, $*1_descriptor, 0));
}
%typemap(in, numinputs=0) zipnn_dctx **dctx_out (zipnn_dctx *tmp = NULL) { $1 = &tmp; }
%typemap(argout) zipnn_dctx **dctx_out {
  %append_output(SWIG_NewPointerObj(*$1, $*1_descriptor, 0));
}

/* ---- scalar out-parameters ------------------------------------------------ */
%apply int64_t *OUTPUT { int64_t *value_out, int64_t *min_out, int64_t *max_out };
%apply uint64_t *OUTPUT { uint64_t *size_out };
%apply int32_t *OUTPUT { int32_t *done_out, zipnn_dtype *dtype_out };
%apply size_t *OUTPUT { size_t *pending_out };

/* ---- read-only input: any C-contiguous bytes-like object, never copied ---- */
%typemap(in) (const void *src, size_t src_size) (Py_buffer view, int got_view = 0) {
  if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0) SWIG_fail;
  got_view = 1;
  $1 = view.buf;
  $2 = (size_t)view.len;
}
%typemap(freearg) (const void *src, size_t src_size) {
  if (got_view$argnum) PyBuffer_Release(&view$argnum);
}
%typemap(typecheck, precedence=SWIG_TYPECHECK_POINTER) (const void *src, size_t src_size) {
  $1 = PyObject_CheckBuffer($input) ? 1 : 0;
}

/* ---- output: a writable buffer (answers the size written), or an int
 * capacity (a bytes object of that capacity is allocated, filled with the GIL
 * released, and shrunk in place to the size written; answers it). ---------- */
%typemap(in) (void *dst, size_t dst_capacity, size_t *dst_size_out)
    (Py_buffer view, int got_view = 0, PyObject *owned = NULL, size_t written = 0) {
  if (PyLong_Check($input)) {
    Py_ssize_t cap = PyLong_AsSsize_t($input);
    if (cap < 0) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "capacity must be >= 0");
      SWIG_fail;
    }
    owned = PyBytes_FromStringAndSize(NULL, cap);
    if (owned == NULL) SWIG_fail;
    $1 = PyBytes_AS_STRING(owned);
    $2 = (size_t)cap;
    zipnn_py_hint_huge_pages($1, $2);
  } else {
    if (PyObject_GetBuffer($input, &view, PyBUF_WRITABLE) != 0) SWIG_fail;
    got_view = 1;
    $1 = view.buf;
    $2 = (size_t)view.len;
  }
  $3 = &written;
}
%typemap(argout) (void *dst, size_t dst_capacity, size_t *dst_size_out) {
  if (result != ZIPNN_OK) {
    %append_output(SWIG_Py_Void());
  } else if (owned$argnum != NULL) {
    if (_PyBytes_Resize(&owned$argnum, (Py_ssize_t)written$argnum) != 0) SWIG_fail;
    %append_output(owned$argnum);
    owned$argnum = NULL;
  } else {
    %append_output(PyLong_FromSize_t(written$argnum));
  }
}
%typemap(freearg) (void *dst, size_t dst_capacity, size_t *dst_size_out) {
  if (got_view$argnum) PyBuffer_Release(&view$argnum);
  Py_XDECREF(owned$argnum);
}

/* ---- streaming buffers: (bytes-like, pos) tuples; the new pos is answered -- */
%typemap(in) zipnn_in_buffer *in (zipnn_in_buffer tmp, Py_buffer view, int got_view = 0) {
  PyObject *obj = NULL;
  Py_ssize_t pos = 0;
  if (!PyArg_ParseTuple($input, "On:zipnn_in_buffer", &obj, &pos)) SWIG_fail;
  if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) != 0) SWIG_fail;
  got_view = 1;
  if (pos < 0 || pos > view.len) {
    PyErr_SetString(PyExc_ValueError, "input position outside the buffer");
    SWIG_fail;
  }
  tmp.src = view.buf;
  tmp.size = (size_t)view.len;
  tmp.pos = (size_t)pos;
  $1 = &tmp;
}
%typemap(argout) zipnn_in_buffer *in {
  %append_output(PyLong_FromSize_t($1->pos));
}
%typemap(freearg) zipnn_in_buffer *in {
  if (got_view$argnum) PyBuffer_Release(&view$argnum);
}

%typemap(in) zipnn_out_buffer *out (zipnn_out_buffer tmp, Py_buffer view, int got_view = 0) {
  PyObject *obj = NULL;
  Py_ssize_t pos = 0;
  if (!PyArg_ParseTuple($input, "On:zipnn_out_buffer", &obj, &pos)) SWIG_fail;
  if (PyObject_GetBuffer(obj, &view, PyBUF_WRITABLE) != 0) SWIG_fail;
  got_view = 1;
  if (pos < 0 || pos > view.len) {
    PyErr_SetString(PyExc_ValueError, "output position outside the buffer");
    SWIG_fail;
  }
  tmp.dst = view.buf;
  tmp.size = (size_t)view.len;
  tmp.pos = (size_t)pos;
  $1 = &tmp;
}
%typemap(argout) zipnn_out_buffer *out {
  %append_output(PyLong_FromSize_t($1->pos));
}
%typemap(freearg) zipnn_out_buffer *out {
  if (got_view$argnum) PyBuffer_Release(&view$argnum);
}

/* ---- frame inspection: the struct comes back as a dict -------------------- */
%typemap(in, numinputs=0) zipnn_frame_info *info_out (zipnn_frame_info tmp) { $1 = &tmp; }
%typemap(argout) zipnn_frame_info *info_out {
  if (result != ZIPNN_OK) {
    %append_output(SWIG_Py_Void());
  } else {
    PyObject *ms = PyList_New(ZIPNN_METHOD_COUNT);
    PyObject *mb = PyList_New(ZIPNN_METHOD_COUNT);
    PyObject *db = PyList_New(ZIPNN_DTYPE_COUNT);
    if (ms == NULL || mb == NULL || db == NULL) {
      Py_XDECREF(ms); Py_XDECREF(mb); Py_XDECREF(db);
      SWIG_fail;
    }
    for (Py_ssize_t i = 0; i < ZIPNN_METHOD_COUNT; ++i) {
      PyList_SET_ITEM(ms, i, PyLong_FromUnsignedLongLong($1->method_streams[i]));
      PyList_SET_ITEM(mb, i, PyLong_FromUnsignedLongLong($1->method_bytes[i]));
    }
    for (Py_ssize_t i = 0; i < ZIPNN_DTYPE_COUNT; ++i) {
      PyList_SET_ITEM(db, i, PyLong_FromUnsignedLongLong($1->dtype_bytes[i]));
    }
    PyObject *d = Py_BuildValue(
        "{s:K,s:K,s:K,s:K,s:I,s:I,s:i,s:I,s:I,s:N,s:N,s:N}",
        "content_size", (unsigned long long)$1->content_size,
        "frame_size", (unsigned long long)$1->frame_size,
        "chunk_count", (unsigned long long)$1->chunk_count,
        "tensor_count", (unsigned long long)$1->tensor_count,
        "format_version", (unsigned int)$1->format_version,
        "chunk_size", (unsigned int)$1->chunk_size,
        "dtype", (int)$1->dtype,
        "element_size", (unsigned int)$1->element_size,
        "flags", (unsigned int)$1->flags,
        "method_streams", ms, "method_bytes", mb, "dtype_bytes", db);
    if (d == NULL) SWIG_fail;
    %append_output(d);
  }
}

/* zipnn.i uses %ignoreall / %unignore / %unignoreall, which SWIG 4.x does not
 * define (swig.swg only has %ignore). Spell them with %rename: ignore every
 * declaration except #define constants, then re-enable listed names. */
#define %ignoreall %rename("$ignore", %$not %$isconstant) "";
#define %unignore %rename("%s")
#define %unignoreall %rename("%s") "";

%include "zipnn.i"
