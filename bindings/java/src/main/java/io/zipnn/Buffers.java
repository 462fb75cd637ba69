package io.zipnn;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/** Argument checks and buffer views shared by the public classes. */
final class Buffers {
  /** Largest byte[] the JVM reliably allocates. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private Buffers() {}

  /** A view of a[off, off + len) for the native layer (position off, limit off + len). */
  static ByteBuffer range(byte[] a, int off, int len) {
    Objects.requireNonNull(a, "array");
    Objects.checkFromIndexSize(off, len, a.length);
    return ByteBuffer.wrap(a, off, len);
  }

  /**
   * The buffer the native layer reads: the caller's own when it is direct or has an
   * accessible array (no copy); otherwise (a read-only heap buffer) a copy of its
   * remaining bytes.
   */
  static ByteBuffer readable(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    if (src.isDirect() || src.hasArray()) {
      return src;
    }
    ByteBuffer copy = ByteBuffer.allocate(src.remaining());
    copy.put(src.duplicate());
    copy.flip();
    return copy;
  }

  /** Checks that the native layer may write into dst. */
  static ByteBuffer writable(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    if (dst.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    return dst;
  }

  /** Moves b's position forward by n bytes. */
  static void advance(ByteBuffer b, long n) {
    b.position(b.position() + (int) n);
  }

  /** A long size as a Java array length, or SIZE_LIMIT when no array can hold it. */
  static int arrayLength(long size, String what) {
    if (size < 0 || size > MAX_ARRAY) {
      throw new ZipnnException(ZipnnNativeConstants.ZIPNN_ERROR_SIZE_LIMIT,
          what + " of " + Long.toUnsignedString(size) + " bytes does not fit in a Java array;"
              + " use a ByteBuffer or the streams");
    }
    return (int) size;
  }
}
