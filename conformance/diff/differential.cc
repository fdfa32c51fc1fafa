#include "conformance/diff/differential.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>
#include <thread>

#include "conformance/diff/shrink.h"
#include "conformance/golden/case_writer.h"
#include "conformance/golden/expectation_merge.h"
#include "conformance/live/capture.h"
#include "conformance/runner/case_runner.h"

namespace kdual::diff {
namespace {

using golden::Expectation;
using golden::GoldenCase;
using golden::StepOp;

// An answer that says the server was too busy, not what it thinks of the
// request: throttled, unavailable, timed out.
bool Transient(const Expectation& e) {
  if (e.kind == Expectation::Kind::kAnyOf) {
    for (const auto& alt : e.any_of) {
      if (Transient(alt)) return true;
    }
    return false;
  }
  if (e.kind != Expectation::Kind::kError) return false;
  int code = e.error.code;
  return code == 429 || code == 503 || code == 504 ||
         (code == 500 && e.error.message &&
          e.error.message->find("timed out") != std::string::npos);
}

bool HasTransientAnswer(const GoldenCase& recorded) {
  for (const auto& step : recorded.steps) {
    if (step.expect && Transient(*step.expect)) return true;
  }
  return false;
}

// Whether every mismatch ("steps[N] ...") is on a step whose expectation is
// an anyOf.
bool OnlyOnAnyOfSteps(const GoldenCase& merged, const std::vector<std::string>& mismatches) {
  if (mismatches.empty()) return false;
  for (const auto& m : mismatches) {
    if (m.rfind("steps[", 0) != 0) return false;
    size_t index = std::strtoul(m.c_str() + 6, nullptr, 10);
    if (index >= merged.steps.size() || !merged.steps[index].expect ||
        merged.steps[index].expect->kind != Expectation::Kind::kAnyOf) {
      return false;
    }
  }
  return true;
}

// The question a `start` case turns into when the server accepts its flags.
GoldenCase PlainCreateOn(const GoldenCase& start_case) {
  GoldenCase c = start_case;
  golden::Step create;
  create.op = StepOp::kCreate;
  create.object = {{"apiVersion", "v1"},
                   {"kind", "Service"},
                   {"metadata", {{"name", "svc-a"}, {"namespace", "default"}}},
                   {"spec", {{"selector", {{"app", "svc-a"}}}, {"ports", {{{"port", 80}}}}}}};
  c.steps = {create};
  c.description += " The server accepts these flags.";
  return c;
}

Result<GoldenCase> RecordOnce(const GoldenCase& question, live::LiveTarget& live,
                              const DiffContext& context, std::set<std::string>* picked_and_named) {
  if (question.RequiresFreshCluster()) live.RequireFreshStart();
  auto result =
      live::CaptureCase(question, live, runner::MatchContextFor(question, context.profile));
  Status cleaned = live.Cleanup();
  if (!cleaned.ok()) live.RequireFreshStart();
  if (!result.ok()) return result.status();
  if (picked_and_named) {
    picked_and_named->insert(result->picked_and_named.begin(), result->picked_and_named.end());
  }
  GoldenCase recorded = std::move(result->captured);
  recorded.source = context.source;
  recorded.kubernetes = context.server_version;
  return recorded;
}

}  // namespace

const char* CaseVerdictName(CaseVerdict verdict) {
  switch (verdict) {
    case CaseVerdict::kAgreed: return "agreed";
    case CaseVerdict::kDiverged: return "diverged";
    case CaseVerdict::kNonDeterministic: return "non-deterministic";
    case CaseVerdict::kInterference: return "interference";
    case CaseVerdict::kNotChecked: return "not checked";
  }
  return "?";
}

Result<GoldenCase> Record(const GoldenCase& question, live::LiveTarget& live,
                          const DiffContext& context, std::set<std::string>* picked_and_named) {
  Status last;
  for (int attempt = 0; attempt <= context.capture_retries; ++attempt) {
    if (attempt > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(500 * attempt * attempt));
    auto recorded = RecordOnce(question, live, context, picked_and_named);
    if (recorded.ok()) {
      if (!HasTransientAnswer(*recorded)) return recorded;
      last = Unavailable("the server answered a step with a throttling or unavailable error");
      continue;
    }
    const std::string& m = recorded.status().message();
    if (m.find("the control plane started, but") != std::string::npos) {
      // The server accepts flags the case expected it to refuse.
      return RecordOnce(PlainCreateOn(question), live, context, picked_and_named);
    }
    last = recorded.status();
    // A server that stopped answering: a local control plane is started
    // again for the retry (a cluster given by kubeconfig is only retried).
    if (recorded.status().code() == StatusCode::kUnavailable) live.RequireFreshStart();
    // A refused flag set or a malformed request is an answer, not a hiccup.
    if (recorded.status().code() != StatusCode::kUnavailable &&
        m.find("did not start") == std::string::npos && m.find("transport") == std::string::npos &&
        m.find("no answer") == std::string::npos) {
      break;
    }
  }
  return last;
}

golden::Verdict EngineVerdict(const GoldenCase& recorded, const DiffContext& context) {
  auto engine = context.engine();
  return runner::RunCase(recorded, *engine, runner::MatchContextFor(recorded, context.profile));
}

CaseCheck FirstLook(const GoldenCase& question, live::LiveTarget& live,
                    const DiffContext& context) {
  CaseCheck check;
  auto recorded = Record(question, live, context, &check.server_picks_named);
  if (!recorded.ok()) {
    check.verdict = CaseVerdict::kNotChecked;
    check.problem = recorded.status().message();
    return check;
  }
  check.recorded = std::move(recorded).value();
  golden::Verdict v = EngineVerdict(check.recorded, context);
  check.verdict = v.passed ? CaseVerdict::kAgreed : CaseVerdict::kDiverged;
  check.mismatches = v.mismatches;
  return check;
}

void Confirm(const GoldenCase& question, live::LiveTarget& live, const DiffContext& context,
             bool first_was_concurrent, CaseCheck* check) {
  std::vector<GoldenCase> runs;
  if (!first_was_concurrent) runs.push_back(check->recorded);
  while (runs.size() < 2) {
    // The question actually recorded (a start case may have become a create).
    GoldenCase asked =
        WithoutExpectations(check->recorded.steps.empty() ? question : check->recorded);
    auto again = Record(asked, live, context, &check->server_picks_named);
    if (!again.ok()) {
      check->verdict = CaseVerdict::kNotChecked;
      check->problem = "re-check: " + again.status().message();
      return;
    }
    runs.push_back(std::move(again).value());
  }
  auto merged = golden::MergeRuns(runs);
  if (!merged.ok()) {
    check->verdict = CaseVerdict::kNotChecked;
    check->problem = "re-check: " + merged.status().message();
    return;
  }
  golden::Verdict v = EngineVerdict(*merged, context);
  bool differs = golden::CountAnyOfSteps(*merged) > 0;
  check->recorded = std::move(merged).value();
  if (v.passed) {
    check->verdict = differs ? CaseVerdict::kNonDeterministic : CaseVerdict::kInterference;
    check->problem =
        differs ? "the server answered differently on each run" : "agreed when run alone";
    return;
  }
  check->mismatches = v.mismatches;
  // Where the server itself answered differently on each run (a random
  // address or node port in a message) and the engine differs from it only
  // there, the engine cannot be held to one of its answers.
  check->verdict = differs && OnlyOnAnyOfSteps(check->recorded, v.mismatches)
                       ? CaseVerdict::kNonDeterministic
                       : CaseVerdict::kDiverged;
  if (check->verdict == CaseVerdict::kNonDeterministic) {
    check->problem =
        "the server answered differently on each run, and the engine differs only on those steps";
  }
  if (check->verdict != CaseVerdict::kDiverged) return;
  std::string leftover = LeftoverAllocation(check->recorded, live);
  if (leftover.empty()) leftover = ListedLeftover(check->recorded);
  if (!leftover.empty()) {
    if (!live.StartsControlPlanes()) {
      // No fresh control plane to tell an earlier case's leftover from one
      // this case leaves on the server and the engine does not expect.
      check->verdict = CaseVerdict::kInterference;
      check->problem =
          leftover + "; not re-checked on a fresh control plane (a cluster given by kubeconfig)";
      return;
    }
    live.RequireFreshStart();
    auto fresh =
        Record(WithoutExpectations(check->recorded), live, context, &check->server_picks_named);
    if (fresh.ok()) {
      golden::Verdict fresh_verdict = EngineVerdict(*fresh, context);
      if (fresh_verdict.passed) {
        check->verdict = CaseVerdict::kInterference;
        check->problem = leftover + "; agreed on a fresh control plane";
        return;
      }
      // The case itself leaves it: a divergence, recorded where nothing
      // else could have.
      check->recorded = std::move(fresh).value();
      check->mismatches = fresh_verdict.mismatches;
    }
  }
  // A step that names an address or node port one side picked for another
  // step asks something else on each side: the server picks at
  // random, the engine deterministically (the highest free of the band), so
  // the case cannot be held to either answer.
  std::string picked = DependsOnAPick(check->recorded, check->server_picks_named, context);
  if (!picked.empty()) {
    check->verdict = CaseVerdict::kNonDeterministic;
    check->problem = picked;
  }
}

// A Service a list answer shows that no step of the case names: an earlier
// case's, left in the namespace by a cleanup that failed (the API server was
// restarting, say); empty when every listed Service is the case's own.
std::string ListedLeftover(const GoldenCase& recorded) {
  std::set<std::string> named;
  for (const auto& step : recorded.steps) {
    if (step.name) named.insert(*step.name);
    if (step.object.is_object() && step.object.contains("metadata") &&
        step.object["metadata"].is_object()) {
      const auto& m = step.object["metadata"];
      if (m.contains("name") && m["name"].is_string()) named.insert(m["name"].get<std::string>());
      if (m.contains("generateName")) return "";  // a generated name cannot be told apart
    }
  }
  for (const auto& step : recorded.steps) {
    if (step.op != golden::StepOp::kList || !step.expect) continue;
    const auto& e = *step.expect;
    if (e.kind != Expectation::Kind::kObject || !e.object.contains("items")) continue;
    for (const auto& item : e.object["items"]) {
      if (!item.is_object() || !item.contains("metadata")) continue;
      std::string n = item["metadata"].value("name", std::string());
      if (!n.empty() && !named.count(n))
        return "the server listed Service " + n + ", which the case never names";
    }
  }
  return "";
}

std::string LeftoverAllocation(const GoldenCase& recorded, live::LiveTarget& live) {
  // The allocators' texts (ipallocator ErrAllocated, portallocator
  // ErrAllocated) as the Service registry words them in a 422.
  static const std::regex kIP(
      "failed to allocate IP ([0-9A-Fa-f:.]+): provided IP is already allocated");
  static const std::regex kPort("Invalid value: ([0-9]+): provided port is already allocated");
  std::set<std::pair<std::string, bool>> values;
  for (const auto& step : recorded.steps) {
    if (!step.expect) continue;
    std::vector<const Expectation*> answers = {&*step.expect};
    for (const auto& alt : step.expect->any_of) answers.push_back(&alt);
    for (const Expectation* e : answers) {
      if (e->kind != Expectation::Kind::kError || !e->error.message) continue;
      const std::string& m = *e->error.message;
      for (const auto* re : {&kIP, &kPort}) {
        for (std::sregex_iterator it(m.begin(), m.end(), *re), end; it != end; ++it) {
          values.insert({(*it)[1].str(), re == &kPort});
        }
      }
    }
  }
  for (const auto& [value, is_port] : values) {
    // Still held now that the case's own Services are gone? A real create
    // asks (from 1.33 a dry run does not look at IPAddress objects); when
    // it succeeds the probe Service is deleted again.
    registry::Request probe;
    probe.op = registry::Op::kCreate;
    probe.namespace_name = "default";
    nlohmann::json spec = {{"ports", {{{"port", 80}}}}};
    if (is_port) {
      spec["type"] = "NodePort";
      spec["ports"][0]["nodePort"] = std::stoi(value);
    } else {
      spec["clusterIP"] = value;
      spec["clusterIPs"] = {value};
      spec["ipFamilyPolicy"] = "SingleStack";
    }
    probe.body = {{"apiVersion", "v1"},
                  {"kind", "Service"},
                  {"metadata", {{"name", "kdual-held-probe"}}},
                  {"spec", spec}};
    registry::Answer answer = live.Send(probe);
    bool held =
        answer.is_error() && answer.body.is_object() &&
        answer.body.value("message", std::string()).find("already allocated") != std::string::npos;
    if (!answer.is_error()) (void)live.Cleanup();
    if (!held) continue;
    auto holder = live.ServiceHolding(value, is_port);
    if (!holder.ok()) continue;
    // The case's own Services are gone: a Service of another run namespace
    // holding it is another case's (one running beside it, or one whose
    // cleanup the server throttled), not something this case asked for.
    if (holder->rfind("kdual-", 0) == 0) {
      return "held by " + *holder + ", a Service of another case: the server holds " +
             std::string(is_port ? "node port " : "") + value;
    }
    if (!holder->empty()) continue;
    return "left allocated by an earlier case: the server holds " +
           std::string(is_port ? "node port " : "") + value +
           " for no Service (a failed allocation it frees only in its repair loop)";
  }
  return "";
}

std::string DependsOnAPick(const GoldenCase& recorded,
                           const std::set<std::string>& server_picks_named,
                           const DiffContext& context) {
  auto join = [](const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
  };
  if (!server_picks_named.empty()) {
    return "depends on a random pick: the case names " +
           join({server_picks_named.begin(), server_picks_named.end()}) +
           ", which the server also chose for a Service";
  }
  auto engine = context.engine();
  auto engine_capture = live::CaptureCase(WithoutExpectations(recorded), *engine,
                                          runner::MatchContextFor(recorded, context.profile));
  if (engine_capture.ok() && !engine_capture->picked_and_named.empty()) {
    return "depends on a random pick: the case names " + join(engine_capture->picked_and_named) +
           ", which the engine also chose for a Service (the server picks at random)";
  }
  return "";
}

bool StillDiverges(const GoldenCase& question, live::LiveTarget& live, const DiffContext& context,
                   const std::string& signature) {
  auto recorded = Record(question, live, context);
  if (!recorded.ok()) return false;
  golden::Verdict v = EngineVerdict(*recorded, context);
  if (v.passed) return false;
  if (signature.empty()) return true;
  for (const auto& m : v.mismatches) {
    if (MismatchSignature(m) == signature) return true;
  }
  return false;
}

std::string MismatchSignature(const std::string& mismatch) {
  std::string s = mismatch;
  if (s.rfind("steps[", 0) == 0) {
    size_t close = s.find("] ");
    if (close != std::string::npos) s = s.substr(close + 2);
  }
  size_t op_end = s.find(": ");
  if (op_end == std::string::npos) return s;
  size_t path_end = s.find(": ", op_end + 2);
  return path_end == std::string::npos ? s : s.substr(0, path_end);
}

std::string ContentName(const GoldenCase& golden_case) {
  GoldenCase questions = WithoutExpectations(golden_case);
  questions.name = "";
  questions.description = "";
  std::string text = golden::CaseToJson(questions).dump();
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return "diff-" + std::string(hex).substr(0, 12);
}

}  // namespace kdual::diff
