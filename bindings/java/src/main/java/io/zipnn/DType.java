package io.zipnn;

/**
 * Element type of the data to compress ({@code zipnn_dtype}). Floating-point types are
 * split into byte planes so their exponents compress well; the other types are
 * compressed as plain bytes but still recorded in the frame. Ids are pinned forever.
 */
public enum DType {
  BYTES(ZipnnNativeConstants.ZIPNN_DTYPE_BYTES, 1, "bytes"),
  BF16(ZipnnNativeConstants.ZIPNN_DTYPE_BF16, 2, "bf16"),
  FP16(ZipnnNativeConstants.ZIPNN_DTYPE_FP16, 2, "fp16"),
  FP32(ZipnnNativeConstants.ZIPNN_DTYPE_FP32, 4, "fp32"),
  FP8_E4M3FN(ZipnnNativeConstants.ZIPNN_DTYPE_FP8_E4M3FN, 1, "fp8_e4m3fn"),
  FP8_E5M2(ZipnnNativeConstants.ZIPNN_DTYPE_FP8_E5M2, 1, "fp8_e5m2"),
  FP64(ZipnnNativeConstants.ZIPNN_DTYPE_FP64, 8, "fp64"),
  INT8(ZipnnNativeConstants.ZIPNN_DTYPE_INT8, 1, "int8"),
  UINT8(ZipnnNativeConstants.ZIPNN_DTYPE_UINT8, 1, "uint8"),
  INT16(ZipnnNativeConstants.ZIPNN_DTYPE_INT16, 2, "int16"),
  UINT16(ZipnnNativeConstants.ZIPNN_DTYPE_UINT16, 2, "uint16"),
  INT32(ZipnnNativeConstants.ZIPNN_DTYPE_INT32, 4, "int32"),
  UINT32(ZipnnNativeConstants.ZIPNN_DTYPE_UINT32, 4, "uint32"),
  INT64(ZipnnNativeConstants.ZIPNN_DTYPE_INT64, 8, "int64"),
  UINT64(ZipnnNativeConstants.ZIPNN_DTYPE_UINT64, 8, "uint64"),
  BOOL(ZipnnNativeConstants.ZIPNN_DTYPE_BOOL, 1, "bool");

  private final int id;
  private final int size;
  private final String libraryName;

  DType(int id, int size, String libraryName) {
    this.id = id;
    this.size = size;
    this.libraryName = libraryName;
  }

  /** The pinned numeric id stored in frames. */
  public int id() {
    return id;
  }

  /** Element size in bytes (1, 2, 4 or 8). */
  public int size() {
    return size;
  }

  /** The library's lower-case name, e.g. {@code "bf16"}. */
  public String libraryName() {
    return libraryName;
  }

  /** The dtype with this id. @throws ZipnnException UNKNOWN_DTYPE for an unknown id */
  public static DType of(int id) {
    for (DType d : values()) {
      if (d.id == id) {
        return d;
      }
    }
    throw new ZipnnException(ZipnnNativeConstants.ZIPNN_ERROR_UNKNOWN_DTYPE, "dtype id " + id);
  }

  /**
   * Parses a name case-insensitively, as the library does: its own names, the
   * safetensors spellings ("BF16", "F32", "F8_E4M3", ...) and aliases such as
   * "bfloat16", "half", "float".
   *
   * @throws ZipnnException UNKNOWN_DTYPE for an unknown name
   */
  public static DType fromName(String name) {
    java.util.Objects.requireNonNull(name, "name");
    NativeLibrary.ensureLoaded();
    int[] out = new int[1];
    ZipnnException.check(ZipnnNative.zipnn_dtype_from_name(name, out), "dtype \"" + name + "\"");
    return of(out[0]);
  }
}
