package io.zipnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Deterministic test inputs and the repository's real weights. */
final class TestData {
  private TestData() {}

  /** BF16 values ~ N(0, 0.02), little-endian: the exponent statistics of real LLM weights. */
  static byte[] bf16(int bytes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] out = new byte[bytes];
    for (int i = 0; i + 1 < bytes; i += 2) {
      float v = (float) (gaussian(random) * 0.02);
      int bits = Float.floatToRawIntBits(v);
      int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
      out[i] = (byte) rounded;
      out[i + 1] = (byte) (rounded >>> 8);
    }
    if ((bytes & 1) != 0) {
      out[bytes - 1] = (byte) random.nextInt();
    }
    return out;
  }

  /** Data shaped like the dtype: float types get weight-like values, others small integers. */
  static byte[] forDType(DType dtype, int bytes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] out = new byte[bytes];
    int size = dtype.size();
    for (int i = 0; i + size <= bytes; i += size) {
      long bits;
      switch (dtype) {
        case FP32:
          bits = Float.floatToRawIntBits((float) (gaussian(random) * 0.02)) & 0xffffffffL;
          break;
        case FP64:
          bits = Double.doubleToRawLongBits(gaussian(random) * 0.02);
          break;
        case FP16:
        case BF16:
          bits = Float.floatToRawIntBits((float) (gaussian(random) * 0.02)) >>> 16;
          break;
        default:
          bits = (long) (gaussian(random) * 8);
      }
      for (int b = 0; b < size; b++) {
        out[i + b] = (byte) (bits >>> (8 * b));
      }
    }
    for (int i = bytes - bytes % size; i < bytes; i++) {
      out[i] = (byte) random.nextInt();
    }
    return out;
  }

  static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on JDK 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Folder of real weight files: system property zipnn.test.data, else the repository's
   * tests/data, else the shared copy ../shared/data/weights beside the repository.
   */
  static Path weightsDir() {
    String prop = System.getProperty("zipnn.test.data");
    if (prop != null && !prop.isEmpty()) {
      return Paths.get(prop);
    }
    String root = System.getProperty("zipnn.repo.root", "../..");
    Path repo = Paths.get(root, "tests", "data");
    try (Stream<Path> s = Files.walk(repo)) {
      if (s.anyMatch(p -> p.toString().endsWith(".safetensors"))) {
        return repo;
      }
    } catch (IOException e) {
      // fall through to the shared copy
    }
    return Paths.get(root, "..", "shared", "data", "weights");
  }

  /** Every .safetensors file under the weights folder, smallest first. */
  static List<Path> safetensorsFiles() throws IOException {
    try (Stream<Path> s = Files.walk(weightsDir())) {
      return s.filter(p -> p.toString().endsWith(".safetensors"))
          .sorted((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
          .collect(Collectors.toList());
    }
  }
}
