# Fails when a string of the sources is not translated: every plural string needs its English forms
# in poolscope_en.ts (the monitor would otherwise show "1 event(s)"), and every string needs a
# translation in each complete translation (every other poolscope_*.ts, e.g. poolscope_de.ts).
# lupdate refreshes a copy of each file, and nothing may be left unfinished or empty.
# Run by ctest as ui_translations_complete.
#   cmake -DLUPDATE=... -DSOURCE_DIR=... -DWORK_DIR=... -P check_translations.cmake

# Refreshes a copy of `name` (-pluralonly when `plural_only`) and sets `out` to the source lines
# of the messages left without a translation.
function(untranslated name plural_only out)
  set(ts "${WORK_DIR}/${name}")
  # Read and written, not file(COPY): that skips a copy whose time stamps match, and lupdate rewrites it.
  file(READ "${SOURCE_DIR}/resources/translations/${name}" content)
  file(WRITE "${ts}" "${content}")
  set(mode "")
  if(plural_only)
    set(mode -pluralonly)
  endif()
  execute_process(
    COMMAND "${LUPDATE}" ${mode} -locations none -no-obsolete "${SOURCE_DIR}/ui" "${SOURCE_DIR}/app" -ts "${ts}"
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed on ${name} (${rc})")
  endif()
  # Lines as a list: ";" and brackets (in "[::1]:443") would split or join list elements, so they
  # are masked first and put back only in what is reported.
  file(READ "${ts}" content)
  string(REPLACE ";" "&#59;" content "${content}")
  string(REPLACE "[" "&#91;" content "${content}")
  string(REPLACE "]" "&#93;" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
  set(missing "")
  set(source "")
  foreach(line IN LISTS lines)
    if(line MATCHES "<source>")
      set(source "${line}")
    endif()
    # Unfinished is what lupdate marks; an empty translation (or plural form) would show nothing.
    if(line MATCHES "type=\"unfinished\"|<translation></translation>|<translation/>|<numerusform></numerusform>|<numerusform/>")
      string(REPLACE "&#59;" ";" shown "${source}")
      string(REPLACE "&#91;" "[" shown "${shown}")
      string(REPLACE "&#93;" "]" shown "${shown}")
      string(STRIP "${shown}" shown)
      string(APPEND missing "\n  ${shown}")
    endif()
  endforeach()
  set(${out} "${missing}" PARENT_SCOPE)
endfunction()

untranslated(poolscope_en.ts TRUE missing)
if(missing)
  message(FATAL_ERROR "plural strings without English forms in resources/translations/poolscope_en.ts "
                      "(build the update_translations target, then fill in both forms):${missing}")
endif()
message(STATUS "every plural string has its English forms")

file(GLOB complete RELATIVE "${SOURCE_DIR}/resources/translations" "${SOURCE_DIR}/resources/translations/poolscope_*.ts")
list(REMOVE_ITEM complete poolscope_en.ts)
set(failures "")
foreach(name IN LISTS complete)
  untranslated(${name} FALSE missing)
  if(missing)
    string(APPEND failures "\nresources/translations/${name}:${missing}")
  else()
    message(STATUS "${name}: every string is translated")
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "strings without a translation (build the update_translations target, then translate "
                      "them; a term that stays the same in the language still needs its translation filled in):"
                      "${failures}")
endif()
