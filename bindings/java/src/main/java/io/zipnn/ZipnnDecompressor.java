package io.zipnn;

import java.nio.ByteBuffer;

/**
 * A decompression context, reused across calls; {@link #close()} frees it. Every call
 * verifies the frame's header, index and (unless disabled) chunk checksums, so corrupt
 * or truncated input raises {@link ZipnnException} instead of returning wrong bytes.
 *
 * <p>Thread rules: as {@link ZipnnCompressor}: methods are {@code synchronized};
 * separate decompressors run concurrently.
 */
public final class ZipnnDecompressor implements AutoCloseable {
  private final NativeHandle handle;

  /** A decompressor with default parameters. */
  public ZipnnDecompressor() {
    NativeLibrary.ensureLoaded();
    long[] out = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_dctx_new(out), "zipnn_dctx_new");
    handle = new NativeHandle(this, "ZipnnDecompressor", out[0], ZipnnNative::zipnn_dctx_free);
  }

  // ------------------------------------------------------------------ parameters

  private void set(int param, long value) {
    ZipnnException.check(ZipnnNative.zipnn_dctx_set_param(handle.get(), param, value),
        "decompression parameter " + param + " = " + value);
  }

  private long get(int param) {
    long[] out = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_dctx_get_param(handle.get(), param, out));
    return out[0];
  }

  /** Refuses frames decoding to more than this many bytes (SIZE_LIMIT); returns this. */
  public synchronized ZipnnDecompressor maxDecodedSize(long bytes) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_MAX_DECODED_SIZE, bytes);
    return this;
  }

  public synchronized long maxDecodedSize() {
    return get(ZipnnNativeConstants.ZIPNN_PARAM_MAX_DECODED_SIZE);
  }

  /** Whether every chunk checksum is verified (default true); returns this. */
  public synchronized ZipnnDecompressor verifyChecksums(boolean on) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_VERIFY_CHECKSUMS, on ? 1 : 0);
    return this;
  }

  public synchronized boolean verifyChecksums() {
    return get(ZipnnNativeConstants.ZIPNN_PARAM_VERIFY_CHECKSUMS) != 0;
  }

  /** Sets the number of native worker threads, 0 for all cores (default); returns this. */
  public synchronized ZipnnDecompressor threads(int threads) {
    set(ZipnnNativeConstants.ZIPNN_PARAM_THREADS, threads);
    return this;
  }

  public synchronized int threads() {
    return (int) get(ZipnnNativeConstants.ZIPNN_PARAM_THREADS);
  }

  // ------------------------------------------------------------------ one shot

  /** Decompresses one whole frame into a new array. */
  public byte[] decompress(byte[] frame) {
    return decompress(frame, 0, frame.length);
  }

  /** Decompresses the frame in frame[off, off + len) into a new array. */
  public synchronized byte[] decompress(byte[] frame, int off, int len) {
    long ctx = handle.get();
    ByteBuffer in = Buffers.range(frame, off, len);
    long content = FrameInfo.read(in).contentSize();
    long limit = get(ZipnnNativeConstants.ZIPNN_PARAM_MAX_DECODED_SIZE);
    if (Long.compareUnsigned(content, limit) > 0) {
      throw new ZipnnException(ZipnnNativeConstants.ZIPNN_ERROR_SIZE_LIMIT,
          "frame decodes to " + Long.toUnsignedString(content) + " bytes, limit " + limit);
    }
    byte[] dst = new byte[Buffers.arrayLength(content, "decoded frame")];
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_decompress(ctx, in, ByteBuffer.wrap(dst), size));
    return dst;
  }

  /**
   * Decompresses the frame in src[srcOff, srcOff + srcLen) into dst[dstOff, dstOff + dstLen).
   *
   * @return the decoded size
   * @throws ZipnnException DST_TOO_SMALL when it does not fit, or a data error
   */
  public synchronized int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen) {
    ByteBuffer in = Buffers.range(src, srcOff, srcLen);
    ByteBuffer out = Buffers.range(dst, dstOff, dstLen);
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_decompress(handle.get(), in, out, size));
    return (int) size[0];
  }

  /**
   * Decompresses the frame held in src's remaining bytes into dst at its position. On
   * success src's position moves to its limit and dst's past the decoded bytes.
   *
   * @return the decoded size
   */
  public synchronized int decompress(ByteBuffer src, ByteBuffer dst) {
    ByteBuffer in = Buffers.readable(src);
    Buffers.writable(dst);
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_decompress(handle.get(), in, dst, size));
    src.position(src.limit());
    Buffers.advance(dst, size[0]);
    return (int) size[0];
  }

  /**
   * Random access: decodes content bytes [offset, offset + length) of a whole frame,
   * decoding only the chunks that overlap them.
   *
   * @throws ZipnnException RANGE when the range exceeds the content
   */
  public synchronized byte[] decompressRange(byte[] frame, long offset, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    byte[] dst = new byte[length];
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_decompress_range(handle.get(), Buffers.range(frame, 0, frame.length),
        offset, length, ByteBuffer.wrap(dst), size));
    return dst;
  }

  /**
   * Random access into a frame held in src's remaining bytes: writes content bytes
   * [offset, offset + length) to dst at its position and moves dst's position past
   * them; src's position does not move.
   */
  public synchronized void decompressRange(ByteBuffer src, long offset, long length, ByteBuffer dst) {
    ByteBuffer in = Buffers.readable(src);
    Buffers.writable(dst);
    long[] size = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_decompress_range(handle.get(), in, offset, length, dst, size));
    Buffers.advance(dst, size[0]);
  }

  // ------------------------------------------------------------------ streaming

  /**
   * One step of streaming decompression: consumes frame bytes from {@code in} and writes
   * decoded bytes to {@code out}, moving both positions. Returns true once the whole
   * frame is decoded and verified; {@code in} is then positioned just past the frame and
   * the next call starts a new frame. After an exception call {@link #reset()}. Most
   * users want {@link ZipnnInputStream}.
   */
  public synchronized boolean decompressStream(ByteBuffer in, ByteBuffer out) {
    ByteBuffer input = Buffers.readable(in);
    Buffers.writable(out);
    int[] done = new int[1];
    int before = input.position();
    int status = ZipnnNative.zipnn_decompress_stream(handle.get(), input, out, done);
    if (input != in) {
      Buffers.advance(in, input.position() - before);
    }
    ZipnnException.check(status);
    return done[0] != 0;
  }

  /** Abandons any frame in progress; parameters are kept. */
  public synchronized void reset() {
    ZipnnException.check(ZipnnNative.zipnn_dctx_reset(handle.get()));
  }

  /** Frees the native context; idempotent. Any later call throws IllegalStateException. */
  @Override
  public synchronized void close() {
    handle.close();
  }
}
