# Warnings for zipnn's own code; errors when ZIPNN_WERROR is on.
function(zipnn_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(ZIPNN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
