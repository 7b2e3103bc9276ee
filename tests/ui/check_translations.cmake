# Fails when a plural string of the sources has no English forms in poolscope_en.ts (the monitor
# would then show "1 event(s)"): lupdate refreshes a copy of the file, and nothing may be left
# unfinished. Run by ctest as ui_translations_complete.
#   cmake -DLUPDATE=... -DSOURCE_DIR=... -DWORK_DIR=... -P check_translations.cmake
set(ts "${WORK_DIR}/poolscope_en.ts")
# Read and written, not file(COPY): that skips a copy whose time stamps match, and lupdate rewrites it.
file(READ "${SOURCE_DIR}/resources/translations/poolscope_en.ts" content)
file(WRITE "${ts}" "${content}")
execute_process(
  COMMAND "${LUPDATE}" -pluralonly -locations none -no-obsolete "${SOURCE_DIR}/ui" "${SOURCE_DIR}/app" -ts "${ts}"
  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc})")
endif()
file(STRINGS "${ts}" lines)
set(missing "")
set(previous "")
foreach(line IN LISTS lines)
  if(line MATCHES "type=\"unfinished\"")
    string(APPEND missing "\n  ${previous}")
  endif()
  set(previous "${line}")
endforeach()
if(missing)
  message(FATAL_ERROR "plural strings without English forms in resources/translations/poolscope_en.ts "
                      "(build the update_translations target, then fill in both forms):${missing}")
endif()
message(STATUS "every plural string has its English forms")
