package io.zipnn.hadoop;

import io.zipnn.ZipnnCompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.Compressor;

/**
 * Hadoop {@link Compressor} over a native zipnn compression context (streaming API).
 * One thread at a time; {@link #end()} frees the context.
 */
public class ZipnnHadoopCompressor implements Compressor {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final ZipnnCompressor context = new ZipnnCompressor();
  private final Configuration createdWith;
  private ByteBuffer input = EMPTY;
  private boolean finishRequested;
  private boolean finished;
  private long bytesRead;
  private long bytesWritten;

  public ZipnnHadoopCompressor(Configuration conf) {
    this.createdWith = conf;
    ZipnnCodec.configure(context, conf);
  }

  static ZipnnHadoopCompressor cast(Compressor compressor) {
    if (compressor instanceof ZipnnHadoopCompressor) {
      return (ZipnnHadoopCompressor) compressor;
    }
    throw new IllegalArgumentException("not a zipnn compressor: " + compressor);
  }

  /** The native context, for the codec's streams. */
  ZipnnCompressor context() {
    return context;
  }

  @Override
  public void setInput(byte[] b, int off, int len) {
    input = ByteBuffer.wrap(b, off, len);
    bytesRead += len;
  }

  @Override
  public boolean needsInput() {
    return !finishRequested && !input.hasRemaining();
  }

  @Override
  public void setDictionary(byte[] b, int off, int len) {
    throw new UnsupportedOperationException("zipnn has no dictionaries");
  }

  @Override
  public long getBytesRead() {
    return bytesRead;
  }

  @Override
  public long getBytesWritten() {
    return bytesWritten;
  }

  @Override
  public void finish() {
    finishRequested = true;
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public int compress(byte[] b, int off, int len) throws IOException {
    if (finished) {
      return 0;
    }
    ByteBuffer out = ByteBuffer.wrap(b, off, len);
    long pending = context.compressStream(input, out, finishRequested);
    int produced = out.position() - off;
    bytesWritten += produced;
    if (finishRequested && pending == 0) {
      finished = true;
    }
    return produced;
  }

  @Override
  public void reset() {
    context.reset();
    input = EMPTY;
    finishRequested = false;
    finished = false;
    bytesRead = 0;
    bytesWritten = 0;
  }

  @Override
  public void end() {
    context.close();
  }

  /** Re-applies conf, or the configuration this compressor was created with when conf is null. */
  @Override
  public void reinit(Configuration conf) {
    reset();
    ZipnnCodec.configure(context, conf != null ? conf : createdWith);
  }
}
