# Warnings every target of ours gets; errors when DJ_WERROR is on (CI).
function(dj_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                         -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(DJ_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
