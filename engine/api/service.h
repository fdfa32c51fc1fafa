// The core/v1 Service as the API server decodes, holds and encodes it.
//
// The object travels as JSON. Decoding checks the JSON against the v1
// Service schema (as sigs.k8s.io/json does in the apiserver's decoder): a
// value of the wrong type is the server's 400 decode error, an unknown field
// is dropped with the server's `unknown field "..."` warning (fieldValidation
// defaults to Warn). The fields the Service logic reads and writes are held
// in typed members; everything else stays in `raw` and is written back as it
// came.
#ifndef KDUAL_ENGINE_API_SERVICE_H_
#define KDUAL_ENGINE_API_SERVICE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"
#include "engine/fieldmanager/managers.h"

namespace kdual::api {

inline constexpr const char* kClusterIPNone = "None";
inline constexpr const char* kTypeClusterIP = "ClusterIP";
inline constexpr const char* kTypeNodePort = "NodePort";
inline constexpr const char* kTypeLoadBalancer = "LoadBalancer";
inline constexpr const char* kTypeExternalName = "ExternalName";
inline constexpr const char* kSingleStack = "SingleStack";
inline constexpr const char* kPreferDualStack = "PreferDualStack";
inline constexpr const char* kRequireDualStack = "RequireDualStack";

struct ServicePort {
  std::string name;
  std::string protocol;
  std::optional<std::string> app_protocol;
  int64_t port = 0;
  nlohmann::json target_port;  // number or string; null when unset
  int64_t node_port = 0;
};

struct Service {
  // metadata
  std::string name;
  std::string generate_name;
  std::string namespace_name;
  std::string uid;
  std::string resource_version;
  std::string creation_timestamp;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;

  // spec
  std::string type;
  std::string cluster_ip;
  std::vector<std::string> cluster_ips;
  bool cluster_ips_nil = true;  // Go nil slice vs empty (only for messages)
  std::vector<std::string> ip_families;
  bool ip_families_nil = true;
  std::optional<std::string> ip_family_policy;
  std::vector<ServicePort> ports;
  bool selector_set = false;  // selector present (even if empty)
  std::map<std::string, std::string> selector;
  std::string session_affinity;
  bool has_session_affinity_config = false;
  std::vector<std::string> external_ips;
  std::string external_name;
  std::string external_traffic_policy;
  std::optional<std::string> internal_traffic_policy;
  int64_t health_check_node_port = 0;
  std::optional<bool> allocate_load_balancer_node_ports;
  std::optional<std::string> load_balancer_class;
  std::string load_balancer_ip;
  std::vector<std::string> load_balancer_source_ranges;
  std::optional<std::string> traffic_distribution;

  // Everything as decoded (unknown fields removed); Encode() starts from it.
  nlohmann::json raw = nlohmann::json::object();
  // metadata.managedFields as the field manager keeps it (managers.h); not
  // encoded: answers carry no managedFields, which the comparison of
  // answers leaves out.
  fieldmanager::ManagedFields managed_fields;
};

struct DecodeResult {
  Service service;
  std::vector<std::string> warnings;  // `unknown field "spec.foo"`, ...
};

// Decodes a v1 Service. On a type error the Status message is the server's:
// `Service in version "v1" cannot be handled as a Service: json: cannot
// unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`.
// `minor` is the release's minor version: fields its v1 Service does not
// have yet (trafficDistribution before 1.30) are unknown fields.
// `field_paths` false: an unknown field is named by its key alone, as the
// strict decoder of 1.23 (sigs.k8s.io/json before the field paths of 1.24)
// names it.
Result<DecodeResult> DecodeService(const nlohmann::json& body, int minor = 1000,
                                   bool field_paths = true);

// The apiVersion and kind of a request body for the services resource: an
// empty one is taken from the path; another registered kind fails to convert
// and an unregistered one is unknown to the scheme, both as the server's 400
// message ("Pod in version \"v1\" cannot be handled as a Service: ...").
// `scheme_go_line` is the line of apimachinery's runtime/scheme.go that the
// release's "no kind is registered" error names.
Status CheckServiceTypeMeta(const nlohmann::json& body, int scheme_go_line);

// The v1 JSON the server answers with (Go's encoding with omitempty rules).
nlohmann::json EncodeService(const Service& svc);

}  // namespace kdual::api

#endif  // KDUAL_ENGINE_API_SERVICE_H_
