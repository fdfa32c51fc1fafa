#include "engine/registry/service_internal.h"

#include "engine/base/go_format.h"

#include <cstdio>

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

std::string UidFor(int64_t n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "6b1d2c3e-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n));
  return buf;
}

FieldValue ClusterIPsValue(const Service& s) {
  return FieldValue::List(s.cluster_ips, "[]string", s.cluster_ips_nil && s.cluster_ips.empty());
}

const json* MetaField(const Service& svc, const char* key) {
  auto m = svc.raw.find("metadata");
  if (m == svc.raw.end() || !m->is_object()) return nullptr;
  auto it = m->find(key);
  if (it == m->end() || it->is_null()) return nullptr;
  return &*it;
}

void KeepSystemFieldsOnUpdate(Service& svc, const Service& old) {
  if (svc.uid.empty()) svc.uid = old.uid;
  if (!old.creation_timestamp.empty()) svc.creation_timestamp = old.creation_timestamp;
  if (const json* v = MetaField(old, "deletionTimestamp"))
    svc.raw["metadata"]["deletionTimestamp"] = *v;
  if (const json* v = MetaField(old, "deletionGracePeriodSeconds");
      v != nullptr && !MetaField(svc, "deletionGracePeriodSeconds")) {
    svc.raw["metadata"]["deletionGracePeriodSeconds"] = *v;
  }
}

void DropDeprecatedClusterName(Service& svc, bool warn, std::vector<std::string>* warnings) {
  if (!svc.raw.contains("metadata") || !svc.raw["metadata"].is_object()) return;
  json& meta = svc.raw["metadata"];
  auto it = meta.find("clusterName");
  if (it == meta.end()) return;
  bool set = it->is_string() && !it->get<std::string>().empty();
  meta.erase(it);
  if (set && warn) {
    warnings->push_back(
        "metadata.clusterName was specified. This field is not preserved and will be removed from "
        "the schema in 1.25");
  }
}

bool HasFinalizers(const Service& svc) {
  const json* f = MetaField(svc, "finalizers");
  return f != nullptr && f->is_array() && !f->empty();
}

bool IsBeingDeleted(const Service& svc) { return MetaField(svc, "deletionTimestamp") != nullptr; }

std::optional<Answer> CheckNamespace(json& body, const std::string& ns, bool refuse_mismatch) {
  if (!body.is_object()) return std::nullopt;
  if (!body.contains("metadata") || !body["metadata"].is_object()) {
    if (body.contains("metadata") && !body["metadata"].is_null())
      return std::nullopt;  // decode error later
    body["metadata"] = json::object();
  }
  json& meta = body["metadata"];
  if (!meta.contains("namespace") || meta["namespace"].is_null() ||
      (meta["namespace"].is_string() && meta["namespace"].get<std::string>().empty())) {
    meta["namespace"] = ns;
    return std::nullopt;
  }
  if (refuse_mismatch && meta["namespace"].is_string() &&
      meta["namespace"].get<std::string>() != ns) {
    return FromStatusJson(validation::BadRequestStatus(
        "the namespace of the provided object does not match the namespace sent on the request"));
  }
  return std::nullopt;
}

bool ParseResourceVersion(const std::string& rv, uint64_t* out, std::string* error) {
  *out = 0;
  if (rv.empty()) return true;
  uint64_t v = 0;
  for (char c : rv) {
    if (c < '0' || c > '9') {
      *error = "strconv.ParseUint: parsing " + GoQuote(rv) + ": invalid syntax";
      return false;
    }
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) {
      *error = "strconv.ParseUint: parsing " + GoQuote(rv) + ": value out of range";
      return false;
    }
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

}  // namespace kdual::registry
