# package_desktop: install the app component into a temporary prefix and validate its desktop
# integration: desktop-file-validate, appstreamcli validate --no-net, the hicolor icons (the PNG
# sizes match their folders) and the man page (man --warnings).
# -DAPP_ID=
include("${CMAKE_CURRENT_LIST_DIR}/package_test_common.cmake")
work_begin()
require_program(DESKTOP_FILE_VALIDATE desktop-file-validate desktop-file-utils)
require_program(APPSTREAMCLI appstreamcli appstream)
set(prefix "${WORK_DIR}/prefix")
run("install the app component" TIMEOUT 300
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" --component app ${CONFIG_ARGS})

set(desktop "${prefix}/share/applications/${APP_ID}.desktop")
set(metainfo "${prefix}/share/metainfo/${APP_ID}.metainfo.xml")
expect_file("${desktop}")
expect_file("${metainfo}")
run("desktop-file-validate" TIMEOUT 60 OUTPUT dfv COMMAND "${DESKTOP_FILE_VALIDATE}" "${desktop}")
if(dfv MATCHES "error:")
  fail("desktop-file-validate reports errors")
endif()
run("appstreamcli validate" TIMEOUT 120 COMMAND "${APPSTREAMCLI}" validate --no-net --explain "${metainfo}")

# Icons: the SVG always; PNG sizes wherever rsvg-convert rendered them (scripts/install-deps.sh).
expect_file("${prefix}/share/icons/hicolor/scalable/apps/${APP_ID}.svg")
find_program(RSVG_CONVERT rsvg-convert)
foreach(size IN ITEMS 16 22 24 32 48 64 128 256 512)
  set(png "${prefix}/share/icons/hicolor/${size}x${size}/apps/${APP_ID}.png")
  if(EXISTS "${png}")
    png_size("${png}" actual)
    if(NOT actual STREQUAL "${size}x${size}")
      fail("${png} is ${actual}")
    endif()
  elseif(RSVG_CONVERT OR "$ENV{CI}")
    fail("missing ${png}")
  endif()
endforeach()

# Man page: installed gzipped, renders without warnings.
set(man "${prefix}/share/man/man1/poolscope.1.gz")
expect_file("${man}")
find_program(MAN man)
if(MAN)
  execute_process(COMMAND "${MAN}" --warnings -E UTF-8 -l "${man}"
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE man_warnings TIMEOUT 60)
  if(NOT rc EQUAL 0 OR man_warnings)
    message("${man_warnings}")
    fail("man reports problems with poolscope.1 (${rc})")
  endif()
endif()

work_end()
message(STATUS "${TEST_NAME}: passed")
