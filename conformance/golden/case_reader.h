// Reads golden case files, checking every rule of format v1 and naming the
// file and line of each problem.
#ifndef KDUAL_CONFORMANCE_GOLDEN_CASE_READER_H_
#define KDUAL_CONFORMANCE_GOLDEN_CASE_READER_H_

#include <string>
#include <string_view>

#include "conformance/golden/golden_case.h"
#include "conformance/golden/yaml_reader.h"
#include "engine/base/status.h"

namespace kdual::golden {

// Parses a case from YAML text. On failure the message holds one line per
// problem, each "SOURCE:LINE: problem".
Result<GoldenCase> ParseCase(std::string_view text, const std::string& source_name);

// Parses a case from an already-read document (lines from `doc`).
Result<GoldenCase> CaseFromDocument(const YamlDocument& doc, const std::string& source_name);

// Reads a case file; sets its path and id.
Result<GoldenCase> ReadCaseFile(const std::string& path);

// The case id of a file: its path below the last "golden/" folder, without
// ".yaml" ("1.33/families/prefer-dual"); the path without ".yaml" when it
// lies outside any golden/ folder.
std::string CaseIdFromPath(const std::string& path);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_CASE_READER_H_
