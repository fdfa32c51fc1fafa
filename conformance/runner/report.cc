#include "conformance/runner/report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace kdual::runner {
namespace {

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t') out += ' ';
        else out += static_cast<char>(c);
    }
  }
  return out;
}

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
    std::string tag = IsFailure(c.outcome) ? "FAIL" : c.outcome == Outcome::kKnownFailure ? "KNOWN" : "SKIP";
    out += tag + " " + c.id + (c.version.empty() ? "" : " (" + c.version + ")") +
           (IsFailure(c.outcome) && c.outcome != Outcome::kFailed
                ? std::string(": ") + OutcomeName(c.outcome) : "") + "\n";
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
    cases.push_back({{"id", c.id}, {"path", c.path}, {"version", c.version},
                     {"outcome", OutcomeName(c.outcome)}, {"details", c.details},
                     {"seconds", c.seconds}});
  }
  nlohmann::json out = {{"passed", report.passed()}, {"failed", report.failed()},
                        {"skipped", report.skipped()}, {"knownFailures", report.known_failures()},
                        {"errors", report.errors}, {"cases", cases}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string RenderJunit(const RunReport& report) {
  double total = 0;
  for (const auto& c : report.cases) total += c.seconds;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", total);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites>\n<testsuite name=\"kdual golden\" tests=\"" +
         std::to_string(report.cases.size()) + "\" failures=\"" + std::to_string(report.failed()) +
         "\" skipped=\"" + std::to_string(report.skipped()) + "\" time=\"" + seconds + "\">\n";
  for (const auto& c : report.cases) {
    std::snprintf(seconds, sizeof seconds, "%.3f", c.seconds);
    std::string cls = c.id.substr(0, c.id.rfind('/'));
    std::string name = c.id.substr(c.id.rfind('/') + 1);
    out += "  <testcase classname=\"" + XmlEscape(cls) + "\" name=\"" + XmlEscape(name) +
           "\" time=\"" + seconds + "\">";
    std::string details;
    for (const auto& d : c.details) details += d + "\n";
    if (IsFailure(c.outcome)) {
      out += "<failure message=\"" + XmlEscape(OutcomeName(c.outcome)) + "\">" + XmlEscape(details) +
             "</failure>";
    } else if (c.outcome != Outcome::kPassed) {
      out += "<skipped message=\"" + XmlEscape(details.empty() ? OutcomeName(c.outcome) : details) +
             "\"/>";
    }
    out += "</testcase>\n";
  }
  for (const auto& e : report.errors) {
    out += "  <testcase classname=\"kdual\" name=\"run\"><failure message=\"" + XmlEscape(e) +
           "\"/></testcase>\n";
  }
  out += "</testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace kdual::runner
