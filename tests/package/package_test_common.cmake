# Shared by the package tests (cmake -P scripts). Expects -DBUILD_DIR= -DSOURCE_DIR= -DTEST_NAME=
# and optionally -DCONFIG=. Each test works in its own temporary folder outside the source and
# build trees, removed when it starts and when it ends (set POOLSCOPE_KEEP_PACKAGE_WORK=1 to keep
# it for a look after a failure).
cmake_minimum_required(VERSION 3.21)

foreach(_var IN ITEMS BUILD_DIR SOURCE_DIR TEST_NAME)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "${CMAKE_SCRIPT_MODE_FILE}: -D${_var}=… is required")
  endif()
endforeach()

set(CONFIG_ARGS "")
if(CONFIG)
  set(CONFIG_ARGS --config "${CONFIG}")
endif()

# A fixed name per build folder, so a run killed by its time-out is cleaned up by the next one.
if(DEFINED ENV{TMPDIR} AND IS_DIRECTORY "$ENV{TMPDIR}")
  set(_tmp "$ENV{TMPDIR}")
else()
  set(_tmp "/tmp")
endif()
string(MD5 _build_hash "${BUILD_DIR}")
string(SUBSTRING "${_build_hash}" 0 10 _build_hash)
set(WORK_DIR "${_tmp}/poolscope-${TEST_NAME}-${_build_hash}")

function(work_begin)
  file(REMOVE_RECURSE "${WORK_DIR}")
  file(MAKE_DIRECTORY "${WORK_DIR}")
  message(STATUS "work folder: ${WORK_DIR}")
endfunction()

function(work_end)
  if("$ENV{POOLSCOPE_KEEP_PACKAGE_WORK}")
    message(STATUS "keeping ${WORK_DIR} (POOLSCOPE_KEEP_PACKAGE_WORK)")
  else()
    file(REMOVE_RECURSE "${WORK_DIR}")
  endif()
endfunction()

function(fail)
  string(JOIN "" _msg ${ARGN})
  work_end()
  message(FATAL_ERROR "${TEST_NAME}: ${_msg}")
endfunction()

# A tool the test cannot do without: missing in CI (CI=true) is a failure, elsewhere a skip
# (the test's SKIP_REGULAR_EXPRESSION matches PACKAGE_TEST_SKIPPED). scripts/install-deps.sh
# installs all of them.
function(require_program var name package)
  find_program(${var} ${name})
  if(NOT ${var})
    if("$ENV{CI}")
      fail("${name} not found: Debian package ${package}, which scripts/install-deps.sh installs")
    endif()
    work_end()
    message(FATAL_ERROR "PACKAGE_TEST_SKIPPED: ${name} not found (Debian package ${package})")
  endif()
  set(${var} "${${var}}" PARENT_SCOPE)
endfunction()

# run(<what> [TIMEOUT s] [OUTPUT var] [ENV k=v …] [WORKING_DIRECTORY d] COMMAND …): runs a command,
# echoes its output, fails the test on a non-zero exit or a time-out. OUTPUT: stdout and stderr.
function(run what)
  cmake_parse_arguments(R "" "TIMEOUT;OUTPUT;WORKING_DIRECTORY" "ENV;COMMAND" ${ARGN})
  if(NOT R_TIMEOUT)
    set(R_TIMEOUT 600)
  endif()
  if(NOT R_WORKING_DIRECTORY)
    set(R_WORKING_DIRECTORY "${WORK_DIR}")
  endif()
  string(JOIN " " _printable ${R_COMMAND})
  message(STATUS "${what}: ${_printable}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env ${R_ENV} ${R_COMMAND}
    WORKING_DIRECTORY "${R_WORKING_DIRECTORY}"
    TIMEOUT ${R_TIMEOUT}
    RESULT_VARIABLE _rc
    OUTPUT_VARIABLE _out
    ERROR_VARIABLE _out
    ECHO_OUTPUT_VARIABLE
    ECHO_ERROR_VARIABLE)
  if(NOT _rc STREQUAL "0")
    fail("${what} failed (${_rc})")
  endif()
  if(R_OUTPUT)
    set(${R_OUTPUT} "${_out}" PARENT_SCOPE)
  endif()
endfunction()

function(expect_file path)
  if(NOT EXISTS "${path}")
    fail("missing: ${path}")
  endif()
endfunction()

# PNG width and height from the IHDR chunk.
function(png_size path out_var)
  file(READ "${path}" _magic LIMIT 8 HEX)
  if(NOT _magic STREQUAL "89504e470d0a1a0a")
    fail("${path} is not a PNG file")
  endif()
  file(READ "${path}" _w OFFSET 16 LIMIT 4 HEX)
  file(READ "${path}" _h OFFSET 20 LIMIT 4 HEX)
  math(EXPR _w "0x${_w}")
  math(EXPR _h "0x${_h}")
  set(${out_var} "${_w}x${_h}" PARENT_SCOPE)
endfunction()
