// A plain program using only the zipnn jar (its native library comes from the jar):
//   java -cp target/zipnn-1.0.0.jar examples/Example.java [file]
// Compresses a file (or 8 MiB of synthetic BF16 weights) with the one-call API and
// with the streams, checks both round trips and prints the sizes.
import io.zipnn.DType;
import io.zipnn.FrameInfo;
import io.zipnn.Zipnn;
import io.zipnn.ZipnnInputStream;
import io.zipnn.ZipnnOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

public class Example {
  public static void main(String[] args) throws Exception {
    byte[] data;
    DType dtype;
    if (args.length > 0) {
      data = Files.readAllBytes(Path.of(args[0]));
      dtype = DType.BYTES; // safetensors files are detected and split per tensor
    } else {
      data = syntheticBf16(8 << 20);
      dtype = DType.BF16;
    }
    System.out.println("zipnn " + Zipnn.version() + ", native library from " + Zipnn.nativeLibrary());

    byte[] frame = Zipnn.compress(data, dtype);
    FrameInfo info = Zipnn.frameInfo(frame);
    if (!Arrays.equals(data, Zipnn.decompress(frame))) {
      throw new AssertionError("one-shot round trip differs");
    }
    System.out.printf("one-shot: %d -> %d bytes (ratio %.4f), %d chunks, dtype %s%n",
        data.length, frame.length, info.ratio(), info.chunkCount(), info.dtype().libraryName());

    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (ZipnnOutputStream out = new ZipnnOutputStream(sink, dtype)) {
      out.write(data);
    }
    byte[] back;
    try (ZipnnInputStream in = new ZipnnInputStream(new ByteArrayInputStream(sink.toByteArray()))) {
      back = in.readAllBytes();
    }
    if (!Arrays.equals(data, back)) {
      throw new AssertionError("stream round trip differs");
    }
    System.out.println("stream:   " + data.length + " -> " + sink.size() + " bytes, round trip OK");
  }

  static byte[] syntheticBf16(int bytes) {
    Random random = new Random(42);
    byte[] out = new byte[bytes];
    for (int i = 0; i + 1 < bytes; i += 2) {
      int bits = Float.floatToRawIntBits((float) (random.nextGaussian() * 0.02)) >>> 16;
      out[i] = (byte) bits;
      out[i + 1] = (byte) (bits >>> 8);
    }
    return out;
  }
}
