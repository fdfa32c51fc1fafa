#include "conformance/diff/diff_report.h"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "conformance/diff/shrink.h"
#include "conformance/golden/case_writer.h"
#include "conformance/runner/html_report.h"
#include "conformance/runner/junit.h"

namespace kdual::diff {
namespace {

using nlohmann::json;

std::string Fixed(double v, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

std::string Indent(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) out += prefix + line + "\n";
  return out;
}

std::string Headline(const Divergence& d) {
  return d.minimal.name + " (from " + d.case_name + " on " + d.flag_set + "; shrunk from " +
         std::to_string(d.original_steps) + " steps, " + std::to_string(d.original_size) +
         " request fields to " + std::to_string(d.minimal.steps.size()) + " steps, " +
         std::to_string(CaseSize(d.minimal)) + " request fields in " +
         std::to_string(d.shrink_attempts) + " attempts)";
}

}  // namespace

std::string SummaryLine(const DiffReport& r) {
  return std::to_string(r.agreed) + " agreed, " + std::to_string(r.divergences.size()) +
         " diverged, " + std::to_string(r.non_deterministic.size()) + " non-deterministic, " +
         std::to_string(r.interference.size()) + " interference, " +
         std::to_string(r.not_checked.size()) + " not checked";
}

std::string RenderDiffText(const DiffReport& r) {
  std::string where = r.target;
  if (where.find(r.server_version) == std::string::npos) where += " (" + r.server_version + ")";
  std::string out = "kdual diff: " + where + ": " + std::to_string(r.checked) + " of " +
                    std::to_string(r.planned) + " cases checked in " + Fixed(r.seconds, 1) +
                    " s (" + Fixed(r.rate(), 2) + " cases/s, parallel " +
                    std::to_string(r.parallel) + ")\n";
  for (const auto& d : r.divergences) {
    out += "DIVERGENCE " + Headline(d) + "\n";
    if (!d.written.empty()) out += "  written to " + d.written + "\n";
    if (!d.write_problem.empty()) out += "  problem: " + d.write_problem + "\n";
    for (const auto& m : d.mismatches) out += "  " + m + "\n";
    out += "  minimal case:\n" + Indent(golden::WriteCase(d.minimal), "    ");
  }
  for (const auto& n : r.non_deterministic) {
    out += "NON-DETERMINISTIC " + n.case_name + " (" + n.flag_set + "): " + n.why + "\n";
  }
  for (const auto& n : r.interference) {
    out += "INTERFERENCE " + n.case_name + " (" + n.flag_set + "): " + n.why + "\n";
  }
  for (const auto& n : r.not_checked) {
    out += "NOT CHECKED " + n.case_name + " (" + n.flag_set + "): " + n.why + "\n";
  }
  if (!r.stopped.empty()) out += "stopped early: " + r.stopped + "\n";
  out += SummaryLine(r) + "\n";
  return out;
}

std::string RenderDiffJson(const DiffReport& r) {
  json out = {{"target", r.target},   {"serverVersion", r.server_version},
              {"planned", r.planned}, {"checked", r.checked},
              {"agreed", r.agreed},   {"parallel", r.parallel},
              {"seconds", r.seconds}, {"casesPerSecond", r.rate()},
              {"stopped", r.stopped}};
  json divergences = json::array();
  for (const auto& d : r.divergences) {
    divergences.push_back({{"name", d.minimal.name},
                           {"case", d.case_name},
                           {"flagSet", d.flag_set},
                           {"originalSteps", d.original_steps},
                           {"originalSize", d.original_size},
                           {"minimalSize", CaseSize(d.minimal)},
                           {"shrinkAttempts", d.shrink_attempts},
                           {"problem", d.write_problem},
                           {"written", d.written},
                           {"mismatches", d.mismatches},
                           {"minimal", golden::CaseToJson(d.minimal)}});
  }
  out["divergences"] = divergences;
  auto aside = [](const std::vector<SetAside>& list) {
    json a = json::array();
    for (const auto& n : list)
      a.push_back({{"case", n.case_name}, {"flagSet", n.flag_set}, {"why", n.why}});
    return a;
  };
  out["nonDeterministic"] = aside(r.non_deterministic);
  out["interference"] = aside(r.interference);
  out["notChecked"] = aside(r.not_checked);
  return out.dump(2) + "\n";
}

std::string RenderDiffJunit(const DiffReport& r) {
  using runner::JunitCase;
  runner::JunitSuite suite;
  suite.name = "kdual diff " + r.server_version;
  suite.seconds = r.seconds;
  suite.cases.push_back({"diff", "agreed (" + std::to_string(r.agreed) + " cases)", std::nullopt,
                         JunitCase::Result::kPassed, "", ""});
  for (const auto& d : r.divergences) {
    std::string body;
    for (const auto& m : d.mismatches) body += m + "\n";
    body += "\n" + golden::WriteCase(d.minimal);
    suite.cases.push_back({"diff.divergence", d.minimal.name, std::nullopt,
                           JunitCase::Result::kFailure,
                           d.mismatches.empty() ? "divergence" : d.mismatches[0], body});
  }
  for (const auto& n : r.non_deterministic) {
    suite.cases.push_back({"diff.non-deterministic", n.case_name, std::nullopt,
                           JunitCase::Result::kSkipped, n.why, ""});
  }
  for (const auto& n : r.not_checked) {
    suite.cases.push_back(
        {"diff.not-checked", n.case_name, std::nullopt, JunitCase::Result::kSkipped, n.why, ""});
  }
  return runner::RenderJunit(suite);
}

std::string RenderDiffHtml(const DiffReport& r) {
  using runner::HtmlEscape;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>kdual diff</title><style>"
      "body{font:14px/1.45 system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}"
      "td,th{border:1px solid #d0d7de;padding:.3em .5em;vertical-align:top;text-align:left}"
      "td.exp{background:#f0fff4}td.got{background:#fff5f5}pre{background:#f6f8fa;padding:.8em;overflow:auto}"
      ".case{border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em;margin:1em 0}</style></head><body>\n";
  out += "<h1>kdual diff against " + HtmlEscape(r.target) + " (" + HtmlEscape(r.server_version) +
         ")</h1>\n";
  out += "<p>" + HtmlEscape(SummaryLine(r)) + "</p>\n";
  if (!r.stopped.empty()) out += "<p>stopped early: " + HtmlEscape(r.stopped) + "</p>\n";
  for (const auto& d : r.divergences) {
    out +=
        "<div class=\"case\"><h3>" + HtmlEscape(d.minimal.name) + " <small>(" +
        HtmlEscape(d.flag_set) + ", " + std::to_string(d.minimal.steps.size()) + " of " +
        std::to_string(d.original_steps) +
        " steps after shrinking)</small></h3>\n<table><tr><th>where</th><th>the server</th><th>the engine</th></tr>\n";
    for (const auto& m : d.mismatches) {
      size_t exp = m.find(": expected ");
      size_t got = exp == std::string::npos ? std::string::npos : m.find(", got ", exp);
      if (got == std::string::npos) {
        out += "<tr><td colspan=\"3\"><code>" + HtmlEscape(m) + "</code></td></tr>\n";
      } else {
        out += "<tr><td><code>" + HtmlEscape(m.substr(0, exp)) +
               "</code></td><td class=\"exp\"><code>" +
               HtmlEscape(m.substr(exp + 11, got - exp - 11)) +
               "</code></td><td class=\"got\"><code>" + HtmlEscape(m.substr(got + 6)) +
               "</code></td></tr>\n";
      }
    }
    out += "</table>\n<details open><summary>the minimal case" +
           (d.written.empty() ? std::string() : ", written to " + HtmlEscape(d.written)) +
           "</summary><pre>" + HtmlEscape(golden::WriteCase(d.minimal)) +
           "</pre></details></div>\n";
  }
  auto aside = [&](const char* title, const std::vector<SetAside>& list) {
    if (list.empty()) return;
    out += "<h2>" + std::string(title) +
           "</h2>\n<table><tr><th>case</th><th>flag set</th><th>why</th></tr>\n";
    for (const auto& a : list) {
      out += "<tr><td>" + HtmlEscape(a.case_name) + "</td><td>" + HtmlEscape(a.flag_set) +
             "</td><td><code>" + HtmlEscape(a.why) + "</code></td></tr>\n";
    }
    out += "</table>\n";
  };
  aside("Non-deterministic", r.non_deterministic);
  aside("Interference", r.interference);
  aside("Not checked", r.not_checked);
  out += "</body></html>\n";
  return out;
}

}  // namespace kdual::diff
