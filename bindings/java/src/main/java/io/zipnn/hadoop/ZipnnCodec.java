package io.zipnn.hadoop;

import io.zipnn.DType;
import io.zipnn.ZipnnCompressor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Hadoop codec for .znn files, so Hadoop and Spark jobs read and write zipnn frames.
 *
 * <p>Registered through {@code META-INF/services/org.apache.hadoop.io.compress.CompressionCodec};
 * it can also be listed in {@code io.compression.codecs}. {@code CompressionCodecFactory}
 * finds it by the extension {@code .znn}, by its class name, or by the name {@code "zipnn"}.
 * Files may hold several concatenated frames (appends); they read as one stream.
 *
 * <p>Configuration (read when compressors are created or re-initialized by {@code CodecPool}):
 * <ul>
 *   <li>{@value #DTYPE_KEY}: element type name ("bf16", "fp16", "fp32", "F32", ...); default "bytes"
 *   <li>{@value #THREADS_KEY}: native threads per stream, 0 = all cores; default 1, since
 *       a Hadoop/Spark executor already runs one task per core
 *   <li>{@value #CHUNK_SIZE_KEY}, {@value #ZSTD_LEVEL_KEY}: library defaults when unset
 *   <li>{@value #TENSOR_AWARE_KEY}: detect safetensors input; default true
 *   <li>{@value #BUFFER_SIZE_KEY}: stream buffer bytes; default 1 MiB
 * </ul>
 *
 * <p>Thread rules: the codec is thread-safe; each stream, compressor and decompressor
 * is used by one thread at a time (as with every Hadoop codec).
 */
public class ZipnnCodec implements Configurable, CompressionCodec {
  public static final String DTYPE_KEY = "io.compression.codec.zipnn.dtype";
  public static final String THREADS_KEY = "io.compression.codec.zipnn.threads";
  public static final String CHUNK_SIZE_KEY = "io.compression.codec.zipnn.chunk.size";
  public static final String ZSTD_LEVEL_KEY = "io.compression.codec.zipnn.zstd.level";
  public static final String TENSOR_AWARE_KEY = "io.compression.codec.zipnn.tensor.aware";
  public static final String BUFFER_SIZE_KEY = "io.compression.codec.zipnn.buffer.size";
  public static final int DEFAULT_THREADS = 1;
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;
  public static final String EXTENSION = ".znn";

  private volatile Configuration conf;

  public ZipnnCodec() {}

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  /** Applies the codec keys of conf (null: defaults) to a compressor. */
  static void configure(ZipnnCompressor compressor, Configuration conf) {
    String dtype = conf == null ? null : conf.getTrimmed(DTYPE_KEY);
    compressor.dtype(dtype == null || dtype.isEmpty() ? DType.BYTES : DType.fromName(dtype));
    compressor.threads(conf == null ? DEFAULT_THREADS : conf.getInt(THREADS_KEY, DEFAULT_THREADS));
    compressor.tensorAware(conf == null || conf.getBoolean(TENSOR_AWARE_KEY, true));
    if (conf != null && conf.get(CHUNK_SIZE_KEY) != null) {
      compressor.chunkSize(conf.getInt(CHUNK_SIZE_KEY, 0));
    }
    if (conf != null && conf.get(ZSTD_LEVEL_KEY) != null) {
      compressor.zstdLevel(conf.getInt(ZSTD_LEVEL_KEY, 0));
    }
  }

  static int threads(Configuration conf) {
    return conf == null ? DEFAULT_THREADS : conf.getInt(THREADS_KEY, DEFAULT_THREADS);
  }

  private int bufferSize() {
    Configuration c = conf;
    return c == null ? DEFAULT_BUFFER_SIZE : c.getInt(BUFFER_SIZE_KEY, DEFAULT_BUFFER_SIZE);
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    return new ZipnnCompressionOutputStream(out, new ZipnnHadoopCompressor(conf), true, bufferSize());
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor)
      throws IOException {
    return new ZipnnCompressionOutputStream(out, ZipnnHadoopCompressor.cast(compressor), false, bufferSize());
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return ZipnnHadoopCompressor.class;
  }

  @Override
  public Compressor createCompressor() {
    return new ZipnnHadoopCompressor(conf);
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return new ZipnnCompressionInputStream(in, new ZipnnHadoopDecompressor(conf), true, bufferSize());
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor)
      throws IOException {
    return new ZipnnCompressionInputStream(in, ZipnnHadoopDecompressor.cast(decompressor), false, bufferSize());
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return ZipnnHadoopDecompressor.class;
  }

  @Override
  public Decompressor createDecompressor() {
    return new ZipnnHadoopDecompressor(conf);
  }

  @Override
  public String getDefaultExtension() {
    return EXTENSION;
  }
}
