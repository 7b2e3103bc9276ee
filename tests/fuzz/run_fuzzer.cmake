# Runs one libFuzzer target for SECONDS from the seed corpus SEEDS; new inputs go to WORK.
# A crash, leak, timeout or abort makes libFuzzer exit non-zero, and so this script fails.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/corpus" "${WORK}/artifacts")
execute_process(
  COMMAND "${FUZZER}" "${WORK}/corpus" "${SEEDS}" -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix=${WORK}/artifacts/
  RESULT_VARIABLE result
  OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${out}")
message(STATUS "${FUZZER}: ${runs}")
if(NOT result EQUAL 0)
  message("${out}")
  message(FATAL_ERROR "fuzzer failed (exit ${result}); reproducer in ${WORK}/artifacts")
endif()
