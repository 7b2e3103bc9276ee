# package_deb: cpack (DEB and TGZ) from the build, lintian on each .deb (any E: fails), the
# packages' control data and contents, then the monitor run from the unpacked .deb:
# `poolscope --version` and the offscreen demo (PNG written, "PoolScope summary:" printed).
# -DVERSION= -DAPP_ID= [-DSANITIZE=<the build's sanitizers>]
include("${CMAKE_CURRENT_LIST_DIR}/package_test_common.cmake")
# The Debian revision, as CPack has it.
include("${BUILD_DIR}/CPackConfig.cmake")
set(DEB_RELEASE "${CPACK_DEBIAN_PACKAGE_RELEASE}")
work_begin()
require_program(DPKG_DEB dpkg-deb dpkg)
require_program(DPKG_SHLIBDEPS dpkg-shlibdeps dpkg-dev)
require_program(LINTIAN lintian lintian)
get_filename_component(cmake_bin "${CMAKE_COMMAND}" DIRECTORY)
find_program(CPACK cpack HINTS "${cmake_bin}" NO_DEFAULT_PATH)
find_program(CPACK cpack)

set(out "${WORK_DIR}/out")
set(cpack_config_args "")
if(CONFIG)
  set(cpack_config_args -C "${CONFIG}")
endif()
# What users get is xz-compressed (installer/PoolScopeCPack.cmake).
if(NOT CPACK_DEBIAN_COMPRESSION_TYPE STREQUAL "xz")
  fail("CPACK_DEBIAN_COMPRESSION_TYPE is '${CPACK_DEBIAN_COMPRESSION_TYPE}', expected xz")
endif()
# A sanitized build's packages are never shipped, and xz spends minutes on their instrumented
# binaries and libraries: they are packed with gzip here. What is checked below does not depend
# on the compression.
if(SANITIZE)
  list(APPEND cpack_config_args -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip)
endif()
# The configured generators: DEB and TGZ (installer/PoolScopeCPack.cmake).
run("cpack" TIMEOUT 900
  COMMAND "${CPACK}" --config "${BUILD_DIR}/CPackConfig.cmake" -B "${out}" ${cpack_config_args})

# --- The .debs --------------------------------------------------------------------------------
execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE arch OUTPUT_STRIP_TRAILING_WHITESPACE)
set(deb_version "${VERSION}-${DEB_RELEASE}")
set(app_deb "${out}/poolscope_${deb_version}_${arch}.deb")
set(dev_deb "${out}/poolscope-dev_${deb_version}_${arch}.deb")
expect_file("${app_deb}")
expect_file("${dev_deb}")

function(deb_field deb field out_var)
  execute_process(COMMAND "${DPKG_DEB}" --field "${deb}" ${field}
    OUTPUT_VARIABLE value OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    fail("dpkg-deb --field ${deb} ${field} failed")
  endif()
  set(${out_var} "${value}" PARENT_SCOPE)
endfunction()

foreach(deb IN ITEMS "${app_deb}" "${dev_deb}")
  run("control of ${deb}" COMMAND "${DPKG_DEB}" --info "${deb}")
  deb_field("${deb}" Version v)
  if(NOT v STREQUAL deb_version)
    fail("${deb}: Version is '${v}', expected ${deb_version} (from project())")
  endif()
endforeach()
deb_field("${app_deb}" Section section)
deb_field("${app_deb}" Depends depends)
if(NOT section STREQUAL "net")
  fail("poolscope: Section is '${section}', expected net")
endif()
# dpkg-shlibdeps ran on the binary: the libraries it links are there with versions.
foreach(lib IN ITEMS "libc6 (>=" "libqt6widgets6" "libqt6core6" "libssl3" "libc-ares2")
  string(FIND "${depends}" "${lib}" at)
  if(at LESS 0)
    fail("poolscope: Depends lacks ${lib} (shlibdeps): ${depends}")
  endif()
endforeach()
# The UI needs qtbase only (PNG icons compiled in, QPainter charts): no Qt Charts (GPL-only) or
# Qt Svg may creep back in through a link or a hand-written Depends.
foreach(lib IN ITEMS "libqt6charts" "libqt6svg")
  string(FIND "${depends}" "${lib}" at)
  if(at GREATER_EQUAL 0)
    fail("poolscope: Depends names ${lib}, which the UI must not need: ${depends}")
  endif()
endforeach()

function(expect_in_deb deb listing)
  foreach(path IN LISTS ARGN)
    string(FIND "${listing}" " ./${path}\n" at)
    if(at LESS 0)
      fail("${deb} lacks /${path}")
    endif()
  endforeach()
endfunction()
execute_process(COMMAND "${DPKG_DEB}" --contents "${app_deb}" OUTPUT_VARIABLE app_list)
string(REGEX REPLACE "[^\n]* \\./" " ./" app_list "${app_list}")
expect_in_deb(poolscope "${app_list}"
  usr/bin/poolscope
  usr/share/doc/poolscope/copyright
  usr/share/doc/poolscope/changelog.Debian.gz
  usr/share/man/man1/poolscope.1.gz
  usr/share/applications/${APP_ID}.desktop
  usr/share/metainfo/${APP_ID}.metainfo.xml
  usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg)
execute_process(COMMAND "${DPKG_DEB}" --contents "${dev_deb}" OUTPUT_VARIABLE dev_list)
string(REGEX REPLACE "[^\n]* \\./" " ./" dev_list "${dev_list}")
expect_in_deb(poolscope-dev "${dev_list}"
  usr/include/dmsdk/dlib/connection_pool.h
  usr/include/poolscope/service/pool_service.h
  usr/share/doc/poolscope-dev/copyright
  usr/share/doc/poolscope-dev/changelog.Debian.gz)
foreach(needle IN ITEMS "/cmake/PoolScope/PoolScopeConfig.cmake\n" "/cmake/PoolScope/PoolScopeConfigVersion.cmake\n"
                        "/libpoolscope-core.a\n" "/libpoolscope-lab.a\n" "/libpoolscope-service.a\n")
  string(FIND "${dev_list}" "${needle}" at)
  if(at LESS 0)
    fail("poolscope-dev lacks …${needle}")
  endif()
endforeach()

# --- lintian: errors fail the test, warnings are printed ---------------------------------------
foreach(deb IN ITEMS "${app_deb}" "${dev_deb}")
  message(STATUS "lintian ${deb}")
  execute_process(
    COMMAND "${LINTIAN}" --tag-display-limit 0 --display-level ">=warning" "${deb}"
    TIMEOUT 600
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE report
    ERROR_VARIABLE report_err)
  message("${report}")
  string(REGEX MATCHALL "(^|\n)E: [^\n]*" errors "${report}")
  if(errors)
    fail("lintian reports errors for ${deb}")
  endif()
  if(NOT rc STREQUAL "0")
    message("${report_err}")
    fail("lintian did not run cleanly on ${deb} (${rc})")
  endif()
endforeach()

# --- The monitor from the unpacked .deb --------------------------------------------------------
set(root "${WORK_DIR}/root")
run("unpack" COMMAND dpkg -x "${app_deb}" "${root}")
set(poolscope "${root}/usr/bin/poolscope")
expect_file("${poolscope}")

run("poolscope --version" TIMEOUT 60 OUTPUT version_out COMMAND "${poolscope}" --version)
string(STRIP "${version_out}" version_out)
if(NOT version_out STREQUAL "poolscope ${VERSION}")
  fail("poolscope --version printed '${version_out}', expected 'poolscope ${VERSION}'")
endif()

# The translations ship as files beside the program, and it prefers them to its compiled-in copy.
expect_in_deb(poolscope "${app_list}" usr/share/poolscope/translations/poolscope_de.qm
  usr/share/poolscope/translations/poolscope_en.qm)
run("poolscope --help in German" TIMEOUT 60 OUTPUT help_out
  ENV LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 LANGUAGE=de "QT_LOGGING_RULES=poolscope.ui.debug=true"
  COMMAND "${poolscope}" --help)
if(NOT help_out MATCHES "translation loaded from[^\n]*/usr/share/poolscope/translations/poolscope_de\\.qm")
  fail("poolscope --help did not load the installed German translation:\n${help_out}")
endif()

# Settings and caches go to the work folder, not to the user's home.
set(shot "${WORK_DIR}/s.png")
run("offscreen demo" TIMEOUT 120 OUTPUT demo_out
  ENV QT_QPA_PLATFORM=offscreen "XDG_CONFIG_HOME=${WORK_DIR}/config" "XDG_CACHE_HOME=${WORK_DIR}/cache"
      "XDG_DATA_HOME=${WORK_DIR}/data"
  COMMAND "${poolscope}" --demo --screenshot "${shot}" --quit-after 3)
expect_file("${shot}")
png_size("${shot}" shot_size)
message(STATUS "screenshot ${shot_size}")
if(NOT demo_out MATCHES "PoolScope summary:")
  fail("the offscreen demo did not print 'PoolScope summary:'")
endif()

# --- The tarball --------------------------------------------------------------------------------
file(GLOB tgz "${out}/poolscope-${VERSION}-*.tar.gz")
if(NOT tgz)
  fail("no poolscope-${VERSION}-*.tar.gz in ${out}")
endif()
list(GET tgz 0 tgz)
execute_process(COMMAND "${CMAKE_COMMAND}" -E tar tf "${tgz}" OUTPUT_VARIABLE tgz_list RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  fail("cannot list ${tgz}")
endif()
foreach(needle IN ITEMS "/bin/poolscope\n" "/include/dmsdk/dlib/connection_pool.h\n"
                        "/cmake/PoolScope/PoolScopeConfig.cmake\n" "/share/applications/${APP_ID}.desktop\n")
  string(FIND "${tgz_list}" "${needle}" at)
  if(at LESS 0)
    fail("${tgz} lacks …${needle}")
  endif()
endforeach()

work_end()
message(STATUS "${TEST_NAME}: passed")
