// Requests to and answers from the API server, in the shape the harness sees
// them over HTTP. The engine's Cluster and a live cluster client both speak
// this, so one comparator serves both.
#ifndef KDUAL_ENGINE_REGISTRY_REQUEST_H_
#define KDUAL_ENGINE_REGISTRY_REQUEST_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kdual::registry {

// kList: the Services of `namespace_name`, or of every namespace when it is
// empty (GET /api/v1/services), as a ServiceList.
// kWait: GET the object until `wait_for` holds (a controller's work, done
// asynchronously on a server; at once in the engine): "podCIDRs" (a Node
// has spec.podCIDRs) or "event/<Reason>" (an event of that reason about
// the object; the answer is the event as {type, reason, message}).
enum class Op { kCreate, kUpdate, kPatch, kApply, kDelete, kGet, kList, kWait };
enum class PatchType { kMerge, kStrategic, kJson };
// What a request is about: Services, or (from `kdual create namespace` and
// `delete namespace`) the namespaces they live in (create, delete, get and
// list only; engine/registry/namespaces.h).
// Nodes (cluster-scoped; their pod CIDRs come from kube-controller-manager's
// node IPAM) in Node golden cases.
// ServiceCIDRs (networking.k8s.io/v1, cluster-scoped): the ranges Service
// addresses come from (engine/registry/service_cidrs.h).
// IPAddresses (networking.k8s.io/v1, cluster-scoped): one per allocated
// cluster IP, and those clients create (engine/registry/ip_addresses.h).
enum class Resource { kServices, kNamespaces, kNodes, kServiceCIDRs, kIPAddresses };

// ?fieldValidation= (KEP-2885). kUnset sends none; the server then warns
// (apiserver pkg/endpoints/handlers/rest.go fieldValidation: "" is Warn).
enum class FieldValidation { kUnset, kIgnore, kWarn, kStrict };

const char* OpName(Op op);  // "create", "update", ...
// "Ignore", "Warn", "Strict" ("" for kUnset): the query parameter's value.
const char* FieldValidationName(FieldValidation v);
// The inverse; false for any other text (the server's values are
// case-sensitive).
bool ParseFieldValidation(const std::string& text, FieldValidation* out);

struct Request {
  Resource resource = Resource::kServices;
  Op op = Op::kCreate;
  std::string namespace_name = "default";
  std::string name;     // update, patch, apply, delete, get
  nlohmann::json body;  // the object (create, update, apply) or patch
  PatchType patch_type = PatchType::kMerge;
  bool dry_run = false;                                        // ?dryRun=All
  FieldValidation field_validation = FieldValidation::kUnset;  // create, update, patch, apply
  std::string field_manager = "kdual";                         // apply
  bool force = false;                                          // apply
  std::string wait_for;  // kWait: "podCIDRs" or "event/<Reason>"
  // "status": the request goes to the status subresource
  // (.../services/NAME/status; update, patch and get). "" for the object.
  std::string subresource;
  // kList: ?labelSelector= and ?fieldSelector= ("" sends none: everything).
  std::string label_selector;
  std::string field_selector;
};

struct Answer {
  int code = 200;                     // HTTP status; 0 when no answer came at all
  nlohmann::json body;                // the object, or a metav1.Status on error
  std::vector<std::string> warnings;  // Warning header texts, in order

  bool is_error() const { return code < 200 || code >= 400; }
};

// A metav1.Status answer: {kind: Status, apiVersion: v1, status: Failure,
// message, reason, details: {name, kind, causes: [{reason, message, field}]}, code}.
Answer StatusAnswer(int code, const std::string& reason, const std::string& message,
                    nlohmann::json details = nlohmann::json());

// An answer carrying a metav1.Status built elsewhere (validation's *Status
// functions): its code, or 500 when it has none.
Answer FromStatusJson(const nlohmann::json& status, std::vector<std::string> warnings = {});

// errors.NewGenericServerResponse(422, ...) as the patch handler makes it for
// a patch that cannot be applied (handlers/patch.go): a fixed message, reason
// Invalid, empty details; the patch library's own text is lost.
Answer PatchNotApplicableAnswer();

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_REQUEST_H_
