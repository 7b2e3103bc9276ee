# CPack: Linux .deb (poolscope + poolscope-dev) and .tar.gz; Windows NSIS installer; macOS
# DragNDrop image. `cpack -G DEB` / `cpack -G TGZ` in the build folder (docs/PACKAGING.md).

set(CPACK_PACKAGE_NAME "poolscope")
set(CPACK_PACKAGE_VENDOR "The PoolScope Developers")
set(CPACK_PACKAGE_CONTACT "PoolScope Developers <dev@poolscope.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VERSION_MAJOR "${PROJECT_VERSION_MAJOR}")
set(CPACK_PACKAGE_VERSION_MINOR "${PROJECT_VERSION_MINOR}")
set(CPACK_PACKAGE_VERSION_PATCH "${PROJECT_VERSION_PATCH}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "PoolScope")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
# xz (the .debs) compresses on every core: single-threaded it is most of a package build's time.
set(CPACK_THREADS 0)
set(CPACK_VERBATIM_VARIABLES ON)
# Directories in the packages are 0755 whatever the umask.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# Only the two components: rules without a component ("Unspecified") stay out of the packages.
set(CPACK_COMPONENTS_ALL app dev)
set(CPACK_COMPONENT_APP_DISPLAY_NAME "PoolScope monitor")
set(CPACK_COMPONENT_APP_DESCRIPTION
  "The poolscope application: a live monitor for a TCP/TLS connection pool, with a built-in lab of loopback servers.")
set(CPACK_COMPONENT_APP_REQUIRED ON)
set(CPACK_COMPONENT_DEV_DISPLAY_NAME "Libraries and headers")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "PoolScope::Core, PoolScope::Lab and PoolScope::Service with their headers and CMake package, to embed the pool in your own application.")

# Per-generator settings CPack applies at packaging time (component grouping of the archives).
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_SOURCE_DIR}/CPackProjectConfig.cmake")

if(WIN32)
  # --- Windows: NSIS (https://nsis.sourceforge.io; makensis on PATH), ZIP otherwise ----------
  find_program(POOLSCOPE_MAKENSIS makensis)
  if(POOLSCOPE_MAKENSIS)
    set(CPACK_GENERATOR "NSIS;ZIP")
  else()
    set(CPACK_GENERATOR "ZIP")
  endif()
  # PoolScope-<version>-win64.exe (installer) and .zip (portable: the app alone, unpacked anywhere).
  set(CPACK_PACKAGE_FILE_NAME "PoolScope-${PROJECT_VERSION}-win64")
  set(CPACK_PACKAGE_EXECUTABLES "poolscope" "PoolScope")
  # The installer offers the libraries and headers too, unticked: most people want the monitor.
  set(CPACK_COMPONENT_DEV_DISABLED ON)
  if(POOLSCOPE_APP_ICO)
    set(CPACK_NSIS_MUI_ICON "${POOLSCOPE_APP_ICO}")
    set(CPACK_NSIS_MUI_UNIICON "${POOLSCOPE_APP_ICO}")
  endif()
  # A 64-bit installer for a 64-bit app: it installs into "Program Files", not "Program Files
  # (x86)", and runs where 32-bit programs cannot (Wine without wine32, Windows on ARM64 w/o x86).
  # CPack has no setting for NSIS's Target, so its own template is used with that one line added.
  set(_poolscope_nsis_template "${CMAKE_ROOT}/Modules/Internal/CPack/NSIS.template.in")
  if(EXISTS "${_poolscope_nsis_template}")
    file(READ "${_poolscope_nsis_template}" _poolscope_nsis)
    string(REPLACE ";Variables\n" "Target amd64-unicode\n;Variables\n" _poolscope_nsis "${_poolscope_nsis}")
    file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/nsis/NSIS.template.in" "${_poolscope_nsis}")
    list(PREPEND CPACK_MODULE_PATH "${CMAKE_CURRENT_BINARY_DIR}/nsis")
  endif()
  set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
  set(CPACK_NSIS_PACKAGE_NAME "PoolScope ${PROJECT_VERSION}")
  set(CPACK_NSIS_DISPLAY_NAME "PoolScope")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\poolscope.exe")
  set(CPACK_NSIS_MUI_FINISHPAGE_RUN "poolscope.exe")
  set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
  set(CPACK_NSIS_CONTACT "dev@poolscope.invalid")
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
  set(CPACK_NSIS_MODIFY_PATH OFF)
  set(CPACK_NSIS_IGNORE_LICENSE_PAGE OFF)
elseif(APPLE)
  # --- macOS: a disk image with poolscope.app to drag into Applications ----------------------
  set(CPACK_GENERATOR "DragNDrop")
  set(CPACK_COMPONENTS_ALL app)
  set(CPACK_DMG_VOLUME_NAME "PoolScope ${PROJECT_VERSION}")
  set(CPACK_DMG_FORMAT "UDZO")
  set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)
  set(CPACK_PACKAGE_FILE_NAME "PoolScope-${PROJECT_VERSION}-macOS")
else()
  # --- Linux: Debian packages and a binary tarball --------------------------------------------
  set(CPACK_GENERATOR "DEB;TGZ")

  set(CPACK_DEB_COMPONENT_INSTALL ON)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)                    # <name>_<version>-<release>_<arch>.deb
  set(CPACK_DEBIAN_PACKAGE_RELEASE "${POOLSCOPE_DEB_RELEASE}")
  set(CPACK_DEBIAN_PACKAGE_SOURCE "poolscope")
  set(CPACK_DEBIAN_PACKAGE_MAINTAINER "PoolScope Developers <dev@poolscope.invalid>")
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
  set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
  set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")

  # poolscope: the monitor. Its Depends come from dpkg-shlibdeps on the stripped binary.
  set(CPACK_DEBIAN_APP_PACKAGE_NAME "poolscope")
  set(CPACK_DEBIAN_APP_PACKAGE_SECTION "net")
  set(CPACK_DEBIAN_APP_PACKAGE_SHLIBDEPS ON)
  # dpkg-shlibdeps adds what the binary links, and that is all it needs: the icons are PNGs built
  # into the binary, and the xcb and offscreen platform plugins are in libqt6gui6, which it links.
  set(CPACK_DEBIAN_APP_DESCRIPTION
"live monitor for a TCP/TLS connection pool
PoolScope shows a connection pool at work: every connection it dials, hands
out, reuses and closes, the phase in which a dial failed (name resolution,
connect, TLS handshake or certificate verification) and how keep-alive,
limits and shutdowns behave.

A built-in lab of loopback servers (HTTP, HTTPS, expired and untrusted
certificates, servers that reset, stay silent or close idle connections)
shows each behaviour without touching the network. Without a display it
runs the demo offscreen and writes a screenshot.")

  # poolscope-dev: static libraries, headers, CMake package. What their link interface needs.
  set(CPACK_DEBIAN_DEV_PACKAGE_NAME "poolscope-dev")
  set(CPACK_DEBIAN_DEV_PACKAGE_SECTION "libdevel")
  set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
  set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libssl-dev (>= 3.0), libc-ares-dev, qt6-base-dev (>= 6.4)")
  set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "cmake (>= 3.21)")
  set(CPACK_DEBIAN_DEV_DESCRIPTION
"embeddable TCP/TLS connection pool for C++20 and Qt (development files)
Static libraries, headers and the CMake package of PoolScope:
 PoolScope::Core     the pool engine (native sockets, OpenSSL 3, c-ares),
                     including the dmConnectionPool API (dmsdk/dlib/)
 PoolScope::Lab      loopback test servers (HTTP, TLS, DNS, failures)
 PoolScope::Service  the pool on a worker thread, with QFuture results and
                     throttled snapshots for Qt 6 applications

Use find_package(PoolScope) and link PoolScope::Service or PoolScope::Core.
A small example program is in /usr/share/doc/poolscope-dev/examples.")
endif()

# Source tarball (cpack --config CPackSourceConfig.cmake): the tree without builds and VCS data.
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_PACKAGE_FILE_NAME "poolscope-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES
  "/\\.git/" "/\\.cache/" "/build/" "/build-[^/]*/" "\\.user$" "/compile_commands\\.json$")

include(CPack)
