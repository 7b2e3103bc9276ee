# The libraries as a CMake package: find_package(PoolScope [COMPONENTS Core Lab Service]) then
# target_link_libraries(app PRIVATE PoolScope::Service) (or PoolScope::Core / Lab / Trace).
#
# Two export sets, so a consumer of Core/Lab does not need Qt:
#   PoolScopeCoreTargets.cmake     PoolScope::Core, PoolScope::Lab, PoolScope::Trace
#                                  (OpenSSL, Threads, c-ares)
#   PoolScopeServiceTargets.cmake  PoolScope::Service               (+ Qt6 Core)
#   PoolScopeAttachTargets.cmake   PoolScope::Attach                (+ Qt6 Network; only when asked
#                                  for: find_package(PoolScope COMPONENTS Attach))
#   PoolScopeUiTargets.cmake       PoolScope::Ui (+ its resources)  (+ Qt6 Widgets; only when asked
#                                  for: find_package(PoolScope COMPONENTS Ui)); always static
# The build-only INTERFACE targets poolscope_warnings / poolscope_qt_defaults are linked as
# $<BUILD_INTERFACE:…> and so never appear in either.
include(CMakePackageConfigHelpers)

# Targets can be built shared (BUILD_SHARED_LIBS=ON): then the library itself goes with the app.
set(_poolscope_target_destinations
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT dev
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT app NAMELINK_COMPONENT dev
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT app)
# (The include directory comes from each target's $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>.)

install(TARGETS poolscope_core poolscope_lab poolscope_trace EXPORT PoolScopeCoreTargets ${_poolscope_target_destinations})
install(EXPORT PoolScopeCoreTargets
  NAMESPACE PoolScope::
  DESTINATION "${POOLSCOPE_INSTALL_CMAKEDIR}"
  COMPONENT dev)

set(POOLSCOPE_CONFIG_HAS_SERVICE OFF)
if(TARGET poolscope_service)
  set(POOLSCOPE_CONFIG_HAS_SERVICE ON)
  install(TARGETS poolscope_service EXPORT PoolScopeServiceTargets ${_poolscope_target_destinations})
  install(EXPORT PoolScopeServiceTargets
    NAMESPACE PoolScope::
    DESTINATION "${POOLSCOPE_INSTALL_CMAKEDIR}"
    COMPONENT dev)
endif()
set(POOLSCOPE_CONFIG_HAS_ATTACH OFF)
if(TARGET poolscope_attach)
  set(POOLSCOPE_CONFIG_HAS_ATTACH ON)
  install(TARGETS poolscope_attach EXPORT PoolScopeAttachTargets ${_poolscope_target_destinations})
  install(EXPORT PoolScopeAttachTargets
    NAMESPACE PoolScope::
    DESTINATION "${POOLSCOPE_INSTALL_CMAKEDIR}"
    COMPONENT dev)
endif()
set(POOLSCOPE_CONFIG_HAS_UI OFF)
if(TARGET poolscope_ui AND TARGET poolscope_attach)
  set(POOLSCOPE_CONFIG_HAS_UI ON)
  # The icons, translations and lessons the widgets use travel as a second static library.
  set_target_properties(poolscope_resources PROPERTIES EXPORT_NAME UiResources OUTPUT_NAME poolscope-ui-resources)
  install(TARGETS poolscope_ui poolscope_resources EXPORT PoolScopeUiTargets ${_poolscope_target_destinations})
  install(EXPORT PoolScopeUiTargets
    NAMESPACE PoolScope::
    DESTINATION "${POOLSCOPE_INSTALL_CMAKEDIR}"
    COMPONENT dev)
  # The widgets' headers keep their folders (embed/, models/, widgets/, charts/, util/ …) under
  # include/poolscope/ui, the include directory PoolScope::Ui gives its users. The supported API
  # is embed/pool_monitor_widget.h and the models and panels it hands out; the rest is installed
  # because those include it.
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/ui/"
    DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/poolscope/ui"
    COMPONENT dev
    FILES_MATCHING PATTERN "*.h")
endif()
unset(_poolscope_target_destinations)

# CMake strips executables and shared libraries for `cmake --install --strip` and CPack's
# CPACK_STRIP_FILES, never archives. Do what Debian's dh_strip does for static libraries: drop
# the debug sections and .comment/.note, keep the symbols (the .a files shrink about tenfold).
if(CMAKE_STRIP AND NOT APPLE AND NOT MSVC)
  foreach(_poolscope_target IN ITEMS poolscope_core poolscope_lab poolscope_trace poolscope_service
                                        poolscope_attach poolscope_ui poolscope_resources)
    if(TARGET ${_poolscope_target})
      get_target_property(_poolscope_type ${_poolscope_target} TYPE)
      if(_poolscope_type STREQUAL "STATIC_LIBRARY")
        install(CODE "
          if(CMAKE_INSTALL_DO_STRIP)
            execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug --remove-section=.comment
              --remove-section=.note --enable-deterministic-archives
              \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:${_poolscope_target}>\"
              COMMAND_ERROR_IS_FATAL ANY)
          endif()"
          COMPONENT dev)
      endif()
    endif()
  endforeach()
  unset(_poolscope_target)
  unset(_poolscope_type)
endif()

# Public headers, keeping their paths: poolscope/*.h, poolscope/lab/*.h, poolscope/trace/*.h,
# poolscope/service/*.h, poolscope/attach/*.h and
# the seed API dmsdk/dlib/{connection_pool,socket,sslsocket}.h.
foreach(_poolscope_target IN ITEMS poolscope_core poolscope_lab poolscope_trace poolscope_service poolscope_attach)
  if(TARGET ${_poolscope_target})
    get_target_property(_poolscope_dir ${_poolscope_target} SOURCE_DIR)
    install(DIRECTORY "${_poolscope_dir}/include/"
      DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
      COMPONENT dev
      FILES_MATCHING PATTERN "*.h")
  endif()
endforeach()
unset(_poolscope_target)
unset(_poolscope_dir)

# Static libraries carry their private dependencies in the link interface ($<LINK_ONLY:…>):
# c-ares (PkgConfig::CARES) for Core. The config file recreates them.
get_target_property(_poolscope_core_type poolscope_core TYPE)
if(_poolscope_core_type STREQUAL "STATIC_LIBRARY")
  set(POOLSCOPE_CONFIG_STATIC ON)
else()
  set(POOLSCOPE_CONFIG_STATIC OFF)
endif()
unset(_poolscope_core_type)

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/PoolScopeConfig.cmake.in"
  "${CMAKE_CURRENT_BINARY_DIR}/PoolScopeConfig.cmake"
  INSTALL_DESTINATION "${POOLSCOPE_INSTALL_CMAKEDIR}"
  NO_SET_AND_CHECK_MACRO)
# 0.x: only the same minor version is compatible.
write_basic_package_version_file(
  "${CMAKE_CURRENT_BINARY_DIR}/PoolScopeConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${CMAKE_CURRENT_BINARY_DIR}/PoolScopeConfig.cmake"
  "${CMAKE_CURRENT_BINARY_DIR}/PoolScopeConfigVersion.cmake"
  DESTINATION "${POOLSCOPE_INSTALL_CMAKEDIR}"
  COMPONENT dev)

# The consumer example ships with the development files (docs/PACKAGING.md, README).
foreach(_poolscope_example IN ITEMS consumer embedded_monitor)
  if(EXISTS "${PROJECT_SOURCE_DIR}/examples/${_poolscope_example}/CMakeLists.txt")
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/examples/${_poolscope_example}/"
      DESTINATION "${POOLSCOPE_INSTALL_DOCDIR_DEV}/examples/${_poolscope_example}"
      COMPONENT dev
      PATTERN "build*" EXCLUDE)
  endif()
endforeach()
unset(_poolscope_example)
