package main

/*
#cgo !zipnn_nopkgconfig pkg-config: zipnn
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include "zipnn.h"

// The same work as the Go side, in C, calling libzipnn directly: the
// baseline the binding's overhead is measured against.

static double zt_clock(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// Best wall-clock and best process CPU seconds over the timed runs.
typedef struct { double wall, cpu, w0, c0; } zt_timer;
static void zt_start(zt_timer *t) {
  t->w0 = zt_clock(CLOCK_MONOTONIC);
  t->c0 = zt_clock(CLOCK_PROCESS_CPUTIME_ID);
}
static void zt_stop(zt_timer *t) {
  double w = zt_clock(CLOCK_MONOTONIC) - t->w0, c = zt_clock(CLOCK_PROCESS_CPUTIME_ID) - t->c0;
  if (w < t->wall) t->wall = w;
  if (c < t->cpu) t->cpu = c;
}

// Each helper makes its context once, runs one untimed warm-up (threads and
// scratch memory, as the Go side's pooled contexts have them), then reps
// timed runs.

// One-shot compression.
static zipnn_status zt_compress(const void *src, size_t n, void *dst, size_t cap, int32_t dtype,
                                int64_t threads, int reps, size_t *out_size, zt_timer *best) {
  zipnn_cctx *c = NULL;
  zipnn_status s = zipnn_cctx_new(&c);
  if (s == ZIPNN_OK) s = zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, dtype);
  if (s == ZIPNN_OK) s = zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, threads);
  best->wall = best->cpu = 1e30;
  for (int i = -1; i < reps && s == ZIPNN_OK; i++) {
    if (i >= 0) zt_start(best);
    s = zipnn_compress(c, src, n, dst, cap, out_size);
    if (i >= 0) zt_stop(best);
  }
  zipnn_cctx_free(c);
  return s;
}

static zipnn_status zt_decompress(const void *src, size_t n, void *dst, size_t cap,
                                  int64_t threads, int reps, size_t *out_size, zt_timer *best) {
  zipnn_dctx *d = NULL;
  zipnn_status s = zipnn_dctx_new(&d);
  if (s == ZIPNN_OK) s = zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, threads);
  best->wall = best->cpu = 1e30;
  for (int i = -1; i < reps && s == ZIPNN_OK; i++) {
    if (i >= 0) zt_start(best);
    s = zipnn_decompress(d, src, n, dst, cap, out_size);
    if (i >= 0) zt_stop(best);
  }
  zipnn_dctx_free(d);
  return s;
}

// Streaming compression of the buffer in bufsize pieces into a bufsize
// output buffer that is discarded, as the Go Writer does into io.Discard.
static zipnn_status zt_compress_stream(const uint8_t *src, size_t n, size_t bufsize, int32_t dtype,
                                       int64_t threads, int reps, size_t *out_size, zt_timer *best) {
  uint8_t *out = (uint8_t *)malloc(bufsize);
  zipnn_cctx *c = NULL;
  zipnn_status s = out ? zipnn_cctx_new(&c) : ZIPNN_ERROR_OUT_OF_MEMORY;
  if (s == ZIPNN_OK) s = zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, dtype);
  if (s == ZIPNN_OK) s = zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, threads);
  best->wall = best->cpu = 1e30;
  for (int i = -1; i < reps && s == ZIPNN_OK; i++) {
    if (i >= 0) zt_start(best);
    size_t total = 0, pending = 1;
    for (size_t off = 0; off < n && s == ZIPNN_OK; off += bufsize) {
      size_t len = n - off < bufsize ? n - off : bufsize;
      zipnn_in_buffer in = {src + off, len, 0};
      while (in.pos < in.size && s == ZIPNN_OK) {
        zipnn_out_buffer o = {out, bufsize, 0};
        s = zipnn_compress_stream(c, &in, &o, ZIPNN_STREAM_CONTINUE, &pending);
        total += o.pos;
      }
    }
    while (pending != 0 && s == ZIPNN_OK) {
      zipnn_in_buffer in = {src, 0, 0};
      zipnn_out_buffer o = {out, bufsize, 0};
      s = zipnn_compress_stream(c, &in, &o, ZIPNN_STREAM_END, &pending);
      total += o.pos;
    }
    if (i >= 0) zt_stop(best);
    *out_size = total;
  }
  zipnn_cctx_free(c);
  free(out);
  return s;
}

// Streaming decompression of a frame fed in bufsize pieces, decoded into a
// bufsize buffer that is discarded, as the Go Reader does into io.Discard.
static zipnn_status zt_decompress_stream(const uint8_t *src, size_t n, size_t bufsize,
                                         int64_t threads, int reps, size_t *out_size, zt_timer *best) {
  uint8_t *out = (uint8_t *)malloc(bufsize);
  zipnn_dctx *d = NULL;
  zipnn_status s = out ? zipnn_dctx_new(&d) : ZIPNN_ERROR_OUT_OF_MEMORY;
  if (s == ZIPNN_OK) s = zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, threads);
  best->wall = best->cpu = 1e30;
  for (int i = -1; i < reps && s == ZIPNN_OK; i++) {
    if (i >= 0) zt_start(best);
    size_t total = 0;
    int32_t done = 0;
    for (size_t off = 0; off < n && s == ZIPNN_OK && !done; off += bufsize) {
      size_t len = n - off < bufsize ? n - off : bufsize;
      zipnn_in_buffer in = {src + off, len, 0};
      do {
        zipnn_out_buffer o = {out, bufsize, 0};
        s = zipnn_decompress_stream(d, &in, &o, &done);
        total += o.pos;
        if (o.pos == 0 && in.pos == in.size) break;
      } while (s == ZIPNN_OK && !done);
    }
    while (s == ZIPNN_OK && !done) {  // drain
      zipnn_in_buffer in = {src, 0, 0};
      zipnn_out_buffer o = {out, bufsize, 0};
      s = zipnn_decompress_stream(d, &in, &o, &done);
      total += o.pos;
      if (o.pos == 0 && !done) s = ZIPNN_ERROR_TRUNCATED;
    }
    if (i >= 0) zt_stop(best);
    *out_size = total;
  }
  zipnn_dctx_free(d);
  free(out);
  return s;
}
*/
import "C"

import (
	"fmt"
	"time"
	"unsafe"

	zipnn "github.com/zipnn/zipnn/bindings/go"
)

func cerr(op string, s C.zipnn_status) error {
	if s == 0 {
		return nil
	}
	return fmt.Errorf("C %s: %w", op, zipnn.Status(s))
}

func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

func secs(d C.double) time.Duration { return time.Duration(float64(d) * float64(time.Second)) }

func timed(t C.zt_timer) timing { return timing{wall: secs(t.wall), cpu: secs(t.cpu)} }

func cCompress(src, dst []byte, dtype zipnn.DType, threads, reps int) (int, timing, error) {
	var n C.size_t
	var best C.zt_timer
	s := C.zt_compress(ptr(src), C.size_t(len(src)), ptr(dst), C.size_t(len(dst)), C.int32_t(dtype),
		C.int64_t(threads), C.int(reps), &n, &best)
	return int(n), timed(best), cerr("compress", s)
}

func cDecompress(src, dst []byte, threads, reps int) (int, timing, error) {
	var n C.size_t
	var best C.zt_timer
	s := C.zt_decompress(ptr(src), C.size_t(len(src)), ptr(dst), C.size_t(len(dst)),
		C.int64_t(threads), C.int(reps), &n, &best)
	return int(n), timed(best), cerr("decompress", s)
}

func cCompressStream(src []byte, bufSize int, dtype zipnn.DType, threads, reps int) (int, timing, error) {
	var n C.size_t
	var best C.zt_timer
	s := C.zt_compress_stream((*C.uint8_t)(ptr(src)), C.size_t(len(src)), C.size_t(bufSize), C.int32_t(dtype),
		C.int64_t(threads), C.int(reps), &n, &best)
	return int(n), timed(best), cerr("compress stream", s)
}

func cDecompressStream(src []byte, bufSize, threads, reps int) (int, timing, error) {
	var n C.size_t
	var best C.zt_timer
	s := C.zt_decompress_stream((*C.uint8_t)(ptr(src)), C.size_t(len(src)), C.size_t(bufSize),
		C.int64_t(threads), C.int(reps), &n, &best)
	return int(n), timed(best), cerr("decompress stream", s)
}
