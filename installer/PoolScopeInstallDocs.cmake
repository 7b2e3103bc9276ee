# License, Debian copyright and changelog for both packages; helpers shared by the other files.
# Files made at build time are listed in POOLSCOPE_PACKAGE_FILES and built by the target
# poolscope_package_files (ALL), so `cmake --install` and cpack find them.
set(POOLSCOPE_PACKAGE_FILES "")

# Debian and lintian want man pages and changelogs compressed with `gzip -9n` (maximum compression,
# no name or time stamp: reproducible). Elsewhere (no gzip) files are installed as they are.
find_program(POOLSCOPE_GZIP gzip)
mark_as_advanced(POOLSCOPE_GZIP)

# poolscope_gzip(<input> <output-variable>): build rule for <binary dir>/gz/<name>.gz; sets the
# variable to its path, or to <input> itself when gzip is not available.
function(poolscope_gzip input out_var)
  if(NOT POOLSCOPE_GZIP)
    set(${out_var} "${input}" PARENT_SCOPE)
    return()
  endif()
  get_filename_component(name "${input}" NAME)
  set(copy "${CMAKE_CURRENT_BINARY_DIR}/gz/${name}")
  add_custom_command(
    OUTPUT "${copy}.gz"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/gz"
    COMMAND "${CMAKE_COMMAND}" -E copy "${input}" "${copy}"
    COMMAND "${POOLSCOPE_GZIP}" -9nf "${copy}"
    DEPENDS "${input}"
    COMMENT "Compressing ${name} (gzip -9n)"
    VERBATIM)
  set(POOLSCOPE_PACKAGE_FILES ${POOLSCOPE_PACKAGE_FILES} "${copy}.gz" PARENT_SCOPE)
  set(${out_var} "${copy}.gz" PARENT_SCOPE)
endfunction()

# --- License ---------------------------------------------------------------------------------
# LICENSE.txt: NSIS and DragNDrop want a .txt license for their license page.
configure_file("${PROJECT_SOURCE_DIR}/LICENSE" "${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt" COPYONLY)

# --- Debian copyright (machine-readable, DEP-5), its license text taken from LICENSE ---------
# Paragraph breaks become " ." lines, every line is indented by one space.
file(READ "${PROJECT_SOURCE_DIR}/LICENSE" _poolscope_license)
string(FIND "${_poolscope_license}" "Permission is hereby granted" _poolscope_start)
if(_poolscope_start LESS 0)
  message(FATAL_ERROR "LICENSE: the MIT permission text was not found")
endif()
string(SUBSTRING "${_poolscope_license}" ${_poolscope_start} -1 _poolscope_license)
string(STRIP "${_poolscope_license}" _poolscope_license)
string(REPLACE "\n\n" "\n.\n" _poolscope_license "${_poolscope_license}")
string(REPLACE "\n" "\n " _poolscope_license "${_poolscope_license}")
set(POOLSCOPE_LICENSE_BODY " ${_poolscope_license}")
configure_file("${CMAKE_CURRENT_SOURCE_DIR}/debian/copyright.in" "${CMAKE_CURRENT_BINARY_DIR}/copyright" @ONLY)
unset(_poolscope_license)
unset(_poolscope_start)

# --- Debian changelog: version from project(), date from POOLSCOPE_RELEASE_DATE -------------
# RFC 2822 date with the weekday (Sakamoto's method), so the changelog needs no clock.
if(NOT POOLSCOPE_RELEASE_DATE MATCHES "^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$")
  message(FATAL_ERROR "POOLSCOPE_RELEASE_DATE must be YYYY-MM-DD, not '${POOLSCOPE_RELEASE_DATE}'")
endif()
math(EXPR _y "${CMAKE_MATCH_1}")
math(EXPR _m "${CMAKE_MATCH_2}")
math(EXPR _d "${CMAKE_MATCH_3}")
set(_t 0 3 2 5 0 3 5 1 4 6 2 4)
math(EXPR _mi "${_m} - 1")
list(GET _t ${_mi} _tm)
if(_m LESS 3)
  math(EXPR _y "${_y} - 1")
endif()
math(EXPR _dow "(${_y} + ${_y} / 4 - ${_y} / 100 + ${_y} / 400 + ${_tm} + ${_d}) % 7")
set(_days Sun Mon Tue Wed Thu Fri Sat)
set(_months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
list(GET _days ${_dow} _dayname)
list(GET _months ${_mi} _monthname)
set(POOLSCOPE_RELEASE_DATE_RFC2822 "${_dayname}, ${CMAKE_MATCH_3} ${_monthname} ${CMAKE_MATCH_1} 12:00:00 +0000")
foreach(_v _y _m _d _t _mi _tm _dow _days _months _dayname _monthname)
  unset(${_v})
endforeach()
configure_file("${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog.in" "${CMAKE_CURRENT_BINARY_DIR}/changelog.Debian" @ONLY)

if(UNIX AND NOT APPLE)
  poolscope_gzip("${CMAKE_CURRENT_BINARY_DIR}/changelog.Debian" _poolscope_changelog)
  foreach(_poolscope_component IN ITEMS app dev)
    string(TOUPPER "${_poolscope_component}" _poolscope_upper)
    install(FILES "${CMAKE_CURRENT_BINARY_DIR}/copyright" "${_poolscope_changelog}"
      DESTINATION "${POOLSCOPE_INSTALL_DOCDIR_${_poolscope_upper}}"
      COMPONENT ${_poolscope_component})
  endforeach()
  # lintian overrides, one file per package (usr/share/lintian/overrides/<package>).
  foreach(_poolscope_package IN ITEMS poolscope poolscope-dev)
    set(_poolscope_extra_overrides "")
    if(_poolscope_package STREQUAL "poolscope-dev" AND NOT CMAKE_INSTALL_LIBDIR MATCHES "/")
      # Without a multiarch libdir (-DCMAKE_INSTALL_PREFIX=/usr gives one) the .pc files are in
      # /usr/lib/pkgconfig, next to the libraries, where Debian's cross pkg-config does not look.
      set(_poolscope_extra_overrides "# The .pc files sit next to the libraries in /usr/lib (no multiarch libdir in this build).
${_poolscope_package}: pkg-config-unavailable-for-cross-compilation
")
    endif()
    configure_file("${CMAKE_CURRENT_SOURCE_DIR}/debian/lintian-overrides.in"
      "${CMAKE_CURRENT_BINARY_DIR}/lintian-overrides/${_poolscope_package}" @ONLY)
  endforeach()
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/lintian-overrides/poolscope"
    DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides" COMPONENT app)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/lintian-overrides/poolscope-dev"
    DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides" COMPONENT dev)
  unset(_poolscope_package)
  unset(_poolscope_extra_overrides)
  unset(_poolscope_changelog)
  unset(_poolscope_component)
  unset(_poolscope_upper)
else()
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt" DESTINATION "${POOLSCOPE_INSTALL_DOCDIR_APP}" COMPONENT app)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt" DESTINATION "${POOLSCOPE_INSTALL_DOCDIR_DEV}" COMPONENT dev)
endif()
