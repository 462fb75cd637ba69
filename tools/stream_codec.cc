#include "stream_codec.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "output_file.h"
#include "safetensors_sniff.h"

namespace zipnn_cli {

namespace {

constexpr size_t kOutBufferSize = 4u << 20;
constexpr size_t kDecodeInBufferSize = 4u << 20;

Error SetC(zipnn_cctx *c, zipnn_param p, int64_t v, const char *what) {
  const zipnn_status st = zipnn_cctx_set_param(c, p, v);
  if (st == ZIPNN_ERROR_PARAM_OUT_OF_RANGE || st == ZIPNN_ERROR_UNKNOWN_DTYPE) {
    int64_t lo = 0, hi = 0;
    std::string range;
    if (zipnn_param_bounds(p, &lo, &hi) == ZIPNN_OK)
      range = " (valid: " + std::to_string(lo) + ".." + std::to_string(hi) + ")";
    return Error::Usage(std::string("invalid ") + what + " " + std::to_string(v) + range);
  }
  if (st != ZIPNN_OK) return Error::FromStatus(st, std::string("cannot set ") + what);
  return Error::Ok();
}

Error Emit(const StreamEnd &out, const void *data, size_t size, StreamResult *r) {
  r->out_bytes += size;
  if (out.fd < 0 || size == 0) return Error::Ok();
  return WriteAll(out.fd, data, size, "cannot write " + out.name);
}

// dtype for --dtype auto: the main dtype of a safetensors input, else bytes.
zipnn_dtype AutoDtype(const StreamEnd &in, const uint8_t *prefix, size_t prefix_size) {
  const uint64_t n = SafetensorsHeaderSize(prefix, prefix_size, in.size);
  if (n == 0) return ZIPNN_DTYPE_BYTES;
  std::vector<char> header;
  const char *json = nullptr;
  if (prefix_size >= 8 + n) {
    json = reinterpret_cast<const char *>(prefix + 8);
  } else if (in.size != UINT64_MAX) {
    header.resize(static_cast<size_t>(n));
    size_t got = 0;
    while (got < header.size()) {
      const ssize_t r = pread(in.fd, header.data() + got, header.size() - got, static_cast<off_t>(8 + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return ZIPNN_DTYPE_BYTES;
      got += static_cast<size_t>(r);
    }
    json = header.data();
  } else {
    return ZIPNN_DTYPE_BYTES;  // a pipe whose header is larger than the first buffer
  }
  zipnn_dtype d = ZIPNN_DTYPE_BYTES;
  return SafetensorsMainDtype(json, static_cast<size_t>(n), &d) ? d : ZIPNN_DTYPE_BYTES;
}

}  // namespace

Error ConfigureCctx(zipnn_cctx *cctx, const Options &opts) {
  Error e = SetC(cctx, ZIPNN_PARAM_THREADS, opts.threads, "thread count");
  if (e.ok() && opts.chunk_size >= 0) e = SetC(cctx, ZIPNN_PARAM_CHUNK_SIZE, opts.chunk_size, "chunk size");
  if (e.ok() && opts.zstd_level >= 0) e = SetC(cctx, ZIPNN_PARAM_ZSTD_LEVEL, opts.zstd_level, "zstd level");
  if (e.ok()) e = SetC(cctx, ZIPNN_PARAM_TENSOR_AWARE, opts.tensor_aware ? 1 : 0, "tensor awareness");
  if (e.ok() && opts.dtype >= 0) e = SetC(cctx, ZIPNN_PARAM_DTYPE, opts.dtype, "dtype");
  return e;
}

Error ConfigureDctx(zipnn_dctx *dctx, const Options &opts) {
  const zipnn_status st = zipnn_dctx_set_param(dctx, ZIPNN_PARAM_THREADS, opts.threads);
  if (st != ZIPNN_OK) return Error::Usage("invalid thread count " + std::to_string(opts.threads));
  return Error::Ok();
}

Error CompressStream(zipnn_cctx *cctx, const Options &opts, const StreamEnd &in, const StreamEnd &out,
                     Progress &progress, StreamResult *result) {
  StreamResult r;
  zipnn_status st = zipnn_cctx_reset(cctx);
  if (st != ZIPNN_OK) return Error::FromStatus(st, "cannot reset the compression context");

  // Input batches as large as the library's own (chunk size x 2 x threads),
  // so it compresses straight from our buffer without copying.
  int64_t chunk = 0;
  if (zipnn_cctx_get_param(cctx, ZIPNN_PARAM_CHUNK_SIZE, &chunk) != ZIPNN_OK || chunk <= 0) chunk = 1 << 20;
  const size_t threads = EffectiveThreads(opts.threads);
  const size_t in_size = std::clamp<size_t>(static_cast<size_t>(chunk) * std::max<size_t>(2, 2 * threads),
                                            1u << 20, 512u << 20);
  std::vector<uint8_t> inbuf(in_size), outbuf(kOutBufferSize);

  if (in.size != UINT64_MAX) (void)posix_fadvise(in.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  size_t got = 0;
  Error e = ReadFull(in.fd, inbuf.data(), inbuf.size(), &got, "cannot read " + in.name);
  if (!e.ok()) return e;
  bool eof = got < inbuf.size();

  r.dtype = opts.dtype >= 0 ? opts.dtype : AutoDtype(in, inbuf.data(), got);
  e = SetC(cctx, ZIPNN_PARAM_DTYPE, r.dtype, "dtype");
  if (e.ok()) {
    const int64_t pledge = in.size == UINT64_MAX ? -1 : static_cast<int64_t>(in.size);
    e = SetC(cctx, ZIPNN_PARAM_CONTENT_SIZE, pledge, "content size");
  }
  if (!e.ok()) return e;

  for (;;) {
    zipnn_in_buffer ib{inbuf.data(), got, 0};
    const int32_t op = eof ? ZIPNN_STREAM_END : ZIPNN_STREAM_CONTINUE;
    for (;;) {
      zipnn_out_buffer ob{outbuf.data(), outbuf.size(), 0};
      size_t pending = 0;
      st = zipnn_compress_stream(cctx, &ib, &ob, op, &pending);
      e = Emit(out, outbuf.data(), ob.pos, &r);
      if (!e.ok()) return e;
      if (st == ZIPNN_ERROR_SIZE_LIMIT && in.size != UINT64_MAX)
        return Error::Io(in.name + ": file grew while being compressed");
      if (st == ZIPNN_ERROR_INVALID_ARGUMENT && op == ZIPNN_STREAM_END && in.size != UINT64_MAX)
        return Error::Io(in.name + ": file shrank while being compressed");
      if (st != ZIPNN_OK) return Error::FromStatus(st, "compression failed");
      if (op == ZIPNN_STREAM_END) {
        if (pending == 0) break;
      } else if (ib.pos == ib.size && ob.pos < ob.size) {
        break;
      }
    }
    r.in_bytes += got;
    progress.Update(r.in_bytes);
    if (op == ZIPNN_STREAM_END) break;
    e = ReadFull(in.fd, inbuf.data(), inbuf.size(), &got, "cannot read " + in.name);
    if (!e.ok()) return e;
    eof = got < inbuf.size();
  }
  *result = r;
  return Error::Ok();
}

Error DecompressStream(zipnn_dctx *dctx, const StreamEnd &in, const StreamEnd &out, Progress &progress,
                       StreamResult *result) {
  StreamResult r;
  zipnn_status st = zipnn_dctx_reset(dctx);
  if (st != ZIPNN_OK) return Error::FromStatus(st, "cannot reset the decompression context");
  std::vector<uint8_t> inbuf(kDecodeInBufferSize), outbuf(kOutBufferSize);
  if (in.size != UINT64_MAX) (void)posix_fadvise(in.fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  uint64_t in_frame = 0;  // input bytes consumed since the last complete frame
  bool eof = false;
  while (!eof) {
    size_t got = 0;
    Error e = ReadFull(in.fd, inbuf.data(), inbuf.size(), &got, "cannot read " + in.name);
    if (!e.ok()) return e;
    eof = got < inbuf.size();
    zipnn_in_buffer ib{inbuf.data(), got, 0};
    for (;;) {
      zipnn_out_buffer ob{outbuf.data(), outbuf.size(), 0};
      int32_t done = 0;
      const size_t before = ib.pos;
      st = zipnn_decompress_stream(dctx, &ib, &ob, &done);
      // Bytes the library hands out are already verified; on error the
      // output is discarded by the caller anyway (temporary file).
      e = Emit(out, outbuf.data(), ob.pos, &r);
      if (!e.ok()) return e;
      if (st != ZIPNN_OK) {
        if (r.frames > 0 && in_frame == 0 && st == ZIPNN_ERROR_NOT_ZIPNN)
          return Error::Data("trailing data after the end of the frame (ZIPNN_ERROR_TRAILING_DATA)");
        return Error::FromStatus(st, r.frames > 0 ? "frame " + std::to_string(r.frames + 1) : "decompression failed");
      }
      if (done) {
        ++r.frames;
        in_frame = 0;
        if (ib.pos == ib.size && ob.pos < ob.size) break;
        continue;
      }
      in_frame += ib.pos - before;
      if (ib.pos == ib.size && ob.pos < ob.size) break;
    }
    r.in_bytes += got;
    progress.Update(r.in_bytes);
  }
  if (r.in_bytes == 0) return Error::Data("empty input: not a .znn frame (ZIPNN_ERROR_TRUNCATED)");
  if (in_frame > 0) {
    if (r.frames == 0)
      return Error::Data("truncated: the input ends before the end of the frame (ZIPNN_ERROR_TRUNCATED)");
    return Error::Data("truncated frame or trailing data after frame " + std::to_string(r.frames) +
                       " (ZIPNN_ERROR_TRUNCATED)");
  }
  *result = r;
  return Error::Ok();
}

}  // namespace zipnn_cli
