package io.zipnn;

import java.nio.ByteBuffer;

/**
 * One-call compression and decompression.
 *
 * <pre>{@code
 * byte[] frame = Zipnn.compress(weights, DType.BF16);
 * byte[] back = Zipnn.decompress(frame);
 * }</pre>
 *
 * <p>Thread-safe: each calling thread uses its own cached {@link ZipnnCompressor} and
 * {@link ZipnnDecompressor} with default parameters (all cores). For other parameters,
 * or to control native memory, use those classes directly.
 */
public final class Zipnn {
  private static final ThreadLocal<ZipnnCompressor> COMPRESSOR = ThreadLocal.withInitial(ZipnnCompressor::new);
  private static final ThreadLocal<ZipnnDecompressor> DECOMPRESSOR =
      ThreadLocal.withInitial(ZipnnDecompressor::new);

  private Zipnn() {}

  private static ZipnnCompressor compressor(DType dtype) {
    NativeLibrary.ensureLoaded();
    return COMPRESSOR.get().dtype(dtype);
  }

  private static ZipnnDecompressor decompressor() {
    NativeLibrary.ensureLoaded();
    return DECOMPRESSOR.get();
  }

  /** Version of the loaded native library, e.g. "1.0.0". */
  public static String version() {
    NativeLibrary.ensureLoaded();
    return ZipnnNative.zipnn_version_string();
  }

  /** MAJOR * 10000 + MINOR * 100 + PATCH of the loaded native library. */
  public static int versionNumber() {
    NativeLibrary.ensureLoaded();
    return (int) ZipnnNative.zipnn_version_number();
  }

  /**
   * Loads the native library now (otherwise it loads on first use) and tells where it
   * came from. @throws UnsatisfiedLinkError with the reason when it cannot load
   */
  public static String nativeLibrary() {
    return NativeLibrary.source();
  }

  /** Largest frame that {@code srcSize} input bytes can produce. */
  public static long compressBound(long srcSize) {
    return ZipnnCompressor.compressBound(srcSize);
  }

  /** Compresses src into a new frame. */
  public static byte[] compress(byte[] src, DType dtype) {
    return compressor(dtype).compress(src, 0, src.length);
  }

  /** Compresses src[off, off + len) into a new frame. */
  public static byte[] compress(byte[] src, int off, int len, DType dtype) {
    return compressor(dtype).compress(src, off, len);
  }

  /** Compresses src[srcOff, srcOff + srcLen) into dst[dstOff, dstOff + dstLen); returns the frame size. */
  public static int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen, DType dtype) {
    return compressor(dtype).compress(src, srcOff, srcLen, dst, dstOff, dstLen);
  }

  /**
   * Compresses src's remaining bytes into dst at its position, without copies (direct
   * buffers, or heap buffers with an accessible array); moves both positions.
   *
   * @return the frame size
   */
  public static int compress(ByteBuffer src, ByteBuffer dst, DType dtype) {
    return compressor(dtype).compress(src, dst);
  }

  /** Compresses src's remaining bytes into a new direct buffer (position 0, limit = frame size). */
  public static ByteBuffer compress(ByteBuffer src, DType dtype) {
    ByteBuffer dst = ByteBuffer.allocateDirect(Buffers.arrayLength(compressBound(src.remaining()), "compress bound"));
    compressor(dtype).compress(src, dst);
    return dst.flip();
  }

  /** Decompresses one whole frame into a new array. */
  public static byte[] decompress(byte[] frame) {
    return decompressor().decompress(frame, 0, frame.length);
  }

  /** Decompresses the frame in frame[off, off + len) into a new array. */
  public static byte[] decompress(byte[] frame, int off, int len) {
    return decompressor().decompress(frame, off, len);
  }

  /** Decompresses a frame into dst[dstOff, dstOff + dstLen); returns the decoded size. */
  public static int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen) {
    return decompressor().decompress(src, srcOff, srcLen, dst, dstOff, dstLen);
  }

  /** Decompresses the frame in src's remaining bytes into dst at its position; moves both positions. */
  public static int decompress(ByteBuffer src, ByteBuffer dst) {
    return decompressor().decompress(src, dst);
  }

  /** Decodes content bytes [offset, offset + length) of a frame, touching only the chunks needed. */
  public static byte[] decompressRange(byte[] frame, long offset, int length) {
    return decompressor().decompressRange(frame, offset, length);
  }

  /** Reads and validates a frame's header, index and footer without decoding it. */
  public static FrameInfo frameInfo(byte[] frame) {
    return FrameInfo.read(Buffers.range(frame, 0, frame.length));
  }

  public static FrameInfo frameInfo(byte[] frame, int off, int len) {
    return FrameInfo.read(Buffers.range(frame, off, len));
  }

  /** Frame in src's remaining bytes; src's position does not move. */
  public static FrameInfo frameInfo(ByteBuffer frame) {
    return FrameInfo.read(frame);
  }

  /**
   * Decoded size from the frame header alone (the first 32 bytes suffice), or
   * {@link FrameInfo#CONTENT_SIZE_UNKNOWN} for a streamed frame whose size was not pledged.
   */
  public static long contentSize(byte[] frame, int off, int len) {
    NativeLibrary.ensureLoaded();
    long[] out = new long[1];
    ZipnnException.check(ZipnnNative.zipnn_frame_content_size(Buffers.range(frame, off, len), out));
    return out[0];
  }

  public static long contentSize(byte[] frame) {
    return contentSize(frame, 0, frame.length);
  }
}
