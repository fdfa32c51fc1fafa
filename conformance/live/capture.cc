#include "conformance/live/capture.h"

#include <algorithm>
#include <set>

#include "conformance/golden/comparator.h"
#include "conformance/golden/normalize.h"
#include "conformance/golden/placeholder.h"
#include "conformance/runner/case_runner.h"
#include "engine/net/ip_address.h"

namespace kdual::live {
namespace {

using golden::Expectation;
using golden::StepAnswer;
using golden::StepOp;
using nlohmann::json;

bool IsPortKey(const std::string& key) { return key == "nodePort" || key == "healthCheckNodePort"; }

// Every string in the request (addresses it asked for), and every number
// under nodePort / healthCheckNodePort (also as a JSON Patch value).
void RequestedValues(const json& j, std::set<std::string>* strings, std::set<std::string>* ports) {
  if (j.is_string()) {
    strings->insert(j.get<std::string>());
  } else if (j.is_array()) {
    for (const auto& item : j) RequestedValues(item, strings, ports);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (IsPortKey(it.key()) && it.value().is_number_integer()) ports->insert(it.value().dump());
      RequestedValues(it.value(), strings, ports);
    }
    if (j.contains("path") && j["path"].is_string() && j.contains("value") &&
        j["value"].is_number_integer()) {
      std::string path = j["path"].get<std::string>();
      size_t slash = path.rfind('/');
      if (IsPortKey(path.substr(slash == std::string::npos ? 0 : slash + 1))) {
        ports->insert(j["value"].dump());
      }
    }
  }
}

// An address as the server writes it (Go's net.IP String of the sloppy
// parse); other text as it is.
std::string CanonicalAddress(const std::string& text) {
  auto ip = net::ParseIPSloppy(text);
  return ip.ok() ? ip->ToString() : text;
}

enum class ValueKind { kPort, kIPv4, kIPv6 };

// Whether the text around an occurrence of a value continues it (so it is
// part of a longer number or address, not that value).
// A port is also continued by a range it bounds ("30000-30015", the
// allocator's "range of valid ports" text): the range is the flag's, not the
// port the server chose.
bool ContinuesBefore(char c, char before, ValueKind kind) {
  unsigned char u = static_cast<unsigned char>(c), b = static_cast<unsigned char>(before);
  switch (kind) {
    case ValueKind::kPort: return std::isdigit(u) || (c == '-' && std::isdigit(b));
    case ValueKind::kIPv4: return std::isdigit(u) || c == '.';
    case ValueKind::kIPv6: return std::isxdigit(u) || c == ':' || c == '.';
  }
  return false;
}

bool ContinuesAfter(char c, char next, ValueKind kind) {
  unsigned char u = static_cast<unsigned char>(c), n = static_cast<unsigned char>(next);
  switch (kind) {
    case ValueKind::kPort: return std::isdigit(u) || (c == '-' && std::isdigit(n));
    case ValueKind::kIPv4: return std::isdigit(u) || (c == '.' && std::isdigit(n));
    case ValueKind::kIPv6: return std::isxdigit(u) || ((c == ':' || c == '.') && std::isxdigit(n));
  }
  return false;
}

}  // namespace

ExpectationRecorder::ExpectationRecorder(const golden::GoldenCase& original,
                                         golden::MatchContext context)
    : original_(original), context_(std::move(context)) {}

std::string ExpectationRecorder::BindingFor(const std::string& value, bool is_port) {
  auto known = name_of_.find(value);
  if (known != name_of_.end()) return known->second;
  auto taken = [&](const std::string& name) {
    return value_of_.count(name) > 0 || original_bindings_.count(name) > 0;
  };
  std::string name;
  for (int n = 0;; ++n) {
    if (is_port) {
      name = "p" + std::to_string(n + 1);
    } else {
      name = std::string(1, static_cast<char>('a' + n % 26));
      if (n >= 26) name += std::to_string(n / 26);
    }
    if (!taken(name)) break;
  }
  name_of_[value] = name;
  value_of_[name] = value;
  return name;
}

std::string ExpectationRecorder::Substitute(const std::string& text) const {
  std::vector<std::pair<std::string, std::string>> values(name_of_.begin(), name_of_.end());
  std::sort(values.begin(), values.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::string out = text;
  if (!generated_name_.empty()) {
    const std::string ref = std::string("${") + golden::kGeneratedNameReference + "}";
    for (size_t pos = out.find(generated_name_); pos != std::string::npos;
         pos = out.find(generated_name_, pos)) {
      out.replace(pos, generated_name_.size(), ref);
      pos += ref.size();
    }
  }
  for (const auto& [value, name] : values) {
    ValueKind kind = std::all_of(value.begin(), value.end(), ::isdigit) ? ValueKind::kPort
                     : value.find(':') != std::string::npos             ? ValueKind::kIPv6
                                                                        : ValueKind::kIPv4;
    std::string ref = "${" + name + "}";
    size_t pos = 0;
    while ((pos = out.find(value, pos)) != std::string::npos) {
      size_t end = pos + value.size();
      bool before = pos == 0 || !ContinuesBefore(out[pos - 1], pos >= 2 ? out[pos - 2] : ' ', kind);
      bool after = end == out.size() ||
                   !ContinuesAfter(out[end], end + 1 < out.size() ? out[end + 1] : ' ', kind);
      // Not inside a reference written already.
      bool in_ref = pos >= 2 && out.compare(pos - 2, 2, "${") == 0;
      if (before && after && !in_ref) {
        out.replace(pos, value.size(), ref);
        pos += ref.size();
      } else {
        pos = end;
      }
    }
  }
  // A uid is a random UUID: written as its reference wherever it stands. A
  // resourceVersion is a bare number, so only where a message quotes it in
  // parentheses ("does not match the ResourceVersion in record (242)").
  for (const auto& [ref, value] : object_refs_) {
    if (value.empty()) continue;
    const bool uid =
        ref.compare(0, std::string(golden::kUidReference).size(), golden::kUidReference) == 0;
    const std::string find = uid ? value : "(" + value + ")";
    const std::string put = uid ? "${" + ref + "}" : "(${" + ref + "})";
    for (size_t pos = out.find(find); pos != std::string::npos; pos = out.find(find, pos)) {
      out.replace(pos, find.size(), put);
      pos += put.size();
    }
  }
  return out;
}

Result<Expectation> ExpectationRecorder::Record(size_t index, const registry::Request& sent,
                                                const StepAnswer& answer) {
  auto e = RecordAnswer(index, sent, answer);
  // Bound after this step's messages are written: a message names the
  // object as it was stored before the step.
  golden::BindObjectReferences(answer.answer.body, &object_refs_);
  golden::BindObjectReferences(answer.answer.body, &original_bindings_);
  return e;
}

Result<Expectation> ExpectationRecorder::RecordAnswer(size_t index, const registry::Request& sent,
                                                      const StepAnswer& answer) {
  // The name the server made from generateName: written ~generatedName in
  // the object, ${generatedName} where a message quotes it.
  golden::MatchContext context = context_;
  context.generate_name = sent.op == registry::Op::kCreate ? golden::GenerateNameOf(sent.body) : "";
  generated_name_.clear();
  if (!context.generate_name.empty() && answer.kind == StepAnswer::Kind::kAnswer) {
    const json& b = answer.answer.body;
    if (!answer.answer.is_error()) {
      std::string name = b.is_object() && b.contains("metadata") && b["metadata"].is_object() &&
                                 b["metadata"].contains("name") && b["metadata"]["name"].is_string()
                             ? b["metadata"]["name"].get<std::string>()
                             : "";
      if (golden::IsGeneratedName(name, context.generate_name)) generated_name_ = name;
    } else if (b.is_object() && b.contains("message") && b["message"].is_string()) {
      const std::string& m = b["message"].get_ref<const std::string&>();
      size_t at = golden::FindGeneratedName(m, context.generate_name);
      if (at != std::string::npos) {
        generated_name_ = m.substr(at, golden::GeneratedNamePrefix(context.generate_name).size() +
                                           golden::kGeneratedSuffixLength);
      }
    }
  }

  // Keep the original case's names where its expectation holds.
  if (index < original_.steps.size() && original_.steps[index].expect) {
    auto bindings = original_bindings_;
    auto mismatches =
        golden::CompareExpectation(*original_.steps[index].expect, answer, context, &bindings);
    if (mismatches.empty()) {
      for (const auto& [name, value] : bindings) {
        if (original_bindings_.count(name) || golden::IsObjectReference(name)) continue;
        if (!name_of_.count(value) && !value_of_.count(name)) {
          name_of_[value] = name;
          value_of_[name] = value;
        }
      }
      original_bindings_ = bindings;
    }
  }

  // A value asked for by this or an earlier request stays literal. One the
  // target chose for an earlier step and this request names makes the
  // answer depend on that choice (random on the server).
  std::set<std::string> asked_strings, asked_ports;
  RequestedValues(sent.body, &asked_strings, &asked_ports);
  // Compared as addresses: "FD00:10:96::6" or "::ffff:10.96.0.2" in a
  // request names the fd00:10:96::6 or 10.96.0.2 the server answers with.
  std::set<std::string> asked_canonical = asked_ports;
  for (const auto& value : asked_strings) asked_canonical.insert(CanonicalAddress(value));
  for (const auto& value : asked_canonical) {
    if (name_of_.count(value) && !requested_canonical_.count(value))
      picked_and_named_.insert(value);
  }
  requested_strings_.insert(asked_strings.begin(), asked_strings.end());
  requested_ports_.insert(asked_ports.begin(), asked_ports.end());
  requested_canonical_.insert(asked_canonical.begin(), asked_canonical.end());

  Expectation e;
  if (answer.kind == StepAnswer::Kind::kStartupError) {
    e.kind = Expectation::Kind::kStartupError;
    e.startup_error = answer.startup_error;
    return e;
  }
  if (answer.kind == StepAnswer::Kind::kStarted) {
    return InvalidArgument("a started control plane has no expectation to record");
  }
  const registry::Answer& a = answer.answer;
  if (a.code == 0) {
    std::string message =
        a.body.is_object() && a.body.contains("message") && a.body["message"].is_string()
            ? a.body["message"].get<std::string>()
            : a.body.dump();
    return Unavailable("no answer from the server: " + message);
  }
  if (!a.warnings.empty()) {
    e.warnings = a.warnings;
    // Only the generated name: a warning quotes what the request sent.
    const std::string ref = std::string("${") + golden::kGeneratedNameReference + "}";
    for (auto& w : *e.warnings) {
      for (size_t pos = generated_name_.empty() ? std::string::npos : w.find(generated_name_);
           pos != std::string::npos; pos = w.find(generated_name_, pos + ref.size()))
        w.replace(pos, generated_name_.size(), ref);
    }
  }
  const json& body = a.body;
  if (a.is_error()) {
    e.kind = Expectation::Kind::kError;
    e.error.code = a.code;
    if (body.is_object() && body.contains("reason") && body["reason"].is_string()) {
      e.error.reason = body["reason"].get<std::string>();
    }
    if (body.is_object() && body.contains("message") && body["message"].is_string()) {
      e.error.message = Substitute(body["message"].get<std::string>());
    }
    if (body.is_object() && body.contains("details") && body["details"].is_object() &&
        body["details"].contains("causes") && body["details"]["causes"].is_array()) {
      std::vector<golden::ExpectedCause> causes;
      for (const json& c : body["details"]["causes"]) {
        golden::ExpectedCause cause;
        if (c.contains("field") && c["field"].is_string())
          cause.field = c["field"].get<std::string>();
        if (c.contains("reason") && c["reason"].is_string())
          cause.reason = c["reason"].get<std::string>();
        if (c.contains("message") && c["message"].is_string()) {
          cause.message = Substitute(c["message"].get<std::string>());
        }
        causes.push_back(std::move(cause));
      }
      e.error.causes = std::move(causes);
    }
    return e;
  }

  e.kind = Expectation::Kind::kObject;
  e.object = golden::NormalizeObject(body);
  if (!generated_name_.empty()) {
    auto bound = name_of_.find(generated_name_);
    e.object["metadata"]["name"] =
        "~generatedName" + (bound == name_of_.end() ? "" : ":" + bound->second);
  } else {
    // A later answer about a Service whose name an earlier step bound
    // (~generatedName:g): ${g}, the server's name this run.
    auto named = [&](json& object) {
      if (!object.is_object() || !object.contains("metadata") || !object["metadata"].is_object() ||
          !object["metadata"].contains("name"))
        return;
      json& name = object["metadata"]["name"];
      if (!name.is_string()) return;
      auto bound = name_of_.find(name.get<std::string>());
      if (bound != name_of_.end()) name = "${" + bound->second + "}";
    };
    named(e.object);
    if (e.object.is_object() && e.object.contains("items") && e.object["items"].is_array()) {
      for (json& item : e.object["items"]) named(item);
    }
  }
  std::set<std::string>& requested_strings = requested_strings_;
  std::set<std::string>& requested_ports = requested_ports_;
  const bool dry_run = sent.dry_run;
  auto ip = [&](json& v) {
    if (!v.is_string()) return;
    std::string s = v.get<std::string>();
    if (s.empty() || s == "None") return;
    bool bound = name_of_.count(s) > 0;
    // A create's answer holds no address from before: one its request did
    // not ask for was chosen now, even when an earlier request named it.
    if (!bound && !dry_run && sent.op == registry::Op::kCreate && requested_canonical_.count(s) &&
        !asked_canonical.count(s)) {
      picked_and_named_.insert(s);
    }
    if (!bound && (dry_run || requested_strings.count(s))) return;  // literal
    std::string family = s.find(':') != std::string::npos ? "~IPv6:" : "~IPv4:";
    v = family + BindingFor(s, false);
  };
  auto port = [&](json& v) {
    if (!v.is_number_integer()) return;
    std::string s = v.dump();
    bool bound = name_of_.count(s) > 0;
    if (!bound && !dry_run && sent.op == registry::Op::kCreate && requested_ports.count(s) &&
        !asked_ports.count(s)) {
      picked_and_named_.insert(s);
    }
    if (!bound && (dry_run || requested_ports.count(s))) return;
    v = "~port:" + BindingFor(s, true);
  };
  auto chosen_values = [&](json& object) {
    if (!object.is_object() || !object.contains("spec") || !object["spec"].is_object()) return;
    json& spec = object["spec"];
    if (spec.contains("clusterIPs") && spec["clusterIPs"].is_array()) {
      for (json& v : spec["clusterIPs"]) ip(v);
    }
    if (spec.contains("clusterIP")) ip(spec["clusterIP"]);
    if (spec.contains("ports") && spec["ports"].is_array()) {
      for (json& p : spec["ports"]) {
        if (p.is_object() && p.contains("nodePort")) port(p["nodePort"]);
      }
    }
    if (spec.contains("healthCheckNodePort")) port(spec["healthCheckNodePort"]);
  };
  chosen_values(e.object);
  // A list: each item's (in order, so the first item binds first).
  if (e.object.is_object() && e.object.contains("items") && e.object["items"].is_array()) {
    for (json& item : e.object["items"]) chosen_values(item);
  }
  return e;
}

bool ExcludesKubernetesService(const std::string& field_selector) {
  // Terms split at commas no backslash escapes, as fields.ParseSelector does.
  size_t start = 0;
  bool escaped = false;
  for (size_t i = 0; i <= field_selector.size(); ++i) {
    if (i < field_selector.size() && escaped) {
      escaped = false;
    } else if (i < field_selector.size() && field_selector[i] == '\\') {
      escaped = true;
    } else if (i == field_selector.size() || field_selector[i] == ',') {
      if (field_selector.compare(start, i - start, "metadata.name!=kubernetes") == 0) return true;
      start = i + 1;
    }
  }
  return false;
}

std::optional<std::string> UncapturableStep(const golden::GoldenCase& c) {
  for (size_t i = 0; i < c.steps.size(); ++i) {
    const golden::Step& s = c.steps[i];
    if (s.op == golden::StepOp::kStart || s.op == golden::StepOp::kRestart) continue;
    if (s.op == golden::StepOp::kList && s.TargetNamespace() == "default" &&
        !ExcludesKubernetesService(s.field_selector.value_or(""))) {
      return "steps[" + std::to_string(i) +
             "] lists the default namespace, whose default/kubernetes Service lives outside "
             "kdual's run namespaces (list another namespace, as kube-public, or select "
             "metadata.name!=kubernetes)";
    }
    if (s.TargetName() == "kubernetes" && s.TargetNamespace() == "default") {
      return "steps[" + std::to_string(i) +
             "] names the default/kubernetes Service, which lives outside kdual's "
             "run namespaces (the server would answer for an object that is not there)";
    }
  }
  return std::nullopt;
}

Result<CaptureResult> CaptureCase(const golden::GoldenCase& original, runner::Target& target,
                                  const golden::MatchContext& context) {
  CaptureResult result;
  golden::GoldenCase& work = result.captured;
  work = original;
  work.source = golden::LocalCaptureSource(original);
  for (auto& step : work.steps) step.expect.reset();
  ExpectationRecorder recorder(original, context);
  golden::CaseMatcher matcher(work, context);

  if (!work.steps.empty() && work.steps[0].op == StepOp::kStart) {
    Status s = target.Start(work.cluster);
    // The launcher or the host failed: nothing the component said.
    if (s.code() == StatusCode::kUnavailable) return s;
    if (s.ok()) {
      return FailedPrecondition(
          "the control plane started, but the case's start step expects "
          "its flags to be refused");
    }
    Expectation e;
    e.kind = Expectation::Kind::kStartupError;
    e.startup_error = s.message();
    work.steps[0].expect = e;
    return result;
  }
  Status started = target.Start(work.cluster);
  if (!started.ok())
    return FailedPrecondition("the control plane did not start: " + started.message());

  for (size_t i = 0; i < work.steps.size(); ++i) {
    const golden::Step& step = work.steps[i];
    StepAnswer answer;
    registry::Request sent;
    if (step.op == StepOp::kRestart) {
      Status s = target.Restart(*step.cluster);
      if (s.ok()) {
        matcher.Observe(i, StepAnswer::Started());
        continue;
      }
      if (s.code() == StatusCode::kUnavailable) {
        return s.WithPrefix("steps[" + std::to_string(i) + "] restart");
      }
      answer = StepAnswer::StartupError(s.message());
    } else if (step.op == StepOp::kStart) {
      return InvalidArgument("steps[" + std::to_string(i) +
                             "]: op start is only valid as the first and only step");
    } else {
      auto prepared = matcher.RequestFor(i);
      if (!prepared.ok()) {
        return prepared.status().WithPrefix("steps[" + std::to_string(i) + "]: cannot send");
      }
      sent = prepared->request;
      answer = StepAnswer::FromAnswer(runner::SendPrepared(target, *prepared));
    }
    auto expectation = recorder.Record(i, sent, answer);
    if (!expectation.ok()) {
      return expectation.status().WithPrefix("steps[" + std::to_string(i) + "] " +
                                             golden::StepOpName(step.op));
    }
    work.steps[i].expect = *expectation;
    for (const auto& m : matcher.Observe(i, answer)) result.notes.push_back("self-check: " + m);
  }
  const auto& chosen = recorder.picked_and_named();
  result.picked_and_named.assign(chosen.begin(), chosen.end());
  return result;
}

}  // namespace kdual::live
