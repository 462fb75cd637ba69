package io.zipnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundTripTest {
  /** Empty, tiny, not a multiple of any element size, and several chunks plus a tail. */
  private static final int[] LENGTHS = {0, 1, 7, 4099, (3 << 20) + 5};

  @ParameterizedTest
  @EnumSource(DType.class)
  void everyDtypeRoundTripsExactly(DType dtype) {
    for (int len : LENGTHS) {
      byte[] src = TestData.forDType(dtype, len, len * 31L + dtype.id());
      byte[] frame = Zipnn.compress(src, dtype);
      assertArrayEquals(src, Zipnn.decompress(frame), dtype + " length " + len);
      FrameInfo info = Zipnn.frameInfo(frame);
      assertEquals(len, info.contentSize());
      assertEquals(frame.length, info.frameSize());
      assertEquals(dtype, info.dtype());
      assertEquals(dtype.size(), info.elementSize());
      assertEquals(len, Zipnn.contentSize(frame));
      assertTrue(frame.length <= Zipnn.compressBound(len));
    }
  }

  @Test
  void bf16WeightsShrink() {
    byte[] src = TestData.bf16(4 << 20, 1);
    byte[] frame = Zipnn.compress(src, DType.BF16);
    assertTrue(frame.length < src.length * 0.75, "ratio " + (double) frame.length / src.length);
    assertArrayEquals(src, Zipnn.decompress(frame));
  }

  @Test
  void offsetAndLengthOverloadsTouchOnlyTheirRange() {
    byte[] data = TestData.bf16(1 << 20, 2);
    int off = 1001;
    int len = data.length - 5000;
    byte[] frame = Zipnn.compress(data, off, len, DType.BF16);
    assertArrayEquals(Arrays.copyOfRange(data, off, off + len), Zipnn.decompress(frame));

    // The frame inside a larger array, decoded into the middle of another one.
    byte[] framed = new byte[frame.length + 300];
    Arrays.fill(framed, (byte) 0x5a);
    System.arraycopy(frame, 0, framed, 100, frame.length);
    assertArrayEquals(Arrays.copyOfRange(data, off, off + len), Zipnn.decompress(framed, 100, frame.length));
    byte[] dst = new byte[len + 64];
    Arrays.fill(dst, (byte) 0x77);
    assertEquals(len, Zipnn.decompress(framed, 100, frame.length, dst, 32, len + 16));
    assertArrayEquals(Arrays.copyOfRange(data, off, off + len), Arrays.copyOfRange(dst, 32, 32 + len));
    for (int i = 0; i < 32; i++) {
      assertEquals((byte) 0x77, dst[i]);
      assertEquals((byte) 0x77, dst[dst.length - 1 - i]);
    }

    // Compress into a given array at an offset.
    byte[] out = new byte[(int) Zipnn.compressBound(len) + 10];
    int n = Zipnn.compress(data, off, len, out, 10, out.length - 10, DType.BF16);
    assertArrayEquals(frame, Arrays.copyOfRange(out, 10, 10 + n));

    assertThrows(IndexOutOfBoundsException.class, () -> Zipnn.compress(data, -1, 10, DType.BF16));
    assertThrows(IndexOutOfBoundsException.class, () -> Zipnn.compress(data, 10, data.length, DType.BF16));
  }

  @Test
  void directBuffersRoundTripAndMovePositions() {
    byte[] data = TestData.bf16((2 << 20) + 3, 3);
    ByteBuffer src = ByteBuffer.allocateDirect(data.length + 20);
    src.position(20);
    src.put(data);
    src.position(20);
    ByteBuffer frame = ByteBuffer.allocateDirect((int) Zipnn.compressBound(data.length) + 8);
    frame.position(8);
    int n = Zipnn.compress(src, frame, DType.BF16);
    assertEquals(src.limit(), src.position());
    assertEquals(8 + n, frame.position());
    frame.flip().position(8);

    FrameInfo info = Zipnn.frameInfo(frame);
    assertEquals(data.length, info.contentSize());
    assertEquals(8, frame.position(), "frameInfo does not move the position");

    ByteBuffer back = ByteBuffer.allocateDirect(data.length);
    assertEquals(data.length, Zipnn.decompress(frame, back));
    assertEquals(frame.limit(), frame.position());
    assertEquals(back.capacity(), back.position());
    byte[] got = new byte[data.length];
    back.flip().get(got);
    assertArrayEquals(data, got);

    ByteBuffer allocated = Zipnn.compress(ByteBuffer.wrap(data), DType.BF16);
    assertTrue(allocated.isDirect());
    assertArrayEquals(data, Zipnn.decompress(toArray(allocated)));
  }

  @Test
  void heapAndReadOnlyBuffersWork() {
    byte[] data = TestData.forDType(DType.FP32, 100_003, 4);
    ByteBuffer src = ByteBuffer.wrap(data).asReadOnlyBuffer();
    ByteBuffer frame = ByteBuffer.allocate((int) Zipnn.compressBound(data.length));
    Zipnn.compress(src, frame, DType.FP32);
    assertEquals(data.length, src.position());
    frame.flip();
    // A heap buffer that is a slice of a larger array.
    byte[] backing = new byte[data.length + 10];
    ByteBuffer dst = ByteBuffer.wrap(backing, 5, data.length).slice();
    Zipnn.decompress(frame.asReadOnlyBuffer(), dst);
    assertArrayEquals(data, Arrays.copyOfRange(backing, 5, 5 + data.length));

    ByteBuffer readOnlyDst = ByteBuffer.allocate(data.length).asReadOnlyBuffer();
    frame.rewind();
    assertThrows(ReadOnlyBufferException.class, () -> Zipnn.decompress(frame, readOnlyDst));
  }

  @Test
  void tooSmallDestinationIsAnErrorAndLeavesPositions() {
    byte[] data = TestData.bf16(100_000, 5);
    byte[] frame = Zipnn.compress(data, DType.BF16);
    ZipnnException e = assertThrows(ZipnnException.class,
        () -> Zipnn.decompress(frame, 0, frame.length, new byte[data.length - 1], 0, data.length - 1));
    assertEquals(ZipnnStatus.DST_TOO_SMALL, e.status());

    ByteBuffer src = ByteBuffer.wrap(frame);
    ByteBuffer dst = ByteBuffer.allocateDirect(10);
    assertThrows(ZipnnException.class, () -> Zipnn.decompress(src, dst));
    assertEquals(0, src.position());
    assertEquals(0, dst.position());

    ZipnnException c = assertThrows(ZipnnException.class,
        () -> Zipnn.compress(data, 0, data.length, new byte[16], 0, 16, DType.BF16));
    assertEquals(ZipnnStatus.DST_TOO_SMALL, c.status());
  }

  @Test
  void rangeDecodesAnySlice() {
    byte[] data = TestData.bf16((3 << 20) + 17, 6);
    try (ZipnnCompressor c = new ZipnnCompressor(DType.BF16).chunkSize(256 << 10);
        ZipnnDecompressor d = new ZipnnDecompressor()) {
      byte[] frame = c.compress(data);
      long[][] ranges = {{0, 0}, {0, 10}, {(256 << 10) - 3, 7}, {1_000_000, 1_500_000}, {data.length - 1, 1}};
      for (long[] r : ranges) {
        byte[] got = d.decompressRange(frame, r[0], (int) r[1]);
        assertArrayEquals(Arrays.copyOfRange(data, (int) r[0], (int) (r[0] + r[1])), got);
      }
      ByteBuffer dst = ByteBuffer.allocateDirect(100);
      d.decompressRange(ByteBuffer.wrap(frame), 12345, 100, dst);
      assertEquals(100, dst.position());
      dst.flip();
      byte[] got = new byte[100];
      dst.get(got);
      assertArrayEquals(Arrays.copyOfRange(data, 12345, 12445), got);
      ZipnnException e = assertThrows(ZipnnException.class, () -> d.decompressRange(frame, data.length - 5, 6));
      assertEquals(ZipnnStatus.RANGE, e.status());
    }
  }

  @Test
  void outputDependsOnlyOnInputAndFormatParameters() {
    byte[] data = TestData.bf16((5 << 20) + 11, 7);
    byte[] reference;
    try (ZipnnCompressor one = new ZipnnCompressor(DType.BF16).threads(1)) {
      reference = one.compress(data);
    }
    try (ZipnnCompressor many = new ZipnnCompressor(DType.BF16).threads(4)) {
      assertArrayEquals(reference, many.compress(data));
    }
    // A stream given everything at once with END makes the same frame.
    try (ZipnnCompressor streaming = new ZipnnCompressor(DType.BF16)) {
      ByteBuffer out = ByteBuffer.allocate((int) Zipnn.compressBound(data.length));
      ByteBuffer in = ByteBuffer.wrap(data);
      long pending;
      do {
        pending = streaming.compressStream(in, out, true);
      } while (pending != 0);
      assertArrayEquals(reference, Arrays.copyOf(out.array(), out.position()));
    }
  }

  @Test
  void parametersAreValidatedAndReadBack() {
    try (ZipnnCompressor c = new ZipnnCompressor()) {
      assertEquals(DType.BYTES, c.dtype());
      assertEquals(-1, c.contentSize());
      c.dtype(DType.FP16).threads(2).zstdLevel(5).tensorAware(false).chunkSize(1 << 16);
      assertEquals(DType.FP16, c.dtype());
      assertEquals(2, c.threads());
      assertEquals(5, c.zstdLevel());
      assertEquals(false, c.tensorAware());
      assertEquals(1 << 16, c.chunkSize());
      ZipnnException e = assertThrows(ZipnnException.class, () -> c.zstdLevel(1000));
      assertEquals(ZipnnStatus.PARAM_OUT_OF_RANGE, e.status());
    }
    try (ZipnnDecompressor d = new ZipnnDecompressor()) {
      assertEquals(Long.MAX_VALUE, d.maxDecodedSize());
      assertTrue(d.verifyChecksums());
      d.maxDecodedSize(1000).verifyChecksums(false);
      assertEquals(1000, d.maxDecodedSize());
      byte[] frame = Zipnn.compress(new byte[1001], DType.BYTES);
      ZipnnException e = assertThrows(ZipnnException.class, () -> d.decompress(frame));
      assertEquals(ZipnnStatus.SIZE_LIMIT, e.status());
    }
  }

  @Test
  void closedContextsRefuseUseAndCloseTwice() {
    ZipnnCompressor c = new ZipnnCompressor();
    c.close();
    c.close();
    assertThrows(IllegalStateException.class, () -> c.compress(new byte[10]));
    ZipnnDecompressor d = new ZipnnDecompressor();
    d.close();
    assertThrows(IllegalStateException.class, () -> d.decompress(new byte[10]));
  }

  static byte[] toArray(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
