package io.zipnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {
  @Test
  void loadsTheLibraryCarriedAsAResource() {
    assertEquals("resource:/io/zipnn/native/" + NativeLibrary.platform() + "/libzipnn_jni.so",
        Zipnn.nativeLibrary());
    assertTrue(NativeLibrary.class.getResource(NativeLibrary.resourceFolder() + "native-libs.txt") != null);
  }

  @Test
  void runtimeVersionMatchesTheHeaderTheBindingWasGeneratedFrom() {
    assertEquals(ZipnnNativeConstants.ZIPNN_VERSION_STRING, Zipnn.version());
    assertEquals(ZipnnNativeConstants.ZIPNN_VERSION_NUMBER, Zipnn.versionNumber());
  }

  @Test
  void missingOverrideFileIsAClearError() {
    Path missing = Paths.get("/nonexistent/zipnn/libzipnn_jni.so");
    UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> NativeLibrary.loadFile(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(NativeLibrary.PATH_PROPERTY), e.getMessage());
  }

  @Test
  void platformNamesMatchTheBuild() {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    if (os.equals("Linux") && arch.equals("amd64")) {
      assertEquals("linux-x86_64", NativeLibrary.platform());
    }
    assertTrue(NativeLibrary.platform().matches("[a-z]+-[a-z0-9_]+"), NativeLibrary.platform());
  }
}
