#include "conformance/doctor/doctor_report.h"

#include <sstream>

#include "engine/base/strings.h"

namespace kdual::doctor {
namespace {

std::string StateValue(const nlohmann::ordered_json& v) {
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& x : v) parts.push_back(x.is_string() ? x.get<std::string>() : x.dump());
    return parts.empty() ? "(none)" : Join(parts, ",");
  }
  if (v.is_string()) return v.get<std::string>().empty() ? "(none)" : v.get<std::string>();
  return v.dump();
}

std::string Header(const ComponentReport& r) {
  const ComponentInstance& c = *r.instance;
  std::string release = c.release ? c.release->ToString() + " (from " + c.release_origin + ")"
                        : r.assumed_release.empty()
                            ? "release unknown"
                            : "release unknown, taken as " + r.assumed_release;
  return c.component + "  [" + c.origin + "; " + release + "; checked with the rules of " +
         r.rules + "]";
}

std::string FlagText(const std::string& flag, const std::string& value) {
  if (value.empty()) return "(no --" + flag + ")";
  return "--" + flag + "=" + value;
}

std::string ChangeText(const FlagChange& c) {
  if (c.in_config_file) {
    return "in " + c.flag + ": " + c.config_field + ": \"" + c.to + "\"" +
           (c.from.empty() ? "" : "   (now: " + c.from + ")");
  }
  if (c.to.empty()) return "remove " + FlagText(c.flag, c.from);
  if (c.from.empty()) return "add " + FlagText(c.flag, c.to);
  return FlagText(c.flag, c.from) + "  ->  " + FlagText(c.flag, c.to);
}

}  // namespace

std::string ReportText(const Diagnosis& d, const DualStackPlan& plan) {
  std::ostringstream out;
  out << "Verdict: " << d.verdict << "\n";
  for (const auto& r : d.components) {
    out << "\n" << Header(r) << "\n";
    if (!r.refusal.empty()) out << "  refuses to start: " << r.refusal << "\n";
    for (auto it = r.state.begin(); it != r.state.end(); ++it) {
      out << "  " << it.key() << ": " << StateValue(it.value()) << "\n";
    }
    for (const auto& p : r.problems) {
      if (p.text.rfind("refuses to start", 0) == 0) continue;
      out << "  " << (p.severity == Severity::kError ? "error: " : "warning: ") << p.text << "\n";
    }
    for (const auto& n : r.notes) out << "  note: " << n << "\n";
  }
  out << "\nChecks:\n";
  for (const auto& c : d.checks) {
    std::string result = CheckResultName(c.result);
    result.resize(8, ' ');
    out << "  " << result << c.title << (c.detail.empty() ? "" : ": " + c.detail) << "\n";
  }
  for (const auto& n : d.notes) out << "  note: " << n << "\n";
  out << "\n";
  if (plan.goal.empty()) {
    if (plan.afterwards.empty()) {
      out << "Plan: nothing to change; the cluster is consistently dual-stack.\n";
    } else {
      out << "Plan: none (" << plan.afterwards.front() << ")\n";
    }
    return out.str();
  }
  out << "Plan: " << plan.goal << ", in this order";
  out << (plan.checked ? " (checked: the flags below give \"" + plan.checked_verdict + "\")"
                       : " (NOT checked: the flags below give \"" + plan.checked_verdict + "\")")
      << "\n";
  int n = 0;
  if (plan.steps.empty()) out << "  (no flag changes)\n";
  for (const auto& step : plan.steps) {
    out << "  " << ++n << ". " << step.component << "  [" << step.where << "]\n";
    for (const auto& c : step.changes) out << "       " << ChangeText(c) << "\n";
    for (const auto& note : step.notes) out << "       (" << note << ")\n";
  }
  out << "  Then:\n";
  for (const auto& a : plan.afterwards) out << "   - " << a << "\n";
  return out.str();
}

nlohmann::ordered_json ReportJson(const Diagnosis& d, const DualStackPlan& plan) {
  nlohmann::ordered_json j;
  j["verdict"] = d.verdict;
  j["consistent"] = !d.HasProblems();
  j["components"] = nlohmann::ordered_json::array();
  for (const auto& r : d.components) {
    nlohmann::ordered_json c;
    c["component"] = r.instance->component;
    c["origin"] = r.instance->origin;
    c["release"] = r.instance->release ? r.instance->release->ToString() : "";
    if (!r.assumed_release.empty()) c["assumedRelease"] = r.assumed_release;
    c["rules"] = r.rules;
    if (!r.refusal.empty()) c["refusal"] = r.refusal;
    c["state"] = r.state.is_null() ? nlohmann::ordered_json::object() : r.state;
    c["known"] = r.known;
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& p : r.problems) {
      problems.push_back(
          {{"severity", p.severity == Severity::kError ? "error" : "warning"}, {"text", p.text}});
    }
    c["problems"] = problems;
    c["notes"] = r.notes;
    j["components"].push_back(c);
  }
  j["checks"] = nlohmann::ordered_json::array();
  for (const auto& c : d.checks) {
    j["checks"].push_back({{"id", c.id},
                           {"title", c.title},
                           {"result", CheckResultName(c.result)},
                           {"detail", c.detail}});
  }
  j["notes"] = d.notes;
  nlohmann::ordered_json p;
  p["goal"] = plan.goal;
  p["steps"] = nlohmann::ordered_json::array();
  for (const auto& s : plan.steps) {
    nlohmann::ordered_json step;
    step["component"] = s.component;
    step["where"] = s.where;
    step["changes"] = nlohmann::ordered_json::array();
    for (const auto& c : s.changes) {
      nlohmann::ordered_json change;
      if (c.in_config_file) {
        change["configFile"] = c.flag;
        change["field"] = c.config_field;
      } else {
        change["flag"] = "--" + c.flag;
      }
      change["from"] = c.from;
      change["to"] = c.to;
      step["changes"].push_back(change);
    }
    step["notes"] = s.notes;
    p["steps"].push_back(step);
  }
  p["afterwards"] = plan.afterwards;
  p["checkedVerdict"] = plan.checked_verdict;
  p["checked"] = plan.checked;
  j["plan"] = p;
  return j;
}

}  // namespace kdual::doctor
