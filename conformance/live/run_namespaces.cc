#include "conformance/live/run_namespaces.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <vector>

namespace kdual::live {
namespace {

using nlohmann::json;

std::string RandomId() {
  // /dev/urandom where there is one; random_device otherwise.
  unsigned char bytes[6] = {};
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes)) {
    std::random_device rd;
    for (auto& b : bytes) b = static_cast<unsigned char>(rd());
  }
  static const char* kLetters = "abcdefghijklmnopqrstuvwxyz";
  static const char* kChars = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  id.push_back(kLetters[bytes[0] % 26]);
  for (size_t i = 1; i < sizeof bytes; ++i) id.push_back(kChars[bytes[i] % 36]);
  return id;
}

bool IsLabelChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// "/api/v1/namespaces/<ns>/..." -> ns; "" when the path is not below one.
std::string NamespaceOfPath(const std::string& path, bool* is_namespace_itself) {
  static const std::string kPrefix = "/api/v1/namespaces/";
  *is_namespace_itself = false;
  if (path.rfind(kPrefix, 0) != 0) return "";
  size_t start = kPrefix.size();
  size_t end = path.find_first_of("/?", start);
  std::string ns = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
  *is_namespace_itself = end == std::string::npos || path[end] == '?';
  return ns;
}

}  // namespace

RunIdentity RunIdentity::ForThisProcess() {
  RunIdentity r;
  r.id = RandomId();
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) r.host = host;
  if (r.host.empty()) r.host = "localhost";
  r.pid = static_cast<int64_t>(getpid());
  return r;
}

bool IsFreshClusterNamespace(const std::string& name) {
  return name == "default" || name == "kube-system" || name == "kube-public" ||
         name == "kube-node-lease";
}

bool IsDns1123Label(const std::string& text) {
  if (text.empty() || text.size() > 63) return false;
  if (!std::all_of(text.begin(), text.end(), IsLabelChar)) return false;
  return text.front() != '-' && text.back() != '-';
}

void StripKdualLabels(json* object) {
  if (!object->is_object()) return;
  if (object->contains("items") && (*object)["items"].is_array()) {
    for (json& item : (*object)["items"]) StripKdualLabels(&item);
  }
  auto meta = object->find("metadata");
  if (meta == object->end() || !meta->is_object()) return;
  auto labels = meta->find("labels");
  if (labels == meta->end() || !labels->is_object()) return;
  labels->erase(kManagedByLabel);
  labels->erase(kRunIdLabel);
  if (labels->empty()) meta->erase("labels");
}

NamespaceMapper::NamespaceMapper(RunIdentity run) : run_(std::move(run)) {}

Result<std::string> NamespaceMapper::RunNamespaceFor(const std::string& case_namespace) {
  auto known = to_run_.find(case_namespace);
  if (known != to_run_.end()) return known->second;
  if (!IsDns1123Label(case_namespace)) {
    return InvalidArgument("namespace \"" + case_namespace +
                           "\" is not a DNS-1123 label; a live target maps a case's namespaces "
                           "into namespaces of its own and cannot map this one");
  }
  std::string run_namespace = "kdual-" + run_.id + "-" + std::to_string(to_run_.size() + 1);
  to_run_[case_namespace] = run_namespace;
  to_case_[run_namespace] = case_namespace;
  return run_namespace;
}

bool NamespaceMapper::IsRunNamespace(const std::string& name) const {
  return to_case_.count(name) > 0;
}

Result<registry::Request> NamespaceMapper::ToServer(const registry::Request& request) {
  registry::Request out = request;
  auto ns = RunNamespaceFor(request.namespace_name);
  if (!ns.ok()) return ns.status();
  out.namespace_name = *ns;
  json& body = out.body;
  const bool whole_object = request.op == registry::Op::kCreate ||
                            request.op == registry::Op::kUpdate ||
                            request.op == registry::Op::kApply;
  if (body.is_object() && body.contains("metadata") && body["metadata"].is_object()) {
    json& meta = body["metadata"];
    // A body naming another namespace is refused by the server with a
    // message that names neither; both are mapped so that stays so.
    if (meta.contains("namespace") && meta["namespace"].is_string()) {
      std::string given = meta["namespace"].get<std::string>();
      if (!given.empty()) {
        auto mapped = RunNamespaceFor(given);
        if (!mapped.ok()) return mapped.status();
        meta["namespace"] = *mapped;
      }
    }
  }
  if (whole_object && body.is_object()) {
    if (!body.contains("metadata") || body["metadata"].is_null()) body["metadata"] = json::object();
    json& meta = body["metadata"];
    // A case that sends malformed metadata or labels is sent as it is: the
    // server's refusal must not depend on kdual's label.
    if (meta.is_object() &&
        (!meta.contains("labels") || meta["labels"].is_null() || meta["labels"].is_object())) {
      if (!meta.contains("labels") || meta["labels"].is_null()) meta["labels"] = json::object();
      meta["labels"][kManagedByLabel] = kManagedByValue;
      meta["labels"][kRunIdLabel] = run_.id;
    }
  }
  // A list's field selector on metadata.namespace names the case's
  // namespace: mapped as the path is, so it selects what it would there.
  if (request.op == registry::Op::kList && !request.field_selector.empty()) {
    std::string& fs = out.field_selector;
    const std::string field = "metadata.namespace";
    for (size_t at = fs.find(field); at != std::string::npos; at = fs.find(field, at + 1)) {
      if (at != 0 && fs[at - 1] != ',') continue;
      size_t value = at + field.size();
      for (const char* op : {"!=", "==", "="}) {
        if (fs.compare(value, std::string(op).size(), op) == 0) {
          value += std::string(op).size();
          break;
        }
      }
      if (value == at + field.size()) continue;
      size_t end = fs.find(',', value);
      std::string given = fs.substr(value, end == std::string::npos ? end : end - value);
      if (!IsDns1123Label(given)) continue;
      auto mapped = RunNamespaceFor(given);
      if (!mapped.ok()) continue;
      fs.replace(value, given.size(), *mapped);
    }
  }
  if (request.op == registry::Op::kPatch && request.patch_type == registry::PatchType::kJson &&
      body.is_array()) {
    for (const json& operation : body) {
      for (const char* key : {"path", "from"}) {
        if (!operation.is_object() || !operation.contains(key) || !operation[key].is_string())
          continue;
        std::string path = operation[key].get<std::string>();
        if (path == "/metadata" || path.rfind("/metadata/labels", 0) == 0 || path.empty()) {
          return InvalidArgument("a JSON patch on " +
                                 (path.empty() ? std::string("the whole object") : path) +
                                 " would see the label kdual puts on the Services it creates; "
                                 "such a step cannot run on a live target");
        }
      }
    }
  }
  return out;
}

std::string NamespaceMapper::FromServer(const std::string& text) const {
  if (to_case_.empty() || text.find("kdual-") == std::string::npos) return text;
  // Longest first, and only where the name is not part of a longer label,
  // so kdual-x-1 never matches inside kdual-x-12.
  std::vector<std::pair<std::string, std::string>> names(to_case_.begin(), to_case_.end());
  std::sort(names.begin(), names.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::string out = text;
  for (const auto& [run_ns, case_ns] : names) {
    size_t pos = 0;
    while ((pos = out.find(run_ns, pos)) != std::string::npos) {
      size_t end = pos + run_ns.size();
      bool bounded =
          (pos == 0 || !IsLabelChar(out[pos - 1])) && (end == out.size() || !IsLabelChar(out[end]));
      if (bounded) {
        out.replace(pos, run_ns.size(), case_ns);
        pos += case_ns.size();
      } else {
        pos = end;
      }
    }
  }
  return out;
}

json NamespaceMapper::FromServer(const json& value) const {
  if (value.is_string()) return FromServer(value.get<std::string>());
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(FromServer(item));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (auto it = value.begin(); it != value.end(); ++it)
      out[FromServer(it.key())] = FromServer(it.value());
    return out;
  }
  return value;
}

void NamespaceMapper::FromServer(registry::Answer* answer) const {
  answer->body = FromServer(answer->body);
  StripKdualLabels(&answer->body);
  for (std::string& warning : answer->warnings) warning = FromServer(warning);
}

json NamespaceMapper::NamespaceObject(const std::string& run_namespace) const {
  return {{"apiVersion", "v1"},
          {"kind", "Namespace"},
          {"metadata",
           {{"name", run_namespace},
            {"labels", {{kManagedByLabel, kManagedByValue}, {kRunIdLabel, run_.id}}},
            {"annotations", {{kOwnerAnnotation, run_.Owner()}}}}}};
}

Status NamespaceMapper::CheckWrite(const std::string& method, const std::string& path,
                                   const std::set<std::string>& extra) const {
  if (method == "GET") return Status::Ok();
  std::string bare = path.substr(0, path.find('?'));
  if (method == "POST" && bare == "/api/v1/namespaces") return Status::Ok();
  bool is_namespace_itself = false;
  std::string ns = NamespaceOfPath(path, &is_namespace_itself);
  if (!ns.empty() && (IsRunNamespace(ns) || extra.count(ns))) return Status::Ok();
  return FailedPrecondition(
      "refused to send " + method + " " + bare +
      ": kdual writes only inside the namespaces it created for this run (kdual-" + run_.id +
      "-*)");
}

}  // namespace kdual::live
