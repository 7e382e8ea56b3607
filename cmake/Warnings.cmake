# Warnings every target of ours gets; errors when DJ_WERROR is on (CI).
function(dj_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                         -Wnon-virtual-dtor -Wimplicit-fallthrough
                         # GCC 12 reports false -Wrestrict positives inside libstdc++'s
                         # std::string operator+ at -O3 (GCC bug 105329).
                         -Wno-restrict
                         # Aggregates here give every member a default, and
                         # {"action", "entity", id} is meant to leave the rest at it.
                         -Wno-missing-field-initializers)
  if(DJ_SANITIZE)
    # Sanitizer instrumentation confuses GCC 12's flow analysis: it reports
    # boost::optional members inside Beast as maybe-uninitialized.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(DJ_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
