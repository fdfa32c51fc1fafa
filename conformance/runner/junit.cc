#include "conformance/runner/junit.h"

#include <cstdio>

namespace kdual::runner {
namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";  // U+FFFD
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

std::string RenderJunit(const JunitSuite& suite) {
  size_t failures = 0, skipped = 0;
  for (const auto& c : suite.cases) {
    if (c.result == JunitCase::Result::kFailure) ++failures;
    if (c.result == JunitCase::Result::kSkipped) ++skipped;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  out += "<testsuite name=\"" + XmlEscape(suite.name) + "\" tests=\"" +
         std::to_string(suite.cases.size()) + "\" failures=\"" + std::to_string(failures) +
         "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + Seconds(suite.seconds) +
         "\">\n";
  for (const auto& c : suite.cases) {
    out += "  <testcase classname=\"" + XmlEscape(c.classname) + "\" name=\"" + XmlEscape(c.name) +
           "\"";
    if (c.seconds) out += " time=\"" + Seconds(*c.seconds) + "\"";
    switch (c.result) {
      case JunitCase::Result::kPassed: out += "/>\n"; break;
      case JunitCase::Result::kFailure:
        out += ">\n    <failure message=\"" + XmlEscape(c.message) + "\">" + XmlEscape(c.body) +
               "</failure>\n  </testcase>\n";
        break;
      case JunitCase::Result::kSkipped:
        out += ">\n    <skipped message=\"" + XmlEscape(c.message) + "\"/>\n  </testcase>\n";
        break;
    }
  }
  out += "</testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace kdual::runner
