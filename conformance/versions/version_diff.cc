#include "conformance/versions/version_diff.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/normalize.h"
#include "conformance/golden/yaml_reader.h"
#include "conformance/runner/case_runner.h"
#include "conformance/runner/html_report.h"
#include "conformance/runner/target.h"
#include "engine/base/strings.h"
#include "engine/version/behaviour_changes.h"
#include "engine/version/profile.h"

namespace kdual::versions {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kDynamicPicks = "dynamic-picks";

// A step's answer as the report shows and compares it.
json Outcome(const golden::StepAnswer& s) {
  switch (s.kind) {
    case golden::StepAnswer::Kind::kStarted: return {{"started", true}};
    case golden::StepAnswer::Kind::kStartupError: return {{"startupError", s.startup_error}};
    case golden::StepAnswer::Kind::kAnswer: break;
  }
  json out;
  const registry::Answer& a = s.answer;
  if (a.is_error()) {
    json e = {{"code", a.code}};
    if (a.body.is_object()) {
      e["reason"] = a.body.value("reason", std::string());
      e["message"] = a.body.value("message", std::string());
      if (a.body.contains("details") && a.body["details"].is_object() &&
          a.body["details"].contains("causes")) {
        e["causes"] = a.body["details"]["causes"];
      }
    }
    out["error"] = e;
  } else {
    out["object"] = golden::NormalizeObject(a.body);
  }
  if (!a.warnings.empty()) out["warnings"] = a.warnings;
  return out;
}

// The fields two objects differ in, two levels deep ("spec.clusterIPs").
void DiffPaths(const json& a, const json& b, const std::string& prefix, int depth,
               std::set<std::string>* out) {
  if (a == b) return;
  if (depth < 2 && a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
    for (const auto& k : keys) {
      DiffPaths(a.contains(k) ? a[k] : json(), b.contains(k) ? b[k] : json(),
                prefix.empty() ? k : prefix + "." + k, depth + 1, out);
    }
    return;
  }
  out->insert(prefix);
}

// A message with the Go-versus-JSON value printing taken out: what is left
// is the same when only field.Error's rendering changed (1.37 prints values
// as JSON where older releases print Go syntax).
std::string WithoutValueSyntax(std::string m) {
  for (const char* noise : {"[]string", "[]core.IPFamily", "*core.IPFamilyPolicy",
                            "core.IPFamilyPolicy", "core.IPFamily", "core.Protocol", "(nil)"}) {
    for (size_t at; (at = m.find(noise)) != std::string::npos;)
      m.erase(at, std::string(noise).size());
  }
  std::string out;
  for (char c : m) {
    if (std::string("\"\\{}[](), *").find(c) == std::string::npos) out += c;
  }
  return out;
}

std::string FirstCauseField(const json& error) {
  if (error.contains("causes") && error["causes"].is_array() && !error["causes"].empty()) {
    return error["causes"][0].value("field", std::string());
  }
  return "";
}

std::string Describe(const json& error) {
  return std::to_string(error.value("code", 0)) + " " + error.value("reason", std::string());
}

// The kind of change a pair of answers shows: a key and a statement.
std::pair<std::string, std::string> Classify(const json& a, const json& b, const std::string& va,
                                             const std::string& vb) {
  const bool a_start = a.contains("started") || a.contains("startupError");
  const bool b_start = b.contains("started") || b.contains("startupError");
  if (a_start || b_start) {
    if (a.contains("started") && b.contains("startupError")) {
      return {"startup-refused-" + vb,
              "the control plane of " + vb + " refuses to start with flags " + va + " accepts"};
    }
    if (b.contains("started") && a.contains("startupError")) {
      return {"startup-refused-" + va,
              "the control plane of " + va + " refuses to start with flags " + vb + " accepts"};
    }
    return {"startup-error-text", "the start-up error for the same flags reads differently"};
  }
  if (a.contains("error") && b.contains("object")) {
    std::string field = FirstCauseField(a["error"]);
    return {"accepted-in-" + vb + ":" + a["error"].value("reason", std::string()) + ":" + field,
            va + " refuses (" + Describe(a["error"]) + (field.empty() ? "" : ", " + field) +
                ") what " + vb + " accepts"};
  }
  if (a.contains("object") && b.contains("error")) {
    std::string field = FirstCauseField(b["error"]);
    return {"refused-in-" + vb + ":" + b["error"].value("reason", std::string()) + ":" + field,
            vb + " refuses (" + Describe(b["error"]) + (field.empty() ? "" : ", " + field) +
                ") what " + va + " accepts"};
  }
  if (a.contains("error") && b.contains("error")) {
    const json& ea = a["error"];
    const json& eb = b["error"];
    if (ea.value("code", 0) != eb.value("code", 0) ||
        ea.value("reason", "") != eb.value("reason", "")) {
      return {"error-changed:" + Describe(ea) + "->" + Describe(eb),
              "the same request is refused with another status: " + Describe(ea) + " on " + va +
                  ", " + Describe(eb) + " on " + vb};
    }
    if (WithoutValueSyntax(ea.value("message", "")) ==
            WithoutValueSyntax(eb.value("message", "")) &&
        ea.value("message", "") != eb.value("message", "")) {
      return {"field-error-values",
              "field error values print differently (Go syntax on one release, JSON on the "
              "other: field.Error's rendering), the errors are otherwise the same"};
    }
    if (ea.value("message", "") != eb.value("message", "")) {
      return {"error-text", "an error's text changed (same status and reason)"};
    }
  }
  if (a.contains("object") && b.contains("object")) {
    std::set<std::string> paths;
    DiffPaths(a["object"], b["object"], "", 0, &paths);
    if (!paths.empty()) {
      std::vector<std::string> list(paths.begin(), paths.end());
      bool picks_only = true;
      for (const auto& p : list)
        picks_only = picks_only && (p == "spec.clusterIP" || p == "spec.clusterIPs");
      if (picks_only) {
        return {
            kDynamicPicks,
            "a dynamically allocated cluster IP differs: the engine takes the highest free address its "
            "allocator offers, so this shows the part of the range each release allocates from (the IPv6 "
            "bitmap's 65536-address cap, the ServiceCIDR's whole range); real servers pick at random, so "
            "captures show placeholders"};
      }
      return {"object:" + Join(list, ","), "the answer differs in " + Join(list, ", ")};
    }
  }
  return {"warnings", "the warnings changed"};
}

// golden/<minor>/<id>.yaml -> ("<minor>", "<id>"); empty when not below golden/.
std::pair<std::string, std::string> GoldenPlace(const std::string& file) {
  fs::path abs = fs::absolute(file).lexically_normal();
  std::vector<std::string> parts;
  for (const auto& p : abs) parts.push_back(p.string());
  for (size_t i = parts.size(); i-- > 0;) {
    if (parts[i] == "golden" && i + 2 < parts.size()) {
      std::string id;
      for (size_t j = i + 2; j < parts.size(); ++j) id += (id.empty() ? "" : "/") + parts[j];
      if (id.size() > 5 && id.compare(id.size() - 5, 5, ".yaml") == 0) id.resize(id.size() - 5);
      return {parts[i + 1], id};
    }
  }
  return {"", ""};
}

std::string Minor(const version::Release& r) {
  return std::to_string(r.major) + "." + std::to_string(r.minor);
}

// The captured expectations of a golden file, step by step (null where a
// step has none); empty when the file does not read.
std::vector<json> CapturedExpectations(const std::string& file) {
  std::vector<json> out;
  auto doc = golden::ReadYamlFile(file);
  if (!doc.ok() || !doc->value.is_object() || !doc->value.contains("steps")) return out;
  for (const auto& s : doc->value["steps"])
    out.push_back(s.is_object() && s.contains("expect") ? s["expect"] : json());
  return out;
}

// Whether two captured expectations of one step can be the same answer: a
// step captured with `anyOf` (a server that picks at random) agrees with
// another when one of its alternatives is the other's.
bool CapturedStepsAgree(const json& a, const json& b) {
  auto alternatives = [](const json& e) {
    if (e.is_object() && e.contains("anyOf") && e["anyOf"].is_array())
      return std::vector<json>(e["anyOf"].begin(), e["anyOf"].end());
    return std::vector<json>{e};
  };
  for (const auto& x : alternatives(a))
    for (const auto& y : alternatives(b))
      if (x == y) return true;
  return false;
}

// The case's answers on `profile`, as the report compares them.
std::vector<json> Outcomes(const golden::GoldenCase& c, const version::Profile& profile) {
  runner::EngineTarget target(profile);
  runner::CaseRecording r = runner::RecordCase(c, target, runner::MatchContextFor(c, profile));
  std::vector<json> out;
  if (!r.started.ok()) out.push_back({{"startupError", r.started.message()}});
  for (const auto& s : r.answers) out.push_back(Outcome(s));
  return out;
}

// The behaviour changes between two releases (in one and not the other).
std::vector<const version::BehaviourChange*> ChangesBetween(const version::Release& older,
                                                            const version::Release& newer) {
  std::vector<const version::BehaviourChange*> out;
  for (const auto& c : version::BehaviourChanges()) {
    if (c.HoldsIn(older) != c.HoldsIn(newer)) out.push_back(&c);
  }
  return out;
}

bool TextOnlyKey(const std::string& key) {
  return key == "warnings" || key == "error-text" || key == "field-error-values" ||
         key == "startup-error-text";
}

// Which of `between`, each applied alone to the older release's profile,
// change the case's answers there. Where some change what is answered
// (accepted or refused, the status, the object) and others only its words,
// the former are the cause: a refusal that turns into an acceptance also
// reads differently under a wording change, which is not why it changed.
std::vector<const version::BehaviourChange*> Causes(
    const golden::GoldenCase& c, const version::Profile& older,
    const std::vector<json>& older_outcomes,
    const std::vector<const version::BehaviourChange*>& between) {
  std::vector<const version::BehaviourChange*> material, wording;
  for (const auto* change : between) {
    version::Profile p = older;
    change->apply(p);
    std::vector<json> changed = Outcomes(c, p);
    if (changed == older_outcomes) continue;
    size_t i = 0;
    while (i < changed.size() && i < older_outcomes.size() && changed[i] == older_outcomes[i]) ++i;
    json x = i < older_outcomes.size() ? older_outcomes[i] : json::object();
    json y = i < changed.size() ? changed[i] : json::object();
    (TextOnlyKey(Classify(x, y, "", "").first) ? wording : material).push_back(change);
  }
  return material.empty() ? wording : material;
}

}  // namespace

Result<VersionDiff> DiffVersions(const std::vector<std::string>& files, const version::Release& a,
                                 const version::Release& b) {
  auto pa = version::ProfileFor(a);
  if (!pa.ok()) return pa.status();
  auto pb = version::ProfileFor(b);
  if (!pb.ok()) return pb.status();
  VersionDiff out;
  out.a = a.ToString();
  out.b = b.ToString();
  std::map<std::string, ChangeGroup> groups;
  const bool a_older = a < b;
  const version::Profile& older = a_older ? *pa : *pb;
  const auto between = ChangesBetween(a_older ? a : b, a_older ? b : a);
  for (const auto& file : files) {
    auto c = golden::ReadCaseFile(file);
    if (!c.ok()) {
      out.errors.push_back(c.status().message());
      continue;
    }
    ++out.cases_run;
    runner::EngineTarget ta(*pa), tb(*pb);
    runner::CaseRecording ra = runner::RecordCase(*c, ta, runner::MatchContextFor(*c, *pa));
    runner::CaseRecording rb = runner::RecordCase(*c, tb, runner::MatchContextFor(*c, *pb));
    // A case whose cluster does not start at all (it does not expect that):
    // its start is the difference, as a start step's would be.
    std::vector<json> oa, ob;
    if (!ra.started.ok()) oa.push_back({{"startupError", ra.started.message()}});
    if (!rb.started.ok()) ob.push_back({{"startupError", rb.started.message()}});
    for (const auto& s : ra.answers) oa.push_back(Outcome(s));
    for (const auto& s : rb.answers) ob.push_back(Outcome(s));
    const bool shifted = !ra.started.ok() || !rb.started.ok();

    auto [minor, id] = GoldenPlace(file);
    std::vector<json> cap_a, cap_b;
    if (!minor.empty() && minor == Minor(a)) {
      // golden/<A>/<id>.yaml -> golden/<B>/<id>.yaml
      std::string path = fs::absolute(file).lexically_normal().string();
      std::string marker = "/golden/" + minor + "/";
      size_t at = path.rfind(marker);
      if (at != std::string::npos) {
        std::string counterpart =
            path.substr(0, at) + "/golden/" + Minor(b) + "/" + path.substr(at + marker.size());
        if (fs::exists(counterpart)) {
          cap_a = CapturedExpectations(file);
          cap_b = CapturedExpectations(counterpart);
        }
      }
    }
    const bool captured_pair = !cap_a.empty() && cap_a.size() == cap_b.size();

    size_t n = std::max(oa.size(), ob.size());
    std::optional<size_t> first;
    for (size_t i = 0; i < n; ++i) {
      json x = i < oa.size() ? oa[i] : json();
      json y = i < ob.size() ? ob[i] : json();
      if (x != y) {
        first = i;
        break;
      }
    }
    bool captured_differ = false;
    if (captured_pair) {
      ++out.captured_pairs;
      for (size_t i = 0; i < cap_a.size(); ++i)
        captured_differ = captured_differ || !CapturedStepsAgree(cap_a[i], cap_b[i]);
    }
    if (!first) {
      if (captured_pair && captured_differ)
        out.captured_not_predicted.push_back(id.empty() ? file : id);
      continue;
    }
    ++out.cases_differing;
    Difference d;
    d.case_id = id.empty() ? file : id;
    d.file = file;
    d.step = shifted ? 0 : *first;
    d.op = shifted || d.step >= c->steps.size() ? "start" : golden::StepOpName(c->steps[d.step].op);
    d.case_steps = c->steps.size();
    d.a = *first < oa.size() ? oa[*first] : json();
    d.b = *first < ob.size() ? ob[*first] : json();
    if (captured_pair) d.captured = captured_differ ? "differ" : "same";
    auto [key, statement] = Classify(d.a, d.b, out.a, out.b);
    // Dynamic picks are the engine's own choice (servers pick at random):
    // reported as such, whatever made the ranges differ.
    const bool pick = key == kDynamicPicks;
    const auto causes = pick ? std::vector<const version::BehaviourChange*>{}
                             : Causes(*c, older, a_older ? oa : ob, between);
    std::vector<std::string> ids, statements, upstreams, sinces, kinds;
    bool text_only = TextOnlyKey(key);
    for (const auto* cause : causes) {
      ids.push_back(cause->id);
      statements.push_back(cause->statement);
      upstreams.push_back(cause->upstream);
      std::string since = "v1." + std::to_string(cause->since_minor);
      if (std::find(sinces.begin(), sinces.end(), since) == sinces.end()) sinces.push_back(since);
      std::string kind = version::ChangeKindName(cause->kind);
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
    }
    if (!causes.empty()) {
      key = "change:" + Join(ids, "+");
      statement = Join(statements, "; and ");
    }
    // A random pick on a server is a placeholder in its capture: the
    // captures cannot show a difference in picks either way.
    if (captured_pair && pick) {
      ++out.dynamic_picks;
    } else if (captured_pair) {
      (captured_differ ? out.predicted_and_captured : out.predicted_not_captured)++;
    }
    ChangeGroup& g = groups[key];
    g.key = key;
    g.statement = statement;
    g.change_ids = ids;
    g.kind = Join(kinds, ", ");
    g.upstream = Join(upstreams, "; ");
    g.since = Join(sinces, ", ");
    g.text_only = g.cases.empty() ? text_only : (g.text_only && text_only);
    g.cases.push_back(std::move(d));
  }
  for (auto& [key, g] : groups) {
    std::stable_sort(g.cases.begin(), g.cases.end(), [](const Difference& x, const Difference& y) {
      if (x.case_steps != y.case_steps) return x.case_steps < y.case_steps;
      return x.case_id < y.case_id;
    });
    out.groups.push_back(std::move(g));
  }
  // Changes of behaviour first, text-only ones (folded in the reports)
  // after them; the largest first within each.
  std::stable_sort(out.groups.begin(), out.groups.end(),
                   [](const ChangeGroup& x, const ChangeGroup& y) {
                     if (x.text_only != y.text_only) return !x.text_only;
                     return x.cases.size() > y.cases.size();
                   });
  return out;
}

namespace {

// The value at a dotted path, "(absent)" when there is none.
std::string ValueAt(const json& j, const std::string& path) {
  const json* v = &j;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string key =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!v->is_object() || !v->contains(key)) return "(absent)";
    v = &(*v)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return v->dump();
}

std::string KindsOfChange(size_t n) {
  return std::to_string(n) + (n == 1 ? " kind of change" : " kinds of change");
}

// One side of a difference, showing what differs from `other`: for two
// objects only the fields that differ (or the warnings, when only they do).
std::string Short(const json& outcome, const json& other) {
  std::string s;
  if (outcome.is_null()) return "(no answer)";
  if (outcome.contains("started")) return "starts";
  if (outcome.contains("startupError"))
    s = "refuses to start: " + outcome["startupError"].get<std::string>();
  if (outcome.contains("error")) {
    const json& e = outcome["error"];
    s = std::to_string(e.value("code", 0)) + " " + e.value("reason", std::string()) + ": " +
        e.value("message", std::string());
  }
  bool warnings_shown = false;
  if (outcome.contains("object")) {
    std::set<std::string> paths;
    if (other.is_object() && other.contains("object"))
      DiffPaths(outcome["object"], other["object"], "", 0, &paths);
    if (!paths.empty()) {
      for (const auto& p : paths)
        s += (s.empty() ? "" : ", ") + p + " = " + ValueAt(outcome["object"], p);
    } else if (other.is_object() && other.contains("object")) {
      s = "warnings: " +
          (outcome.contains("warnings") ? outcome["warnings"].dump() : std::string("none"));
      warnings_shown = true;
    } else {
      s = "accepted: " + outcome["object"].dump();
    }
  }
  if (outcome.contains("warnings") && !warnings_shown)
    s += "  (warnings: " + outcome["warnings"].dump() + ")";
  if (s.size() > 400) s = s.substr(0, 397) + "...";
  return s;
}

}  // namespace

std::string RenderVersionDiffText(const VersionDiff& d, bool all_cases) {
  std::string out = "kdual versions diff " + d.a + " " + d.b + ": " + std::to_string(d.cases_run) +
                    " cases run, " + std::to_string(d.cases_differing) +
                    " answer differently, in " + KindsOfChange(d.groups.size()) + "\n";
  if (d.captured_pairs > 0) {
    out += "Against the captures (" + std::to_string(d.captured_pairs) +
           " cases captured on both): " + std::to_string(d.predicted_and_captured) +
           " differences shown by both real servers too, " +
           std::to_string(d.predicted_not_captured) +
           " predicted by the engine but not shown by the servers, " +
           (d.dynamic_picks
                ? std::to_string(d.dynamic_picks) + " in dynamic picks the captures cannot show, "
                : "") +
           std::to_string(d.captured_not_predicted.size()) +
           " shown by the servers but not predicted\n";
  }
  for (const auto& e : d.errors) out += "not run: " + e + "\n";
  for (size_t i = 0; i < d.groups.size(); ++i) {
    const ChangeGroup& g = d.groups[i];
    const Difference& s = g.cases.front();
    out += "\n" + std::to_string(i + 1) + ". " + g.statement + " (" +
           std::to_string(g.cases.size()) + (g.cases.size() == 1 ? " case)\n" : " cases)\n");
    if (!g.change_ids.empty()) {
      out += "   " + g.kind + ", since " + g.since + " (" + Join(g.change_ids, ", ") +
             "): " + g.upstream + "\n";
    }
    out += "   smallest: " + s.case_id + ", step " + std::to_string(s.step) + " (" + s.op + ")" +
           (s.captured.empty() ? "" : ", captured answers " + s.captured) + "\n";
    out += "     " + d.a + ": " + Short(s.a, s.b) + "\n";
    out += "     " + d.b + ": " + Short(s.b, s.a) + "\n";
    if (all_cases && g.cases.size() > 1) {
      for (size_t j = 1; j < g.cases.size(); ++j) out += "   also: " + g.cases[j].case_id + "\n";
    }
  }
  if (!d.captured_not_predicted.empty()) {
    out += "\nShown by the servers but not predicted by the engine:\n";
    for (const auto& id : d.captured_not_predicted) out += "  " + id + "\n";
  }
  return out;
}

std::string RenderVersionDiffMarkdown(const VersionDiff& d) {
  auto cell = [](std::string t) {
    std::string out;
    for (char c : t) {
      if (c == '|')
        out += "\\|";
      else if (c == '\n')
        out += " ";
      else
        out += c;
    }
    return "`" + out + "`";
  };
  std::string out = "# What changes from " + d.a + " to " + d.b + "\n\n";
  out += std::to_string(d.cases_run) + " cases run; " + std::to_string(d.cases_differing) +
         " answer differently, in " + KindsOfChange(d.groups.size()) + ".";
  if (d.captured_pairs > 0) {
    out += " Of the cases captured on both releases, " + std::to_string(d.predicted_and_captured) +
           " differences are shown by both real servers, " +
           std::to_string(d.predicted_not_captured) + " are predicted but not shown, " +
           std::to_string(d.captured_not_predicted.size()) + " are shown but not predicted.";
  }
  out += "\n";
  bool folded = false;
  for (size_t i = 0; i < d.groups.size(); ++i) {
    const ChangeGroup& g = d.groups[i];
    const Difference& s = g.cases.front();
    if (g.text_only && !folded) {
      out += "\n<details><summary>Changes in wording only (error texts, warnings)</summary>\n";
      folded = true;
    }
    out += "\n## " + std::to_string(i + 1) + ". " + g.statement + " (" +
           std::to_string(g.cases.size()) + (g.cases.size() == 1 ? " case)\n\n" : " cases)\n\n");
    if (!g.change_ids.empty()) {
      out += "*" + g.kind + ", since " + g.since + "* (`" + Join(g.change_ids, "`, `") +
             "`): " + g.upstream + "\n\n";
    }
    out += "Smallest case: `" + s.case_id + "`, step " + std::to_string(s.step) + " (" + s.op +
           ")" + (s.captured.empty() ? "" : "; captured answers " + s.captured) + ".\n\n";
    out += "| " + d.a + " | " + d.b + " |\n|---|---|\n";
    out += "| " + cell(Short(s.a, s.b)) + " | " + cell(Short(s.b, s.a)) + " |\n";
  }
  if (folded) out += "\n</details>\n";
  return out;
}

std::string RenderVersionDiffJson(const VersionDiff& d) {
  json groups = json::array();
  for (const auto& g : d.groups) {
    json cases = json::array();
    for (const auto& c : g.cases) {
      json j = {{"case", c.case_id}, {"file", c.file}, {"step", c.step},
                {"op", c.op},        {"a", c.a},       {"b", c.b}};
      if (!c.captured.empty()) j["captured"] = c.captured;
      cases.push_back(j);
    }
    json group = {
        {"key", g.key}, {"statement", g.statement}, {"textOnly", g.text_only}, {"cases", cases}};
    if (!g.change_ids.empty()) {
      group["changes"] = g.change_ids;
      group["kind"] = g.kind;
      group["since"] = g.since;
      group["upstream"] = g.upstream;
    }
    groups.push_back(group);
  }
  json out = {{"a", d.a},
              {"b", d.b},
              {"casesRun", d.cases_run},
              {"casesDiffering", d.cases_differing},
              {"groups", groups},
              {"captures",
               {{"casesCapturedOnBoth", d.captured_pairs},
                {"predictedAndCaptured", d.predicted_and_captured},
                {"predictedNotCaptured", d.predicted_not_captured},
                {"dynamicPicks", d.dynamic_picks},
                {"capturedNotPredicted", d.captured_not_predicted}}}};
  if (!d.errors.empty()) out["errors"] = d.errors;
  return out.dump(2) + "\n";
}

// One escaper for every HTML report (runner/html_report.h).
namespace {
std::string Html(const std::string& t) { return runner::HtmlEscape(t); }
}  // namespace

std::string RenderVersionDiffHtml(const VersionDiff& d) {
  std::string title = "What changes from " + d.a + " to " + d.b;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html(title) +
      "</title>\n<style>body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}"
      "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;"
      "vertical-align:top;text-align:left}code,td{font-family:monospace;font-size:.85rem;"
      "white-space:pre-wrap;word-break:break-word}.meta{color:#555}summary{cursor:pointer;"
      "font-weight:bold}</style></head><body>\n";
  out += "<h1>" + Html(title) + "</h1>\n<p>" + std::to_string(d.cases_run) + " cases run; " +
         std::to_string(d.cases_differing) + " answer differently, in " +
         KindsOfChange(d.groups.size()) + ".";
  if (d.captured_pairs > 0) {
    out += " Of the cases captured on both releases, " + std::to_string(d.predicted_and_captured) +
           " differences are shown by both real servers, " +
           std::to_string(d.predicted_not_captured) + " are predicted but not shown, " +
           std::to_string(d.captured_not_predicted.size()) + " are shown but not predicted.";
  }
  out += "</p>\n";
  bool folded = false;
  for (size_t i = 0; i < d.groups.size(); ++i) {
    const ChangeGroup& g = d.groups[i];
    const Difference& s = g.cases.front();
    if (g.text_only && !folded) {
      out += "<details><summary>Changes in wording only (error texts, warnings)</summary>\n";
      folded = true;
    }
    out += "<h2>" + std::to_string(i + 1) + ". " + Html(g.statement) + " (" +
           std::to_string(g.cases.size()) + (g.cases.size() == 1 ? " case" : " cases") + ")</h2>\n";
    if (!g.change_ids.empty()) {
      out += "<p class=\"meta\">" + Html(g.kind) + ", since " + Html(g.since) + " (<code>" +
             Html(Join(g.change_ids, ", ")) + "</code>): " + Html(g.upstream) + "</p>\n";
    }
    out += "<p>Smallest case: <code>" + Html(s.case_id) + "</code>, step " +
           std::to_string(s.step) + " (" + Html(s.op) + ")" +
           (s.captured.empty() ? "" : "; captured answers " + Html(s.captured)) + ".</p>\n";
    out += "<table><tr><th>" + Html(d.a) + "</th><th>" + Html(d.b) + "</th></tr><tr><td>" +
           Html(Short(s.a, s.b)) + "</td><td>" + Html(Short(s.b, s.a)) + "</td></tr></table>\n";
    if (g.cases.size() > 1) {
      out += "<details><summary>all " + std::to_string(g.cases.size()) + " cases</summary><ul>";
      for (const auto& c : g.cases) out += "<li><code>" + Html(c.case_id) + "</code></li>";
      out += "</ul></details>\n";
    }
  }
  if (folded) out += "</details>\n";
  if (!d.captured_not_predicted.empty()) {
    out += "<h2>Shown by the servers but not predicted by the engine</h2><ul>";
    for (const auto& id : d.captured_not_predicted) out += "<li><code>" + Html(id) + "</code></li>";
    out += "</ul>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace kdual::versions
