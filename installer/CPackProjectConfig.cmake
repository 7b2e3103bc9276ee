# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE): settings that differ per generator.
# DEB: one package per component (poolscope, poolscope-dev); archives and the DragNDrop image: one
# file holding the packaged components (app + dev, or the app alone on macOS).
if(CPACK_GENERATOR MATCHES "^(TGZ|TXZ|TBZ2|ZIP|7Z)$")
  set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
  set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
  # The Windows zip is the portable app: unpack anywhere and run bin/poolscope.exe.
  if(CPACK_GENERATOR STREQUAL "ZIP" AND CPACK_SYSTEM_NAME STREQUAL "win64")
    set(CPACK_COMPONENTS_ALL app)
  endif()
elseif(CPACK_GENERATOR STREQUAL "DragNDrop")
  set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
endif()

# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY in front of every .deb's description; ours carry
# their own synopsis line (CPACK_DEBIAN_<COMPONENT>_DESCRIPTION), one per package.
if(CPACK_GENERATOR STREQUAL "DEB")
  unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
endif()

# Archives unpack into poolscope-<version>-<system>/, not into the current folder.
if(CPACK_GENERATOR MATCHES "^(TGZ|TXZ|TBZ2|ZIP|7Z)$")
  set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)
endif()
