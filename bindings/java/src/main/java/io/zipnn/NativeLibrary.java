package io.zipnn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads libzipnn_jni once per class loader.
 *
 * <p>By default the library comes from the jar: the files listed in
 * {@code /io/zipnn/native/<os>-<arch>/native-libs.txt} (the JNI library last, the
 * shared libraries it needs before it) are copied into a fresh temporary folder,
 * loaded, and deleted. The system property {@value #PATH_PROPERTY} names another copy
 * of libzipnn_jni instead. Any failure is an {@link UnsatisfiedLinkError} that says
 * what was tried; it is thrown again, with the same message, on every later use.
 */
final class NativeLibrary {
  /** System property: absolute path of a libzipnn_jni to load instead of the jar's copy. */
  static final String PATH_PROPERTY = "zipnn.library.path";

  private static final Object LOCK = new Object();
  private static volatile boolean loaded;
  private static volatile String source;
  private static String failure;

  private NativeLibrary() {}

  static boolean isLoaded() {
    return loaded;
  }

  /** Where the loaded library came from (a path or a jar resource). */
  static String source() {
    ensureLoaded();
    return source;
  }

  /** Loads the library unless already loaded. @throws UnsatisfiedLinkError when it cannot */
  static void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (LOCK) {
      if (loaded) {
        return;
      }
      if (failure == null) {
        try {
          String override = System.getProperty(PATH_PROPERTY);
          source = override != null && !override.isEmpty() ? loadFile(Paths.get(override)) : loadFromJar();
          checkVersion();
          loaded = true;
          return;
        } catch (UnsatisfiedLinkError e) {
          failure = e.getMessage();
        } catch (IOException | RuntimeException e) {
          failure = "zipnn: cannot extract the native library of the jar to a temporary folder"
              + " (java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + "): " + e
              + "; set -D" + PATH_PROPERTY + "=/path/to/libzipnn_jni.so to use another copy";
        }
      }
      throw new UnsatisfiedLinkError(failure);
    }
  }

  /** "linux-x86_64", "macos-aarch64", ...: the resource folder for this JVM. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) {
      os = "linux";
    } else if (os.startsWith("mac") || os.startsWith("darwin")) {
      os = "macos";
    } else if (os.startsWith("windows")) {
      os = "windows";
    }
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      arch = "x86_64";
    } else if (arch.equals("aarch64") || arch.equals("arm64")) {
      arch = "aarch64";
    }
    return os + "-" + arch;
  }

  static String resourceFolder() {
    return "/io/zipnn/native/" + platform() + "/";
  }

  /** Loads one library file; the message of a failure names the file and the property. */
  static String loadFile(Path file) {
    Path absolute = file.toAbsolutePath();
    if (!Files.isRegularFile(absolute)) {
      throw new UnsatisfiedLinkError("zipnn: " + PATH_PROPERTY + " names " + absolute
          + ", which is not a file");
    }
    try {
      System.load(absolute.toString());
    } catch (UnsatisfiedLinkError e) {
      throw new UnsatisfiedLinkError("zipnn: cannot load " + absolute + " (from " + PATH_PROPERTY
          + "): " + e.getMessage());
    }
    return absolute.toString();
  }

  private static String loadFromJar() throws IOException {
    String folder = resourceFolder();
    List<String> files = listing(folder);
    Path dir = Files.createTempDirectory("zipnn-jni-");
    List<Path> extracted = new ArrayList<>();
    try {
      for (String name : files) {
        Path target = dir.resolve(name);
        try (InputStream in = NativeLibrary.class.getResourceAsStream(folder + name)) {
          if (in == null) {
            throw new UnsatisfiedLinkError("zipnn: the jar lists " + folder + name + " but lacks it");
          }
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        extracted.add(target);
      }
      // The JNI library is listed last; its RUNPATH $ORIGIN finds the others in dir.
      Path jni = extracted.get(extracted.size() - 1);
      try {
        System.load(jni.toString());
      } catch (UnsatisfiedLinkError e) {
        throw new UnsatisfiedLinkError("zipnn: cannot load the native library of the jar ("
            + folder + files.get(files.size() - 1) + ", extracted to " + jni + "): " + e.getMessage()
            + "; set -D" + PATH_PROPERTY + "=/path/to/libzipnn_jni.so to use another copy");
      }
      return "resource:" + folder + files.get(files.size() - 1);
    } finally {
      // Loaded libraries stay mapped; their files are no longer needed.
      for (Path p : extracted) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    }
  }

  private static List<String> listing(String folder) throws IOException {
    try (InputStream in = NativeLibrary.class.getResourceAsStream(folder + "native-libs.txt")) {
      if (in == null) {
        throw new UnsatisfiedLinkError("zipnn: this jar has no native library for " + platform()
            + " (no resource " + folder + "native-libs.txt); build the jar on this platform or set -D"
            + PATH_PROPERTY + "=/path/to/libzipnn_jni.so");
      }
      List<String> names = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String name = line.trim();
        if (!name.isEmpty()) {
          if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new UnsatisfiedLinkError("zipnn: bad entry in " + folder + "native-libs.txt: " + name);
          }
          names.add(name);
        }
      }
      if (names.isEmpty()) {
        throw new UnsatisfiedLinkError("zipnn: " + folder + "native-libs.txt is empty");
      }
      return names;
    }
  }

  /** The loaded library must implement the major version this binding was generated for. */
  private static void checkVersion() {
    long runtime = ZipnnNative.zipnn_version_number();
    long major = runtime / 10000;
    if (major != ZipnnNativeConstants.ZIPNN_VERSION_MAJOR) {
      throw new UnsatisfiedLinkError("zipnn: the native library is version "
          + ZipnnNative.zipnn_version_string() + ", this binding needs "
          + ZipnnNativeConstants.ZIPNN_VERSION_MAJOR + ".x");
    }
  }
}
