package io.zipnn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads the decoded bytes of one or more concatenated .znn frames from an underlying
 * stream, for data of any length in bounded memory. Every chunk is verified before its
 * bytes are returned; a corrupt, truncated or foreign stream raises
 * {@link ZipnnException} (TRUNCATED when the stream ends inside a frame).
 * An empty underlying stream reads as empty.
 *
 * <p>Not thread-safe (as any {@code InputStream}).
 */
public class ZipnnInputStream extends InputStream {
  /** Default size of the compressed-input buffer. */
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  private static final int SMALL_READ_BUFFER = 64 << 10;

  private final InputStream in;
  private final ZipnnDecompressor decompressor;
  private final boolean ownsDecompressor;
  private final byte[] input;
  private final ByteBuffer inputBuffer;
  private byte[] small;
  private int smallPos;
  private int smallEnd;
  private boolean inFrame;
  private boolean eof;
  private boolean closed;

  /** A stream decoding the frames read from in. */
  public ZipnnInputStream(InputStream in) {
    this(in, new ZipnnDecompressor(), true, DEFAULT_BUFFER_SIZE);
  }

  /**
   * A stream that decodes with a decompressor configured by the caller, which stays the
   * caller's to close.
   */
  public ZipnnInputStream(InputStream in, ZipnnDecompressor decompressor) {
    this(in, decompressor, false, DEFAULT_BUFFER_SIZE);
  }

  /** As {@link #ZipnnInputStream(InputStream, ZipnnDecompressor)}, with the input buffer size. */
  public ZipnnInputStream(InputStream in, ZipnnDecompressor decompressor, int bufferSize) {
    this(in, decompressor, false, bufferSize);
  }

  private ZipnnInputStream(InputStream in, ZipnnDecompressor decompressor, boolean owns, int bufferSize) {
    this.in = Objects.requireNonNull(in, "in");
    this.decompressor = Objects.requireNonNull(decompressor, "decompressor");
    if (bufferSize < 64) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " < 64");
    }
    this.ownsDecompressor = owns;
    this.input = new byte[bufferSize];
    this.inputBuffer = ByteBuffer.wrap(input);
    this.inputBuffer.limit(0);
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("ZipnnInputStream is closed");
    }
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    if (smallPos == smallEnd) {
      if (small == null) {
        small = new byte[SMALL_READ_BUFFER];
      }
      int n = decode(small, 0, small.length);
      if (n < 0) {
        return -1;
      }
      smallPos = 0;
      smallEnd = n;
    }
    return small[smallPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (smallPos < smallEnd) {
      int n = Math.min(len, smallEnd - smallPos);
      System.arraycopy(small, smallPos, b, off, n);
      smallPos += n;
      return n;
    }
    return decode(b, off, len);
  }

  /** Decodes into b[off, off + len), len > 0: at least one byte, or -1 at the end. */
  private int decode(byte[] b, int off, int len) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(b, off, len);
    while (true) {
      if (!inputBuffer.hasRemaining()) {
        if (eof || !fill()) {
          if (inFrame) {
            throw new ZipnnException(ZipnnNativeConstants.ZIPNN_ERROR_TRUNCATED,
                "the stream ends inside a frame");
          }
          return -1;
        }
      }
      int before = inputBuffer.position();
      inFrame = true;
      boolean done = decompressor.decompressStream(inputBuffer, out);
      int produced = out.position() - off;
      if (done) {
        inFrame = false;
      }
      if (produced > 0) {
        return produced;
      }
      if (!done && inputBuffer.position() == before && inputBuffer.hasRemaining()) {
        throw new ZipnnException(ZipnnNativeConstants.ZIPNN_ERROR_INTERNAL,
            "zipnn_decompress_stream made no progress");
      }
    }
  }

  /** Refills the input buffer; false at the end of the underlying stream. */
  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(input, 0, input.length);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    inputBuffer.clear();
    inputBuffer.limit(n);
    return true;
  }

  /** Decoded bytes that can be read without touching the underlying stream. */
  @Override
  public int available() throws IOException {
    ensureOpen();
    return smallEnd - smallPos;
  }

  /** Closes the decompressor (if this stream created it) and the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (ownsDecompressor) {
        decompressor.close();
      }
    } finally {
      in.close();
    }
  }
}
