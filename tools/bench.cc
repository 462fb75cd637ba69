// `zipnn bench FILE`: zipnn against zstd -3 on the same bytes, in memory.
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

#include "commands.h"
#include "mapped_file.h"
#include "safetensors_sniff.h"
#include "stream_codec.h"

namespace zipnn_cli {

namespace {

constexpr int kZstdLevel = 3;
constexpr int kMaxRuns = 50;

// Best time of repeated runs: at least one run, more until `min_seconds`.
template <typename F>
Error BestTime(double min_seconds, F run, double *best_out) {
  double best = 1e300, total = 0;
  for (int i = 0; i < kMaxRuns && (i == 0 || total < min_seconds); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    Error e = run();
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!e.ok()) return e;
    best = std::min(best, dt);
    total += dt;
  }
  *best_out = best;
  return Error::Ok();
}

struct Row {
  std::string codec;
  unsigned threads = 1;
  size_t compressed = 0;
  double c_seconds = 0, d_seconds = 0;
  std::string note;
};

Error BenchZipnn(const Options &opts, zipnn_dtype dtype, unsigned threads, const uint8_t *src, size_t n, Row *row) {
  zipnn_cctx *cctx = nullptr;
  zipnn_dctx *dctx = nullptr;
  if (zipnn_cctx_new(&cctx) != ZIPNN_OK || zipnn_dctx_new(&dctx) != ZIPNN_OK) {
    zipnn_cctx_free(cctx);
    return Error::Internal("cannot create zipnn contexts");
  }
  Options o = opts;
  o.threads = threads;
  o.dtype = dtype;
  Error e = ConfigureCctx(cctx, o);
  if (e.ok()) e = ConfigureDctx(dctx, o);
  std::vector<uint8_t> packed, back;
  size_t packed_size = 0;
  if (e.ok()) {
    packed.resize(std::max<size_t>(zipnn_compress_bound(n), 1));
    e = BestTime(opts.bench_seconds, [&] {
      const zipnn_status st = zipnn_compress(cctx, src, n, packed.data(), packed.size(), &packed_size);
      return st == ZIPNN_OK ? Error::Ok() : Error::FromStatus(st, "zipnn_compress");
    }, &row->c_seconds);
  }
  if (e.ok()) {
    back.resize(std::max<size_t>(n, 1));
    e = BestTime(opts.bench_seconds, [&] {
      size_t got = 0;
      const zipnn_status st = zipnn_decompress(dctx, packed.data(), packed_size, back.data(), back.size(), &got);
      if (st != ZIPNN_OK) return Error::FromStatus(st, "zipnn_decompress");
      return got == n ? Error::Ok() : Error::Internal("zipnn round trip: wrong size");
    }, &row->d_seconds);
  }
  if (e.ok() && n > 0 && std::memcmp(back.data(), src, n) != 0) e = Error::Internal("zipnn round trip differs");
  row->codec = std::string("zipnn (") + zipnn_dtype_name(dtype) + ")";
  row->threads = threads;
  row->compressed = packed_size;
  zipnn_cctx_free(cctx);
  zipnn_dctx_free(dctx);
  return e;
}

Error BenchZstd(const Options &opts, unsigned threads, const uint8_t *src, size_t n, Row *row) {
  ZSTD_CCtx *cctx = ZSTD_createCCtx();
  ZSTD_DCtx *dctx = ZSTD_createDCtx();
  if (!cctx || !dctx) {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
    return Error::Internal("cannot create zstd contexts");
  }
  row->codec = "zstd -" + std::to_string(kZstdLevel);
  row->threads = threads;
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kZstdLevel);
  if (threads > 1 && ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, static_cast<int>(threads)))) {
    row->note = "libzstd without threads";
    row->threads = 1;
  }
  std::vector<uint8_t> packed(ZSTD_compressBound(n)), back(std::max<size_t>(n, 1));
  size_t packed_size = 0;
  Error e = BestTime(opts.bench_seconds, [&] {
    const size_t r = ZSTD_compress2(cctx, packed.data(), packed.size(), src, n);
    if (ZSTD_isError(r)) return Error::Internal(std::string("zstd: ") + ZSTD_getErrorName(r));
    packed_size = r;
    return Error::Ok();
  }, &row->c_seconds);
  if (e.ok()) {
    e = BestTime(opts.bench_seconds, [&] {
      const size_t r = ZSTD_decompressDCtx(dctx, back.data(), back.size(), packed.data(), packed_size);
      if (ZSTD_isError(r)) return Error::Internal(std::string("zstd: ") + ZSTD_getErrorName(r));
      return r == n ? Error::Ok() : Error::Internal("zstd round trip: wrong size");
    }, &row->d_seconds);
  }
  if (e.ok() && n > 0 && std::memcmp(back.data(), src, n) != 0) e = Error::Internal("zstd round trip differs");
  if (e.ok() && threads > 1 && row->note.empty()) row->note = "zstd decodes on 1 thread";
  row->compressed = packed_size;
  ZSTD_freeCCtx(cctx);
  ZSTD_freeDCtx(dctx);
  return e;
}

}  // namespace

Error RunBench(const Options &opts, const std::string &path) {
  if (path == "-") return Error::Usage("bench needs a file name, not stdin");
  MappedFile map;
  Error e = map.Open(path);
  if (!e.ok()) return e;
  const uint8_t *src = map.data();
  const size_t n = map.size();
  // Touch every page once so the first timed run does not pay for reading.
  volatile uint8_t sink = 0;
  for (size_t i = 0; i < n; i += 4096) sink = static_cast<uint8_t>(sink ^ src[i]);

  zipnn_dtype dtype = opts.dtype;
  if (dtype < 0) {
    dtype = ZIPNN_DTYPE_BYTES;
    const uint64_t h = SafetensorsHeaderSize(src, n, n);
    if (h > 0) (void)SafetensorsMainDtype(reinterpret_cast<const char *>(src + 8), static_cast<size_t>(h), &dtype);
  }
  std::vector<unsigned> thread_counts{1};
  const unsigned all = EffectiveThreads(opts.threads);
  if (all > 1) thread_counts.push_back(all);

  std::vector<Row> rows;
  for (const unsigned t : thread_counts) {
    Row z, s;
    e = BenchZipnn(opts, dtype, t, src, n, &z);
    if (!e.ok()) return e;
    e = BenchZstd(opts, t, src, n, &s);
    if (!e.ok()) return e;
    rows.push_back(z);
    rows.push_back(s);
  }
  std::printf("file: %s (%s)\n", path.c_str(), FormatBytes(n).c_str());
  std::printf("%-18s %7s %8s %14s %16s  %s\n", "codec", "threads", "ratio", "compress MB/s", "decompress MB/s",
              "note");
  for (const Row &r : rows) {
    const double ratio = n ? static_cast<double>(r.compressed) / static_cast<double>(n) : 0.0;
    const double c = r.c_seconds > 0 ? static_cast<double>(n) / r.c_seconds / 1e6 : 0.0;
    const double d = r.d_seconds > 0 ? static_cast<double>(n) / r.d_seconds / 1e6 : 0.0;
    std::printf("%-18s %7u %8.4f %14.1f %16.1f  %s\n", r.codec.c_str(), r.threads, ratio, c, d, r.note.c_str());
  }
  std::printf("ratio = compressed/original (lower is better); speeds in MB/s of original data, best of runs\n");
  return Error::Ok();
}

}  // namespace zipnn_cli
