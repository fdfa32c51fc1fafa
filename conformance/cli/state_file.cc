#include "conformance/cli/state_file.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "conformance/io/bounded_read.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

using nlohmann::json;

constexpr const char* kStateKind = "KdualEngineState";
constexpr size_t kMaxStateBytes = 64u << 20;

json FlagsToJson(const flags::ComponentFlags& f) {
  json j = json::object();
  for (const auto& [component, values] : f.components) j[component] = values;
  return j;
}

Result<flags::ComponentFlags> FlagsFromJson(const json& j, const std::string& where) {
  flags::ComponentFlags f;
  if (!j.is_object()) return InvalidArgument(where + " is not an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_object())
      return InvalidArgument(where + "." + it.key() + " is not an object");
    for (auto v = it.value().begin(); v != it.value().end(); ++v) {
      if (!v.value().is_string()) {
        return InvalidArgument(where + "." + it.key() + "." + v.key() + " is not a string");
      }
      f.components[it.key()][v.key()] = v.value().get<std::string>();
    }
  }
  return f;
}

const char* PatchTypeText(registry::PatchType t) {
  switch (t) {
    case registry::PatchType::kMerge: return "merge";
    case registry::PatchType::kStrategic: return "strategic";
    case registry::PatchType::kJson: return "json";
  }
  return "merge";
}

}  // namespace

const flags::ComponentFlags& EngineState::current_flags() const {
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->restart) return *it->restart;
  }
  return started_with;
}

json RequestToJson(const registry::Request& r) {
  json j = {{"op", registry::OpName(r.op)}, {"namespace", r.namespace_name}};
  if (!r.name.empty()) j["name"] = r.name;
  if (!r.body.is_null()) j["body"] = r.body;
  if (r.op == registry::Op::kPatch) j["patchType"] = PatchTypeText(r.patch_type);
  if (r.op == registry::Op::kApply) {
    j["fieldManager"] = r.field_manager;
    if (r.force) j["force"] = true;
  }
  if (r.resource == registry::Resource::kNamespaces) j["resource"] = "namespaces";
  if (r.resource == registry::Resource::kNodes) j["resource"] = "nodes";
  if (r.resource == registry::Resource::kServiceCIDRs) j["resource"] = "servicecidrs";
  if (r.resource == registry::Resource::kIPAddresses) j["resource"] = "ipaddresses";
  if (r.dry_run) j["dryRun"] = true;
  if (r.field_validation != registry::FieldValidation::kUnset) {
    j["fieldValidation"] = registry::FieldValidationName(r.field_validation);
  }
  return j;
}

Result<registry::Request> RequestFromJson(const json& j) {
  if (!j.is_object() || !j.contains("op") || !j["op"].is_string()) {
    return InvalidArgument("a request without an op");
  }
  registry::Request r;
  std::string op = j["op"].get<std::string>();
  static const registry::Op kOps[] = {
      registry::Op::kCreate, registry::Op::kUpdate, registry::Op::kPatch, registry::Op::kApply,
      registry::Op::kDelete, registry::Op::kGet,    registry::Op::kList};
  bool known = false;
  for (registry::Op o : kOps) {
    if (op == registry::OpName(o)) {
      r.op = o;
      known = true;
    }
  }
  if (!known) return InvalidArgument("unknown op \"" + op + "\"");
  if (j.contains("namespace") && j["namespace"].is_string())
    r.namespace_name = j["namespace"].get<std::string>();
  if (j.contains("name") && j["name"].is_string()) r.name = j["name"].get<std::string>();
  if (j.contains("body")) r.body = j["body"];
  std::string pt = j.value("patchType", std::string("merge"));
  r.patch_type = pt == "json"        ? registry::PatchType::kJson
                 : pt == "strategic" ? registry::PatchType::kStrategic
                                     : registry::PatchType::kMerge;
  r.dry_run = j.value("dryRun", false);
  if (j.contains("fieldManager") && j["fieldManager"].is_string())
    r.field_manager = j["fieldManager"].get<std::string>();
  r.force = j.value("force", false);
  if (j.contains("resource")) {
    if (j["resource"] != "namespaces" && j["resource"] != "services" && j["resource"] != "nodes" &&
        j["resource"] != "servicecidrs" && j["resource"] != "ipaddresses") {
      return InvalidArgument(
          "resource must be services, namespaces, nodes, servicecidrs or ipaddresses");
    }
    if (j["resource"] == "namespaces") r.resource = registry::Resource::kNamespaces;
    if (j["resource"] == "nodes") r.resource = registry::Resource::kNodes;
    if (j["resource"] == "servicecidrs") r.resource = registry::Resource::kServiceCIDRs;
    if (j["resource"] == "ipaddresses") r.resource = registry::Resource::kIPAddresses;
  }
  if (j.contains("fieldValidation") &&
      !(j["fieldValidation"].is_string() &&
        registry::ParseFieldValidation(j["fieldValidation"].get<std::string>(),
                                       &r.field_validation))) {
    return InvalidArgument("fieldValidation must be Ignore, Warn or Strict");
  }
  return r;
}

Result<std::optional<EngineState>> LoadState(const std::string& path) {
  if (access(path.c_str(), F_OK) != 0) return std::optional<EngineState>();
  auto text = io::ReadFileBounded(path, kMaxStateBytes, "the state file");
  if (!text.ok()) return text.status();
  json j;
  try {
    j = json::parse(*text);
  } catch (const std::exception& e) {
    return InvalidArgument(path + ": not a kdual state file (invalid JSON: " + e.what() + ")");
  }
  if (!j.is_object() || j.value("kind", std::string()) != kStateKind) {
    return InvalidArgument(path + ": not a kdual state file (kind is not " + kStateKind + ")");
  }
  EngineState state;
  state.release = j.value("release", std::string());
  if (!version::ParseRelease(state.release).ok()) {
    return InvalidArgument(path + ": release \"" + state.release + "\" is not a release");
  }
  auto started = FlagsFromJson(j.value("cluster", json::object()), "cluster");
  if (!started.ok()) return started.status().WithPrefix(path);
  state.started_with = *started;
  if (!j.contains("log") || !j["log"].is_array())
    return InvalidArgument(path + ": log is not a list");
  for (size_t i = 0; i < j["log"].size(); ++i) {
    const json& e = j["log"][i];
    StateEntry entry;
    std::string where = path + ": log[" + std::to_string(i) + "]";
    if (e.is_object() && e.contains("restart")) {
      auto f = FlagsFromJson(e["restart"], "restart");
      if (!f.ok()) return f.status().WithPrefix(where);
      entry.restart = *f;
    } else {
      auto r = RequestFromJson(e);
      if (!r.ok()) return r.status().WithPrefix(where);
      entry.request = *r;
    }
    state.log.push_back(std::move(entry));
  }
  return std::optional<EngineState>(std::move(state));
}

Status SaveState(const std::string& path, const EngineState& state) {
  json j = {{"apiVersion", "kdual/v1"},
            {"kind", kStateKind},
            {"release", state.release},
            {"cluster", FlagsToJson(state.started_with)},
            {"log", json::array()}};
  for (const auto& e : state.log) {
    if (e.restart) {
      j["log"].push_back({{"restart", FlagsToJson(*e.restart)}});
    } else if (e.request) {
      j["log"].push_back(RequestToJson(*e.request));
    }
  }
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << j.dump(2) << "\n";
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      return InvalidArgument(path + ": cannot write the state file");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return InvalidArgument(path + ": cannot replace the state file");
  }
  return Status::Ok();
}

Result<std::unique_ptr<registry::Cluster>> Replay(const EngineState& state,
                                                  std::vector<std::string>* notes) {
  auto release = version::ParseRelease(state.release);
  if (!release.ok()) return release.status();
  auto profile = version::ProfileFor(*release);
  if (!profile.ok()) return profile.status();
  auto cluster = registry::Cluster::Start(state.started_with, *profile);
  if (!cluster.ok()) return cluster.status();
  for (size_t i = 0; i < state.log.size(); ++i) {
    const StateEntry& e = state.log[i];
    if (e.restart) {
      Status s = (*cluster)->Restart(*e.restart);
      if (!s.ok())
        notes->push_back("log[" + std::to_string(i) + "] restart now fails: " + s.message());
    } else if (e.request) {
      registry::Answer a = (*cluster)->Handle(*e.request);
      if (a.is_error()) {
        notes->push_back("log[" + std::to_string(i) + "] " + registry::OpName(e.request->op) + " " +
                         e.request->name + " now fails with " + std::to_string(a.code));
      }
    }
  }
  return std::move(cluster).value();
}

}  // namespace kdual::cli
