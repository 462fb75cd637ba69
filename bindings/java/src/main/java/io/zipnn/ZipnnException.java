package io.zipnn;

/**
 * An error reported by the zipnn library: a bad argument, a frame that is not valid
 * (corrupt, truncated, not zipnn), or an environment failure. Unchecked, like
 * {@link java.io.UncheckedIOException}; streams throw it as well.
 */
public class ZipnnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String statusName;

  /** An exception for a library status, with the library's own description. */
  public ZipnnException(int statusCode) {
    this(statusCode, null);
  }

  /** An exception for a library status; {@code detail} is prepended to the description. */
  public ZipnnException(int statusCode, String detail) {
    super(message(statusCode, detail));
    this.statusCode = statusCode;
    this.statusName = NativeLibrary.isLoaded()
        ? ZipnnNative.zipnn_status_name(statusCode)
        : "ZIPNN_ERROR_" + ZipnnStatus.of(statusCode).name();
  }

  private static String message(int statusCode, String detail) {
    String name;
    String text;
    if (NativeLibrary.isLoaded()) {
      name = ZipnnNative.zipnn_status_name(statusCode);
      text = ZipnnNative.zipnn_status_message(statusCode);
    } else {
      name = "ZIPNN_ERROR_" + ZipnnStatus.of(statusCode).name();
      text = "status " + statusCode;
    }
    String base = name + " (" + statusCode + "): " + text;
    return detail == null ? base : detail + ": " + base;
  }

  /** The numeric {@code zipnn_status}, e.g. 23 for a truncated frame. */
  public int statusCode() {
    return statusCode;
  }

  /** The status as an enum constant ({@link ZipnnStatus#UNKNOWN} for codes newer than this binding). */
  public ZipnnStatus status() {
    return ZipnnStatus.of(statusCode);
  }

  /** The library's name of the status, e.g. {@code "ZIPNN_ERROR_TRUNCATED"}. */
  public String statusName() {
    return statusName;
  }

  /** Throws for any status other than {@code ZIPNN_OK}. */
  static void check(int status) {
    if (status != ZipnnNativeConstants.ZIPNN_OK) {
      throw new ZipnnException(status);
    }
  }

  /** Throws for any status other than {@code ZIPNN_OK}, naming the operation. */
  static void check(int status, String what) {
    if (status != ZipnnNativeConstants.ZIPNN_OK) {
      throw new ZipnnException(status, what);
    }
  }
}
