package io.zipnn;

/** Test helpers of package io.zipnn for tests in other packages. */
public final class StreamTestAccess {
  private StreamTestAccess() {}

  public static byte[] concat(byte[]... parts) {
    return StreamTest.concat(parts);
  }
}
