#include "engine/registry/ip_addresses.h"

#include <utility>

#include "engine/base/go_format.h"
#include "engine/base/json_access.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"
#include "engine/validation/ip_validation.h"
#include "engine/validation/name_validation.h"
#include "engine/validation/object_meta_validation.h"

// Sources (v1.33.13; v1.37.2 the same words): pkg/apis/networking/validation
// ValidateIPAddress, validateIPAddressParentReference,
// ValidateIPAddressUpdate; pkg/registry/networking/ipaddress/strategy.go and
// storage/storage.go; apimachinery pkg/util/validation/ip.go IsValidIP.

namespace kdual::registry {
namespace {

using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

constexpr const char* kGroup = "networking.k8s.io";
constexpr const char* kIPAddressResource = "ipaddresses.networking.k8s.io";

json Grouped(json status, const char* kind) {
  return validation::GroupedStatus(std::move(status), kGroup, kind);
}

std::string StringAt(const json& obj, std::initializer_list<const char*> path) {
  const json* v = JsonAt(obj, path);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

std::map<std::string, std::string> StringMapAt(const json& obj,
                                               std::initializer_list<const char*> path) {
  std::map<std::string, std::string> out;
  const json* v = JsonAt(obj, path);
  if (v == nullptr || !v->is_object()) return out;
  for (const auto& [k, x] : v->items()) out[k] = x.is_string() ? x.get<std::string>() : x.dump();
  return out;
}

// ValidateIPAddressName: IsValidIP's details, on whichever field the name
// came from.
std::vector<std::string> IPAddressNameErrors(const std::string& name) {
  std::vector<std::string> out;
  for (const auto& e : validation::IsValidIP("", name)) out.push_back(e.detail);
  return out;
}

// The internal ParentReference as a field error prints it (the value of
// ValidateImmutableField): %#v, or JSON of its untagged fields.
FieldValue ParentRefValue(const json& ref) {
  const std::string g = StringAt(ref, {"group"}), r = StringAt(ref, {"resource"}),
                    ns = StringAt(ref, {"namespace"}), n = StringAt(ref, {"name"});
  if (!ref.is_object()) return FieldValue::Raw("null", "null");
  std::string go = "networking.ParentReference{Group:" + GoQuote(g) + ", Resource:" + GoQuote(r) +
                   ", Namespace:" + GoQuote(ns) + ", Name:" + GoQuote(n) + "}";
  std::string js = "{\"Group\":" + json(g).dump() + ",\"Resource\":" + json(r).dump() +
                   ",\"Namespace\":" + json(ns).dump() + ",\"Name\":" + json(n).dump() + "}";
  return FieldValue::Raw(go, js);
}

// The object as the store keeps it: the fields of an IPAddress, the rest
// dropped by the decoder.
json Stored(const json& body, const std::string& name) {
  json meta = json::object();
  meta["name"] = name;
  const json* in = JsonAt(body, {"metadata"});
  if (in != nullptr && in->is_object()) {
    for (const char* k :
         {"generateName", "labels", "annotations", "finalizers", "ownerReferences"}) {
      if (in->contains(k) && !(*in)[k].is_null()) meta[k] = (*in)[k];
    }
  }
  json spec = json::object();
  if (const json* ref = JsonAt(body, {"spec", "parentRef"}); ref != nullptr && ref->is_object()) {
    json r = json::object();
    for (const char* k : {"group", "resource", "namespace", "name"}) {
      std::string v = StringAt(*ref, {k});
      if (!v.empty()) r[k] = v;  // omitempty
    }
    spec["parentRef"] = r;
  }
  return {{"apiVersion", std::string(kGroup) + "/v1"},
          {"kind", "IPAddress"},
          {"metadata", meta},
          {"spec", spec}};
}

}  // namespace

json AllocatorIPAddress(const net::IPAddress& ip, const std::string& namespace_name,
                        const std::string& name) {
  const std::string text = ip.ToString();
  return {
      {"apiVersion", std::string(kGroup) + "/v1"},
      {"kind", "IPAddress"},
      {"metadata",
       {{"name", text},
        {"labels",
         {{kIPAddressFamilyLabel, ip.family() == net::Family::kIPv4 ? "IPv4" : "IPv6"},
          {kIPAddressManagedByLabel, kIPAllocatorName}}},
        {"creationTimestamp", kCreationTimestamp}}},
      {"spec",
       {{"parentRef", {{"resource", "services"}, {"namespace", namespace_name}, {"name", name}}}}}};
}

Answer IPAddressNotFound(const std::string& name) {
  return FromStatusJson(
      Grouped(validation::NotFoundStatus(kIPAddressResource, name), "ipaddresses"));
}

Answer IPAddresses::Invalid(const std::string& name, const json& obj, const json* old,
                            const version::Profile& profile) const {
  ErrorList errs;
  // ValidateObjectMeta(meta, false, ValidateIPAddressName, "metadata").
  const std::string generate_name = StringAt(obj, {"metadata", "generateName"});
  if (!generate_name.empty()) {
    for (const auto& msg : IPAddressNameErrors(generate_name))
      errs.push_back(
          validation::Invalid("metadata.generateName", FieldValue::String(generate_name), msg));
  }
  if (name.empty()) {
    errs.push_back(validation::Required("metadata.name", "name or generateName is required"));
  } else {
    for (const auto& msg : IPAddressNameErrors(name))
      errs.push_back(validation::Invalid("metadata.name", FieldValue::String(name), msg));
  }
  for (auto& e : validation::ValidateLabels(StringMapAt(obj, {"metadata", "labels"}),
                                            "metadata.labels", profile))
    errs.push_back(std::move(e));
  for (auto& e : validation::ValidateAnnotations(StringMapAt(obj, {"metadata", "annotations"}),
                                                 "metadata.annotations", profile))
    errs.push_back(std::move(e));
  // validateIPAddressParentReference.
  const json* ref = JsonAt(obj, {"spec", "parentRef"});
  if (ref == nullptr || !ref->is_object()) {
    errs.push_back(validation::Required("spec.parentRef"));
  } else {
    const std::string group = StringAt(*ref, {"group"});
    if (!group.empty()) {
      for (const auto& msg : validation::IsDNS1123Subdomain(group))
        errs.push_back(validation::Invalid("spec.parentRef.group", FieldValue::String(group), msg));
    }
    for (const char* k : {"resource", "name", "namespace"}) {
      const std::string v = StringAt(*ref, {k});
      const std::string field = std::string("spec.parentRef.") + k;
      if (v.empty()) {
        if (std::string(k) != "namespace") errs.push_back(validation::Required(field));
        continue;
      }
      for (const auto& msg : validation::IsPathSegmentName(v, false))
        errs.push_back(validation::Invalid(field, FieldValue::String(v), msg));
    }
  }
  if (old != nullptr) {
    // ValidateIPAddressUpdate: ValidateObjectMetaUpdate (nothing a PUT of
    // the same name can break here), then parentRef immutable.
    const json* old_ref = JsonAt(*old, {"spec", "parentRef"});
    const json a = ref != nullptr ? *ref : json(), b = old_ref != nullptr ? *old_ref : json();
    if (a != b) {
      // 1.37: validate.Immutable, which gives no value.
      errs.push_back(validation::Invalid("spec.parentRef",
                                         profile.ip_address_declarative_immutable
                                             ? FieldValue::Raw("null", "null")
                                             : ParentRefValue(ref != nullptr ? *ref : json()),
                                         "field is immutable"));
    }
  }
  if (errs.empty()) return Answer{};
  return FromStatusJson(Grouped(validation::InvalidStatus("IPAddress.networking.k8s.io", name, errs,
                                                          profile.field_error_values_as_json),
                                "IPAddress"));
}

Answer IPAddresses::Create(const json& body, bool dry_run, bool taken,
                           const version::Profile& profile, net::IPAddress* created) {
  if (!body.is_object())
    return FromStatusJson(validation::BadRequestStatus("the IPAddress is not a JSON object"));
  // rest.BeforeCreate: the noop name generator makes generateName the name.
  std::string name = StringAt(body, {"metadata", "name"});
  if (name.empty()) name = StringAt(body, {"metadata", "generateName"});
  json obj = Stored(body, name);
  if (name.empty()) obj["metadata"].erase("name");
  Answer refused = Invalid(name, obj, nullptr, profile);
  if (refused.is_error()) return refused;
  if (taken || objects_.count(name)) {
    return FromStatusJson(
        Grouped(validation::AlreadyExistsStatus(kIPAddressResource, name), "ipaddresses"));
  }
  json& meta = obj["metadata"];
  meta["uid"] = "1pad0000-0000-4000-8000-" + std::to_string(100000000000 + next_uid_++);
  meta["resourceVersion"] = std::to_string(next_resource_version_++);
  meta["creationTimestamp"] = kCreationTimestamp;
  if (!dry_run) {
    objects_[name] = obj;
    auto ip = net::ParseIPSloppy(name);
    if (ip.ok() && created != nullptr) *created = *ip;
  }
  Answer a;
  a.code = 201;
  a.body = obj;
  return a;
}

Answer IPAddresses::Update(const std::string& name, const json& body, bool dry_run,
                           const version::Profile& profile) {
  if (!body.is_object())
    return FromStatusJson(validation::BadRequestStatus("the IPAddress is not a JSON object"));
  const std::string body_name = StringAt(body, {"metadata", "name"});
  if (body_name != name) {
    return FromStatusJson(validation::BadRequestStatus("the name of the object (" + body_name +
                                                       ") does not match the name on the URL (" +
                                                       name + ")"));
  }
  auto it = objects_.find(name);
  if (it == objects_.end()) return IPAddressNotFound(name);
  json obj = Stored(body, name);
  Answer refused = Invalid(name, obj, &it->second, profile);
  if (refused.is_error()) return refused;
  json& meta = obj["metadata"];
  for (const char* k : {"uid", "creationTimestamp"}) meta[k] = it->second["metadata"][k];
  meta["resourceVersion"] = std::to_string(next_resource_version_++);
  if (!dry_run) it->second = obj;
  Answer a;
  a.body = obj;
  return a;
}

Answer IPAddresses::Delete(const std::string& name, bool dry_run,
                           std::optional<net::IPAddress>* deleted) {
  auto it = objects_.find(name);
  if (it == objects_.end()) return IPAddressNotFound(name);
  Answer a;
  a.body = {{"kind", "Status"},
            {"apiVersion", "v1"},
            {"metadata", json::object()},
            {"status", "Success"},
            {"details", {{"name", name}, {"group", kGroup}, {"kind", "ipaddresses"}}}};
  if (!dry_run) {
    auto ip = net::ParseIPSloppy(name);
    if (ip.ok() && deleted != nullptr) *deleted = *ip;
    objects_.erase(it);
  }
  return a;
}

const json* IPAddresses::Find(const std::string& name) const {
  auto it = objects_.find(name);
  return it == objects_.end() ? nullptr : &it->second;
}

std::vector<net::IPAddress> IPAddresses::Reserved() const {
  std::vector<net::IPAddress> out;
  for (const auto& [name, obj] : objects_) {
    auto ip = net::ParseIPSloppy(name);
    if (ip.ok()) out.push_back(*ip);
  }
  return out;
}

}  // namespace kdual::registry
