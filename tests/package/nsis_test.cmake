# package_nsis (Windows, cross-built; runs under Wine): CPack makes the NSIS installer and the
# portable zip in the build folder (PoolScope-<version>-win64.exe/.zip). Then:
#   zip        holds the app alone; its poolscope.exe runs with nothing but the zip's own DLLs
#   installer  installs silently (/S) into the work folder, with a Start-menu entry and an
#              uninstaller; the installed poolscope.exe prints its version and writes a screenshot
#              of the demo at 1024×640 (kept as BUILD_DIR/windows-screenshot.png to look at)
#   uninstall  silently, leaving neither the files nor the Start-menu entry behind
# Installed programs run without the build's WINEPATH, so a DLL the packages lack fails the test.
# Expects -DBUILD_DIR= -DSOURCE_DIR= -DVERSION= -DWINE=.
include("${CMAKE_CURRENT_LIST_DIR}/package_test_common.cmake")

if(NOT WINE)
  message(FATAL_ERROR "PACKAGE_TEST_SKIPPED: no Wine to run the installer with")
endif()
work_begin()
require_program(MAKENSIS makensis nsis)
# A Wine prefix of the test's own (kept in the build folder: setting one up takes a while), so
# the installer never meets, uninstalls or registers over a PoolScope in the user's prefix.
set(_prefix "${BUILD_DIR}/package_nsis-wineprefix")
set(_alone "--unset=WINEPATH" "WINEDEBUG=-all" "WINEPREFIX=${_prefix}")

# Windows spelling of a path on this machine (Wine maps / to Z:).
function(windows_path path out_var)
  string(REPLACE "/" "\\" _p "${path}")
  set(${out_var} "Z:${_p}" PARENT_SCOPE)
endfunction()

set(_name "PoolScope-${VERSION}-win64")
file(REMOVE "${BUILD_DIR}/${_name}.exe" "${BUILD_DIR}/${_name}.zip")
run("cpack" TIMEOUT 900 WORKING_DIRECTORY "${BUILD_DIR}"
  COMMAND cpack --config "${BUILD_DIR}/CPackConfig.cmake") # its generators: NSIS;ZIP
expect_file("${BUILD_DIR}/${_name}.exe")
expect_file("${BUILD_DIR}/${_name}.zip")

# --- the portable zip -------------------------------------------------------------------------
file(MAKE_DIRECTORY "${WORK_DIR}/zip")
run("unzip" WORKING_DIRECTORY "${WORK_DIR}/zip" COMMAND "${CMAKE_COMMAND}" -E tar xf "${BUILD_DIR}/${_name}.zip")
set(_zbin "${WORK_DIR}/zip/${_name}/bin")
foreach(_f IN ITEMS poolscope.exe Qt6Core.dll Qt6Gui.dll Qt6Widgets.dll libssl-3-x64.dll libcrypto-3-x64.dll
               libstdc++-6.dll libwinpthread-1.dll platforms/qwindows.dll platforms/qoffscreen.dll
               styles/qwindowsvistastyle.dll)
  expect_file("${_zbin}/${_f}")
endforeach()
expect_file("${WORK_DIR}/zip/${_name}/share/poolscope/translations/poolscope_de.qm")
if(EXISTS "${WORK_DIR}/zip/${_name}/include" OR EXISTS "${WORK_DIR}/zip/${_name}/lib")
  fail("the portable zip should hold the app alone, not the libraries and headers")
endif()
run("zip: poolscope --version" TIMEOUT 120 OUTPUT _out ENV ${_alone} COMMAND "${WINE}" "${_zbin}/poolscope.exe" --version)
if(NOT _out MATCHES "poolscope ${VERSION}")
  fail("the zip's poolscope.exe --version printed: ${_out}")
endif()

# --- the installer ----------------------------------------------------------------------------
# No space in it: Wine quotes an argument with a space, and NSIS reads /D only unquoted.
set(_dir "${WORK_DIR}/installed/PoolScope")
windows_path("${_dir}" _wdir)
# A run stopped between install and uninstall leaves the product registered, pointing at a work
# folder that is gone, and the installer would then refuse ("Uninstall failed"): forget it first.
execute_process(COMMAND "${CMAKE_COMMAND}" -E env ${_alone} "${WINE}" reg delete
  "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\PoolScope" /f
  OUTPUT_QUIET ERROR_QUIET TIMEOUT 120)
# /D must come last and unquoted, spaces and all (NSIS rule).
run("install (silent)" TIMEOUT 300 ENV ${_alone} COMMAND "${WINE}" "${BUILD_DIR}/${_name}.exe" /S "/D=${_wdir}")
foreach(_f IN ITEMS bin/poolscope.exe bin/Qt6Widgets.dll bin/platforms/qwindows.dll Uninstall.exe
               share/poolscope/translations/poolscope_de.qm)
  expect_file("${_dir}/${_f}")
endforeach()
# All users' Start menu (an administrator's install) or the user's own; the folder is named
# after the package ("PoolScope 0.1.0").
set(_menus "${_prefix}/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs"
           "${_prefix}/drive_c/users/*/AppData/Roaming/Microsoft/Windows/Start Menu/Programs")
function(start_menu_links out_var)
  set(_all "")
  foreach(_menu IN LISTS _menus)
    file(GLOB _links "${_menu}/PoolScope*/PoolScope.lnk")
    list(APPEND _all ${_links})
  endforeach()
  set(${out_var} "${_all}" PARENT_SCOPE)
endfunction()
start_menu_links(_shortcut)
if(NOT _shortcut)
  fail("no Start-menu entry PoolScope*/PoolScope.lnk after installing (looked in ${_menus})")
endif()

run("installed: poolscope --version" TIMEOUT 120 OUTPUT _out ENV ${_alone}
  COMMAND "${WINE}" "${_dir}/bin/poolscope.exe" --version)
if(NOT _out MATCHES "poolscope ${VERSION}")
  fail("the installed poolscope.exe --version printed: ${_out}")
endif()
set(_shot "${WORK_DIR}/windows-screenshot.png")
windows_path("${_shot}" _wshot)
run("installed: the demo with a screenshot" TIMEOUT 180 OUTPUT _out ENV ${_alone}
  COMMAND "${WINE}" "${_dir}/bin/poolscope.exe" --demo --screenshot "${_wshot}" --quit-after 5
          --window-size 1024x640)
if(NOT _out MATCHES "Screenshot written to" OR NOT _out MATCHES "PoolScope summary: in use [0-9]+, idle [0-9]+, dials [1-9]")
  fail("the installed app did not report a screenshot and a summary with dials: ${_out}")
endif()
expect_file("${_shot}")
png_size("${_shot}" _size)
if(NOT _size STREQUAL "1024x640")
  fail("screenshot is ${_size}, expected 1024x640")
endif()
file(SIZE "${_shot}" _bytes)
if(_bytes LESS 40000) # a window with text, icons and charts; a blank one compresses to a few KB
  fail("screenshot is only ${_bytes} bytes: is the window empty?")
endif()
file(COPY_FILE "${_shot}" "${BUILD_DIR}/windows-screenshot.png")

# --- uninstall --------------------------------------------------------------------------------
# The NSIS uninstaller copies itself to %TEMP% and returns at once; wait for it, boundedly.
run("uninstall (silent)" TIMEOUT 120 ENV ${_alone} COMMAND "${WINE}" "${_dir}/Uninstall.exe" /S)
foreach(_i RANGE 120)
  if(NOT EXISTS "${_dir}/bin/poolscope.exe" AND NOT EXISTS "${_dir}/Uninstall.exe")
    break()
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 0.5)
endforeach()
if(EXISTS "${_dir}/bin/poolscope.exe" OR EXISTS "${_dir}/Uninstall.exe")
  fail("the uninstaller left ${_dir} behind")
endif()
file(GLOB_RECURSE _left LIST_DIRECTORIES false "${_dir}/*")
if(_left)
  fail("the uninstaller left files: ${_left}")
endif()
start_menu_links(_shortcut)
if(_shortcut)
  fail("the uninstaller left the Start-menu entry ${_shortcut}")
endif()
message(STATUS "${TEST_NAME}: installer and zip install, run and uninstall under Wine")
work_end()
