# One INTERFACE target carries the project's warning flags and sanitizer settings, so every
# PoolScope target gets the same ones and consumers of the installed package get none of them.
#
# poolscope_compiler_warnings has the warnings alone, for the few tools that must run
# uninstrumented in a sanitizer build (tests/support/tsan's runner).
add_library(poolscope_compiler_warnings INTERFACE)
add_library(poolscope_warnings INTERFACE)
add_library(PoolScope::Warnings ALIAS poolscope_warnings)
target_link_libraries(poolscope_warnings INTERFACE poolscope_compiler_warnings)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(poolscope_compiler_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
    -Wimplicit-fallthrough)
  if(POOLSCOPE_WERROR)
    target_compile_options(poolscope_compiler_warnings INTERFACE -Werror)
  endif()
  # GCC 12 at -O3 reports -Wrestrict inside libstdc++'s own std::string code (GCC bug 105329), not
  # in ours; the mingw-w64 cross build (Release, GCC 12) meets it in ordinary string concatenation.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(poolscope_compiler_warnings INTERFACE -Wno-restrict)
  endif()
elseif(MSVC)
  target_compile_options(poolscope_compiler_warnings INTERFACE /W4 /permissive-)
  if(POOLSCOPE_WERROR)
    target_compile_options(poolscope_compiler_warnings INTERFACE /WX)
  endif()
endif()

if(POOLSCOPE_SANITIZE)
  list(JOIN POOLSCOPE_SANITIZE "," _poolscope_san)
  target_compile_options(poolscope_warnings INTERFACE
    -fsanitize=${_poolscope_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(poolscope_warnings INTERFACE -fsanitize=${_poolscope_san})
endif()

# Qt-facing targets link this too: no implicit QString conversions, no context-less connects.
add_library(poolscope_qt_defaults INTERFACE)
add_library(PoolScope::QtDefaults ALIAS poolscope_qt_defaults)
target_compile_definitions(poolscope_qt_defaults INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CONTEXTLESS_CONNECT
  QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_DISABLE_DEPRECATED_UP_TO=0x060400)
