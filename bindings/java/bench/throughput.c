/* The raw C side of the JNI throughput comparison (bench/run.sh): the same 1 GiB of
 * synthetic BF16 weights as Throughput.java (identical generator), compressed and
 * decompressed with zipnn_compress / zipnn_decompress on reused contexts.
 * Usage: zipnn_java_c_throughput [MiB] [reps] [threads]   (defaults 1024 5 0) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zipnn.h"

/* xorshift64*, then the sum of four 16-bit uniforms as an approximately normal value. */
static void generate(uint8_t *out, size_t n) {
  uint64_t s = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i + 1 < n; i += 2) {
    int32_t sum = 0;
    for (int k = 0; k < 4; k++) {
      s ^= s >> 12;
      s ^= s << 25;
      s ^= s >> 27;
      sum += (int32_t)((s * 0x2545F4914F6CDD1Dull) >> 48);
    }
    float v = (float)(sum - 131070) * 1.0e-6f;
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    out[i] = (uint8_t)(bits >> 16);
    out[i + 1] = (uint8_t)(bits >> 24);
  }
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t fnv1a(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) {
    h = (h ^ p[i]) * 0x100000001b3ull;
  }
  return h;
}

#define CHECK(call)                                                          \
  do {                                                                       \
    zipnn_status st_ = (call);                                               \
    if (st_ != ZIPNN_OK) {                                                   \
      fprintf(stderr, "%s: %s\n", #call, zipnn_status_name(st_));            \
      return 1;                                                              \
    }                                                                        \
  } while (0)

int main(int argc, char **argv) {
  size_t mib = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1024;
  int reps = argc > 2 ? atoi(argv[2]) : 5;
  int64_t threads = argc > 3 ? strtoll(argv[3], NULL, 10) : 0;
  size_t n = mib << 20;
  size_t cap = zipnn_compress_bound(n);
  uint8_t *src = malloc(n), *frame = malloc(cap), *back = malloc(n);
  if (!src || !frame || !back) return 1;
  generate(src, n);
  memset(frame, 0, cap);
  memset(back, 0, n);

  zipnn_cctx *c;
  zipnn_dctx *d;
  CHECK(zipnn_cctx_new(&c));
  CHECK(zipnn_dctx_new(&d));
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_DTYPE, ZIPNN_DTYPE_BF16));
  CHECK(zipnn_cctx_set_param(c, ZIPNN_PARAM_THREADS, threads));
  CHECK(zipnn_dctx_set_param(d, ZIPNN_PARAM_THREADS, threads));

  size_t frame_size = 0, back_size = 0;
  double best_c = 1e9, best_d = 1e9;
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    CHECK(zipnn_compress(c, src, n, frame, cap, &frame_size));
    double t1 = now();
    CHECK(zipnn_decompress(d, frame, frame_size, back, n, &back_size));
    double t2 = now();
    if (t1 - t0 < best_c) best_c = t1 - t0;
    if (t2 - t1 < best_d) best_d = t2 - t1;
  }
  if (back_size != n || memcmp(src, back, n) != 0) {
    fprintf(stderr, "round trip differs\n");
    return 1;
  }
  printf("C    input %zu MiB fnv %016llx frame %zu (ratio %.4f) | compress %.3f GB/s | decompress %.3f GB/s\n",
         mib, (unsigned long long)fnv1a(src, n), frame_size, (double)frame_size / (double)n,
         (double)n / best_c / 1e9, (double)n / best_d / 1e9);
  zipnn_cctx_free(c);
  zipnn_dctx_free(d);
  free(src);
  free(frame);
  free(back);
  return 0;
}
