# pkg-config files for the libraries, installed with the dev component to <libdir>/pkgconfig:
#   poolscope-core     the engine (Requires libssl libcrypto; c-ares private to a shared library)
#   poolscope-lab      loopback test servers        (Requires poolscope-core)
#   poolscope-trace    recording and reading traces (Requires poolscope-core)
#   poolscope-service  the Qt service               (Requires poolscope-core poolscope-trace Qt6Core)
#
# The files are relocatable: prefix is ${pcfiledir} plus the way up from <libdir>/pkgconfig, so
# the same file is right for `cmake --install --prefix P`, the .deb and the relocatable tarball
# (CPack stages under a temporary prefix, which a prefix written at configure time would miss).
# An absolute CMAKE_INSTALL_LIBDIR or INCLUDEDIR is written as it is.

set(_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _pc_up "/${_pc_dir}" "/")
  string(REGEX REPLACE "/$" "" _pc_up "${_pc_up}")
  set(PC_PREFIX "\${pcfiledir}/${_pc_up}")
  set(PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()

# What Core links privately: c-ares, the thread library and, on Windows, the system libraries
# c-ares and the socket layer need. A shared libpoolscope-core carries them itself, so they are
# private (pkg-config --static lists them). A static archive carries nothing, so every link needs
# them and they go into the public fields: plain `pkg-config --libs poolscope-core` links too.
set(_pc_core_libs ${CMAKE_THREAD_LIBS_INIT})
if(WIN32)
  list(APPEND _pc_core_libs -lws2_32 -liphlpapi -ladvapi32)
endif()
list(JOIN _pc_core_libs " " _pc_core_libs)
get_target_property(_pc_core_type poolscope_core TYPE)
if(_pc_core_type STREQUAL "STATIC_LIBRARY")
  set(PC_CORE_REQUIRES " libcares") # appended to the public fields
  set(PC_CORE_LIBS "")
  if(_pc_core_libs)
    set(PC_CORE_LIBS " ${_pc_core_libs}")
  endif()
  set(PC_CORE_REQUIRES_PRIVATE "")
  set(PC_CORE_LIBS_PRIVATE "")
else()
  set(PC_CORE_REQUIRES "")
  set(PC_CORE_LIBS "")
  set(PC_CORE_REQUIRES_PRIVATE "libcares")
  set(PC_CORE_LIBS_PRIVATE "${_pc_core_libs}")
endif()

set(_pc_names poolscope-core poolscope-lab poolscope-trace)
if(TARGET poolscope_service)
  list(APPEND _pc_names poolscope-service)
endif()
foreach(_pc_name IN LISTS _pc_names)
  configure_file("${CMAKE_CURRENT_SOURCE_DIR}/pkgconfig/${_pc_name}.pc.in"
                 "${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/${_pc_name}.pc" @ONLY)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/${_pc_name}.pc"
          DESTINATION "${_pc_dir}"
          COMPONENT dev)
endforeach()

unset(_pc_dir)
unset(_pc_up)
unset(_pc_core_libs)
unset(_pc_core_type)
unset(_pc_names)
unset(_pc_name)
