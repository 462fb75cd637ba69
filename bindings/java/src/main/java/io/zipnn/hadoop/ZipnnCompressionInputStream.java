package io.zipnn.hadoop;

import io.zipnn.ZipnnInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.compress.CompressionInputStream;

/** The codec's input stream: a {@link ZipnnInputStream} on the decompressor's context. */
class ZipnnCompressionInputStream extends CompressionInputStream {
  private final ZipnnHadoopDecompressor decompressor;
  private final boolean ownsDecompressor;
  private final int bufferSize;
  private ZipnnInputStream frames;

  ZipnnCompressionInputStream(InputStream in, ZipnnHadoopDecompressor decompressor, boolean owns, int bufferSize)
      throws IOException {
    super(in);
    this.decompressor = decompressor;
    this.ownsDecompressor = owns;
    this.bufferSize = bufferSize;
    this.frames = new ZipnnInputStream(in, decompressor.context(), bufferSize);
  }

  @Override
  public int read() throws IOException {
    return frames.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return frames.read(b, off, len);
  }

  /** Drops buffered input and decoder state; reading resumes at the underlying position. */
  @Override
  public void resetState() throws IOException {
    decompressor.reset();
    frames = new ZipnnInputStream(in, decompressor.context(), bufferSize);
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      if (ownsDecompressor) {
        decompressor.end();
      }
    }
  }
}
