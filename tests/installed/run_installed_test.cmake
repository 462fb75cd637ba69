# Installs the library into a fresh prefix, builds a C program against only the
# installed zipnn.h and libzipnn.so (found through pkg-config), and runs it on
# every real weight file.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()
set(ENV{PKG_CONFIG_PATH} "${WORK_DIR}/prefix/lib/pkgconfig")
execute_process(COMMAND pkg-config --cflags --libs zipnn OUTPUT_VARIABLE flags RESULT_VARIABLE rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config cannot find zipnn")
endif()
separate_arguments(flags)
execute_process(COMMAND cc -std=c99 -Wall -Wextra -Werror ${SOURCE_DIR}/tests/installed/roundtrip.c
    ${flags} -Wl,-rpath,${WORK_DIR}/prefix/lib -o ${WORK_DIR}/roundtrip
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling against the installed header failed")
endif()
if(EXISTS ${WEIGHTS_DIR})
  file(GLOB_RECURSE files ${WEIGHTS_DIR}/*)
else()
  message(STATUS "../shared/data/weights not found: using tests/data")
  file(GLOB_RECURSE files ${TEST_DATA_DIR}/*)
endif()
list(FILTER files EXCLUDE REGEX "\\.(md|json|py)$")
list(LENGTH files n)
if(n EQUAL 0)
  message(FATAL_ERROR "no weight files found")
endif()
execute_process(COMMAND ${WORK_DIR}/roundtrip ${files} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "round trip through the installed library failed")
endif()
