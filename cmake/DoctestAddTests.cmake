# Registers each doctest test case of an executable as its own ctest, by asking
# the executable for its test list at test time (no build-time run needed).
function(zipnn_doctest_discover target)
  set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}_tests.cmake")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:${target}> -DOUT=${script}
      -P ${PROJECT_SOURCE_DIR}/cmake/DoctestListTests.cmake
    BYPRODUCTS ${script} VERBATIM)
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${script})
endfunction()
