# Regenerates the operators report and fails when docs/operators.md differs.
execute_process(COMMAND ${PYTHON} ${SCRIPT} --spud ${SPUD} --report ${REPORT} --out ${GENERATED}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "operators_report.py failed")
endif()
file(READ ${GENERATED} generated)
file(READ ${COMMITTED} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "docs/operators.md is stale: run `make operators-doc` and commit it")
endif()
message(STATUS "docs/operators.md matches this build")
