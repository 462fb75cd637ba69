package io.zipnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 8;

  private static void runAll(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Void>> futures = pool.invokeAll(tasks);
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void separateContextsRunConcurrently() throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      final int id = t;
      tasks.add(() -> {
        DType dtype = DType.values()[id % DType.values().length];
        try (ZipnnCompressor c = new ZipnnCompressor(dtype).threads(1 + id % 3);
            ZipnnDecompressor d = new ZipnnDecompressor()) {
          for (int i = 0; i < 12; i++) {
            byte[] src = TestData.forDType(dtype, 50_000 + 7919 * i + id, id * 100L + i);
            byte[] frame = c.compress(src);
            assertArrayEquals(src, d.decompress(frame));
          }
        }
        return null;
      });
    }
    runAll(tasks);
  }

  @Test
  void staticApiIsThreadSafe() throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      final int id = t;
      tasks.add(() -> {
        for (int i = 0; i < 12; i++) {
          byte[] src = TestData.bf16(200_000 + i * 1001 + id, id * 1000L + i);
          assertArrayEquals(src, Zipnn.decompress(Zipnn.compress(src, DType.BF16)));
        }
        return null;
      });
    }
    runAll(tasks);
  }

  @Test
  void sharedContextIsSerializedSafely() throws Exception {
    try (ZipnnCompressor shared = new ZipnnCompressor(DType.BF16);
        ZipnnDecompressor sharedD = new ZipnnDecompressor()) {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        final int id = t;
        tasks.add(() -> {
          for (int i = 0; i < 8; i++) {
            byte[] src = TestData.bf16(100_000 + id * 3 + i, id * 7L + i);
            assertArrayEquals(src, sharedD.decompress(shared.compress(src)));
          }
          return null;
        });
      }
      runAll(tasks);
    }
  }

  @Test
  void streamsOnSeparateThreads() throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      final int id = t;
      tasks.add(() -> {
        byte[] src = TestData.bf16(1_500_000 + id, 500L + id);
        byte[] frame = StreamTest.compressWithWrites(src, DType.BF16, new int[] {4096 + id, 1, 100_000});
        assertArrayEquals(src, StreamTest.decompressWithReads(new java.io.ByteArrayInputStream(frame), new int[] {65_536 - id}));
        return null;
      });
    }
    runAll(tasks);
  }
}
