// Writes a golden case in format v1 with stable output: the format's field
// order for the case, its steps and expectations; sorted keys inside objects.
// Re-writing a case read from a file written here gives the same bytes.
#ifndef KDUAL_CONFORMANCE_GOLDEN_CASE_WRITER_H_
#define KDUAL_CONFORMANCE_GOLDEN_CASE_WRITER_H_

#include <string>

#include <nlohmann/json.hpp>

#include "conformance/golden/golden_case.h"

namespace kdual::golden {

// The case as the JSON its YAML file reads as.
nlohmann::json CaseToJson(const GoldenCase& golden_case);

// One expectation as the JSON its YAML reads as (also its identity: two
// expectations are the same answer when these are equal).
nlohmann::json ExpectationToJson(const Expectation& expectation);

// The case as YAML text.
std::string WriteCase(const GoldenCase& golden_case);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_CASE_WRITER_H_
