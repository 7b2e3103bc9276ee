# Install-time script (install(CODE) includes it): copies every DLL poolscope.exe and its Qt plugins
# need next to poolscope.exe, following their import tables until nothing new turns up.
#
# Set by the caller: _exe (poolscope.exe), _bindir (install folder of the exe), _dirs (folders to
# search), _pre_exclude (regexes of names never copied), _system_libdir (folder of the toolchain's
# import libraries, cross builds only; empty otherwise).
#
# Why not file(GET_RUNTIME_DEPENDENCIES) alone: cross-built on Linux, it reads names from the import
# tables in lower case ("qt6core.dll") and so misses "Qt6Core.dll" on a case-sensitive disk, and it
# cannot tell Windows' own DLLs (kernel32.dll…) from missing ones. Here a name is matched to a file
# in _dirs ignoring case, and a name counts as Windows' own when the toolchain has an import
# library for it (mingw-w64 ships libkernel32.a, libws2_32.a… and none for third-party DLLs).

file(GLOB _plugins "${_bindir}/*/*.dll")
# Every DLL in the search folders, in search order, with its name in lower case at the same index.
set(_candidates "")
set(_candidate_names "")
foreach(_dir IN LISTS _dirs)
  file(GLOB _found "${_dir}/*.dll" "${_dir}/*.DLL")
  foreach(_candidate IN LISTS _found)
    get_filename_component(_file "${_candidate}" NAME)
    string(TOLOWER "${_file}" _file)
    list(APPEND _candidates "${_candidate}")
    list(APPEND _candidate_names "${_file}")
  endforeach()
endforeach()
set(_todo_exe "${_exe}")
set(_todo_libs ${_plugins})
set(_installed "")
set(_unknown "")
foreach(_round RANGE 1 8) # a chain of DLLs deeper than 8 would be a bug in this script
  if(NOT _todo_exe AND NOT _todo_libs)
    break()
  endif()
  set(_args "")
  if(_todo_exe)
    list(APPEND _args EXECUTABLES ${_todo_exe})
  endif()
  if(_todo_libs)
    list(APPEND _args LIBRARIES ${_todo_libs})
  endif()
  file(GET_RUNTIME_DEPENDENCIES ${_args}
    RESOLVED_DEPENDENCIES_VAR _resolved
    UNRESOLVED_DEPENDENCIES_VAR _unresolved
    DIRECTORIES ${_dirs}
    PRE_EXCLUDE_REGEXES ${_pre_exclude}
    POST_EXCLUDE_REGEXES "[Ss]ystem32" "[Ss]ys[Ww][Oo][Ww]64")
  set(_todo_exe "")
  set(_todo_libs "")
  foreach(_name IN LISTS _unresolved)
    string(TOLOWER "${_name}" _lower)
    string(REGEX REPLACE "\\.dll$" "" _stem "${_lower}")
    if(_system_libdir AND EXISTS "${_system_libdir}/lib${_stem}.a")
      continue()
    endif()
    list(FIND _candidate_names "${_lower}" _at)
    if(NOT _at EQUAL -1)
      list(GET _candidates ${_at} _match)
      list(APPEND _resolved "${_match}")
    else()
      list(APPEND _unknown "${_name}")
    endif()
  endforeach()
  foreach(_dll IN LISTS _resolved)
    get_filename_component(_file "${_dll}" NAME)
    list(FIND _installed "${_file}" _at)
    if(_at EQUAL -1)
      file(INSTALL "${_dll}" DESTINATION "${_bindir}")
      list(APPEND _installed "${_file}")
      list(APPEND _todo_libs "${_dll}")
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES _unknown)
if(_unknown)
  message(FATAL_ERROR "poolscope.exe: DLLs not found (set POOLSCOPE_RUNTIME_DLL_DIRS): ${_unknown}")
endif()
