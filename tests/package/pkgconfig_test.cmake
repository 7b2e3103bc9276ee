# package_consumer_pkgconfig: `cmake --install` the dev component into a temporary prefix, check the
# installed pkg-config files, then build two small programs against that prefix with nothing but
# the compiler and `pkg-config --cflags --libs` (no CMake package) and run them:
#   pkgconfig/core_consumer.cpp   poolscope-core poolscope-lab (no Qt): DNS, TLS dial, reuse
#   examples/consumer/main.cpp    poolscope-service poolscope-lab (+ Qt6Core through Requires)
# The core program is linked a second time from `pkg-config --static --libs`.
# -DCXX_COMPILER= [-DCXX_LAUNCHER=] [-DEXTRA_PREFIX_PATH=a|b] [-DSANITIZE=a;b] -DVERSION=
include("${CMAKE_CURRENT_LIST_DIR}/package_test_common.cmake")
work_begin()
require_program(PKG_CONFIG pkg-config pkg-config)
set(prefix "${WORK_DIR}/prefix")

run("install the dev component" TIMEOUT 300
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" --component dev ${CONFIG_ARGS})

# --- The installed .pc files ----------------------------------------------------------------
file(GLOB pc_dir "${prefix}/lib*/pkgconfig" "${prefix}/lib/*/pkgconfig")
if(NOT pc_dir)
  fail("no <libdir>/pkgconfig under ${prefix}")
endif()
list(GET pc_dir 0 pc_dir)
set(modules poolscope-core poolscope-lab poolscope-trace poolscope-service)
foreach(module IN LISTS modules)
  expect_file("${pc_dir}/${module}.pc")
  file(READ "${pc_dir}/${module}.pc" text)
  foreach(bad IN ITEMS "${BUILD_DIR}" "${SOURCE_DIR}" "${prefix}" "@")
    string(FIND "${text}" "${bad}" at)
    if(at GREATER_EQUAL 0)
      fail("${module}.pc mentions '${bad}' (it must be relocatable and fully configured)")
    endif()
  endforeach()
endforeach()

# The prefix's pkgconfig first; the system's (libssl, libcares, Qt6Core) stay on the default path.
# Prefixes the main build was given (e.g. a Qt outside /usr) are added after it.
set(pc_path "${pc_dir}")
if(EXTRA_PREFIX_PATH)
  string(REPLACE "|" ";" extra "${EXTRA_PREFIX_PATH}")
  foreach(p IN LISTS extra)
    foreach(sub IN ITEMS lib/pkgconfig lib64/pkgconfig share/pkgconfig)
      if(IS_DIRECTORY "${p}/${sub}")
        string(APPEND pc_path ":${p}/${sub}")
      endif()
    endforeach()
  endforeach()
endif()
set(pc_env "PKG_CONFIG_PATH=${pc_path}")

# pc(<out> args…): pkg-config's answer, failing the test when it fails.
function(pc out)
  run("pkg-config ${ARGN}" TIMEOUT 30 OUTPUT answer ENV ${pc_env} COMMAND "${PKG_CONFIG}" ${ARGN})
  string(STRIP "${answer}" answer)
  set(${out} "${answer}" PARENT_SCOPE)
endfunction()

foreach(module IN LISTS modules)
  pc(_ --validate ${module})
  pc(version --modversion ${module})
  if(NOT version STREQUAL VERSION)
    fail("${module}: version '${version}', expected ${VERSION} (from project())")
  endif()
endforeach()
# ${pcfiledir} must lead back into the prefix.
pc(includedir --variable=includedir poolscope-core)
file(REAL_PATH "${includedir}" includedir)
file(REAL_PATH "${prefix}/include" expected_includedir)
if(NOT includedir STREQUAL expected_includedir)
  fail("poolscope-core's includedir is ${includedir}, not ${expected_includedir}")
endif()
# The engine is Qt-free, its static link line included.
pc(core_static_libs --static --libs poolscope-core poolscope-lab poolscope-trace)
if(core_static_libs MATCHES "Qt")
  fail("poolscope-core/-lab/-trace pull in Qt: ${core_static_libs}")
endif()

# --- Build and run against the prefix -------------------------------------------------------
set(compiler "${CXX_COMPILER}")
if(CXX_LAUNCHER)
  set(compiler "${CXX_LAUNCHER}" "${CXX_COMPILER}")
endif()
# A sanitizer build installs instrumented static libraries: the programs link the same runtime.
set(sanitize_flags)
if(SANITIZE)
  string(REPLACE ";" "," sanitizers "${SANITIZE}")
  set(sanitize_flags "-fsanitize=${sanitizers}")
endif()

# build_and_run(<name> <source> <expected output> <pkg-config args…>)
function(build_and_run name source expected)
  pc(flags ${ARGN})
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(exe "${WORK_DIR}/${name}")
  run("build ${name}" TIMEOUT 300
    COMMAND ${compiler} -std=c++20 ${sanitize_flags} "${source}" ${flags} -o "${exe}")
  run("run ${name}" TIMEOUT 60 OUTPUT out COMMAND "${exe}")
  if(NOT out MATCHES "${expected}")
    fail("${name} did not print '${expected}'")
  endif()
endfunction()

build_and_run(core_consumer "${CMAKE_CURRENT_LIST_DIR}/pkgconfig/core_consumer.cpp"
  "pkgconfig core: OK" --cflags --libs poolscope-core poolscope-lab)
build_and_run(core_consumer_static "${CMAKE_CURRENT_LIST_DIR}/pkgconfig/core_consumer.cpp"
  "pkgconfig core: OK" --static --cflags --libs poolscope-core poolscope-lab)
build_and_run(service_consumer "${SOURCE_DIR}/examples/consumer/main.cpp"
  "consumer: OK" --cflags --libs poolscope-service poolscope-lab)

work_end()
message(STATUS "${TEST_NAME}: passed")
