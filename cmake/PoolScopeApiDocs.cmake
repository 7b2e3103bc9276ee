# `docs`: the HTML API reference of the public headers, built with Doxygen into <build>/docs/api
# (docs/Doxyfile.in). Not part of `all`. Any warning fails it, an undocumented public symbol
# included, and the test docs_api (tests/package) runs it. Without Doxygen the target says how to
# get it and fails; the test is skipped.
#
# INPUT: docs/api.dox (main page, namespaces) and every public header: the engine (poolscope/*.h
# and the seed API dmsdk/dlib/*.h), the service (poolscope/service/*.h), the lab
# (poolscope/lab/*.h), the trace library with the attach protocol (poolscope/trace/*.h) and attach
# (poolscope/attach/*.h) and the embeddable monitor widget (PoolScope::Ui's
# embed/pool_monitor_widget.h).
find_program(POOLSCOPE_DOXYGEN doxygen)
mark_as_advanced(POOLSCOPE_DOXYGEN)

set(POOLSCOPE_DOCS_INPUT
  "${PROJECT_SOURCE_DIR}/docs/api.dox"
  "${PROJECT_SOURCE_DIR}/core/engine/include"
  "${PROJECT_SOURCE_DIR}/core/service/include"
  "${PROJECT_SOURCE_DIR}/core/lab/include"
  "${PROJECT_SOURCE_DIR}/core/trace/include"
  "${PROJECT_SOURCE_DIR}/core/attach/include"
  "${PROJECT_SOURCE_DIR}/ui/embed/pool_monitor_widget.h")
list(JOIN POOLSCOPE_DOCS_INPUT " " POOLSCOPE_DOCS_INPUT)
set(POOLSCOPE_DOCS_OUTPUT "${PROJECT_BINARY_DIR}/docs/api")
find_program(POOLSCOPE_SED sed)
mark_as_advanced(POOLSCOPE_SED)
set(POOLSCOPE_DOCS_FILTER "")
if(POOLSCOPE_SED)
  set(POOLSCOPE_DOCS_FILTER "${POOLSCOPE_SED} -f ${PROJECT_SOURCE_DIR}/docs/doxygen_digit_separators.sed")
endif()
configure_file("${PROJECT_SOURCE_DIR}/docs/Doxyfile.in" "${PROJECT_BINARY_DIR}/docs/Doxyfile" @ONLY)

if(POOLSCOPE_DOXYGEN)
  add_custom_target(docs
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${POOLSCOPE_DOCS_OUTPUT}"
    COMMAND "${POOLSCOPE_DOXYGEN}" "${PROJECT_BINARY_DIR}/docs/Doxyfile"
    COMMAND "${CMAKE_COMMAND}" -E echo "API reference: ${POOLSCOPE_DOCS_OUTPUT}/html/index.html"
    WORKING_DIRECTORY "${PROJECT_BINARY_DIR}/docs"
    COMMENT "Doxygen: API reference of the public headers"
    VERBATIM)
else()
  add_custom_target(docs
    COMMAND "${CMAKE_COMMAND}" -E echo "docs: doxygen not found (Debian package doxygen; POOLSCOPE_DEPS_EXTRA=1 scripts/install-deps.sh installs it)"
    COMMAND "${CMAKE_COMMAND}" -E false
    VERBATIM)
endif()
