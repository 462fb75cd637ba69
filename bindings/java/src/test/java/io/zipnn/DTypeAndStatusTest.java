package io.zipnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DTypeAndStatusTest {
  @ParameterizedTest
  @EnumSource(DType.class)
  void dtypeMatchesTheLibrary(DType d) {
    NativeLibrary.ensureLoaded();
    assertEquals(ZipnnNative.zipnn_dtype_name(d.id()), d.libraryName());
    assertEquals(ZipnnNative.zipnn_dtype_size(d.id()), d.size());
    assertEquals(d, DType.fromName(d.libraryName()));
    assertEquals(d, DType.of(d.id()));
  }

  @Test
  void everyLibraryDtypeHasAConstant() {
    assertEquals(ZipnnNativeConstants.ZIPNN_DTYPE_COUNT, DType.values().length);
  }

  @Test
  void safetensorsSpellingsAndAliasesParse() {
    assertEquals(DType.BF16, DType.fromName("BF16"));
    assertEquals(DType.BF16, DType.fromName("bfloat16"));
    assertEquals(DType.FP16, DType.fromName("F16"));
    assertEquals(DType.FP16, DType.fromName("half"));
    assertEquals(DType.FP32, DType.fromName("F32"));
    assertEquals(DType.FP8_E4M3FN, DType.fromName("F8_E4M3"));
    assertEquals(DType.UINT8, DType.fromName("U8"));
  }

  @Test
  void unknownDtypeNameRaisesWithStatus() {
    ZipnnException e = assertThrows(ZipnnException.class, () -> DType.fromName("float13"));
    assertEquals(ZipnnStatus.UNKNOWN_DTYPE, e.status());
    assertEquals(ZipnnNativeConstants.ZIPNN_ERROR_UNKNOWN_DTYPE, e.statusCode());
    assertEquals("ZIPNN_ERROR_UNKNOWN_DTYPE", e.statusName());
    assertTrue(e.getMessage().contains("float13"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = ZipnnStatus.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
  void statusNamesMatchTheLibrary(ZipnnStatus s) {
    NativeLibrary.ensureLoaded();
    String expected = s == ZipnnStatus.OK ? "ZIPNN_OK" : "ZIPNN_ERROR_" + s.name();
    assertEquals(expected, ZipnnNative.zipnn_status_name(s.code()));
    assertEquals(s, ZipnnStatus.of(s.code()));
    assertEquals(s.code() >= 20 && s.code() < 40, s.isDataError());
  }

  @Test
  void unknownStatusCodesMapToUnknown() {
    ZipnnException e = new ZipnnException(999);
    assertEquals(ZipnnStatus.UNKNOWN, e.status());
    assertEquals(999, e.statusCode());
    assertEquals("ZIPNN_ERROR_UNKNOWN_STATUS", e.statusName());
    assertFalse(ZipnnStatus.UNKNOWN.isDataError());
  }
}
