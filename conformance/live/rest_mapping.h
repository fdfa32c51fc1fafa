// How a registry::Request goes over the wire: the REST method, path (with
// its query: dryRun, fieldValidation, fieldManager, force) and content type
// (the patch types), as kubectl sends them.
#ifndef KDUAL_CONFORMANCE_LIVE_REST_MAPPING_H_
#define KDUAL_CONFORMANCE_LIVE_REST_MAPPING_H_

#include <string>

#include "engine/base/status.h"
#include "engine/registry/request.h"

namespace kdual::live {

struct RestCall {
  std::string method;
  std::string path;
  std::string content_type;
};
Result<RestCall> RestCallFor(const registry::Request& request);

// Where ServiceCIDRs are served (cluster-scoped).
inline constexpr const char* kServiceCIDRPath = "/apis/networking.k8s.io/v1/servicecidrs";
inline constexpr const char* kIPAddressPath = "/apis/networking.k8s.io/v1/ipaddresses";

// The object a request names: its name, else its body's metadata.name.
std::string ObjectName(const registry::Request& request);

// Percent-encodes a path segment (RFC 3986 unreserved characters kept).
std::string PercentEncode(const std::string& s);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_REST_MAPPING_H_
