# Helpers shared by every folder: compile settings, tests, fuzzers.
include_guard(GLOBAL)
include(GoogleTest)

# Warnings, sanitizers and coverage for one of kdual's own targets.
function(kdual_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
    if(KDUAL_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
  if(KDUAL_SANITIZE)
    target_compile_options(${target} PUBLIC -fsanitize=address,undefined
      -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined
      -fno-sanitize-recover=all)
  endif()
  if(KDUAL_LIBFUZZER)
    # Coverage feedback must reach the libraries, not only the target's file.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  if(KDUAL_COVERAGE)
    target_compile_options(${target} PUBLIC -fprofile-instr-generate -fcoverage-mapping)
    target_link_options(${target} PUBLIC -fprofile-instr-generate -fcoverage-mapping)
  endif()
endfunction()

# kdual_add_test(NAME name SOURCES a_test.cc... LIBS kdual::engine... [LABELS unit])
# One gtest binary; each gtest case becomes its own ctest test, discovered
# when ctest runs so the build never has to execute test binaries.
function(kdual_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT KDUAL_BUILD_TESTS)
    return()
  endif()
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  kdual_target_defaults(${T_NAME})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  if("property" IN_LIST T_LABELS)
    target_link_libraries(${T_NAME} PRIVATE rapidcheck rapidcheck_gtest)
  endif()
  gtest_discover_tests(${T_NAME}
    TEST_PREFIX "${T_NAME}."
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${T_LABELS}")
endfunction()

# kdual_add_fuzzer(NAME name SOURCE fuzz_x.cc LIBS ...)
# With KDUAL_LIBFUZZER the target links libFuzzer; otherwise it links a small
# replay main so the target is built (and cannot rot) in every build. Each
# target's seed corpus (fuzz/corpus/<name>) and past crashes
# (fuzz/regressions/<name>) are replayed by a `fuzz-regression` test.
function(kdual_add_fuzzer)
  cmake_parse_arguments(F "" "NAME;SOURCE" "LIBS" ${ARGN})
  add_executable(${F_NAME} ${F_SOURCE})
  set_property(GLOBAL APPEND PROPERTY KDUAL_FUZZERS ${F_NAME})
  kdual_target_defaults(${F_NAME})
  target_link_libraries(${F_NAME} PRIVATE ${F_LIBS})
  if(KDUAL_FUZZ_ENGINE)
    # An engine given from outside (ClusterFuzzLite's $LIB_FUZZING_ENGINE).
    separate_arguments(_engine UNIX_COMMAND "${KDUAL_FUZZ_ENGINE}")
    target_link_options(${F_NAME} PRIVATE ${_engine})
  elseif(KDUAL_LIBFUZZER)
    target_compile_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
    target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
  else()
    target_link_libraries(${F_NAME} PRIVATE kdual_fuzz_replay_main)
  endif()
  if(KDUAL_BUILD_TESTS)
    # Every target has a seed corpus; regressions only once one was found
    # (the replay refuses a folder that is not there, so a renamed corpus
    # cannot pass by replaying nothing).
    set(_inputs ${PROJECT_SOURCE_DIR}/fuzz/corpus/${F_NAME})
    if(EXISTS ${PROJECT_SOURCE_DIR}/fuzz/regressions/${F_NAME})
      list(APPEND _inputs ${PROJECT_SOURCE_DIR}/fuzz/regressions/${F_NAME})
    endif()
    add_test(NAME fuzz-regression/${F_NAME} COMMAND ${F_NAME} ${_inputs})
    set_tests_properties(fuzz-regression/${F_NAME} PROPERTIES LABELS fuzz-regression)
  endif()
endfunction()

# kdual_add_live_test(NAME live/<name> TIMEOUT <s> COMMAND <argv...>): a test
# against a real control plane. All of them carry the `live` label, run one
# at a time (each starts its own cluster) and report "skipped" with exit 77
# where Go is not installed. Registered together in conformance/CMakeLists.txt.
function(kdual_add_live_test)
  cmake_parse_arguments(L "" "NAME;TIMEOUT" "COMMAND" ${ARGN})
  add_test(NAME ${L_NAME} COMMAND ${L_COMMAND})
  set_tests_properties(${L_NAME} PROPERTIES
    LABELS live SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT ${L_TIMEOUT})
endfunction()
