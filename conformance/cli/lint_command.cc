// kdual lint: case files against the format's schema and rules.
#include <iostream>

#include "conformance/cli/command.h"
#include "conformance/golden/case_lint.h"
#include "conformance/golden/yaml_reader.h"
#include "conformance/runner/golden_run.h"

namespace kdual::cli {
namespace {

constexpr const char* kLintUsage = R"(Usage: kdual lint PATH...

Checks golden case files (files, or folders searched for *.yaml) against the
JSON Schema of format v1 (conformance/golden/golden-case.schema.json) and the
format's other rules: placeholders, bindings, ops and their fields. Prints
"FILE:LINE: problem" for each problem, then how many files were clean.

Exit status: 0 when every file is clean, 1 when one is not, 2 for usage errors.
)";

}  // namespace

int LintCommand(const Args& args) {
  std::vector<std::string> paths;
  for (const auto& a : args) {
    if (a == "-h" || a == "--help") {
      std::cout << kLintUsage;
      return kExitOk;
    }
    if (!a.empty() && a[0] == '-') return UsageError("lint", "unknown flag " + a);
    paths.push_back(a);
  }
  if (paths.empty()) return UsageError("lint", "no case files or folders given");
  auto files = runner::CollectCaseFiles(paths);
  if (!files.ok()) return UsageError("lint", files.status().message());
  int clean = 0, bad = 0;
  for (const auto& file : *files) {
    std::vector<std::string> problems;
    auto doc = golden::ReadYamlFile(file);
    if (!doc.ok()) {
      problems.push_back(doc.status().message());
    } else {
      problems = golden::LintDocument(*doc, file);
    }
    if (problems.empty()) {
      ++clean;
    } else {
      ++bad;
      for (const auto& p : problems) std::cout << p << "\n";
    }
  }
  std::cout << clean << " passed, " << bad << " failed, 0 skipped\n";
  return bad ? kExitFailed : kExitOk;
}

}  // namespace kdual::cli
