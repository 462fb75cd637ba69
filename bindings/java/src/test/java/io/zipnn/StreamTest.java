package io.zipnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamTest {
  static byte[] compressWithWrites(byte[] data, DType dtype, int[] sizes) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (ZipnnOutputStream out = new ZipnnOutputStream(sink, dtype)) {
      int pos = 0;
      int k = 0;
      while (pos < data.length) {
        int n = Math.min(sizes[k++ % sizes.length], data.length - pos);
        if (n == 1) {
          out.write(data[pos] & 0xff);
        } else {
          out.write(data, pos, n);
        }
        pos += n;
      }
    }
    return sink.toByteArray();
  }

  static byte[] decompressWithReads(InputStream compressed, int[] sizes) throws IOException {
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    try (ZipnnInputStream in = new ZipnnInputStream(compressed)) {
      byte[] buf = new byte[1 << 21];
      int k = 0;
      while (true) {
        int want = sizes[k++ % sizes.length];
        if (want == 1) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          back.write(b);
        } else {
          int n = in.read(buf, 3, want);
          if (n < 0) {
            break;
          }
          assertTrue(n > 0 && n <= want);
          back.write(buf, 3, n);
        }
      }
    }
    return back.toByteArray();
  }

  @Test
  void oddWriteAndReadSizesRoundTrip() throws IOException {
    byte[] data = TestData.bf16((3 << 20) + 12345, 11);
    int[][] writes = {{1}, {7, 1, 4093}, {65_537, 3, 1 << 20}, {(3 << 20) + 12345}};
    int[][] reads = {{1, 13, 4096}, {1 << 20}, {999_999, 1}};
    for (int[] w : writes) {
      byte[] frame = compressWithWrites(w.length == 1 && w[0] == 1 ? Arrays.copyOf(data, 200_001) : data, DType.BF16, w);
      byte[] expected = w.length == 1 && w[0] == 1 ? Arrays.copyOf(data, 200_001) : data;
      for (int[] r : reads) {
        assertArrayEquals(expected, decompressWithReads(new ByteArrayInputStream(frame), r));
      }
      // One-shot decoding reads the streamed frame too.
      assertArrayEquals(expected, Zipnn.decompress(frame));
    }
  }

  @Test
  void streamedFrameEqualsOneShotFrameWhenSizePledged() throws IOException {
    byte[] data = TestData.bf16((2 << 20) + 1, 12);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (ZipnnCompressor c = new ZipnnCompressor(DType.BF16).contentSize(data.length);
        ZipnnOutputStream out = new ZipnnOutputStream(sink, c, 4096)) {
      for (int pos = 0; pos < data.length; pos += 10_000) {
        out.write(data, pos, Math.min(10_000, data.length - pos));
      }
    }
    assertArrayEquals(Zipnn.compress(data, DType.BF16), sink.toByteArray());
    assertEquals(data.length, Zipnn.contentSize(sink.toByteArray()));
  }

  @Test
  void unpledgedStreamHasUnknownHeaderSizeButFullInfo() throws IOException {
    byte[] data = TestData.bf16(100_000, 13);
    byte[] frame = compressWithWrites(data, DType.BF16, new int[] {4096});
    assertEquals(FrameInfo.CONTENT_SIZE_UNKNOWN, Zipnn.contentSize(frame));
    assertEquals(data.length, Zipnn.frameInfo(frame).contentSize());
  }

  @Test
  void emptyStreamsAndConcatenatedFrames() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    new ZipnnOutputStream(sink).close();
    byte[] empty = sink.toByteArray();
    assertTrue(empty.length > 0, "an empty stream still writes a frame");
    assertEquals(0, Zipnn.decompress(empty).length);
    assertEquals(-1, new ZipnnInputStream(new ByteArrayInputStream(empty)).read());
    assertEquals(-1, new ZipnnInputStream(new ByteArrayInputStream(new byte[0])).read());

    byte[] a = TestData.bf16(300_001, 14);
    byte[] b = TestData.forDType(DType.FP32, 70_000, 15);
    sink.reset();
    try (ZipnnOutputStream out = new ZipnnOutputStream(sink, DType.BF16)) {
      out.write(a);
      out.finish();
      out.write(b);
    }
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    byte[] twoFrames = sink.toByteArray();
    assertArrayEquals(both, decompressWithReads(new ByteArrayInputStream(twoFrames), new int[] {777}));
    byte[] withEmpty = concat(empty, twoFrames, empty);
    assertArrayEquals(both, decompressWithReads(new ByteArrayInputStream(withEmpty), new int[] {1 << 20}));
  }

  @Test
  void truncatedStreamRaisesTruncated() throws IOException {
    byte[] data = TestData.bf16(500_000, 16);
    byte[] frame = compressWithWrites(data, DType.BF16, new int[] {65536});
    for (int cut : new int[] {1, 20, frame.length / 2, frame.length - 1}) {
      byte[] part = Arrays.copyOf(frame, cut);
      ZipnnException e = assertThrows(ZipnnException.class,
          () -> decompressWithReads(new ByteArrayInputStream(part), new int[] {8192}), "cut at " + cut);
      assertTrue(e.status().isDataError(), e.getMessage());
    }
    ZipnnException e = assertThrows(ZipnnException.class,
        () -> decompressWithReads(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 1)), new int[] {8192}));
    assertEquals(ZipnnStatus.TRUNCATED, e.status());
  }

  @Test
  void corruptedOrForeignStreamsRaise() throws IOException {
    byte[] data = TestData.bf16(400_000, 17);
    byte[] frame = compressWithWrites(data, DType.BF16, new int[] {65536});
    byte[] flipped = frame.clone();
    flipped[frame.length / 2] ^= 0x10;
    ZipnnException e = assertThrows(ZipnnException.class,
        () -> decompressWithReads(new ByteArrayInputStream(flipped), new int[] {4096}));
    assertTrue(e.status().isDataError(), e.getMessage());

    byte[] foreign = "PK\u0003\u0004 this is a zip file, not zipnn".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ZipnnException f = assertThrows(ZipnnException.class,
        () -> decompressWithReads(new ByteArrayInputStream(foreign), new int[] {4096}));
    assertEquals(ZipnnStatus.NOT_ZIPNN, f.status());

    byte[] trailing = concat(frame, "garbage after the frame".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThrows(ZipnnException.class, () -> decompressWithReads(new ByteArrayInputStream(trailing), new int[] {4096}));
  }

  @Test
  void writingAfterCloseFails() throws IOException {
    ZipnnOutputStream out = new ZipnnOutputStream(new ByteArrayOutputStream());
    out.close();
    out.close();
    assertThrows(IOException.class, () -> out.write(1));
    ZipnnInputStream in = new ZipnnInputStream(new ByteArrayInputStream(new byte[0]));
    in.close();
    assertThrows(IOException.class, in::read);
  }

  /**
   * 2^31 + 3 MiB + 7 bytes of BF16-like data, generated on the fly, compressed by one
   * thread into a small in-memory pipe and decompressed from it by another, then
   * compared with the regenerated stream. Nothing holds the data, so the process must
   * stay far below the data size (the JVM heap is capped at 512 MiB as well).
   */
  @Test
  void moreThanTwoGibibytesThroughBoundedMemory() throws Exception {
    final long total = (1L << 31) + (3 << 20) + 7;
    final int block = (1 << 20) + 13;
    long rssBefore = residentBytes();
    long peak = rssBefore;
    Pipe pipe = new Pipe(8);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<Long> compressed = writer.submit(() -> {
        try (OutputStream out = new ZipnnOutputStream(pipe.sink(), DType.BF16)) {
          Generator g = new Generator();
          byte[] buf = new byte[block];
          for (long written = 0; written < total; ) {
            int n = (int) Math.min(buf.length, total - written);
            g.fill(buf, n);
            out.write(buf, 0, n);
            written += n;
          }
        } catch (Throwable t) {
          pipe.fail(t);
          throw t;
        }
        return pipe.bytes();
      });
      try (InputStream in = new ZipnnInputStream(pipe.source())) {
        Generator g = new Generator();
        byte[] expected = new byte[block];
        byte[] got = new byte[block];
        long read = 0;
        int blocks = 0;
        while (true) {
          int n = in.readNBytes(got, 0, got.length);
          if (n == 0) {
            break;
          }
          g.fill(expected, n);
          assertEquals(-1, Arrays.mismatch(expected, 0, n, got, 0, n), "mismatch in the block at " + read);
          read += n;
          if (++blocks % 16 == 0) {
            peak = Math.max(peak, residentBytes());
          }
        }
        assertEquals(total, read);
      }
      long frameBytes = compressed.get();
      assertTrue(frameBytes < total * 0.8, "compressed to " + frameBytes);
    } finally {
      writer.shutdownNow();
    }
    long growth = peak - rssBefore;
    assertTrue(growth < (768L << 20), "resident memory grew by " + (growth >> 20) + " MiB for 2 GiB of data");
  }

  /** A bounded in-memory pipe between two threads: at most `depth` written blocks in flight. */
  static final class Pipe {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> queue;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong bytes = new AtomicLong();

    Pipe(int depth) {
      queue = new ArrayBlockingQueue<>(depth);
    }

    long bytes() {
      return bytes.get();
    }

    void fail(Throwable t) {
      failure.set(t);
      queue.clear();
      queue.offer(END);
    }

    OutputStream sink() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (len > 0) {
            put(Arrays.copyOfRange(b, off, off + len));
            bytes.addAndGet(len);
          }
        }

        @Override
        public void close() throws IOException {
          put(END);
        }
      };
    }

    private void put(byte[] b) throws IOException {
      try {
        queue.put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("pipe reader gone");
      }
    }

    InputStream source() {
      return new InputStream() {
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          while (pos == current.length) {
            if (ended) {
              return -1;
            }
            try {
              current = queue.take();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.io.InterruptedIOException();
            }
            pos = 0;
            if (current == END) {
              ended = true;
              if (failure.get() != null) {
                throw new IOException("writer failed", failure.get());
              }
            }
          }
          int n = Math.min(len, current.length - pos);
          System.arraycopy(current, pos, b, off, n);
          pos += n;
          return n;
        }
      };
    }
  }

  /** A deterministic BF16-like stream: a 4 MiB table, each 64 KiB block stamped with its index. */
  static final class Generator {
    private static final byte[] TABLE = TestData.bf16(4 << 20, 99);
    private long pos;

    void fill(byte[] b, int n) {
      for (int i = 0; i < n; ) {
        int t = (int) (pos % TABLE.length);
        int k = Math.min(n - i, TABLE.length - t);
        System.arraycopy(TABLE, t, b, i, k);
        i += k;
        pos += k;
      }
      long start = pos - n;
      for (long block = start & ~0xffffL; block < pos; block += 0x10000) {
        long id = block >>> 16;
        for (int j = 0; j < 8; j++) {
          long p = block + j;
          if (p >= start && p < pos) {
            b[(int) (p - start)] = (byte) (id >>> (8 * j));
          }
        }
      }
    }
  }

  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read /proc/self/status", e);
    }
    throw new AssertionError("no VmRSS in /proc/self/status");
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
