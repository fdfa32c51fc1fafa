#include "conformance/live/rest_mapping.h"

#include <cctype>
#include <vector>

namespace kdual::live {

std::string PercentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string ObjectName(const registry::Request& request) {
  if (!request.name.empty()) return request.name;
  if (request.body.is_object() && request.body.contains("metadata") &&
      request.body["metadata"].is_object() && request.body["metadata"].contains("name") &&
      request.body["metadata"]["name"].is_string()) {
    return request.body["metadata"]["name"].get<std::string>();
  }
  return "";
}

Result<RestCall> RestCallFor(const registry::Request& request) {
  // Runners send Service requests only; the namespaces they use are their
  // own run namespaces (EnsureNamespace), never a case's request.
  if (request.resource == registry::Resource::kNamespaces) {
    return InvalidArgument(
        "live runners send Service, Node and ServiceCIDR requests only, not namespace requests");
  }
  const bool node = request.resource == registry::Resource::kNodes;
  // Always networking.k8s.io/v1 (GA in 1.33): a release that does not serve
  // it answers 404, as it does to a client that asks.
  const bool service_cidr = request.resource == registry::Resource::kServiceCIDRs;
  const bool ip_address = request.resource == registry::Resource::kIPAddresses;
  if (!node && !service_cidr && !ip_address && request.namespace_name.empty())
    return InvalidArgument("the request has no namespace");
  std::string base =
      node           ? std::string("/api/v1/nodes")
      : service_cidr ? std::string(kServiceCIDRPath)
      : ip_address   ? std::string(kIPAddressPath)
                     : "/api/v1/namespaces/" + PercentEncode(request.namespace_name) + "/services";
  std::string name = ObjectName(request);
  std::vector<std::string> query;
  if (request.dry_run) query.push_back("dryRun=All");
  if (request.field_validation != registry::FieldValidation::kUnset) {
    query.push_back(std::string("fieldValidation=") +
                    registry::FieldValidationName(request.field_validation));
  }
  RestCall call;
  switch (request.op) {
    case registry::Op::kCreate: call = {"POST", base, "application/json"}; break;
    case registry::Op::kUpdate: call = {"PUT", "", "application/json"}; break;
    case registry::Op::kPatch:
      call = {"PATCH", "", ""};
      switch (request.patch_type) {
        case registry::PatchType::kMerge: call.content_type = "application/merge-patch+json"; break;
        case registry::PatchType::kStrategic:
          call.content_type = "application/strategic-merge-patch+json";
          break;
        case registry::PatchType::kJson: call.content_type = "application/json-patch+json"; break;
      }
      break;
    case registry::Op::kApply:
      call = {"PATCH", "", "application/apply-patch+yaml"};
      query.push_back("fieldManager=" + PercentEncode(request.field_manager));
      if (request.force) query.push_back("force=true");
      break;
    case registry::Op::kDelete:
      // A body is a DeleteOptions; with one, the server reads no query
      // parameter at all (handlers/delete.go: the body or the query).
      call = {"DELETE", "", request.body.is_null() ? "" : "application/json"};
      break;
    case registry::Op::kGet:
    case registry::Op::kWait:  // polled by the target
      call = {"GET", "", ""};
      break;
    case registry::Op::kList:
      call = {"GET", base, ""};
      if (!request.label_selector.empty())
        query.push_back("labelSelector=" + PercentEncode(request.label_selector));
      if (!request.field_selector.empty())
        query.push_back("fieldSelector=" + PercentEncode(request.field_selector));
      break;
  }
  if (call.path.empty()) {
    if (name.empty())
      return InvalidArgument(std::string(registry::OpName(request.op)) + " needs a name");
    call.path = base + "/" + PercentEncode(name);
    if (!request.subresource.empty()) call.path += "/" + request.subresource;
  }
  for (size_t i = 0; i < query.size(); ++i) call.path += (i == 0 ? "?" : "&") + query[i];
  return call;
}

}  // namespace kdual::live
