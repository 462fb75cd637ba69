package io.zipnn.hadoop;

import io.zipnn.ZipnnDecompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Hadoop {@link Decompressor} over a native zipnn decompression context (streaming API).
 * {@link #finished()} becomes true at the end of each frame; {@link #getRemaining()} then
 * counts the input bytes after it (a following frame). One thread at a time;
 * {@link #end()} frees the context.
 */
public class ZipnnHadoopDecompressor implements Decompressor {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final ZipnnDecompressor context = new ZipnnDecompressor();
  private ByteBuffer input = EMPTY;
  private boolean outputMayBePending;
  private boolean finished;

  public ZipnnHadoopDecompressor(Configuration conf) {
    context.threads(ZipnnCodec.threads(conf));
  }

  static ZipnnHadoopDecompressor cast(Decompressor decompressor) {
    if (decompressor instanceof ZipnnHadoopDecompressor) {
      return (ZipnnHadoopDecompressor) decompressor;
    }
    throw new IllegalArgumentException("not a zipnn decompressor: " + decompressor);
  }

  /** The native context, for the codec's streams. */
  ZipnnDecompressor context() {
    return context;
  }

  @Override
  public void setInput(byte[] b, int off, int len) {
    input = ByteBuffer.wrap(b, off, len);
  }

  @Override
  public boolean needsInput() {
    return !finished && !outputMayBePending && !input.hasRemaining();
  }

  @Override
  public void setDictionary(byte[] b, int off, int len) {
    throw new UnsupportedOperationException("zipnn has no dictionaries");
  }

  @Override
  public boolean needsDictionary() {
    return false;
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public int decompress(byte[] b, int off, int len) throws IOException {
    if (finished || len == 0) {
      return 0;
    }
    ByteBuffer out = ByteBuffer.wrap(b, off, len);
    finished = context.decompressStream(input, out);
    int produced = out.position() - off;
    // A full output buffer may leave decoded bytes inside the context.
    outputMayBePending = !finished && produced == len;
    return produced;
  }

  @Override
  public int getRemaining() {
    return input.remaining();
  }

  @Override
  public void reset() {
    context.reset();
    input = EMPTY;
    outputMayBePending = false;
    finished = false;
  }

  @Override
  public void end() {
    context.close();
  }
}
