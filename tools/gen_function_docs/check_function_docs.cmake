# Fails when docs/functions.md differs from what gen_function_docs prints now.
#   cmake -DGENERATOR=<gen_function_docs> -DDOC=<docs/functions.md> -P check_function_docs.cmake
execute_process(COMMAND ${GENERATOR} OUTPUT_VARIABLE generated RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gen_function_docs failed (${status})")
endif()
file(READ ${DOC} committed)
if(NOT generated STREQUAL committed)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/functions.md.generated "${generated}")
  execute_process(COMMAND diff -u ${DOC} ${CMAKE_CURRENT_BINARY_DIR}/functions.md.generated)
  message(FATAL_ERROR "docs/functions.md is out of date with the function registry; run "
                      "`build/tools/gen_function_docs/gen_function_docs > docs/functions.md` "
                      "and commit the result")
endif()
message(STATUS "docs/functions.md matches the registry")
