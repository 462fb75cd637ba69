/* Round-trips files through the installed libzipnn, using zipnn.h only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zipnn.h>

static unsigned char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return buf;
}

int main(int argc, char **argv) {
  int failures = 0;
  unsigned long long total_in = 0, total_out = 0;
  zipnn_cctx *c;
  zipnn_dctx *d;
  if (zipnn_cctx_new(&c) != ZIPNN_OK || zipnn_dctx_new(&d) != ZIPNN_OK) return 2;
  if (zipnn_version_number() != ZIPNN_VERSION_NUMBER) {
    fprintf(stderr, "header/library version mismatch\n");
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    size_t n = 0, csize = 0, dsize = 0;
    unsigned char *src = read_file(argv[i], &n);
    if (!src) {
      fprintf(stderr, "cannot read %s\n", argv[i]);
      ++failures;
      continue;
    }
    size_t bound = zipnn_compress_bound(n);
    unsigned char *frame = malloc(bound);
    unsigned char *back = malloc(n ? n : 1);
    zipnn_status st = zipnn_compress(c, src, n, frame, bound, &csize);
    if (st == ZIPNN_OK) st = zipnn_decompress(d, frame, csize, back, n, &dsize);
    if (st != ZIPNN_OK || dsize != n || memcmp(src, back, n) != 0) {
      fprintf(stderr, "FAIL %s: %s\n", argv[i], zipnn_status_name(st));
      ++failures;
    } else {
      printf("ok %-60s %10zu -> %10zu (%.4f)\n", argv[i], n, csize, n ? (double)csize / (double)n : 0.0);
      total_in += n;
      total_out += csize;
    }
    free(src);
    free(frame);
    free(back);
  }
  zipnn_cctx_free(c);
  zipnn_dctx_free(d);
  printf("%d files, %llu -> %llu bytes, %d failures\n", argc - 1, total_in, total_out, failures);
  return failures ? 1 : 0;
}
