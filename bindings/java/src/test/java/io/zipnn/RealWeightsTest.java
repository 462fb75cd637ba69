package io.zipnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real trained weights (tests/data, see TestData.weightsDir) through every API. */
class RealWeightsTest {
  @Test
  void realSafetensorsRoundTripThroughEveryApi() throws IOException {
    List<Path> files = TestData.safetensorsFiles();
    assertFalse(files.isEmpty(), "no .safetensors under " + TestData.weightsDir());
    for (Path file : files) {
      byte[] data = Files.readAllBytes(file);
      String name = file.getFileName().toString();

      byte[] frame = Zipnn.compress(data, DType.BYTES);
      assertArrayEquals(data, Zipnn.decompress(frame), name);
      FrameInfo info = Zipnn.frameInfo(frame);
      assertEquals(data.length, info.contentSize(), name);
      assertTrue(info.tensorCount() > 0, name + ": tensor-aware compression found no tensors");
      boolean floats = name.contains("FP16") || name.contains("FP32") || name.contains("bf16")
          || name.contains("f32") || name.contains("lora");
      if (floats) {
        assertTrue(frame.length < data.length, name + ": " + info);
      }

      // A memory-mapped file is a direct buffer: compressed without any copy.
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        ByteBuffer out = ByteBuffer.allocateDirect((int) Zipnn.compressBound(data.length));
        Zipnn.compress(mapped, out, DType.BYTES);
        out.flip();
        assertArrayEquals(frame, RoundTripTest.toArray(out), name + ": buffer and array frames differ");
      }

      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (InputStream in = Files.newInputStream(file);
          ZipnnOutputStream out = new ZipnnOutputStream(sink)) {
        in.transferTo(out);
      }
      try (ZipnnInputStream in = new ZipnnInputStream(new ByteArrayInputStream(sink.toByteArray()))) {
        assertArrayEquals(data, in.readAllBytes(), name + " (stream)");
      }
    }
  }
}
