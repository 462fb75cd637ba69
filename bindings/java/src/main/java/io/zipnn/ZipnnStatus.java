package io.zipnn;

/**
 * Status codes of the zipnn C library ({@code zipnn_status} in zipnn.h). The numeric
 * values are pinned forever by the library; {@link #UNKNOWN} stands for a code newer
 * than this binding.
 */
public enum ZipnnStatus {
  OK(ZipnnNativeConstants.ZIPNN_OK),
  NULL_POINTER(ZipnnNativeConstants.ZIPNN_ERROR_NULL_POINTER),
  INVALID_ARGUMENT(ZipnnNativeConstants.ZIPNN_ERROR_INVALID_ARGUMENT),
  DST_TOO_SMALL(ZipnnNativeConstants.ZIPNN_ERROR_DST_TOO_SMALL),
  UNKNOWN_PARAM(ZipnnNativeConstants.ZIPNN_ERROR_UNKNOWN_PARAM),
  PARAM_OUT_OF_RANGE(ZipnnNativeConstants.ZIPNN_ERROR_PARAM_OUT_OF_RANGE),
  UNKNOWN_DTYPE(ZipnnNativeConstants.ZIPNN_ERROR_UNKNOWN_DTYPE),
  STAGE_WRONG(ZipnnNativeConstants.ZIPNN_ERROR_STAGE_WRONG),
  RANGE(ZipnnNativeConstants.ZIPNN_ERROR_RANGE),
  NOT_ZIPNN(ZipnnNativeConstants.ZIPNN_ERROR_NOT_ZIPNN),
  UNSUPPORTED_VERSION(ZipnnNativeConstants.ZIPNN_ERROR_UNSUPPORTED_VERSION),
  UNSUPPORTED_FEATURE(ZipnnNativeConstants.ZIPNN_ERROR_UNSUPPORTED_FEATURE),
  TRUNCATED(ZipnnNativeConstants.ZIPNN_ERROR_TRUNCATED),
  CORRUPT_HEADER(ZipnnNativeConstants.ZIPNN_ERROR_CORRUPT_HEADER),
  CORRUPT_INDEX(ZipnnNativeConstants.ZIPNN_ERROR_CORRUPT_INDEX),
  CORRUPT_CHUNK(ZipnnNativeConstants.ZIPNN_ERROR_CORRUPT_CHUNK),
  CHECKSUM_MISMATCH(ZipnnNativeConstants.ZIPNN_ERROR_CHECKSUM_MISMATCH),
  UNKNOWN_METHOD(ZipnnNativeConstants.ZIPNN_ERROR_UNKNOWN_METHOD),
  TRAILING_DATA(ZipnnNativeConstants.ZIPNN_ERROR_TRAILING_DATA),
  SIZE_LIMIT(ZipnnNativeConstants.ZIPNN_ERROR_SIZE_LIMIT),
  CORRUPT_TENSORS(ZipnnNativeConstants.ZIPNN_ERROR_CORRUPT_TENSORS),
  NOT_FOUND(ZipnnNativeConstants.ZIPNN_ERROR_NOT_FOUND),
  DELTA_BASE(ZipnnNativeConstants.ZIPNN_ERROR_DELTA_BASE),
  OUT_OF_MEMORY(ZipnnNativeConstants.ZIPNN_ERROR_OUT_OF_MEMORY),
  INTERNAL(ZipnnNativeConstants.ZIPNN_ERROR_INTERNAL),
  /** A code this binding does not know (from a newer library). */
  UNKNOWN(-1);

  private final int code;

  ZipnnStatus(int code) {
    this.code = code;
  }

  /** The numeric {@code zipnn_status} value. */
  public int code() {
    return code;
  }

  /** True for the data's fault (codes 20-39): the input is not a valid frame. */
  public boolean isDataError() {
    return code >= 20 && code <= 39;
  }

  /** The constant for a numeric code; {@link #UNKNOWN} when the code is not listed. */
  public static ZipnnStatus of(int code) {
    for (ZipnnStatus s : values()) {
      if (s.code == code && s != UNKNOWN) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
