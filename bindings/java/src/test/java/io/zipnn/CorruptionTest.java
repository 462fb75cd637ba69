package io.zipnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CorruptionTest {
  private static final byte[] DATA = TestData.bf16((1 << 20) + 4097, 21);
  private static final byte[] FRAME = Zipnn.compress(DATA, DType.BF16);

  @Test
  void foreignBytesAreNotZipnn() {
    byte[] junk = "this is certainly not a zipnn frame, just text".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ZipnnException e = assertThrows(ZipnnException.class, () -> Zipnn.decompress(junk));
    assertEquals(ZipnnStatus.NOT_ZIPNN, e.status());
    assertEquals("ZIPNN_ERROR_NOT_ZIPNN", e.statusName());
    assertEquals(ZipnnNativeConstants.ZIPNN_ERROR_NOT_ZIPNN, e.statusCode());
    assertThrows(ZipnnException.class, () -> Zipnn.frameInfo(junk));
    byte[] magicFlipped = FRAME.clone();
    magicFlipped[0] ^= 1;
    assertEquals(ZipnnStatus.NOT_ZIPNN, assertThrows(ZipnnException.class, () -> Zipnn.decompress(magicFlipped)).status());
  }

  @Test
  void everyTruncationIsADataError() {
    for (int cut : new int[] {0, 3, 16, 31, 32, 100, FRAME.length / 3, FRAME.length - 13, FRAME.length - 1}) {
      byte[] part = Arrays.copyOf(FRAME, cut);
      ZipnnException e = assertThrows(ZipnnException.class, () -> Zipnn.decompress(part), "cut " + cut);
      assertTrue(e.status().isDataError(), "cut " + cut + ": " + e.getMessage());
      try (ZipnnDecompressor d = new ZipnnDecompressor()) {
        ZipnnException f = assertThrows(ZipnnException.class,
            () -> d.decompress(part, 0, part.length, new byte[DATA.length], 0, DATA.length), "cut " + cut);
        assertTrue(f.status().isDataError(), f.getMessage());
      }
    }
  }

  @Test
  void trailingBytesAreRefusedByOneShotDecoding() {
    byte[] longer = Arrays.copyOf(FRAME, FRAME.length + 5);
    ZipnnException e = assertThrows(ZipnnException.class,
        () -> Zipnn.decompress(longer, 0, longer.length, new byte[DATA.length], 0, DATA.length));
    assertEquals(ZipnnStatus.TRAILING_DATA, e.status());
  }

  /**
   * A flipped bit anywhere is either reported as a data error or (in bytes that carry
   * no information) harmless: decoding never returns wrong bytes. Flips inside the
   * compressed payload are always reported.
   */
  @Test
  void bitFlipsNeverDecodeToWrongBytes() {
    int step = Math.max(1, FRAME.length / 211);
    int reported = 0;
    int tried = 0;
    for (int pos = 0; pos < FRAME.length; pos += step) {
      for (int bit : new int[] {0, 7}) {
        byte[] bad = FRAME.clone();
        bad[pos] ^= (byte) (1 << bit);
        tried++;
        try {
          byte[] out = Zipnn.decompress(bad);
          assertArrayEquals(DATA, out, "flip at " + pos + " bit " + bit + " decoded to wrong bytes");
        } catch (ZipnnException e) {
          assertTrue(e.status().isDataError(), "flip at " + pos + ": " + e.getMessage());
          reported++;
        }
      }
    }
    byte[] middle = FRAME.clone();
    middle[FRAME.length / 2] ^= 0x40;
    assertTrue(assertThrows(ZipnnException.class, () -> Zipnn.decompress(middle)).status().isDataError());
    assertTrue(reported > tried / 2, reported + " of " + tried + " flips reported");
  }

  @Test
  void corruptFramesRaiseThroughBuffersToo() {
    byte[] bad = FRAME.clone();
    bad[FRAME.length / 2] ^= 0x04;
    ByteBuffer src = ByteBuffer.allocateDirect(bad.length).put(bad).flip();
    ByteBuffer dst = ByteBuffer.allocateDirect(DATA.length);
    ZipnnException e = assertThrows(ZipnnException.class, () -> Zipnn.decompress(src, dst));
    assertTrue(e.status().isDataError(), e.getMessage());
    assertEquals(0, src.position());
    assertEquals(0, dst.position());
  }
}
