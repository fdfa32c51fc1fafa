// What `kdual lint` says of a case: the one check every writer of case files
// runs before it writes (kdual diff never writes a case lint refuses).
#ifndef KDUAL_CONFORMANCE_GOLDEN_CASE_LINT_H_
#define KDUAL_CONFORMANCE_GOLDEN_CASE_LINT_H_

#include <string>
#include <string_view>
#include <vector>

#include "conformance/golden/yaml_reader.h"

namespace kdual::golden {

// The problems of a parsed case file: schema errors ("NAME:LINE: schema:
// POINTER: message") and the case reader's refusal. Empty when it is clean.
std::vector<std::string> LintDocument(const YamlDocument& doc, const std::string& name);

// The same for a file's text; a YAML error is the only problem then.
std::vector<std::string> LintCaseText(std::string_view text, const std::string& name);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_CASE_LINT_H_
