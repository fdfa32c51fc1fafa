// JUnit XML, as CI systems read it (one <testsuite> in <testsuites>): the
// one writer behind `kdual run -o junit` and `kdual diff --junit`, with the
// one XML escaper.
#ifndef KDUAL_CONFORMANCE_RUNNER_JUNIT_H_
#define KDUAL_CONFORMANCE_RUNNER_JUNIT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kdual::runner {

struct JunitCase {
  enum class Result { kPassed, kFailure, kSkipped };
  std::string classname, name;
  std::optional<double> seconds;  // time="" when set
  Result result = Result::kPassed;
  std::string message;  // the failure's or skip's message attribute
  std::string body;     // the failure's text
};

struct JunitSuite {
  std::string name;
  double seconds = 0;
  std::vector<JunitCase> cases;
};

// Text for an XML attribute or element: &, <, >, " escaped; control
// characters XML 1.0 cannot carry (all below 0x20 but tab, newline and
// carriage return) become U+FFFD.
std::string XmlEscape(std::string_view text);

// The whole document; tests, failures and skipped counted from the cases.
std::string RenderJunit(const JunitSuite& suite);

}  // namespace kdual::runner

#endif  // KDUAL_CONFORMANCE_RUNNER_JUNIT_H_
