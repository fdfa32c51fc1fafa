#include "conformance/runner/html_report.h"

#include "conformance/io/bounded_read.h"

namespace kdual::runner {
namespace {

constexpr size_t kMaxCaseFile = 256 * 1024;

const char* kStyle = R"(body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f23}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}
.summary span{display:inline-block;padding:.2em .7em;margin-right:.5em;border-radius:1em;font-weight:600}
.passed{background:#dcffe4}.failed{background:#ffdce0}.skipped{background:#f1f1f1}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #d0d7de;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f6f8fa}td.exp{background:#f0fff4}td.got{background:#fff5f5}
code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#f6f8fa;padding:.8em;overflow:auto}
.case{border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em;margin:1em 0})";

// "steps[1] update: spec.x: expected A, got B" -> {where, expected, got}.
struct Mismatch {
  std::string where, expected, got;
};

Mismatch Split(const std::string& line) {
  Mismatch m;
  size_t exp = line.find(": expected ");
  size_t got = exp == std::string::npos ? std::string::npos : line.find(", got ", exp);
  if (exp == std::string::npos || got == std::string::npos) {
    m.where = line;
    return m;
  }
  m.where = line.substr(0, exp);
  m.expected = line.substr(exp + 11, got - exp - 11);
  m.got = line.substr(got + 6);
  return m;
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderHtml(const RunReport& report, const std::string& title) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                    HtmlEscape(title) + "</title><style>" + kStyle + "</style></head><body>\n";
  out += "<h1>" + HtmlEscape(title) + "</h1>\n<p class=\"summary\"><span class=\"passed\">" +
         std::to_string(report.passed()) + " passed</span><span class=\"failed\">" +
         std::to_string(report.failed()) + " failed</span><span class=\"skipped\">" +
         std::to_string(report.skipped()) + " skipped (" + std::to_string(report.known_failures()) +
         " known failures)</span></p>\n";
  for (const auto& e : report.errors)
    out += "<p class=\"failed\">error: " + HtmlEscape(e) + "</p>\n";
  if (report.failed() > 0) out += "<h2>Failing cases</h2>\n";
  for (const auto& c : report.cases) {
    if (!IsFailure(c.outcome)) continue;
    out += "<div class=\"case\" id=\"" + HtmlEscape(c.id) + "\"><h3>" + HtmlEscape(c.id) +
           " <small>(" + HtmlEscape(c.version) + ", " + OutcomeName(c.outcome) + ")</small></h3>\n";
    out +=
        "<table><tr><th>where</th><th>expected (the real server)</th><th>got (the engine)</th></tr>\n";
    for (const auto& d : c.details) {
      Mismatch m = Split(d);
      if (m.expected.empty() && m.got.empty()) {
        out += "<tr><td colspan=\"3\"><code>" + HtmlEscape(m.where) + "</code></td></tr>\n";
      } else {
        out += "<tr><td><code>" + HtmlEscape(m.where) + "</code></td><td class=\"exp\"><code>" +
               HtmlEscape(m.expected) + "</code></td><td class=\"got\"><code>" + HtmlEscape(m.got) +
               "</code></td></tr>\n";
      }
    }
    out += "</table>\n";
    auto text = io::ReadFileBounded(c.path, kMaxCaseFile, "case file");
    out += "<details><summary>the case: " + HtmlEscape(c.path) + "</summary><pre>" +
           HtmlEscape(text.ok() ? *text : text.status().message()) + "</pre></details></div>\n";
  }
  out +=
      "<h2>Every case</h2>\n<table><tr><th>case</th><th>release</th><th>outcome</th><th>seconds</th></tr>\n";
  for (const auto& c : report.cases) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.3f", c.seconds);
    std::string cls = IsFailure(c.outcome)            ? "failed"
                      : c.outcome == Outcome::kPassed ? "passed"
                                                      : "skipped";
    std::string id = IsFailure(c.outcome)
                         ? "<a href=\"#" + HtmlEscape(c.id) + "\">" + HtmlEscape(c.id) + "</a>"
                         : HtmlEscape(c.id);
    out += "<tr><td>" + id + "</td><td>" + HtmlEscape(c.version) + "</td><td class=\"" + cls +
           "\">" + OutcomeName(c.outcome) + "</td><td>" + secs + "</td></tr>\n";
  }
  out += "</table>\n</body></html>\n";
  return out;
}

}  // namespace kdual::runner
