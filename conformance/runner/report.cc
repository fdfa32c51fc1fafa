#include "conformance/runner/report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "conformance/runner/junit.h"

namespace kdual::runner {
namespace {

std::string Summary(const RunReport& r) {
  return std::to_string(r.passed()) + " passed, " + std::to_string(r.failed()) + " failed, " +
         std::to_string(r.skipped()) + " skipped";
}

}  // namespace

std::string RenderText(const RunReport& report, bool verbose) {
  std::string out;
  for (const auto& e : report.errors) out += "error: " + e + "\n";
  for (const auto& c : report.cases) {
    bool show = IsFailure(c.outcome) || (verbose && c.outcome != Outcome::kPassed);
    if (!show) continue;
    std::string tag = IsFailure(c.outcome)                  ? "FAIL"
                      : c.outcome == Outcome::kKnownFailure ? "KNOWN"
                                                            : "SKIP";
    out += tag + " " + c.id + (c.version.empty() ? "" : " (" + c.version + ")") +
           (IsFailure(c.outcome) && c.outcome != Outcome::kFailed
                ? std::string(": ") + OutcomeName(c.outcome)
                : "") +
           "\n";
    if (c.path != c.id) out += "  file: " + c.path + "\n";
    for (const auto& d : c.details) out += "  " + d + "\n";
  }
  int skipped_plain = report.skipped() - report.known_failures();
  if (report.known_failures() > 0 || skipped_plain > 0) {
    out += std::to_string(report.known_failures()) + " known failures, " +
           std::to_string(skipped_plain) + " skipped for a reason" +
           (verbose || skipped_plain == 0 ? "" : " (-v lists them)") + "\n";
  }
  out += Summary(report) + "\n";
  return out;
}

std::string RenderJson(const RunReport& report) {
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& c : report.cases) {
    cases.push_back({{"id", c.id},
                     {"path", c.path},
                     {"version", c.version},
                     {"outcome", OutcomeName(c.outcome)},
                     {"details", c.details},
                     {"seconds", c.seconds}});
  }
  nlohmann::json out = {{"passed", report.passed()},   {"failed", report.failed()},
                        {"skipped", report.skipped()}, {"knownFailures", report.known_failures()},
                        {"errors", report.errors},     {"cases", cases}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string RenderJunit(const RunReport& report) {
  JunitSuite suite;
  suite.name = "kdual golden";
  for (const auto& c : report.cases) {
    suite.seconds += c.seconds;
    JunitCase jc;
    jc.classname = c.id.substr(0, c.id.rfind('/'));
    jc.name = c.id.substr(c.id.rfind('/') + 1);
    jc.seconds = c.seconds;
    std::string details;
    for (const auto& d : c.details) details += d + "\n";
    if (IsFailure(c.outcome)) {
      jc.result = JunitCase::Result::kFailure;
      jc.message = OutcomeName(c.outcome);
      jc.body = details;
    } else if (c.outcome != Outcome::kPassed) {
      jc.result = JunitCase::Result::kSkipped;
      jc.message = details.empty() ? OutcomeName(c.outcome) : details;
    }
    suite.cases.push_back(std::move(jc));
  }
  for (const auto& e : report.errors) {
    suite.cases.push_back({"kdual", "run", std::nullopt, JunitCase::Result::kFailure, e, ""});
  }
  return RenderJunit(suite);
}

}  // namespace kdual::runner
