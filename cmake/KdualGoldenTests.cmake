# One ctest test per golden case file, named by the case id (the path below
# golden/ without .yaml), label `golden`. Each test runs `kdual run` on that
# one file; kdual finds the minor's KNOWN_FAILURES from the path itself.
include_guard(GLOBAL)

function(kdual_add_golden_tests golden_dir)
  file(GLOB_RECURSE cases CONFIGURE_DEPENDS
       RELATIVE "${golden_dir}" "${golden_dir}/*.yaml")
  list(SORT cases)
  foreach(rel IN LISTS cases)
    string(REGEX REPLACE "\\.yaml$" "" id "${rel}")
    add_test(NAME "${id}"
      COMMAND kdual run --quiet "${golden_dir}/${rel}")
    set_tests_properties("${id}" PROPERTIES LABELS golden)
  endforeach()
  # The known-failures lists themselves: every listed id must name a case.
  file(GLOB lists CONFIGURE_DEPENDS "${golden_dir}/*/KNOWN_FAILURES")
  foreach(list_file IN LISTS lists)
    get_filename_component(minor_dir "${list_file}" DIRECTORY)
    get_filename_component(minor "${minor_dir}" NAME)
    add_test(NAME "known-failures/${minor}"
      COMMAND kdual run --check-known-failures "${minor_dir}")
    set_tests_properties("known-failures/${minor}" PROPERTIES LABELS golden)
  endforeach()
endfunction()
