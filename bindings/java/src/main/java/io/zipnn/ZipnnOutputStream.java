package io.zipnn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes a .znn frame to an underlying stream, for data of any length (well beyond
 * 2 GiB) in bounded memory: the native compressor holds a few chunks per worker thread,
 * this stream one staging buffer and one output buffer.
 *
 * <p>{@link #close()} (or {@link #finish()}) completes the frame; data written after
 * {@code finish()} starts a new frame, and {@link ZipnnInputStream} reads concatenated
 * frames as one stream. {@link #flush()} passes everything written so far to the
 * compressor and flushes what it has produced, but it cannot end a chunk early: the
 * last partial chunk is written when the frame is finished.
 *
 * <p>Not thread-safe (as any {@code OutputStream}). Errors are {@link ZipnnException}.
 */
public class ZipnnOutputStream extends OutputStream {
  /** Default size of the staging and output buffers. */
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final OutputStream out;
  private final ZipnnCompressor compressor;
  private final boolean ownsCompressor;
  private final byte[] staging;
  private int staged;
  private final byte[] output;
  private final ByteBuffer outputBuffer;
  private boolean frameOpen = true;
  private boolean closed;

  /** A stream writing a frame of plain bytes ({@link DType#BYTES}) to out. */
  public ZipnnOutputStream(OutputStream out) {
    this(out, DType.BYTES);
  }

  /** A stream writing a frame of the given element type to out. */
  public ZipnnOutputStream(OutputStream out, DType dtype) {
    this(out, new ZipnnCompressor(dtype), true, DEFAULT_BUFFER_SIZE);
  }

  /**
   * A stream that compresses with a compressor configured by the caller, which stays
   * the caller's to close (the stream does not close it).
   */
  public ZipnnOutputStream(OutputStream out, ZipnnCompressor compressor) {
    this(out, compressor, false, DEFAULT_BUFFER_SIZE);
  }

  /** As {@link #ZipnnOutputStream(OutputStream, ZipnnCompressor)}, with the buffer size. */
  public ZipnnOutputStream(OutputStream out, ZipnnCompressor compressor, int bufferSize) {
    this(out, compressor, false, bufferSize);
  }

  private ZipnnOutputStream(OutputStream out, ZipnnCompressor compressor, boolean owns, int bufferSize) {
    this.out = Objects.requireNonNull(out, "out");
    this.compressor = Objects.requireNonNull(compressor, "compressor");
    if (bufferSize < 64) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " < 64");
    }
    this.ownsCompressor = owns;
    this.staging = new byte[bufferSize];
    this.output = new byte[bufferSize];
    this.outputBuffer = ByteBuffer.wrap(output);
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("ZipnnOutputStream is closed");
    }
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (staged == staging.length) {
      drainStaging();
    }
    staging[staged++] = (byte) b;
    frameOpen = true;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return;
    }
    frameOpen = true;
    if (len <= staging.length - staged) {
      System.arraycopy(b, off, staging, staged, len);
      staged += len;
      return;
    }
    drainStaging();
    if (len < staging.length / 2) {
      System.arraycopy(b, off, staging, 0, len);
      staged = len;
    } else {
      // Large writes go to the compressor straight from the caller's array.
      compress(ByteBuffer.wrap(b, off, len), false);
    }
  }

  private void drainStaging() throws IOException {
    if (staged > 0) {
      compress(ByteBuffer.wrap(staging, 0, staged), false);
      staged = 0;
    }
  }

  /**
   * Feeds all of in; with end, finishes the frame. Writes every output byte produced.
   */
  private void compress(ByteBuffer in, boolean end) throws IOException {
    while (true) {
      outputBuffer.clear();
      int before = in.position();
      long pending = compressor.compressStream(in, outputBuffer, end);
      int produced = outputBuffer.position();
      if (produced > 0) {
        out.write(output, 0, produced);
      }
      boolean complete = end ? pending == 0 : !in.hasRemaining() && produced < output.length;
      if (complete) {
        return;
      }
      if (produced == 0 && in.position() == before) {
        throw new ZipnnException(ZipnnNativeConstants.ZIPNN_ERROR_INTERNAL,
            "zipnn_compress_stream made no progress");
      }
    }
  }

  /**
   * Passes everything written so far to the compressor, writes the frame bytes it has
   * produced, and flushes the underlying stream.
   */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    drainStaging();
    out.flush();
  }

  /**
   * Completes the current frame without closing the underlying stream. Bytes written
   * afterwards start a new frame.
   */
  public void finish() throws IOException {
    ensureOpen();
    if (!frameOpen) {
      return;
    }
    drainStaging();
    compress(EMPTY, true);
    frameOpen = false;
  }

  /** Finishes the frame, then closes the compressor (if this stream created it) and the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      finish();
    } finally {
      closed = true;
      try {
        if (ownsCompressor) {
          compressor.close();
        }
      } finally {
        out.close();
      }
    }
  }
}
