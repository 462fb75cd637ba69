#include "codecs.h"

#include <algorithm>
#include <cstring>

#include <zstd.h>

namespace zipnn::bench {

namespace {

constexpr size_t kMaxPlanes = 8;

std::string Status(zipnn_status st) { return zipnn_status_name(st); }

void CheckZstd(size_t r, const char *what) {
  if (ZSTD_isError(r)) Die(std::string(what) + ": " + ZSTD_getErrorName(r));
}

struct ZstdCctx {
  ZSTD_CCtx *p = ZSTD_createCCtx();
  ZstdCctx() {
    if (p == nullptr) Die("ZSTD_createCCtx failed");
  }
  ~ZstdCctx() { ZSTD_freeCCtx(p); }
  ZstdCctx(const ZstdCctx &) = delete;
  ZstdCctx &operator=(const ZstdCctx &) = delete;
};

struct ZstdDctx {
  ZSTD_DCtx *p = ZSTD_createDCtx();
  ZstdDctx() {
    if (p == nullptr) Die("ZSTD_createDCtx failed");
  }
  ~ZstdDctx() { ZSTD_freeDCtx(p); }
  ZstdDctx(const ZstdDctx &) = delete;
  ZstdDctx &operator=(const ZstdDctx &) = delete;
};

// Element bytes -> planes, plane 0 = the most significant byte.
template <size_t ES>
void SplitPlanes(const uint8_t *src, size_t elements, uint8_t *planes, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i)
    for (size_t k = 0; k < ES; ++k) planes[(ES - 1 - k) * elements + i] = src[i * ES + k];
}

template <size_t ES>
void MergePlanes(const uint8_t *planes, size_t elements, uint8_t *dst, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i)
    for (size_t k = 0; k < ES; ++k) dst[i * ES + k] = planes[(ES - 1 - k) * elements + i];
}

void Split(size_t es, const uint8_t *src, size_t elements, uint8_t *planes, size_t b, size_t e) {
  switch (es) {
    case 2: SplitPlanes<2>(src, elements, planes, b, e); break;
    case 4: SplitPlanes<4>(src, elements, planes, b, e); break;
    case 8: SplitPlanes<8>(src, elements, planes, b, e); break;
    default: Die("byte grouping: unsupported element size " + std::to_string(es));
  }
}

void Merge(size_t es, const uint8_t *planes, size_t elements, uint8_t *dst, size_t b, size_t e) {
  switch (es) {
    case 2: MergePlanes<2>(planes, elements, dst, b, e); break;
    case 4: MergePlanes<4>(planes, elements, dst, b, e); break;
    case 8: MergePlanes<8>(planes, elements, dst, b, e); break;
    default: Die("byte grouping: unsupported element size " + std::to_string(es));
  }
}

}  // namespace

size_t RequiredCapacity(size_t size) {
  // zipnn's bound, zstd's bound, and byte grouping's per-plane bounds.
  size_t cap = std::max(zipnn_compress_bound(size), ZSTD_compressBound(size));
  for (size_t es = 2; es <= kMaxPlanes; es *= 2)
    cap = std::max(cap, es * ZSTD_compressBound(size / es) + es);
  return cap;
}

std::string ZstdVersion() { return ZSTD_versionString(); }

bool ZstdSupportsThreads() {
  ZstdCctx c;
  return !ZSTD_isError(ZSTD_CCtx_setParameter(c.p, ZSTD_c_nbWorkers, 2));
}

// ------------------------------------------------------------------ zipnn
Measure RunZipnn(const uint8_t *src, size_t size, zipnn_dtype dtype, Workspace &ws,
                 const Plan &plan, std::vector<std::string> &warnings) {
  Measure m;
  m.present = true;
  m.original = size;
  uint64_t frame_hash = 0;

  // threads: 1, then 0 (= all cores); only the all-threads pass when untimed.
  const std::vector<int64_t> passes =
      plan.timed ? std::vector<int64_t>{1, 0} : std::vector<int64_t>{0};
  for (const int64_t threads : passes) {
    if (threads == 0 && plan.timed && !plan.all_threads) break;
    zipnn_cctx *cctx = nullptr;
    zipnn_dctx *dctx = nullptr;
    if (zipnn_cctx_new(&cctx) != ZIPNN_OK || zipnn_dctx_new(&dctx) != ZIPNN_OK)
      Die("zipnn: context allocation failed");
    zipnn_status st = zipnn_cctx_set_param(cctx, ZIPNN_PARAM_DTYPE, dtype);
    if (st == ZIPNN_OK) st = zipnn_cctx_set_param(cctx, ZIPNN_PARAM_THREADS, threads);
    if (st == ZIPNN_OK) st = zipnn_dctx_set_param(dctx, ZIPNN_PARAM_THREADS, threads);
    if (st != ZIPNN_OK) Die("zipnn: set_param: " + Status(st));

    size_t out = 0;
    auto compress = [&] {
      const zipnn_status s =
          zipnn_compress(cctx, src, size, ws.comp.data(), ws.comp.size(), &out);
      if (s != ZIPNN_OK) Die("zipnn_compress: " + Status(s));
    };
    const double cs =
        plan.timed ? BestSeconds(plan.reps, plan.rep_budget, compress) : (compress(), 0.0);
    const uint64_t h = Hash64(ws.comp.data(), out);
    if (m.compressed == 0) {
      m.compressed = out;
      frame_hash = h;
    } else if (out != m.compressed || h != frame_hash) {
      warnings.push_back("zipnn frame differs between 1 thread and all threads (" +
                         std::to_string(m.compressed) + " vs " + std::to_string(out) + " bytes)");
    }

    size_t got = 0;
    auto decompress = [&] {
      const zipnn_status s =
          zipnn_decompress(dctx, ws.comp.data(), out, ws.dec.data(), ws.dec.size(), &got);
      if (s != ZIPNN_OK) Die("zipnn_decompress: " + Status(s));
    };
    const double ds =
        plan.timed ? BestSeconds(plan.reps, plan.rep_budget, decompress) : (decompress(), 0.0);
    if (got != size)
      Die("zipnn: decoded size " + std::to_string(got) + " != " + std::to_string(size));
    VerifySame(src, ws.dec.data(), size, "zipnn threads=" + std::to_string(threads));
    if (plan.timed) {
      (threads == 1 ? m.compress_1t : m.compress_nt) = GBps(size, cs);
      (threads == 1 ? m.decompress_1t : m.decompress_nt) = GBps(size, ds);
    }
    zipnn_cctx_free(cctx);
    zipnn_dctx_free(dctx);
  }
  return m;
}

// ------------------------------------------------------------------- zstd
Measure RunZstd(int level, const uint8_t *src, size_t size, Workspace &ws, const Plan &plan) {
  Measure m;
  m.present = true;
  m.original = size;
  ZstdCctx cctx;
  ZstdDctx dctx;
  CheckZstd(ZSTD_CCtx_setParameter(cctx.p, ZSTD_c_compressionLevel, level), "zstd level");

  size_t out = 0;
  auto compress = [&] {
    out = ZSTD_compress2(cctx.p, ws.comp.data(), ws.comp.size(), src, size);
    CheckZstd(out, "ZSTD_compress2");
  };
  const double cs =
      plan.timed ? BestSeconds(plan.compress_reps, plan.rep_budget, compress) : (compress(), 0.0);
  m.compressed = out;

  size_t got = 0;
  auto decompress = [&] {
    got = ZSTD_decompressDCtx(dctx.p, ws.dec.data(), ws.dec.size(), ws.comp.data(), out);
    CheckZstd(got, "ZSTD_decompressDCtx");
  };
  const double ds =
      plan.timed ? BestSeconds(plan.reps, plan.rep_budget, decompress) : (decompress(), 0.0);
  if (got != size) Die("zstd: decoded size mismatch");
  VerifySame(src, ws.dec.data(), size, "zstd -" + std::to_string(level));
  if (!plan.timed) return m;
  m.compress_1t = GBps(size, cs);
  m.decompress_1t = GBps(size, ds);

  if (plan.all_threads && plan.threads > 1 && ZstdSupportsThreads()) {
    CheckZstd(ZSTD_CCtx_setParameter(cctx.p, ZSTD_c_nbWorkers, static_cast<int>(plan.threads)),
              "zstd nbWorkers");
    const double cn = BestSeconds(plan.compress_reps, plan.rep_budget, compress);
    decompress();
    if (got != size) Die("zstd: decoded size mismatch (nbWorkers)");
    VerifySame(src, ws.dec.data(), size, "zstd -" + std::to_string(level) + " nbWorkers");
    m.compress_nt = GBps(size, cn);
  }
  return m;
}

// ------------------------------------------------------ byte-grouped zstd
Measure RunByteGroupedZstd(int level, size_t element_size, const uint8_t *src, size_t size,
                           Workspace &ws, const Plan &plan) {
  const size_t es = element_size;
  if (es < 2 || es > kMaxPlanes) Die("byte grouping needs 2..8-byte elements");
  const size_t elements = size / es;
  const size_t tail = size - elements * es;
  const size_t plane_cap = ZSTD_compressBound(elements);
  if (es * plane_cap + tail > ws.comp.size() || ws.scratch.size() < size || ws.dec.size() < size)
    Die("byte grouping: workspace too small");

  Measure m;
  m.present = true;
  m.original = size;
  std::vector<ZstdCctx> cctx(es);
  std::vector<ZstdDctx> dctx(es);
  for (ZstdCctx &c : cctx)
    CheckZstd(ZSTD_CCtx_setParameter(c.p, ZSTD_c_compressionLevel, level), "zstd level");
  std::vector<size_t> plane_size(es, 0);
  uint8_t *planes = ws.scratch.data();
  uint8_t *comp = ws.comp.data();

  auto run = [&](size_t threads) {
    auto compress = [&] {
      ParallelFor(threads, elements, 4096,
                  [&](size_t b, size_t e) { Split(es, src, elements, planes, b, e); });
      ParallelFor(threads, es, 1, [&](size_t b, size_t e) {
        for (size_t p = b; p < e; ++p) {
          plane_size[p] = ZSTD_compressCCtx(cctx[p].p, comp + p * plane_cap, plane_cap,
                                            planes + p * elements, elements, level);
          CheckZstd(plane_size[p], "ZSTD_compressCCtx (plane)");
        }
      });
      std::memcpy(comp + es * plane_cap, src + elements * es, tail);
    };
    auto decompress = [&] {
      ParallelFor(threads, es, 1, [&](size_t b, size_t e) {
        for (size_t p = b; p < e; ++p) {
          const size_t r = ZSTD_decompressDCtx(dctx[p].p, planes + p * elements, elements,
                                               comp + p * plane_cap, plane_size[p]);
          CheckZstd(r, "ZSTD_decompressDCtx (plane)");
          if (r != elements) Die("byte grouping: plane size mismatch");
        }
      });
      ParallelFor(threads, elements, 4096,
                  [&](size_t b, size_t e) { Merge(es, planes, elements, ws.dec.data(), b, e); });
      std::memcpy(ws.dec.data() + elements * es, comp + es * plane_cap, tail);
    };
    const double cs =
      plan.timed ? BestSeconds(plan.compress_reps, plan.rep_budget, compress) : (compress(), 0.0);
    const double ds =
        plan.timed ? BestSeconds(plan.reps, plan.rep_budget, decompress) : (decompress(), 0.0);
    VerifySame(src, ws.dec.data(), size, "byte-grouped zstd threads=" + std::to_string(threads));
    return std::pair<double, double>{cs, ds};
  };

  const auto [c1, d1] = run(1);
  m.compressed = tail + 8 * es;
  for (size_t s : plane_size) m.compressed += s;
  if (plan.timed) {
    m.compress_1t = GBps(size, c1);
    m.decompress_1t = GBps(size, d1);
    if (plan.all_threads && plan.threads > 1) {
      const auto [cn, dn] = run(plan.threads);
      m.compress_nt = GBps(size, cn);
      m.decompress_nt = GBps(size, dn);
    }
  }
  return m;
}

// ----------------------------------------------------------------- memcpy
Measure RunMemcpy(const uint8_t *src, size_t size, Workspace &ws, const Plan &plan) {
  Measure m;
  m.present = true;
  uint8_t *dst = ws.dec.data();
  const double s1 =
      BestSeconds(plan.reps, plan.rep_budget, [&] { std::memcpy(dst, src, size); });
  m.compress_1t = m.decompress_1t = GBps(size, s1);
  if (plan.all_threads && plan.threads > 1) {
    const double sn = BestSeconds(plan.reps, plan.rep_budget, [&] {
      ParallelFor(plan.threads, size, 4096,
                  [&](size_t b, size_t e) { std::memcpy(dst + b, src + b, e - b); });
    });
    m.compress_nt = m.decompress_nt = GBps(size, sn);
  }
  VerifySame(src, dst, size, "memcpy");
  return m;
}

}  // namespace zipnn::bench
