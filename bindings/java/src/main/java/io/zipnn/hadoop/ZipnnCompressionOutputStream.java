package io.zipnn.hadoop;

import io.zipnn.ZipnnOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;

/** The codec's output stream: a {@link ZipnnOutputStream} on the compressor's context. */
class ZipnnCompressionOutputStream extends CompressionOutputStream {
  private final ZipnnHadoopCompressor compressor;
  private final boolean ownsCompressor;
  private final int bufferSize;
  private ZipnnOutputStream frames;

  ZipnnCompressionOutputStream(OutputStream out, ZipnnHadoopCompressor compressor, boolean owns, int bufferSize) {
    super(out);
    this.compressor = compressor;
    this.ownsCompressor = owns;
    this.bufferSize = bufferSize;
    this.frames = new ZipnnOutputStream(out, compressor.context(), bufferSize);
  }

  @Override
  public void write(int b) throws IOException {
    frames.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    frames.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    frames.flush();
  }

  @Override
  public void finish() throws IOException {
    frames.finish();
  }

  /** Abandons the frame in progress; the next write starts a new frame. */
  @Override
  public void resetState() throws IOException {
    compressor.reset();
    frames = new ZipnnOutputStream(out, compressor.context(), bufferSize);
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      if (ownsCompressor) {
        compressor.end();
      }
    }
  }
}
