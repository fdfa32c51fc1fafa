#include "conformance/golden/case_lint.h"

#include "conformance/golden/case_reader.h"
#include "conformance/golden/json_schema.h"

namespace kdual::golden {

std::vector<std::string> LintDocument(const YamlDocument& doc, const std::string& name) {
  std::vector<std::string> problems;
  for (const auto& e : GoldenCaseSchema().Validate(doc.value)) {
    problems.push_back(name + ":" + std::to_string(doc.LineOf(e.pointer)) +
                       ": schema: " + (e.pointer.empty() ? "" : e.pointer + ": ") + e.message);
  }
  auto c = CaseFromDocument(doc, name);
  if (!c.ok()) problems.push_back(c.status().message());
  return problems;
}

std::vector<std::string> LintCaseText(std::string_view text, const std::string& name) {
  auto doc = ParseYaml(text, name);
  if (!doc.ok()) return {doc.status().message()};
  return LintDocument(*doc, name);
}

}  // namespace kdual::golden
