# The poolscope executable (component "app") and its platform integration:
#   Linux    desktop file, AppStream metainfo, hicolor icons (SVG + PNG sizes), man page
#   Windows  Qt (windeployqt, or by import table when cross-built), the other DLLs it needs, the
#            compiler runtime (NSIS installer and zip; cross-built and tried under Wine by
#            scripts/windows/test.sh)
#   macOS    an application bundle completed by macdeployqt (DragNDrop image; not built by CI:
#            docs/PACKAGING.md says how)

set(_poolscope_linux_dir "${PROJECT_SOURCE_DIR}/resources/linux")

# The app icon (resources/CMakeLists.txt publishes POOLSCOPE_APP_ICON).
if(DEFINED POOLSCOPE_APP_ICON AND EXISTS "${POOLSCOPE_APP_ICON}")
  set(_poolscope_icon_svg "${POOLSCOPE_APP_ICON}")
else()
  set(_poolscope_icon_svg "${PROJECT_SOURCE_DIR}/resources/icons/poolscope.svg")
endif()

# Qt's bin folder (windeployqt, macdeployqt), next to qmake.
set(_poolscope_qt_bin "")
if(TARGET Qt6::qmake)
  get_target_property(_poolscope_qmake Qt6::qmake IMPORTED_LOCATION)
  get_filename_component(_poolscope_qt_bin "${_poolscope_qmake}" DIRECTORY)
endif()

if(APPLE)
  # --- macOS: poolscope.app ---------------------------------------------------------------
  set_target_properties(poolscope PROPERTIES
    MACOSX_BUNDLE TRUE
    MACOSX_BUNDLE_BUNDLE_NAME "PoolScope"
    MACOSX_BUNDLE_GUI_IDENTIFIER "${POOLSCOPE_APP_ID}"
    MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
    MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
    MACOSX_BUNDLE_COPYRIGHT "Copyright 2026 The PoolScope Developers")
  install(TARGETS poolscope
    BUNDLE DESTINATION . COMPONENT app
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT app)
  # Found by ui::translationDirectories() as Contents/MacOS/../Resources/translations.
  install(FILES ${POOLSCOPE_TRANSLATION_FILES} DESTINATION "poolscope.app/Contents/Resources/translations"
          COMPONENT app)

  find_program(POOLSCOPE_MACDEPLOYQT macdeployqt HINTS "${_poolscope_qt_bin}")
  if(POOLSCOPE_MACDEPLOYQT)
    # Copies the Qt frameworks and plugins into the bundle and rewrites the install names.
    install(CODE "
      message(STATUS \"macdeployqt: \${CMAKE_INSTALL_PREFIX}/$<TARGET_FILE_NAME:poolscope>.app\")
      execute_process(
        COMMAND \"${POOLSCOPE_MACDEPLOYQT}\" \"\${CMAKE_INSTALL_PREFIX}/$<TARGET_FILE_NAME:poolscope>.app\" -always-overwrite
        COMMAND_ERROR_IS_FATAL ANY)"
      COMPONENT app)
  else()
    message(WARNING "macdeployqt not found: the installed poolscope.app will not contain Qt")
  endif()
  return()
endif()

install(TARGETS poolscope RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT app)
# Found by ui::translationDirectories() as <bin>/../share/poolscope/translations.
install(FILES ${POOLSCOPE_TRANSLATION_FILES} DESTINATION "${CMAKE_INSTALL_DATADIR}/poolscope/translations"
        COMPONENT app)
if(CMAKE_STRIP AND NOT WIN32)
  # After CMake's own strip (CPACK_STRIP_FILES, --strip): also drop .comment and .note, as
  # Debian's dh_strip does.
  install(CODE "
    if(CMAKE_INSTALL_DO_STRIP)
      execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment --remove-section=.note
        \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:poolscope>\"
        COMMAND_ERROR_IS_FATAL ANY)
    endif()"
    COMPONENT app)
endif()

if(WIN32)
  # --- Windows: Qt, OpenSSL and c-ares DLLs, the Qt plugins, the compiler runtime -----------
  # Native builds use windeployqt. A cross build (mingw-w64 on Linux) has no windeployqt for the
  # target, so the DLLs come from the executable's import tables (objdump) and the plugins the app
  # loads are copied by name: the Windows platform (and offscreen, for --screenshot without a
  # display) and the Windows style.
  find_program(POOLSCOPE_WINDEPLOYQT windeployqt HINTS "${_poolscope_qt_bin}")
  set(_poolscope_pre_exclude "\"^api-ms-\" \"^ext-ms-\"")
  if(POOLSCOPE_WINDEPLOYQT AND NOT CMAKE_CROSSCOMPILING)
    install(CODE "
      execute_process(
        COMMAND \"${POOLSCOPE_WINDEPLOYQT}\" --no-translations --no-compiler-runtime --no-opengl-sw
                --dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\"
                \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:poolscope>\"
        COMMAND_ERROR_IS_FATAL ANY)"
      COMPONENT app)
    string(APPEND _poolscope_pre_exclude " \"^[Qq]t6\"")
  else()
    # Imported targets are local to the folder that found them: ask for Qt's layout here.
    find_package(Qt6 6.4 REQUIRED COMPONENTS Core)
    set(_poolscope_qt_prefix "${QT6_INSTALL_PREFIX}")
    foreach(_poolscope_plugin IN ITEMS platforms/qwindows platforms/qoffscreen styles/qwindowsvistastyle)
      set(_poolscope_plugin_dll "${_poolscope_qt_prefix}/${QT6_INSTALL_PLUGINS}/${_poolscope_plugin}.dll")
      if(NOT EXISTS "${_poolscope_plugin_dll}")
        message(FATAL_ERROR "Qt plugin ${_poolscope_plugin}.dll not found in ${_poolscope_qt_prefix}/${QT6_INSTALL_PLUGINS}")
      endif()
      get_filename_component(_poolscope_plugin_dir "${_poolscope_plugin}" DIRECTORY)
      install(FILES "${_poolscope_plugin_dll}"
        DESTINATION "${CMAKE_INSTALL_BINDIR}/${_poolscope_plugin_dir}" COMPONENT app)
    endforeach()
    list(APPEND POOLSCOPE_RUNTIME_DLL_DIRS_EXTRA "${_poolscope_qt_prefix}/${QT6_INSTALL_BINS}")
  endif()

  # DLLs windeployqt does not know: OpenSSL (libssl-3*.dll, libcrypto-3*.dll), c-ares if shared,
  # and for MinGW its runtime (libstdc++, libgcc_s, libwinpthread). Add the folders holding them
  # (e.g. <OpenSSL>/bin, <vcpkg>/installed/x64-windows/bin).
  set(POOLSCOPE_RUNTIME_DLL_DIRS "" CACHE STRING "Folders (;-list) searched for poolscope.exe's non-Qt DLLs")
  get_filename_component(_poolscope_openssl_bin "${OPENSSL_INCLUDE_DIR}/../bin" ABSOLUTE)
  set(_poolscope_search "${POOLSCOPE_RUNTIME_DLL_DIRS};${_poolscope_openssl_bin};${_poolscope_qt_bin};${POOLSCOPE_RUNTIME_DLL_DIRS_EXTRA}")
  set(_poolscope_tool_settings "")
  set(_poolscope_system_libdir "")
  if(CMAKE_CROSSCOMPILING)
    # The compiler's own folder holds its runtime DLLs; objdump reads the PE import tables.
    execute_process(COMMAND "${CMAKE_CXX_COMPILER}" -print-libgcc-file-name
      OUTPUT_VARIABLE _poolscope_libgcc OUTPUT_STRIP_TRAILING_WHITESPACE)
    get_filename_component(_poolscope_gcc_dir "${_poolscope_libgcc}" DIRECTORY)
    list(GET CMAKE_FIND_ROOT_PATH -1 _poolscope_sysroot) # /usr/x86_64-w64-mingw32
    set(_poolscope_system_libdir "${_poolscope_sysroot}/lib")
    list(APPEND _poolscope_search "${_poolscope_gcc_dir}" "${_poolscope_system_libdir}")
    find_program(POOLSCOPE_TARGET_OBJDUMP NAMES x86_64-w64-mingw32-objdump objdump)
    set(_poolscope_tool_settings "
      set(CMAKE_GET_RUNTIME_DEPENDENCIES_PLATFORM windows+pe)
      set(CMAKE_GET_RUNTIME_DEPENDENCIES_TOOL objdump)
      set(CMAKE_GET_RUNTIME_DEPENDENCIES_COMMAND \"${POOLSCOPE_TARGET_OBJDUMP}\")")
  endif()
  # Quoted, forward-slash paths for the generated install script (spaces, backslashes).
  file(TO_CMAKE_PATH "${_poolscope_search}" _poolscope_dirs)
  set(_poolscope_dll_dirs "")
  foreach(_poolscope_dir IN LISTS _poolscope_dirs)
    if(_poolscope_dir)
      string(APPEND _poolscope_dll_dirs " \"${_poolscope_dir}\"")
    endif()
  endforeach()
  install(CODE "${_poolscope_tool_settings}
    set(_exe \"$<TARGET_FILE:poolscope>\")
    set(_bindir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    set(_dirs${_poolscope_dll_dirs})
    set(_pre_exclude ${_poolscope_pre_exclude})
    set(_system_libdir \"${_poolscope_system_libdir}\")
    include(\"${CMAKE_CURRENT_LIST_DIR}/WindowsRuntimeDlls.cmake\")"
    COMPONENT app)

  set(CMAKE_INSTALL_SYSTEM_RUNTIME_COMPONENT app)
  set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION "${CMAKE_INSTALL_BINDIR}")
  include(InstallRequiredSystemLibraries)
  return()
endif()

# --- Linux and other freedesktop systems ------------------------------------------------------
# Desktop entry, named after the app id (QGuiApplication::setDesktopFileName should use the same).
install(FILES "${_poolscope_linux_dir}/${POOLSCOPE_APP_ID}.desktop"
  DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/applications"
  COMPONENT app)

# AppStream metainfo, its release taken from project().
configure_file("${_poolscope_linux_dir}/${POOLSCOPE_APP_ID}.metainfo.xml.in"
  "${CMAKE_CURRENT_BINARY_DIR}/${POOLSCOPE_APP_ID}.metainfo.xml" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/${POOLSCOPE_APP_ID}.metainfo.xml"
  DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/metainfo"
  COMPONENT app)

# Man page, gzipped.
configure_file("${_poolscope_linux_dir}/poolscope.1.in" "${CMAKE_CURRENT_BINARY_DIR}/poolscope.1" @ONLY)
poolscope_gzip("${CMAKE_CURRENT_BINARY_DIR}/poolscope.1" _poolscope_man)
install(FILES "${_poolscope_man}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT app)

# hicolor icons: the SVG as the scalable one, PNGs rendered from it at build time by rsvg-convert
# (Debian: librsvg2-bin; scripts/install-deps.sh installs it).
if(EXISTS "${_poolscope_icon_svg}")
  install(FILES "${_poolscope_icon_svg}"
    DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/scalable/apps"
    RENAME "${POOLSCOPE_APP_ID}.svg"
    COMPONENT app)
  find_program(POOLSCOPE_RSVG_CONVERT rsvg-convert)
  mark_as_advanced(POOLSCOPE_RSVG_CONVERT)
  if(POOLSCOPE_RSVG_CONVERT)
    foreach(_poolscope_size IN ITEMS 16 22 24 32 48 64 128 256 512)
      set(_poolscope_png_dir "${CMAKE_CURRENT_BINARY_DIR}/icons/${_poolscope_size}x${_poolscope_size}")
      set(_poolscope_png "${_poolscope_png_dir}/${POOLSCOPE_APP_ID}.png")
      add_custom_command(
        OUTPUT "${_poolscope_png}"
        COMMAND "${CMAKE_COMMAND}" -E make_directory "${_poolscope_png_dir}"
        COMMAND "${POOLSCOPE_RSVG_CONVERT}" --width=${_poolscope_size} --height=${_poolscope_size}
                --keep-aspect-ratio --format=png --output "${_poolscope_png}" "${_poolscope_icon_svg}"
        DEPENDS "${_poolscope_icon_svg}"
        COMMENT "Rendering the ${_poolscope_size}x${_poolscope_size} app icon"
        VERBATIM)
      list(APPEND POOLSCOPE_PACKAGE_FILES "${_poolscope_png}")
      install(FILES "${_poolscope_png}"
        DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/${_poolscope_size}x${_poolscope_size}/apps"
        COMPONENT app)
    endforeach()
    unset(_poolscope_size)
    unset(_poolscope_png)
    unset(_poolscope_png_dir)
  else()
    message(STATUS "rsvg-convert not found: installing the scalable (SVG) app icon only "
                   "(Debian: apt-get install librsvg2-bin)")
  endif()
else()
  message(WARNING "App icon ${_poolscope_icon_svg} not found: no icon is installed")
endif()
unset(_poolscope_man)
unset(_poolscope_icon_svg)
unset(_poolscope_linux_dir)
