package io.zipnn;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A compression context: parameters, worker threads and scratch memory reused across
 * calls. Create one per thread (or per stream) and reuse it; {@link #close()} frees it.
 *
 * <p>Thread rules: every method is {@code synchronized}, so sharing one compressor
 * between threads is safe but serializes them (as with {@link java.util.zip.Deflater});
 * separate compressors are fully independent and run concurrently. Each call may use
 * several native worker threads itself ({@link #threads(int)}; 0, the default, means
 * all cores). The output depends only on the input and on dtype, chunk size, zstd level
 * and tensor awareness, never on the thread count.
 *
 * <p>Heap arrays and heap buffers are passed to the library without copies: they are
 * pinned for the duration of the native call, during which the garbage collector may
 * have to wait.
 */
public final class ZipnnCompressor implements AutoCloseable {
  private final NativeHandle handle;

  /** A compressor with default parameters (dtype {@link DType#BYTES}). */
  public ZipnnCompressor() {
    NativeLibrary.ensureLoaded();
    long[] out = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_cctx_new(out), "zipnn_cctx_new");
    handle = new NativeHandle(this, "ZipnnCompressor", out[0], ZipnnNative::zipnn_cctx_free);
  }

  /** A compressor for data of the given element type. */
  public ZipnnCompressor(DType dtype) {
    this();
    dtype(dtype);
  }

  /** Largest frame {@code compress} can produce from {@code srcSize} bytes. */
  public static long compressBound(long srcSize) {
    NativeLibrary.ensureLoaded();
    if (srcSize < 0) {
      throw new IllegalArgumentException("negative size " + srcSize);
    }
    long bound = ZipnnNative.zipnn_compress_bound(srcSize);
    if (bound == 0) {
      throw new ZipnnException(ZipnnNativeConstants.ZIPNN_ERROR_SIZE_LIMIT, "compress bound of " + srcSize);
    }
    return bound;
  }

  // ------------------------------------------------------------------ parameters

  private void set(int param, long value) {
    ZipnnException.check(ZipnnNative.zipnn_cctx_set_param(handle.get(), param, value),
        "compression parameter " + param + " = " + value);
  }

  private long get(int param) {
    long[] out = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_cctx_get_param(handle.get(), param, out));
    return out[0];
  }

  /** Sets the element type of the input (default {@link DType#BYTES}); returns this. */
  public synchronized ZipnnCompressor dtype(DType dtype) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_DTYPE, dtype.id());
    return this;
  }

  public synchronized DType dtype() {
    return DType.of((int) get(ZipnnNativeConstants.ZIPNN_PARAM_DTYPE));
  }

  /** Sets the number of native worker threads, 0 for all cores (default); returns this. */
  public synchronized ZipnnCompressor threads(int threads) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_THREADS, threads);
    return this;
  }

  public synchronized int threads() {
    return (int) get(ZipnnNativeConstants.ZIPNN_PARAM_THREADS);
  }

  /** Sets the decoded bytes per chunk (default 1 MiB); returns this. */
  public synchronized ZipnnCompressor chunkSize(int bytes) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_CHUNK_SIZE, bytes);
    return this;
  }

  public synchronized int chunkSize() {
    return (int) get(ZipnnNativeConstants.ZIPNN_PARAM_CHUNK_SIZE);
  }

  /** Sets the level of streams coded with zstd (default 3); returns this. */
  public synchronized ZipnnCompressor zstdLevel(int level) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_ZSTD_LEVEL, level);
    return this;
  }

  public synchronized int zstdLevel() {
    return (int) get(ZipnnNativeConstants.ZIPNN_PARAM_ZSTD_LEVEL);
  }

  /**
   * Whether safetensors input is detected and each tensor compressed with its own dtype
   * (default true); returns this.
   */
  public synchronized ZipnnCompressor tensorAware(boolean on) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_TENSOR_AWARE, on ? 1 : 0);
    return this;
  }

  public synchronized boolean tensorAware() {
    return get(ZipnnNativeConstants.ZIPNN_PARAM_TENSOR_AWARE) != 0;
  }

  /**
   * Pledges the total input size of the next streamed frame (written to its header), or
   * -1 for unknown (default); returns this. More input than pledged is an error.
   */
  public synchronized ZipnnCompressor contentSize(long bytes) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_CONTENT_SIZE, bytes);
    return this;
  }

  public synchronized long contentSize() {
    return get(ZipnnNativeConstants.ZIPNN_PARAM_CONTENT_SIZE);
  }

  // ------------------------------------------------------------------ one shot

  /** Compresses all of src into a new frame. */
  public byte[] compress(byte[] src) {
    return compress(src, 0, src.length);
  }

  /** Compresses src[off, off + len) into a new frame. */
  public synchronized byte[] compress(byte[] src, int off, int len) {
    ByteBuffer in = Buffers.range(src, off, len);
    long bound = compressBound(len);
    byte[] dst = new byte[(int) Math.min(bound, Buffers.MAX_ARRAY)];
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_compress(handle.get(), in, ByteBuffer.wrap(dst), size));
    return Arrays.copyOf(dst, (int) size[0]);
  }

  /**
   * Compresses src[srcOff, srcOff + srcLen) into dst[dstOff, dstOff + dstLen).
   * {@code dstLen >= compressBound(srcLen)} always suffices.
   *
   * @return the frame size
   * @throws ZipnnException DST_TOO_SMALL when the frame does not fit
   */
  public synchronized int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen) {
    ByteBuffer in = Buffers.range(src, srcOff, srcLen);
    ByteBuffer out = Buffers.range(dst, dstOff, dstLen);
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_compress(handle.get(), in, out, size));
    return (int) size[0];
  }

  /**
   * Compresses the remaining bytes of src into dst at its position, without copies
   * for direct buffers and for heap buffers with an accessible array. On success src's
   * position moves to its limit and dst's position past the frame.
   *
   * @return the frame size
   * @throws ZipnnException DST_TOO_SMALL when the frame does not fit (no position moves)
   */
  public synchronized int compress(ByteBuffer src, ByteBuffer dst) {
    ByteBuffer in = Buffers.readable(src);
    Buffers.writable(dst);
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_compress(handle.get(), in, dst, size));
    src.position(src.limit());
    Buffers.advance(dst, size[0]);
    return (int) size[0];
  }

  // ------------------------------------------------------------------ streaming

  /**
   * One step of streaming compression: consumes input from {@code in} and writes frame
   * bytes to {@code out}, moving both positions. With {@code end == false} more input
   * will follow; with {@code end == true} call again (with no more input) until the
   * result is 0: the frame is then complete and the next call starts a new one. Memory
   * stays bounded whatever the total size. Most users want {@link ZipnnOutputStream}.
   *
   * @return bytes still pending inside the compressor (0 once an ended frame is complete)
   */
  public synchronized long compressStream(ByteBuffer in, ByteBuffer out, boolean end) {
    ByteBuffer input = Buffers.readable(in);
    Buffers.writable(out);
    long[] pending = new long[1];
    int before = input.position();
    int status = ZipnnNative.zipnn_compress_stream(handle.get(), input, out,
        end ? ZipnnNativeConstants.ZIPNN_STREAM_END : ZipnnNativeConstants.ZIPNN_STREAM_CONTINUE, pending);
    if (input != in) {
      Buffers.advance(in, input.position() - before);
    }
    ZipnnException.check(status);
    return pending[0];
  }

  /** Abandons any frame in progress; parameters are kept. */
  public synchronized void reset() {
    ZipnnException.check(ZipnnNative.zipnn_cctx_reset(handle.get()));
  }

  /** Frees the native context; idempotent. Any later call throws IllegalStateException. */
  @Override
  public synchronized void close() {
    handle.close();
  }
}
