// The JNI side of the throughput comparison (bench/run.sh): the same 1 GiB of synthetic
// BF16 weights as throughput.c (identical generator), through the Java API.
//   java -Xmx4g -cp target/zipnn-1.0.0.jar bench/Throughput.java [MiB] [reps] [threads]
import io.zipnn.DType;
import io.zipnn.ZipnnCompressor;
import io.zipnn.ZipnnDecompressor;
import java.nio.ByteBuffer;
import java.util.Arrays;

public class Throughput {
  static void generate(byte[] out) {
    long s = 0x9E3779B97F4A7C15L;
    for (int i = 0; i + 1 < out.length; i += 2) {
      int sum = 0;
      for (int k = 0; k < 4; k++) {
        s ^= s >>> 12;
        s ^= s << 25;
        s ^= s >>> 27;
        sum += (int) ((s * 0x2545F4914F6CDD1DL) >>> 48);
      }
      float v = (float) (sum - 131070) * 1.0e-6f;
      int bits = Float.floatToRawIntBits(v);
      out[i] = (byte) (bits >>> 16);
      out[i + 1] = (byte) (bits >>> 24);
    }
  }

  static long fnv1a(byte[] p) {
    long h = 0xcbf29ce484222325L;
    for (byte b : p) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  interface Op {
    void run();
  }

  static double best(int reps, Op op) {
    double best = Double.MAX_VALUE;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      op.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  public static void main(String[] args) {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    int n = mib << 20;
    byte[] src = new byte[n];
    generate(src);
    int cap = (int) ZipnnCompressor.compressBound(n);
    byte[] frame = new byte[cap];
    byte[] back = new byte[n];
    ByteBuffer dsrc = ByteBuffer.allocateDirect(n).put(src).flip();
    ByteBuffer dframe = ByteBuffer.allocateDirect(cap);
    ByteBuffer dback = ByteBuffer.allocateDirect(n);
    try (ZipnnCompressor c = new ZipnnCompressor(DType.BF16).threads(threads);
        ZipnnDecompressor d = new ZipnnDecompressor().threads(threads)) {
      int[] size = new int[1];
      double ca = best(reps, () -> size[0] = c.compress(src, 0, n, frame, 0, cap));
      double da = best(reps, () -> d.decompress(frame, 0, size[0], back, 0, n));
      if (!Arrays.equals(src, back)) {
        throw new AssertionError("byte[] round trip differs");
      }
      double cb = best(reps, () -> c.compress(dsrc.clear(), dframe.clear()));
      dframe.flip();
      double db = best(reps, () -> d.decompress(dframe.rewind(), dback.clear()));
      double cn = best(reps, () -> c.compress(src));
      System.out.printf("Java input %d MiB fnv %016x frame %d (ratio %.4f)%n", mib, fnv1a(src), size[0],
          (double) size[0] / n);
      System.out.printf("  byte[] into given array   | compress %.3f GB/s | decompress %.3f GB/s%n",
          n / ca / 1e9, n / da / 1e9);
      System.out.printf("  direct ByteBuffer         | compress %.3f GB/s | decompress %.3f GB/s%n",
          n / cb / 1e9, n / db / 1e9);
      System.out.printf("  byte[] -> new byte[]      | compress %.3f GB/s%n", n / cn / 1e9);
    }
  }
}
