# docs_api: builds the `docs` target (Doxygen over every public header,
# cmake/PoolScopeApiDocs.cmake). Doxygen runs with WARN_AS_ERROR=FAIL_ON_WARNINGS, so an
# undocumented public symbol or a broken doc comment fails the test; the warnings are printed.
# Without doxygen it is skipped (a failure in CI).
include("${CMAKE_CURRENT_LIST_DIR}/package_test_common.cmake")
work_begin()
require_program(DOXYGEN doxygen doxygen)
run("build the docs target" TIMEOUT 300
  COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target docs ${CONFIG_ARGS})
file(GLOB index "${BUILD_DIR}/docs/api/html/index.html")
if(NOT index)
  fail("Doxygen left no ${BUILD_DIR}/docs/api/html/index.html")
endif()
work_end()
message(STATUS "${TEST_NAME}: passed")
