# package_consumer: `cmake --install` the dev component into a temporary prefix, check what was
# installed, then configure, build and run examples/consumer against that prefix (never the
# build tree): find_package(PoolScope) -> PoolScope::Service + PoolScope::Lab; then
# examples/embedded_monitor: find_package(PoolScope COMPONENTS Core Service Ui), a Qt Widgets app
# showing its own pool in poolscope::ui::PoolMonitorWidget, run offscreen (--check).
# -DGENERATOR= -DCXX_COMPILER= [-DCXX_LAUNCHER=] [-DEXTRA_PREFIX_PATH=a|b] -DVERSION=
include("${CMAKE_CURRENT_LIST_DIR}/package_test_common.cmake")
work_begin()
set(prefix "${WORK_DIR}/prefix")

run("install the dev component" TIMEOUT 300
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" --component dev ${CONFIG_ARGS})

# --- What a consumer gets ------------------------------------------------------------------
foreach(header IN ITEMS
    dmsdk/dlib/connection_pool.h dmsdk/dlib/socket.h dmsdk/dlib/sslsocket.h
    poolscope/connection_pool.h poolscope/result.h poolscope/lab/lab.h
    poolscope/trace/trace_reader.h poolscope/trace/pool_recorder.h
    poolscope/service/pool_service.h poolscope/service/service_types.h poolscope/service/service_recorder.h
    poolscope/ui/embed/pool_monitor_widget.h poolscope/ui/models/connections_model.h)
  expect_file("${prefix}/include/${header}")
endforeach()
file(GLOB config_file "${prefix}/lib*/cmake/PoolScope/PoolScopeConfig.cmake"
                      "${prefix}/lib/*/cmake/PoolScope/PoolScopeConfig.cmake")
if(NOT config_file)
  fail("PoolScopeConfig.cmake was not installed under ${prefix}/<libdir>/cmake/PoolScope")
endif()
list(GET config_file 0 config_file)
get_filename_component(config_dir "${config_file}" DIRECTORY)
foreach(f IN ITEMS PoolScopeConfigVersion.cmake PoolScopeCoreTargets.cmake PoolScopeServiceTargets.cmake
                  PoolScopeUiTargets.cmake)
  expect_file("${config_dir}/${f}")
endforeach()
file(GLOB libs "${config_dir}/../../libpoolscope-*")
list(LENGTH libs n_libs)
if(n_libs LESS 3)
  fail("expected libpoolscope-core, -lab and -service next to cmake/, found: ${libs}")
endif()

# The installed package must stand alone: no path into the source or build tree, no build-only
# targets (warnings, Qt defaults).
file(GLOB_RECURSE cmake_files "${config_dir}/*.cmake")
foreach(f IN LISTS cmake_files)
  file(READ "${f}" text)
  foreach(bad IN ITEMS "${BUILD_DIR}" "${SOURCE_DIR}" poolscope_warnings poolscope_qt_defaults
                       PoolScope::Warnings PoolScope::QtDefaults)
    string(FIND "${text}" "${bad}" at)
    if(at GREATER_EQUAL 0)
      fail("${f} mentions ${bad}")
    endif()
  endforeach()
endforeach()

# --- Build the consumer against the prefix -------------------------------------------------
# Prefixes the main build was given (e.g. a Qt outside /usr) go through the environment.
set(env "")
if(EXTRA_PREFIX_PATH)
  string(REPLACE "|" ":" extra "${EXTRA_PREFIX_PATH}")
  set(env "CMAKE_PREFIX_PATH=${extra}")
endif()
set(configure_args
  -S "${SOURCE_DIR}/examples/consumer" -B "${WORK_DIR}/build"
  -G "${GENERATOR}"
  "-DCMAKE_BUILD_TYPE=Release"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_PACKAGE_NO_SYSTEM_PACKAGE_REGISTRY=ON)
if(CXX_LAUNCHER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_LAUNCHER}")
endif()
# A sanitizer build installs instrumented static libraries: the consumer links the same runtime.
set(sanitize_args)
if(SANITIZE)
  string(REPLACE ";" "," sanitizers "${SANITIZE}")
  set(sanitize_args "-DCMAKE_CXX_FLAGS=-fsanitize=${sanitizers}" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${sanitizers}")
  list(APPEND configure_args ${sanitize_args})
endif()
run("configure the consumer" TIMEOUT 300 ENV ${env} COMMAND "${CMAKE_COMMAND}" ${configure_args})

file(STRINGS "${WORK_DIR}/build/CMakeCache.txt" found_dir REGEX "^PoolScope_DIR:")
string(REGEX REPLACE "^PoolScope_DIR:[A-Z]+=" "" found_dir "${found_dir}")
file(REAL_PATH "${found_dir}" found_dir)
file(REAL_PATH "${config_dir}" expected_dir)
if(NOT found_dir STREQUAL expected_dir)
  fail("the consumer found PoolScope in ${found_dir}, not in the install prefix (${expected_dir})")
endif()
message(STATUS "PoolScope_DIR = ${found_dir}")

run("build the consumer" TIMEOUT 600 COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build")

file(GLOB consumer "${WORK_DIR}/build/poolscope_consumer" "${WORK_DIR}/build/*/poolscope_consumer.exe"
                   "${WORK_DIR}/build/poolscope_consumer.exe")
if(NOT consumer)
  fail("the consumer executable was not built")
endif()
list(GET consumer 0 consumer)
run("run the consumer" TIMEOUT 60 OUTPUT out COMMAND "${consumer}")
if(NOT out MATCHES "consumer: OK")
  fail("the consumer did not print 'consumer: OK'")
endif()

# --- A Widgets app embedding the monitor: COMPONENTS Core Service Ui ------------------------
list(SUBLIST configure_args 4 -1 monitor_args) # all but the consumer's -S and -B
list(PREPEND monitor_args -S "${SOURCE_DIR}/examples/embedded_monitor" -B "${WORK_DIR}/build-monitor")
run("configure embedded_monitor (COMPONENTS Core Service Ui)" TIMEOUT 300 ENV ${env}
  COMMAND "${CMAKE_COMMAND}" ${monitor_args})
run("build embedded_monitor" TIMEOUT 600 COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build-monitor")
file(GLOB monitor "${WORK_DIR}/build-monitor/embedded_monitor" "${WORK_DIR}/build-monitor/embedded_monitor.exe")
if(NOT monitor)
  fail("embedded_monitor was not built")
endif()
list(GET monitor 0 monitor)
run("run embedded_monitor offscreen" TIMEOUT 60 OUTPUT out ENV QT_QPA_PLATFORM=offscreen
  COMMAND "${monitor}" --check "${WORK_DIR}/embedded_monitor.png")
if(NOT out MATCHES "embedded_monitor: OK: the monitor shows 2 connections")
  fail("embedded_monitor did not report its pool in the monitor")
endif()
expect_file("${WORK_DIR}/embedded_monitor.png")

# --- Core and Lab alone do not need Qt ------------------------------------------------------
file(MAKE_DIRECTORY "${WORK_DIR}/core-only")
file(WRITE "${WORK_DIR}/core-only/CMakeLists.txt" [=[
cmake_minimum_required(VERSION 3.21)
project(CoreOnly LANGUAGES CXX)
find_package(PoolScope REQUIRED COMPONENTS Core Lab)
if(NOT TARGET PoolScope::Core OR NOT TARGET PoolScope::Lab OR TARGET PoolScope::Service)
  message(FATAL_ERROR "COMPONENTS Core Lab should give PoolScope::Core and ::Lab, not ::Service")
endif()
if(NOT PoolScope_VERSION VERSION_EQUAL "@VERSION@")
  message(FATAL_ERROR "PoolScope_VERSION is ${PoolScope_VERSION}, expected @VERSION@")
endif()
]=])
file(READ "${WORK_DIR}/core-only/CMakeLists.txt" core_only)
string(REPLACE "@VERSION@" "${VERSION}" core_only "${core_only}")
file(WRITE "${WORK_DIR}/core-only/CMakeLists.txt" "${core_only}")
run("find_package(PoolScope COMPONENTS Core Lab) without Qt" TIMEOUT 300 ENV ${env}
  COMMAND "${CMAKE_COMMAND}" -S "${WORK_DIR}/core-only" -B "${WORK_DIR}/core-only/build"
          -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" ${sanitize_args}
          -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF --no-warn-unused-cli)

work_end()
message(STATUS "${TEST_NAME}: passed")
