# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (posix thread model: std::thread,
# std::mutex and std::condition_variable need it).
#
# POOLSCOPE_MINGW_PREFIX (cache variable or environment) names the prefix that
# scripts/windows/toolchain.sh fills with OpenSSL, c-ares and Qt built for the target.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(_poolscope_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_poolscope_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${_poolscope_triple}-g++-posix)
set(CMAKE_RC_COMPILER ${_poolscope_triple}-windres)
set(CMAKE_AR ${_poolscope_triple}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${_poolscope_triple}-gcc-ranlib-posix CACHE FILEPATH "")

if(NOT POOLSCOPE_MINGW_PREFIX AND DEFINED ENV{POOLSCOPE_MINGW_PREFIX})
  set(POOLSCOPE_MINGW_PREFIX "$ENV{POOLSCOPE_MINGW_PREFIX}")
endif()
set(POOLSCOPE_MINGW_PREFIX "${POOLSCOPE_MINGW_PREFIX}" CACHE PATH "Prefix with OpenSSL, c-ares and Qt for mingw-w64")
# try_compile projects do not see cache variables unless told to forward them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES POOLSCOPE_MINGW_PREFIX)

set(CMAKE_FIND_ROOT_PATH /usr/${_poolscope_triple})
if(POOLSCOPE_MINGW_PREFIX)
  list(PREPEND CMAKE_FIND_ROOT_PATH "${POOLSCOPE_MINGW_PREFIX}")
  list(PREPEND CMAKE_PREFIX_PATH "${POOLSCOPE_MINGW_PREFIX}")
endif()
# pkg-config (c-ares, OpenSSL) reads the target's .pc files only, never the build machine's.
if(POOLSCOPE_MINGW_PREFIX)
  set(ENV{PKG_CONFIG_LIBDIR} "${POOLSCOPE_MINGW_PREFIX}/lib/pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Run target executables (tests, try_run) under Wine.
find_program(POOLSCOPE_WINE NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(POOLSCOPE_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${POOLSCOPE_WINE}")
endif()
