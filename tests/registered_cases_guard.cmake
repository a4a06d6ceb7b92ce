# Fails unless CTest registers exactly the Catch2 test cases, one entry each, by name. A ';' in
# a case's name (CMake's list separator) once split cases into entries that matched nothing and
# "passed"; counting alone can miss it, so the names are compared.
#   cmake -DTESTS=<sift_tests> -DBUILD_DIR=<build/tests> -P registered_cases_guard.cmake
# (Catch2 v2 exits with the number of cases it listed, so the exit code says nothing here.)
execute_process(COMMAND "${TESTS}" --list-test-names-only OUTPUT_VARIABLE names)
string(REPLACE ";" "<semicolon>" names "${names}")  # CMake's own lists split on ';' too
string(REGEX MATCHALL "[^\n]+" catch2_cases "${names}")
list(LENGTH catch2_cases case_count)
if(case_count EQUAL 0)
  message(FATAL_ERROR "${TESTS} --list-test-names-only listed no test cases")
endif()

execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --show-only=json-v1 -L "^catch2$"
                WORKING_DIRECTORY "${BUILD_DIR}" OUTPUT_VARIABLE listing RESULT_VARIABLE listed)
if(NOT listed EQUAL 0)
  message(FATAL_ERROR "ctest --show-only could not list the registered tests")
endif()
string(JSON entry_count LENGTH "${listing}" tests)
set(registered "")
if(entry_count GREATER 0)
  math(EXPR last "${entry_count} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${listing}" tests ${i} name)
    string(REPLACE ";" "<semicolon>" name "${name}")
    list(APPEND registered "${name}")
  endforeach()
endif()

set(not_registered ${catch2_cases})
list(REMOVE_ITEM not_registered ${registered})
set(not_a_case ${registered})
list(REMOVE_ITEM not_a_case ${catch2_cases})
if(NOT entry_count EQUAL case_count OR not_registered OR not_a_case)
  list(JOIN not_registered "\n  " missing)
  list(JOIN not_a_case "\n  " extra)
  message(FATAL_ERROR "CTest registers ${entry_count} entries for ${case_count} Catch2 test cases "
                      "(a ';' in a name splits it)\nnot registered:\n  ${missing}\n"
                      "registered but no test case:\n  ${extra}")
endif()
message(STATUS "${entry_count} CTest entries for ${case_count} Catch2 test cases, name for name")
