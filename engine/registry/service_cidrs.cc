#include "engine/registry/service_cidrs.h"

#include <utility>

#include "engine/base/go_format.h"
#include "engine/base/json_access.h"
#include "engine/net/cidr.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"
#include "engine/validation/ip_validation.h"
#include "engine/validation/object_meta_validation.h"

// Sources (v1.33.13, v1.37.2):
//   pkg/apis/networking/validation/validation.go  ValidateServiceCIDR,
//       validateServiceCIDRSpec (identical in both)
//   pkg/registry/networking/servicecidr/strategy.go  PrepareForCreate (1.36+:
//       ServiceCIDRStatusFieldWiping clears the status)
//   pkg/controller/servicecidrs/servicecidrs_controller.go  sync: the
//       finalizer, Ready True "Kubernetes Service CIDR is ready"; on delete
//       canDeleteCIDR, else Ready False "Terminating"
//   pkg/controlplane/controller/defaultservicecidr  the "kubernetes" object
//   pkg/registry/core/service/ipallocator/cidrallocator.go  which
//       ServiceCIDRs allocate (ready, not being deleted)

namespace kdual::registry {
namespace {

using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

constexpr const char* kGroup = "networking.k8s.io";
constexpr const char* kReadyMessage = "Kubernetes Service CIDR is ready";
constexpr const char* kTerminatingMessage =
    "There are still IPAddresses referencing the ServiceCIDR, please remove them or create a new "
    "ServiceCIDR";
// The controllers' clock: any time reads as ~timestamp in a golden case.
constexpr const char* kControllerTime = "2024-01-01T00:00:10Z";

// errors.NewNotFound / NewAlreadyExists / NewInvalid for the group's
// resource: the message names "servicecidrs.networking.k8s.io" (or the kind
// "ServiceCIDR.networking.k8s.io"), the details the group apart.
json Grouped(json status, const char* kind) {
  return validation::GroupedStatus(std::move(status), kGroup, kind);
}

json NotFound(const std::string& name) {
  return Grouped(validation::NotFoundStatus("servicecidrs.networking.k8s.io", name),
                 "servicecidrs");
}

json Condition(const std::string& status, const std::string& reason, const std::string& message) {
  return {{"type", "Ready"},
          {"status", status},
          {"lastTransitionTime", kControllerTime},
          {"reason", reason},
          {"message", message}};
}

// The controller's work on a ServiceCIDR not being deleted: its finalizer,
// and Ready True by a server-side apply of the condition (1.33's apply
// names no reason, so an earlier writer's stays).
void MarkReady(json& obj, const version::Profile& profile) {
  json& meta = obj["metadata"];
  json finalizers = meta.value("finalizers", json::array());
  bool has = false;
  for (const auto& f : finalizers) has = has || f == kServiceCIDRFinalizer;
  if (!has) finalizers.push_back(kServiceCIDRFinalizer);
  meta["finalizers"] = finalizers;
  std::string reason;
  if (!profile.service_cidr_ready_sets_reason) {
    if (const json* c = JsonAt(obj, {"status", "conditions"}); c && c->is_array()) {
      for (const auto& x : *c) {
        if (x.is_object() && x.value("type", "") == "Ready" && x.contains("reason") &&
            x["reason"].is_string())
          reason = x["reason"].get<std::string>();
      }
    }
  }
  obj["status"] = {{"conditions", json::array({Condition("True", reason, kReadyMessage)})}};
}

bool IsReady(const json& obj) {
  const json* conditions = JsonAt(obj, {"status", "conditions"});
  // cidrallocator.go isReady: no Ready condition counts as ready.
  if (conditions == nullptr || !conditions->is_array()) return true;
  for (const auto& c : *conditions) {
    if (c.value("type", "") == "Ready") return c.value("status", "") == "True";
  }
  return true;
}

bool BeingDeleted(const json& obj) {
  return JsonAt(obj, {"metadata", "deletionTimestamp"}) != nullptr;
}

bool PrefixContains(const net::Cidr& outer, const net::Cidr& inner) {
  return outer.family() == inner.family() && outer.prefix_length() <= inner.prefix_length() &&
         outer.Contains(inner.network());
}

}  // namespace

std::vector<net::Cidr> ServiceCidrs::CidrsOf(const json& obj) const {
  std::vector<net::Cidr> out;
  const json* cidrs = JsonAt(obj, {"spec", "cidrs"});
  if (cidrs == nullptr || !cidrs->is_array()) return out;
  for (const auto& c : *cidrs) {
    if (!c.is_string()) continue;
    auto parsed = net::ParseCIDRSloppy(c.get<std::string>());
    if (parsed.ok()) out.push_back(*parsed);
  }
  return out;
}

void ServiceCidrs::SetDefault(const std::vector<net::Cidr>& cidrs,
                              const version::Profile& profile) {
  json list = json::array();
  for (const auto& c : cidrs) list.push_back(c.ToString());
  auto it = objects_.find(kDefaultServiceCIDRName);
  if (it != objects_.end()) {
    it->second["spec"]["cidrs"] = list;
    return;
  }
  json obj = {{"apiVersion", std::string(kGroup) + "/v1"},
              {"kind", "ServiceCIDR"},
              {"metadata",
               {{"name", kDefaultServiceCIDRName},
                {"uid", "5c1d2c3e-0000-4000-8000-" + std::to_string(100000000000 + next_uid_++)},
                {"resourceVersion", std::to_string(next_resource_version_++)},
                {"creationTimestamp", kCreationTimestamp}}},
              {"spec", {{"cidrs", list}}},
              {"status", json::object()}};
  MarkReady(obj, profile);
  objects_[kDefaultServiceCIDRName] = obj;
}

Answer ServiceCidrs::Create(const json& body, bool dry_run, const version::Profile& profile,
                            std::string* created) {
  if (!body.is_object())
    return FromStatusJson(validation::BadRequestStatus("the ServiceCIDR is not a JSON object"));
  json obj = body;
  json meta = obj.value("metadata", json::object());
  const std::string name = meta.value("name", "");
  // ValidateObjectMeta with NameIsDNSSubdomain.
  ErrorList errs = validation::ValidateSubdomainName(name);
  // validateServiceCIDRSpec.
  const std::string field = "spec.cidrs";
  const json* cidrs = JsonAt(obj, {"spec", "cidrs"});
  std::vector<std::string> values;
  if (cidrs != nullptr && cidrs->is_array()) {
    for (const auto& c : *cidrs) values.push_back(c.is_string() ? c.get<std::string>() : c.dump());
  }
  if (values.empty()) {
    errs.push_back(validation::Required(field, "at least one CIDR required"));
  } else if (values.size() > 2) {
    // The value is the whole internal spec (validateServiceCIDRSpec is
    // handed the struct): %#v before 1.37, JSON of its untagged field after.
    std::string go = "networking.ServiceCIDRSpec{CIDRs:[]string{";
    for (size_t i = 0; i < values.size(); ++i) go += (i ? ", " : "") + GoQuote(values[i]);
    go += "}}";
    errs.push_back(validation::Invalid(field, FieldValue::Raw(go, json{{"CIDRs", values}}.dump()),
                                       "may only hold up to 2 values"));
  } else {
    for (size_t i = 0; i < values.size(); ++i) {
      auto more = validation::IsValidCIDR(field + "[" + std::to_string(i) + "]", values[i]);
      errs.insert(errs.end(), more.begin(), more.end());
    }
    if (values.size() == 2) {
      auto a = net::ParseCIDRSloppy(values[0]);
      auto b = net::ParseCIDRSloppy(values[1]);
      if (a.ok() && b.ok() && a->family() == b->family()) {
        errs.push_back(validation::Invalid(
            field, FieldValue::List(values),
            "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and "
            "2001:db8::/64"));
      }
    }
  }
  if (!errs.empty()) {
    return FromStatusJson(
        Grouped(validation::InvalidStatus("ServiceCIDR.networking.k8s.io", name, errs,
                                          profile.field_error_values_as_json),
                "ServiceCIDR"));
  }
  if (objects_.count(name)) {
    return FromStatusJson(Grouped(
        validation::AlreadyExistsStatus("servicecidrs.networking.k8s.io", name), "servicecidrs"));
  }
  meta.erase("namespace");  // cluster-scoped
  meta["uid"] = "5c1d2c3e-0000-4000-8000-" + std::to_string(100000000000 + next_uid_++);
  meta["resourceVersion"] = std::to_string(next_resource_version_++);
  meta["creationTimestamp"] = kCreationTimestamp;
  obj["metadata"] = meta;
  obj["apiVersion"] = std::string(kGroup) + "/v1";
  obj["kind"] = "ServiceCIDR";
  if (profile.service_cidr_status_wiped || !obj.contains("status") || !obj["status"].is_object())
    obj["status"] = json::object();
  Answer a;
  a.code = 201;
  a.body = obj;
  if (!dry_run) {
    MarkReady(obj, profile);  // the controller, at once
    objects_[name] = obj;
    *created = name;
  }
  return a;
}

Answer ServiceCidrs::Update(const std::string& name, const json& body, bool dry_run,
                            const version::Profile& profile) {
  auto it = objects_.find(name);
  if (it == objects_.end()) return FromStatusJson(NotFound(name));
  if (!body.is_object())
    return FromStatusJson(validation::BadRequestStatus("the ServiceCIDR is not a JSON object"));
  const std::string body_name = StringAt(body, {"metadata", "name"});
  if (body_name.empty()) {
    return FromStatusJson(
        validation::BadRequestStatus("the name of the object (" + name +
                                     " based on URL) was undeterminable: name must be provided"));
  }
  if (body_name != name) {
    return FromStatusJson(validation::BadRequestStatus("the name of the object (" + body_name +
                                                       ") does not match the name on the URL (" +
                                                       name + ")"));
  }
  const json& old = it->second;
  auto list = [](const json& obj) {
    std::vector<std::string> out;
    const json* c = JsonAt(obj, {"spec", "cidrs"});
    if (c != nullptr && c->is_array())
      for (const auto& x : *c) out.push_back(x.is_string() ? x.get<std::string>() : x.dump());
    return out;
  };
  const std::vector<std::string> was = list(old), now = list(body);
  const char* kImmutable = "field is immutable";
  ErrorList errs;
  if (was.size() == now.size()) {
    for (size_t i = 0; i < was.size(); ++i) {
      if (was[i] != now[i]) {
        errs.push_back(validation::Invalid("spec.cidrs[" + std::to_string(i) + "]",
                                           FieldValue::String(now[i]), kImmutable));
      }
    }
  } else if (was.size() == 1 && now.size() == 2) {
    // To dual-stack (https://issues.k8s.io/131261): the first stays, the
    // spec is validated as on a create.
    if (now[0] != was[0]) {
      errs.push_back(validation::Invalid("spec.cidrs[0]", FieldValue::String(now[0]), kImmutable));
    }
    for (size_t i = 0; i < now.size(); ++i) {
      auto more = validation::IsValidCIDR("spec.cidrs[" + std::to_string(i) + "]", now[i]);
      errs.insert(errs.end(), more.begin(), more.end());
    }
    auto a = net::ParseCIDRSloppy(now[0]);
    auto b = net::ParseCIDRSloppy(now[1]);
    if (a.ok() && b.ok() && a->family() == b->family()) {
      errs.push_back(validation::Invalid(
          "spec.cidrs", FieldValue::List(now),
          "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and "
          "2001:db8::/64"));
    }
  } else {
    errs.push_back(validation::Invalid("spec.cidrs", FieldValue::List(now), kImmutable));
  }
  if (!errs.empty()) {
    return FromStatusJson(
        Grouped(validation::InvalidStatus("ServiceCIDR.networking.k8s.io", name, errs,
                                          profile.field_error_values_as_json),
                "ServiceCIDR"));
  }
  json obj = old;
  json meta = body.value("metadata", json::object());
  for (const char* key : {"labels", "annotations", "finalizers"}) {
    if (meta.contains(key))
      obj["metadata"][key] = meta[key];
    else
      obj["metadata"].erase(key);
  }
  obj["spec"]["cidrs"] = now;
  if (!profile.service_cidr_status_wiped) {
    // PrepareForUpdate keeps what the client sent, an empty status too.
    obj["status"] =
        body.contains("status") && body["status"].is_object() ? body["status"] : json::object();
  }
  if (obj == old) {
    Answer a;
    a.body = old;  // nothing changed: nothing written
    return a;
  }
  obj["metadata"]["resourceVersion"] = std::to_string(next_resource_version_++);
  Answer a;
  a.body = obj;
  if (!dry_run) {
    MarkReady(obj, profile);  // the controller sees the update
    it->second = obj;
  }
  return a;
}

Answer ServiceCidrs::Get(const std::string& name) const {
  auto it = objects_.find(name);
  if (it == objects_.end()) return FromStatusJson(NotFound(name));
  Answer a;
  a.body = it->second;
  return a;
}

Answer ServiceCidrs::List() const {
  json items = json::array();
  // A typed list's items carry no apiVersion or kind.
  for (const auto& [name, obj] : objects_) {
    json item = obj;
    item.erase("apiVersion");
    item.erase("kind");
    items.push_back(std::move(item));
  }
  Answer a;
  a.body = {{"apiVersion", std::string(kGroup) + "/v1"},
            {"kind", "ServiceCIDRList"},
            {"metadata", {{"resourceVersion", std::to_string(next_resource_version_)}}},
            {"items", items}};
  return a;
}

bool ServiceCidrs::CanDelete(const std::string& name,
                             const std::vector<net::IPAddress>& in_use) const {
  const std::vector<net::Cidr> mine = CidrsOf(objects_.at(name));
  // Every CIDR inside another ServiceCIDR: nothing can be stranded.
  bool all_contained = true;
  for (const auto& c : mine) {
    bool contained = false;
    for (const auto& [other, obj] : objects_) {
      if (other == name) continue;
      for (const auto& o : CidrsOf(obj)) contained = contained || PrefixContains(o, c);
    }
    all_contained = all_contained && contained;
  }
  if (all_contained) return true;
  for (const auto& ip : in_use) {
    bool here = false, elsewhere = false;
    for (const auto& c : mine) here = here || c.Contains(ip);
    if (!here) continue;
    for (const auto& [other, obj] : objects_) {
      if (other == name) continue;
      for (const auto& o : CidrsOf(obj)) elsewhere = elsewhere || o.Contains(ip);
    }
    if (!elsewhere) return false;
  }
  return true;
}

Answer ServiceCidrs::Delete(const std::string& name, bool dry_run,
                            const std::vector<net::IPAddress>& in_use) {
  auto it = objects_.find(name);
  if (it == objects_.end()) return FromStatusJson(NotFound(name));
  json obj = it->second;
  if (!BeingDeleted(obj)) {
    obj["metadata"]["deletionTimestamp"] = kControllerTime;
    obj["metadata"]["deletionGracePeriodSeconds"] = 0;
    obj["metadata"]["resourceVersion"] = std::to_string(next_resource_version_++);
  }
  Answer a;
  a.body = obj;  // held by the finalizer: the store answers the object
  if (dry_run) return a;
  it->second = obj;
  Sync(in_use);
  return a;
}

void ServiceCidrs::Sync(const std::vector<net::IPAddress>& in_use) {
  for (auto it = objects_.begin(); it != objects_.end();) {
    if (!BeingDeleted(it->second)) {
      ++it;
      continue;
    }
    if (CanDelete(it->first, in_use)) {
      it = objects_.erase(it);  // the finalizer removed after the grace period
      continue;
    }
    json& status = it->second["status"];
    json cond = Condition("False", "Terminating", kTerminatingMessage);
    if (!status.is_object() || status.value("conditions", json::array()) != json::array({cond})) {
      status = {{"conditions", json::array({cond})}};
      it->second["metadata"]["resourceVersion"] = std::to_string(next_resource_version_++);
    }
    ++it;
  }
}

Answer ServiceCidrs::Wait(const std::string& name, const std::string& wait_for) const {
  auto it = objects_.find(name);
  if (wait_for == "deleted") {
    if (it == objects_.end()) return FromStatusJson(NotFound(name));
    return StatusAnswer(504, "Timeout", "ServiceCIDR " + name + " is still there after the wait");
  }
  if (it == objects_.end()) return FromStatusJson(NotFound(name));
  const bool terminating = BeingDeleted(it->second);
  if ((wait_for == "Ready" && !terminating && IsReady(it->second)) ||
      (wait_for == "Terminating" && terminating)) {
    Answer a;
    a.body = it->second;
    return a;
  }
  return StatusAnswer(504, "Timeout",
                      "ServiceCIDR " + name + " is not " + wait_for + " after the wait");
}

std::vector<net::Cidr> ServiceCidrs::ExtraReadyCidrs(const version::Profile& profile) const {
  std::vector<net::Cidr> out;
  for (const auto& [name, obj] : objects_) {
    if (name == kDefaultServiceCIDRName || BeingDeleted(obj) || !IsReady(obj)) continue;
    for (const auto& c : CidrsOf(obj)) {
      // ipallocator.go NewIPAllocator refuses an IPv6 prefix shorter than
      // /64: the object stands, no allocator serves it.
      if (profile.ipv6_service_cidr_min_prefix_64 && !c.network().is_v4() && c.prefix_length() < 64)
        continue;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace kdual::registry
