package io.zipnn;

import java.nio.ByteBuffer;

/**
 * What a frame's header, index and footer say, read without decoding any chunk
 * ({@code zipnn_frame_info}). Unsigned 64-bit fields are returned as Java longs.
 */
public final class FrameInfo {
  /** Decoded size of a frame written by a stream whose size was not pledged. */
  public static final long CONTENT_SIZE_UNKNOWN = -1L;

  private final long contentSize;
  private final long frameSize;
  private final long chunkCount;
  private final long tensorCount;
  private final int formatVersion;
  private final long chunkSize;
  private final int dtypeId;
  private final int elementSize;
  private final long flags;
  private final long[] methodStreams;
  private final long[] methodBytes;
  private final long[] dtypeBytes;

  private FrameInfo(zipnn_frame_info raw) {
    contentSize = raw.getContent_size();
    frameSize = raw.getFrame_size();
    chunkCount = raw.getChunk_count();
    tensorCount = raw.getTensor_count();
    formatVersion = (int) raw.getFormat_version();
    chunkSize = raw.getChunk_size();
    dtypeId = raw.getDtype();
    elementSize = (int) raw.getElement_size();
    flags = raw.getFlags();
    methodStreams = raw.getMethod_streams();
    methodBytes = raw.getMethod_bytes();
    dtypeBytes = raw.getDtype_bytes();
  }

  /** Validates the whole frame in src's remaining bytes (header, index, footer, checksums). */
  static FrameInfo read(ByteBuffer src) {
    NativeLibrary.ensureLoaded();
    zipnn_frame_info raw = new zipnn_frame_info();
    try {
      ZipnnException.check(ZipnnNative.zipnn_frame_info_get(Buffers.readable(src), raw));
      return new FrameInfo(raw);
    } finally {
      raw.delete();
    }
  }

  /** Decoded size in bytes. */
  public long contentSize() {
    return contentSize;
  }

  /** Compressed size in bytes: the whole frame. */
  public long frameSize() {
    return frameSize;
  }

  public long chunkCount() {
    return chunkCount;
  }

  /** Tensors in the frame's tensor index (safetensors input); 0 if none. */
  public long tensorCount() {
    return tensorCount;
  }

  public int formatVersion() {
    return formatVersion;
  }

  /** Nominal decoded bytes per chunk. */
  public long chunkSize() {
    return chunkSize;
  }

  /** The dtype declared at compression. */
  public DType dtype() {
    return DType.of(dtypeId);
  }

  public int elementSize() {
    return elementSize;
  }

  /** Frame feature flags (docs/FORMAT.md). */
  public long flags() {
    return flags;
  }

  /** Number of streams coded with each method id (index = {@code ZIPNN_METHOD_*}). */
  public long[] methodStreams() {
    return methodStreams.clone();
  }

  /** Encoded bytes of the streams coded with each method id. */
  public long[] methodBytes() {
    return methodBytes.clone();
  }

  /** Decoded bytes in chunks of each dtype (index = {@link DType#id()}). */
  public long[] dtypeBytes() {
    return dtypeBytes.clone();
  }

  /** Compressed size over decoded size (0 for empty content). */
  public double ratio() {
    return contentSize == 0 ? 0.0 : (double) frameSize / (double) contentSize;
  }

  @Override
  public String toString() {
    return "FrameInfo{contentSize=" + Long.toUnsignedString(contentSize) + ", frameSize=" + frameSize
        + ", chunks=" + chunkCount + ", tensors=" + tensorCount + ", dtype=" + DType.of(dtypeId).libraryName()
        + ", formatVersion=" + formatVersion + "}";
  }
}
