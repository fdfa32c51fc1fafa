#include "conformance/golden/case_reader.h"

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "conformance/golden/placeholder.h"
#include "conformance/io/canonical_path.h"
#include "engine/net/cidr.h"

namespace kdual::golden {
namespace {

using nlohmann::json;

std::string TypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "a mapping";
    default: return "a value";
  }
}

std::string Display(const std::string& pointer) {
  // "/steps/0/expect/object" -> "steps[0].expect.object"
  std::string out;
  size_t i = 0;
  while (i < pointer.size()) {
    size_t j = pointer.find('/', i + 1);
    std::string token =
        pointer.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1);
    bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (index)
      out += "[" + token + "]";
    else
      out += (out.empty() ? "" : ".") + token;
    if (j == std::string::npos) break;
    i = j;
  }
  return out.empty() ? "(top)" : out;
}

class Reader {
 public:
  Reader(const YamlDocument& doc, const std::string& source) : doc_(doc), source_(source) {}

  Result<GoldenCase> Read() {
    GoldenCase c;
    const json& root = doc_.value;
    if (!root.is_object()) {
      Problem("", "a case file holds a mapping, not " + TypeName(root));
      return Finish(std::move(c));
    }
    AllowedKeys(
        root, "",
        {"apiVersion", "kind", "name", "description", "source", "cluster", "requires", "steps"});
    std::string api_version = String(root, "", "apiVersion", true);
    if (!api_version.empty() && api_version != kCaseApiVersion) {
      Problem("/apiVersion",
              "unknown apiVersion \"" + api_version + "\"; this reader knows " + kCaseApiVersion);
      return Finish(std::move(c));
    }
    std::string kind = String(root, "", "kind", true);
    if (!kind.empty() && kind != kCaseKind) {
      Problem("/kind", "kind must be " + std::string(kCaseKind) + ", not \"" + kind + "\"");
    }
    c.name = String(root, "", "name", true);
    c.description = String(root, "", "description", false);
    ReadSource(root, &c);
    if (root.contains("cluster")) c.cluster = Flags(root["cluster"], "/cluster");
    ReadRequires(root, &c);
    ReadSteps(root, &c);
    CheckPlaceholders(c);
    return Finish(std::move(c));
  }

 private:
  Result<GoldenCase> Finish(GoldenCase c) {
    if (problems_.empty()) return c;
    std::string message;
    for (const auto& p : problems_) {
      if (!message.empty()) message += "\n";
      message += p;
    }
    return InvalidArgument(message);
  }

  void Problem(const std::string& pointer, const std::string& what) {
    int line = doc_.LineOf(pointer);
    problems_.push_back(source_ + ":" + std::to_string(line) + ": " +
                        (pointer.empty() ? "" : Display(pointer) + ": ") + what);
  }

  void AllowedKeys(const json& object, const std::string& pointer,
                   const std::set<std::string>& allowed) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (!allowed.count(it.key())) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        Problem(PointerChild(pointer, it.key()), "unknown field (allowed here: " + list + ")");
      }
    }
  }

  std::string String(const json& object, const std::string& pointer, const std::string& key,
                     bool required) {
    std::string p = PointerChild(pointer, key);
    if (!object.contains(key)) {
      if (required) Problem(pointer, "missing required field \"" + key + "\"");
      return "";
    }
    const json& v = object[key];
    if (!v.is_string()) {
      Problem(p, "must be a string, not " + TypeName(v));
      return "";
    }
    if (required && v.get<std::string>().empty()) Problem(p, "must not be empty");
    return v.get<std::string>();
  }

  std::optional<bool> Bool(const json& object, const std::string& pointer, const std::string& key) {
    if (!object.contains(key)) return std::nullopt;
    if (!object[key].is_boolean()) {
      Problem(PointerChild(pointer, key), "must be true or false, not " + TypeName(object[key]));
      return std::nullopt;
    }
    return object[key].get<bool>();
  }

  void ReadSource(const json& root, GoldenCase* c) {
    if (!root.contains("source")) {
      Problem("", "missing required field \"source\" (from, kubernetes)");
      return;
    }
    const json& s = root["source"];
    if (!s.is_object()) {
      Problem("/source", "must be a mapping, not " + TypeName(s));
      return;
    }
    AllowedKeys(s, "/source", {"from", "kubernetes", "ref"});
    std::string from = String(s, "/source", "from", true);
    if (from == "apiserver")
      c->source = Source::kApiserver;
    else if (from == "control-plane")
      c->source = Source::kControlPlane;
    else if (from == "kind")
      c->source = Source::kKind;
    else if (from == "k8s-test")
      c->source = Source::kK8sTest;
    else if (from == "handwritten")
      c->source = Source::kHandwritten;
    else if (!from.empty()) {
      Problem("/source/from",
              "must be one of apiserver, control-plane, kind, k8s-test, handwritten; not \"" +
                  from + "\"");
    }
    c->kubernetes = String(s, "/source", "kubernetes", true);
    static const std::regex kRelease(R"(^v[0-9]+\.[0-9]+\.[0-9]+$)");
    if (!c->kubernetes.empty() && !std::regex_match(c->kubernetes, kRelease)) {
      Problem("/source/kubernetes",
              "must be an exact release vMAJOR.MINOR.PATCH, not \"" + c->kubernetes + "\"");
    }
    c->ref = String(s, "/source", "ref", false);
  }

  flags::ComponentFlags Flags(const json& v, const std::string& pointer) {
    flags::ComponentFlags out;
    if (!v.is_object()) {
      Problem(pointer, "must be a mapping of component to flags, not " + TypeName(v));
      return out;
    }
    static const std::set<std::string> kComponents = {"kube-apiserver", "kube-controller-manager",
                                                      "kube-proxy", "kubelet"};
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string cp = PointerChild(pointer, it.key());
      if (!kComponents.count(it.key())) {
        Problem(cp,
                "unknown component (known: kube-apiserver, kube-controller-manager, "
                "kube-proxy, kubelet)");
        continue;
      }
      if (!it.value().is_object()) {
        Problem(cp, "must be a mapping of flag to value, not " + TypeName(it.value()));
        continue;
      }
      flags::FlagMap& map = out.components[it.key()];
      for (auto f = it.value().begin(); f != it.value().end(); ++f) {
        std::string fp = PointerChild(cp, f.key());
        if (f.key().rfind("-", 0) == 0) {
          Problem(fp, "write flags without their leading dashes");
          continue;
        }
        const json& val = f.value();
        if (val.is_string())
          map[f.key()] = val.get<std::string>();
        else if (val.is_number_integer() || val.is_number_unsigned() || val.is_boolean())
          map[f.key()] = val.dump();
        else
          Problem(fp, "flag values are strings, not " + TypeName(val));
      }
    }
    return out;
  }

  void ReadRequires(const json& root, GoldenCase* c) {
    if (!root.contains("requires")) return;
    const json& r = root["requires"];
    if (!r.is_array()) {
      Problem("/requires", "must be a list, not " + TypeName(r));
      return;
    }
    for (size_t i = 0; i < r.size(); ++i) {
      if (!r[i].is_string() || r[i].get<std::string>() != "fresh-cluster") {
        Problem(PointerChild("/requires", i), "unknown requirement (known: fresh-cluster)");
        continue;
      }
      c->requires_.push_back(r[i].get<std::string>());
    }
  }

  void ReadSteps(const json& root, GoldenCase* c) {
    if (!root.contains("steps")) {
      Problem("", "missing required field \"steps\"");
      return;
    }
    const json& steps = root["steps"];
    if (!steps.is_array() || steps.empty()) {
      Problem("/steps", "must be a non-empty list of steps");
      return;
    }
    for (size_t i = 0; i < steps.size(); ++i) {
      std::string p = PointerChild("/steps", i);
      Step step;
      step.line = doc_.LineOf(p);
      if (ReadStep(steps[i], p, i, steps.size(), &step)) c->steps.push_back(std::move(step));
    }
  }

  bool ReadStep(const json& s, const std::string& p, size_t index, size_t count, Step* step) {
    if (!s.is_object()) {
      Problem(p, "a step is a mapping, not " + TypeName(s));
      return false;
    }
    AllowedKeys(s, p,
                {"op", "object", "patch", "patchType", "name", "namespace", "kind", "for", "dryRun",
                 "fieldValidation", "fieldManager", "force", "cluster", "deleteOptions",
                 "subresource", "labelSelector", "fieldSelector", "expect"});
    std::string op = String(s, p, "op", true);
    static const std::map<std::string, StepOp> kOps = {
        {"create", StepOp::kCreate}, {"update", StepOp::kUpdate},   {"patch", StepOp::kPatch},
        {"apply", StepOp::kApply},   {"delete", StepOp::kDelete},   {"get", StepOp::kGet},
        {"list", StepOp::kList},     {"restart", StepOp::kRestart}, {"start", StepOp::kStart},
        {"wait", StepOp::kWait}};
    auto known = kOps.find(op);
    if (known == kOps.end()) {
      if (!op.empty()) {
        Problem(
            PointerChild(p, "op"),
            "unknown op \"" + op +
                "\" (known: create, update, patch, apply, delete, get, list, restart, start, wait)");
      }
      return false;
    }
    step->op = known->second;
    if (s.contains("name")) step->name = String(s, p, "name", true);
    if (s.contains("namespace")) step->namespace_name = String(s, p, "namespace", true);
    if (s.contains("kind")) {
      step->kind = String(s, p, "kind", true);
      if (*step->kind != "Service" && *step->kind != "Node" && *step->kind != "ServiceCIDR" &&
          *step->kind != "IPAddress") {
        Problem(PointerChild(p, "kind"), "must be Service, Node, ServiceCIDR or IPAddress");
      }
    }
    if (s.contains("for")) {
      step->wait_for = String(s, p, "for", true);
      if (step->wait_for != "podCIDRs" && step->wait_for.rfind("event/", 0) != 0 &&
          step->wait_for != "Ready" && step->wait_for != "Terminating" &&
          step->wait_for != "deleted") {
        Problem(PointerChild(p, "for"),
                "must be podCIDRs or event/<Reason> (a Node), or Ready, Terminating or deleted (a "
                "ServiceCIDR)");
      }
    }
    if (step->kind && s.contains("object") && s["object"].is_object() &&
        s["object"].contains("kind") && s["object"]["kind"] != *step->kind) {
      Problem(PointerChild(p, "kind"), "differs from the object's kind");
    }
    if (s.contains("object")) {
      step->object = s["object"];
      if (!step->object.is_object()) Problem(PointerChild(p, "object"), "must be a mapping");
    }
    if (s.contains("patch")) step->patch = s["patch"];
    if (s.contains("subresource")) {
      step->subresource = String(s, p, "subresource", true);
      if (step->subresource != "status")
        Problem(PointerChild(p, "subresource"), "must be status (the one subresource modelled)");
    }
    // Empty strings are kept: "?labelSelector=" is a request of its own.
    if (s.contains("labelSelector")) step->label_selector = String(s, p, "labelSelector", false);
    if (s.contains("fieldSelector")) step->field_selector = String(s, p, "fieldSelector", false);
    if (s.contains("deleteOptions")) {
      step->delete_options = s["deleteOptions"];
      if (step->delete_options.is_null()) {
        Problem(PointerChild(p, "deleteOptions"),
                "must not be null (leave it out to send no body)");
      }
    }
    if (auto dry = Bool(s, p, "dryRun")) step->dry_run = *dry;
    if (s.contains("fieldValidation")) {
      std::string v = String(s, p, "fieldValidation", true);
      if (!registry::ParseFieldValidation(v, &step->field_validation) && !v.empty()) {
        Problem(PointerChild(p, "fieldValidation"),
                "must be Ignore, Warn or Strict (the server's spelling)");
      }
    }
    if (s.contains("fieldManager")) step->field_manager = String(s, p, "fieldManager", true);
    step->force = Bool(s, p, "force");
    if (s.contains("cluster")) step->cluster = Flags(s["cluster"], PointerChild(p, "cluster"));
    if (s.contains("patchType")) {
      step->patch_type_given = true;
      std::string t = String(s, p, "patchType", true);
      if (t == "merge")
        step->patch_type = registry::PatchType::kMerge;
      else if (t == "strategic")
        step->patch_type = registry::PatchType::kStrategic;
      else if (t == "json")
        step->patch_type = registry::PatchType::kJson;
      else if (!t.empty())
        Problem(PointerChild(p, "patchType"), "must be merge, strategic or json");
    }

    auto only = [&](const std::set<std::string>& fields) {
      for (const char* f : {"object", "patch", "patchType", "name", "namespace", "kind", "for",
                            "dryRun", "fieldValidation", "fieldManager", "force", "cluster",
                            "deleteOptions", "subresource", "labelSelector", "fieldSelector"}) {
        if (s.contains(f) && !fields.count(f)) {
          Problem(PointerChild(p, f), "not used by op \"" + op + "\"");
        }
      }
    };
    switch (step->op) {
      case StepOp::kCreate:
        only({"object", "dryRun", "fieldValidation", "namespace"});
        if (!s.contains("object")) Problem(p, "op create needs \"object\"");
        break;
      case StepOp::kUpdate:
        only({"object", "patch", "dryRun", "fieldValidation", "name", "namespace", "kind",
              "subresource"});
        if (s.contains("object") == s.contains("patch")) {
          Problem(p, "op update needs exactly one of \"patch\" (a merge patch) or \"object\"");
        }
        if (s.contains("patch") && !step->patch.is_object()) {
          Problem(PointerChild(p, "patch"), "a merge patch is a mapping");
        }
        break;
      case StepOp::kPatch:
        only({"patch", "patchType", "dryRun", "fieldValidation", "name", "namespace", "kind",
              "subresource"});
        if (!s.contains("patch"))
          Problem(p, "op patch needs \"patch\"");
        else if (step->patch_type == registry::PatchType::kJson && !step->patch.is_array()) {
          Problem(PointerChild(p, "patch"), "a json patch is a list of operations");
        } else if (step->patch_type != registry::PatchType::kJson && !step->patch.is_object()) {
          Problem(PointerChild(p, "patch"), "a merge or strategic patch is a mapping");
        }
        if (!s.contains("name")) Problem(p, "op patch needs \"name\"");
        break;
      case StepOp::kApply:
        only({"object", "dryRun", "fieldValidation", "fieldManager", "force", "namespace"});
        if (!s.contains("object")) Problem(p, "op apply needs \"object\"");
        break;
      case StepOp::kDelete:
      case StepOp::kGet:
        if (step->op == StepOp::kDelete)
          only({"name", "namespace", "object", "dryRun", "kind", "deleteOptions"});
        else
          only({"name", "namespace", "object", "dryRun", "kind", "subresource"});
        if (step->op == StepOp::kGet && s.contains("dryRun")) {
          Problem(PointerChild(p, "dryRun"), "dryRun applies to writes only");
        }
        if (step->TargetName().empty())
          Problem(p, "op " + op + " needs \"name\" (or an object with one)");
        break;
      case StepOp::kList:
        // The namespace's Services (a list of every namespace would meet
        // objects that are not the case's on a live cluster), or with
        // kind: ServiceCIDR the ServiceCIDRs (cluster-scoped, every one is
        // the case's on the control plane it starts).
        only({"namespace", "labelSelector", "fieldSelector", "kind"});
        if (step->kind && *step->kind == "Node")
          Problem(PointerChild(p, "kind"), "op list lists Services or ServiceCIDRs");
        break;
      case StepOp::kRestart:
        only({"cluster"});
        if (!s.contains("cluster")) Problem(p, "op restart needs \"cluster\"");
        break;
      case StepOp::kStart:
        only({});
        if (index != 0 || count != 1) Problem(p, "op start must be the first and only step");
        break;
      case StepOp::kWait:
        only({"name", "kind", "for"});
        if (!s.contains("name")) Problem(p, "op wait needs \"name\"");
        if (!s.contains("for")) Problem(p, "op wait needs \"for\" (podCIDRs or event/<Reason>)");
        if (step->TargetKind() == "Node") {
          if (step->wait_for != "podCIDRs" && step->wait_for.rfind("event/", 0) != 0)
            Problem(PointerChild(p, "for"), "a Node's wait is for podCIDRs or event/<Reason>");
        } else if (step->TargetKind() == "ServiceCIDR") {
          if (step->wait_for != "Ready" && step->wait_for != "Terminating" &&
              step->wait_for != "deleted")
            Problem(PointerChild(p, "for"),
                    "a ServiceCIDR's wait is for Ready, Terminating or deleted");
        } else {
          Problem(p, "op wait is for a Node or a ServiceCIDR (kind: Node or ServiceCIDR)");
        }
        break;
    }
    if (step->op == StepOp::kUpdate && s.contains("name") == false && step->TargetName().empty()) {
      Problem(p, "op update needs \"name\" (or an object with one)");
    }

    if (s.contains("expect")) {
      Expectation e;
      if (ReadExpectation(s["expect"], PointerChild(p, "expect"), false, &e)) {
        bool startup = e.kind == Expectation::Kind::kStartupError;
        bool lifecycle = step->op == StepOp::kStart || step->op == StepOp::kRestart;
        if (startup && !lifecycle) {
          Problem(PointerChild(p, "expect"), "startupError belongs to start and restart steps");
        } else if (!startup && lifecycle) {
          Problem(PointerChild(p, "expect"), "a " + op + " step can only expect startupError");
        }
        step->expect = std::move(e);
      }
    }
    return true;
  }

  bool ReadExpectation(const json& e, const std::string& p, bool nested, Expectation* out) {
    if (!e.is_object()) {
      Problem(p, "expect is a mapping, not " + TypeName(e));
      return false;
    }
    AllowedKeys(e, p, {"object", "error", "startupError", "anyOf", "warnings", "match"});
    int kinds = 0;
    for (const char* k : {"object", "error", "startupError", "anyOf"}) kinds += e.contains(k);
    if (kinds != 1) {
      Problem(p, "expect holds exactly one of object, error, startupError, anyOf (found " +
                     std::to_string(kinds) + ")");
      return false;
    }
    if (e.contains("match")) {
      std::string m = String(e, p, "match", true);
      if (m == "subset")
        out->match = Match::kSubset;
      else if (m != "exact")
        Problem(PointerChild(p, "match"), "must be exact or subset");
    }
    if (e.contains("warnings")) {
      const json& w = e["warnings"];
      std::vector<std::string> list;
      if (!w.is_array()) {
        Problem(PointerChild(p, "warnings"), "must be a list of strings");
      } else {
        for (size_t i = 0; i < w.size(); ++i) {
          if (!w[i].is_string())
            Problem(PointerChild(PointerChild(p, "warnings"), i), "must be a string");
          else
            list.push_back(w[i].get<std::string>());
        }
      }
      out->warnings = list;
    }
    if (e.contains("object")) {
      out->kind = Expectation::Kind::kObject;
      out->object = e["object"];
      if (!out->object.is_object()) Problem(PointerChild(p, "object"), "must be a mapping");
    } else if (e.contains("startupError")) {
      out->kind = Expectation::Kind::kStartupError;
      out->startup_error = String(e, p, "startupError", true);
    } else if (e.contains("error")) {
      out->kind = Expectation::Kind::kError;
      ReadError(e["error"], PointerChild(p, "error"), &out->error);
    } else {
      out->kind = Expectation::Kind::kAnyOf;
      std::string ap = PointerChild(p, "anyOf");
      const json& list = e["anyOf"];
      if (nested) {
        Problem(ap, "anyOf cannot nest");
        return false;
      }
      if (!list.is_array() || list.empty()) {
        Problem(ap, "must be a non-empty list of expectations");
        return false;
      }
      for (size_t i = 0; i < list.size(); ++i) {
        Expectation alt;
        if (ReadExpectation(list[i], PointerChild(ap, i), true, &alt)) {
          out->any_of.push_back(std::move(alt));
        }
      }
    }
    return true;
  }

  void ReadError(const json& e, const std::string& p, ExpectedError* out) {
    if (!e.is_object()) {
      Problem(p, "must be a mapping (code, reason, message, causes)");
      return;
    }
    AllowedKeys(e, p, {"code", "reason", "message", "causes"});
    if (!e.contains("code") || !e["code"].is_number_integer() || e["code"].get<int64_t>() < 100 ||
        e["code"].get<int64_t>() > 599) {
      Problem(e.contains("code") ? PointerChild(p, "code") : p, "needs \"code\", an HTTP status");
    } else {
      out->code = static_cast<int>(e["code"].get<int64_t>());
    }
    // Required, but may be empty: a Status with StatusReasonUnknown ("")
    // is what the server sends for some 500s (an extension of format v1,
    // which every earlier file still satisfies).
    if (!e.contains("reason")) Problem(p, "missing required field \"reason\"");
    out->reason = String(e, p, "reason", false);
    if (e.contains("message")) out->message = String(e, p, "message", false);
    if (e.contains("causes")) {
      const json& causes = e["causes"];
      std::string cp = PointerChild(p, "causes");
      if (!causes.is_array()) {
        Problem(cp, "must be a list");
        return;
      }
      std::vector<ExpectedCause> list;
      for (size_t i = 0; i < causes.size(); ++i) {
        std::string ip = PointerChild(cp, i);
        if (!causes[i].is_object()) {
          Problem(ip, "a cause is a mapping (field, reason, message)");
          continue;
        }
        AllowedKeys(causes[i], ip, {"field", "reason", "message"});
        ExpectedCause cause;
        if (causes[i].contains("field")) cause.field = String(causes[i], ip, "field", false);
        if (causes[i].contains("reason")) cause.reason = String(causes[i], ip, "reason", false);
        if (causes[i].contains("message")) cause.message = String(causes[i], ip, "message", false);
        list.push_back(cause);
      }
      out->causes = list;
    }
  }

  // ---- placeholders ----

  struct Binding {
    PlaceholderKind kind;
    std::string pointer;
  };

  // Families the case's clusters have service ranges for (empty: unknown).
  std::set<net::Family> ServiceFamilies(const GoldenCase& c) {
    std::set<net::Family> families;
    bool any = false;
    auto add = [&](const flags::ComponentFlags& f) {
      auto range = f.Get(flags::kApiserver, "service-cluster-ip-range");
      if (!range) return;
      any = true;
      size_t start = 0;
      while (start <= range->size()) {
        size_t comma = range->find(',', start);
        std::string part =
            range->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto cidr = net::ParseCIDRSloppy(part);
        if (cidr.ok()) families.insert(cidr->family());
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    };
    add(c.cluster);
    for (const Step& s : c.steps)
      if (s.cluster) add(*s.cluster);
    if (!any) families = {net::Family::kIPv4};  // every version's default range is IPv4
    return families;
  }

  void CheckPlaceholders(const GoldenCase& c) {
    std::set<net::Family> families = ServiceFamilies(c);
    std::map<std::string, Binding> bound;
    const json& steps = doc_.value.contains("steps") ? doc_.value["steps"] : json();
    if (!steps.is_array()) return;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (!steps[i].is_object()) continue;
      std::string sp = PointerChild("/steps", i);
      // Requests may use names bound by earlier steps only.
      for (const char* field : {"object", "patch", "deleteOptions", "name"}) {
        if (steps[i].contains(field)) {
          WalkRequest(steps[i][field], PointerChild(sp, field), bound);
        }
      }
      if (steps[i].contains("expect")) {
        // ~generatedName and ${generatedName} stand for the name made from
        // this step's own generateName: a create that names no object.
        const json& object = steps[i].contains("object") ? steps[i]["object"] : json();
        const bool generates = steps[i].contains("op") && steps[i]["op"] == "create" &&
                               !GenerateNameOf(object).empty();
        std::vector<std::pair<std::string, std::string>> refs;
        std::vector<std::string> generated;
        WalkExpect(steps[i]["expect"], PointerChild(sp, "expect"), families, &bound, &refs, false,
                   &generated);
        for (const auto& [pointer, name] : refs) {
          if (name == kGeneratedNameReference && !bound.count(name)) {
            generated.push_back(pointer);
          } else if (!bound.count(name) && !IsObjectReference(name)) {
            Problem(pointer, "${" + name + "} names no bound placeholder");
          }
        }
        if (!generates) {
          for (const auto& pointer : generated) {
            Problem(pointer,
                    "a generated name needs the step to be a create with metadata.generateName "
                    "and no name");
          }
        }
      }
    }
  }

  void WalkRequest(const json& v, const std::string& p,
                   const std::map<std::string, Binding>& bound) {
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it)
        WalkRequest(it.value(), PointerChild(p, it.key()), bound);
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) WalkRequest(v[i], PointerChild(p, i), bound);
    } else if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (LooksLikePlaceholder(s)) {
        auto ph = ParsePlaceholder(s);
        if (!ph.ok())
          Problem(p, ph.status().message());
        else if (ph->binding.empty() || ph->kind == PlaceholderKind::kAbsent) {
          Problem(p, "a placeholder in a request must be bound by an earlier step (like ~IPv4:a)");
        } else if (!bound.count(ph->binding)) {
          Problem(p, "\"" + s + "\" is not bound by an earlier step");
        } else {
          CheckSameFamily(*ph, bound.at(ph->binding), p);
        }
      }
      for (const auto& name : TemplateReferences(s)) {
        if (!bound.count(name) && !IsObjectReference(name))
          Problem(p, "${" + name + "} is not bound by an earlier step");
      }
    }
  }

  void CheckSameFamily(const Placeholder& ph, const Binding& earlier, const std::string& p) {
    if (ph.kind != earlier.kind) {
      Placeholder first{earlier.kind, ph.binding};
      Problem(p, "\"" + ph.ToString() + "\" is bound as " + first.ToString() + " at " +
                     Display(earlier.pointer) + "; one name holds one kind of value");
    }
  }

  void WalkExpect(const json& v, const std::string& p, const std::set<net::Family>& families,
                  std::map<std::string, Binding>* bound,
                  std::vector<std::pair<std::string, std::string>>* refs, bool subset,
                  std::vector<std::string>* generated) {
    if (v.is_object()) {
      bool sub = subset;
      if (v.contains("match") && v["match"] == "subset") sub = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        WalkExpect(it.value(), PointerChild(p, it.key()), families, bound, refs, sub, generated);
      }
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i)
        WalkExpect(v[i], PointerChild(p, i), families, bound, refs, subset, generated);
    } else if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      for (const auto& name : TemplateReferences(s)) refs->push_back({p, name});
      if (!LooksLikePlaceholder(s)) return;
      auto ph = ParsePlaceholder(s);
      if (!ph.ok()) {
        Problem(p, ph.status().message());
        return;
      }
      if (ph->kind == PlaceholderKind::kGeneratedName) generated->push_back(p);
      if (ph->kind == PlaceholderKind::kAbsent && !subset) {
        Problem(p, "~absent needs match: subset");
      }
      if (ph->kind == PlaceholderKind::kIPv4 && !families.count(net::Family::kIPv4)) {
        Problem(p, "\"" + s + "\": the cluster has no IPv4 service range");
      }
      if (ph->kind == PlaceholderKind::kIPv6 && !families.count(net::Family::kIPv6)) {
        Problem(p, "\"" + s + "\": the cluster has no IPv6 service range");
      }
      if (!ph->binding.empty()) {
        auto it = bound->find(ph->binding);
        if (it == bound->end())
          (*bound)[ph->binding] = Binding{ph->kind, p};
        else
          CheckSameFamily(*ph, it->second, p);
      }
    }
  }

  const YamlDocument& doc_;
  const std::string& source_;
  std::vector<std::string> problems_;
};

}  // namespace

Result<GoldenCase> CaseFromDocument(const YamlDocument& doc, const std::string& source_name) {
  return Reader(doc, source_name).Read();
}

Result<GoldenCase> ParseCase(std::string_view text, const std::string& source_name) {
  auto doc = ParseYaml(text, source_name);
  if (!doc.ok()) return doc.status();
  return CaseFromDocument(*doc, source_name);
}

Result<GoldenCase> ReadCaseFile(const std::string& path) {
  auto doc = ReadYamlFile(path);
  if (!doc.ok()) return doc.status();
  auto c = CaseFromDocument(*doc, path);
  if (!c.ok()) return c.status();
  c->path = path;
  c->id = CaseIdFromPath(path);
  return c;
}

std::string CaseIdFromPath(const std::string& path) {
  namespace fs = std::filesystem;
  std::string generic = io::CanonicalPath(path);
  std::string id;
  size_t at = generic.rfind("/golden/");
  if (at != std::string::npos)
    id = generic.substr(at + 8);
  else
    id = fs::path(path).generic_string();
  if (id.size() > 5 && id.compare(id.size() - 5, 5, ".yaml") == 0) id.resize(id.size() - 5);
  return id;
}

}  // namespace kdual::golden
