// spec.healthCheckNodePort allocation: allocHealthCheckNodePort of
// pkg/registry/core/service/storage/alloc.go, on create and on an update
// that starts needing one (a LoadBalancer or NodePort... with
// externalTrafficPolicy Local: defaults::NeedsHealthCheck).
#ifndef KDUAL_ENGINE_REGISTRY_HEALTH_CHECK_NODE_PORT_H_
#define KDUAL_ENGINE_REGISTRY_HEALTH_CHECK_NODE_PORT_H_

#include <optional>

#include <nlohmann/json.hpp>

#include "engine/alloc/port_allocator.h"
#include "engine/api/service.h"

namespace kdual::registry {

// Allocates the requested port, or the next free one into
// svc.health_check_node_port. Returns the Status to answer with when the
// port cannot be had.
std::optional<nlohmann::json> AllocateHealthCheckNodePort(alloc::PortOperation& port_op,
                                                          api::Service& svc);

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_HEALTH_CHECK_NODE_PORT_H_
