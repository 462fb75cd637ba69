package io.zipnn.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zipnn.DType;
import io.zipnn.FrameInfo;
import io.zipnn.Zipnn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The codec through Hadoop's own factory, pool and streams on the local file system. */
class ZipnnCodecTest {
  static byte[] weights(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = new byte[n];
    for (int i = 0; i + 1 < n; i += 2) {
      int bits = Float.floatToRawIntBits((float) (r.nextDouble(-0.05, 0.05))) >>> 16;
      b[i] = (byte) bits;
      b[i + 1] = (byte) (bits >>> 8);
    }
    return b;
  }

  @Test
  void factoryFindsTheCodecThroughServiceLoader() {
    CompressionCodecFactory factory = new CompressionCodecFactory(new Configuration());
    CompressionCodec byPath = factory.getCodec(new org.apache.hadoop.fs.Path("/data/model.safetensors.znn"));
    assertNotNull(byPath, "no codec for .znn: " + factory);
    assertSame(ZipnnCodec.class, byPath.getClass());
    assertEquals(".znn", byPath.getDefaultExtension());
    assertSame(ZipnnCodec.class, factory.getCodecByName("zipnn").getClass());
    assertSame(ZipnnCodec.class, factory.getCodecByClassName(ZipnnCodec.class.getName()).getClass());
  }

  @Test
  void factoryFindsTheCodecThroughIoCompressionCodecs() {
    Configuration conf = new Configuration();
    conf.set("io.compression.codecs", ZipnnCodec.class.getName());
    assertTrue(CompressionCodecFactory.getCodecClasses(conf).contains(ZipnnCodec.class));
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(new org.apache.hadoop.fs.Path("x.znn"));
    assertSame(ZipnnCodec.class, codec.getClass());
  }

  @Test
  void roundTripOnTheLocalFileSystem(@TempDir Path dir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(ZipnnCodec.DTYPE_KEY, "BF16");
    conf.setInt(ZipnnCodec.BUFFER_SIZE_KEY, 100_000);
    FileSystem fs = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "part-00000.znn");
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    byte[] data = weights((3 << 20) + 333, 1);

    try (OutputStream out = codec.createOutputStream(fs.create(path))) {
      int pos = 0;
      while (pos < data.length) {
        int n = Math.min(65_521, data.length - pos);
        out.write(data, pos, n);
        pos += n;
        if (pos < data.length) {
          out.write(data[pos++] & 0xff);
        }
      }
    }
    byte[] onDisk = Files.readAllBytes(dir.resolve("part-00000.znn"));
    FrameInfo info = Zipnn.frameInfo(onDisk);
    assertEquals(DType.BF16, info.dtype());
    assertEquals(data.length, info.contentSize());
    assertTrue(onDisk.length < data.length);
    assertArrayEquals(data, Zipnn.decompress(onDisk));

    try (InputStream in = codec.createInputStream(fs.open(path))) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void pooledCompressorsKeepTheCodecConfigurationAcrossFiles(@TempDir Path dir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(ZipnnCodec.DTYPE_KEY, "fp32");
    FileSystem fs = FileSystem.getLocal(conf);
    ZipnnCodec codec = new ZipnnCodec();
    codec.setConf(conf);
    for (int i = 0; i < 3; i++) {
      byte[] data = weights(500_000 + i * 77, 10 + i);
      String name = "f" + i + ".znn";
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.toUri().toString(), name);
      Compressor compressor = CodecPool.getCompressor(codec);
      try (CompressionOutputStream out = codec.createOutputStream(fs.create(path), compressor)) {
        out.write(data);
      } finally {
        CodecPool.returnCompressor(compressor);
      }
      FrameInfo info = Zipnn.frameInfo(Files.readAllBytes(dir.resolve(name)));
      assertEquals(DType.FP32, info.dtype(), "file " + i);
      Decompressor decompressor = CodecPool.getDecompressor(codec);
      try (CompressionInputStream in = codec.createInputStream(fs.open(path), decompressor)) {
        assertArrayEquals(data, in.readAllBytes(), "file " + i);
      } finally {
        CodecPool.returnDecompressor(decompressor);
      }
    }
  }

  @Test
  void finishAndResetStateWriteConcatenatedFramesThatReadAsOne(@TempDir Path dir) throws IOException {
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.getLocal(conf);
    ZipnnCodec codec = new ZipnnCodec();
    codec.setConf(conf);
    byte[] data = weights(700_001, 3);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "two.znn");
    try (CompressionOutputStream out = codec.createOutputStream(fs.create(path))) {
      out.write(data, 0, 1000);
      out.finish();
      out.resetState();
      out.write(data, 1000, data.length - 1000);
    }
    try (CompressionInputStream in = codec.createInputStream(fs.open(path))) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  /** Hadoop's generic CompressorStream/DecompressorStream drive the Compressor/Decompressor API. */
  @Test
  void compressorAndDecompressorWorkWithHadoopGenericStreams(@TempDir Path dir) throws IOException {
    Configuration conf = new Configuration();
    ZipnnCodec codec = new ZipnnCodec();
    codec.setConf(conf);
    byte[] data = weights(2_000_001, 5);
    java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
    Compressor compressor = codec.createCompressor();
    try (OutputStream out = new org.apache.hadoop.io.compress.CompressorStream(sink, compressor, 4096)) {
      out.write(data);
    }
    compressor.end();
    assertArrayEquals(data, Zipnn.decompress(sink.toByteArray()));
    byte[] twice = io.zipnn.StreamTestAccess.concat(sink.toByteArray(), sink.toByteArray());
    Decompressor decompressor = codec.createDecompressor();
    try (InputStream in = new org.apache.hadoop.io.compress.DecompressorStream(
        new java.io.ByteArrayInputStream(twice), decompressor, 3000)) {
      byte[] back = in.readAllBytes();
      assertEquals(2 * data.length, back.length);
      assertArrayEquals(data, java.util.Arrays.copyOf(back, data.length));
      assertArrayEquals(data, java.util.Arrays.copyOfRange(back, data.length, back.length));
    }
    decompressor.end();
  }
}
