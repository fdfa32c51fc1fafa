#include "engine/registry/health_check_node_port.h"

#include "engine/validation/field_error.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

std::optional<json> AllocateHealthCheckNodePort(alloc::PortOperation& port_op, Service& svc) {
  if (svc.health_check_node_port != 0) {
    auto r = port_op.Allocate(static_cast<int>(svc.health_check_node_port));
    if (!r.ok()) {
      return validation::InternalErrorStatus("failed to allocate requested HealthCheck NodePort " +
                                             std::to_string(svc.health_check_node_port) + ": " +
                                             r.message);
    }
    return std::nullopt;
  }
  auto r = port_op.AllocateNext();
  if (!r.ok()) {
    // The server prints the shadowed variable, always 0.
    return validation::InternalErrorStatus("failed to allocate a HealthCheck NodePort 0: " +
                                           r.message);
  }
  svc.health_check_node_port = r.value;
  return std::nullopt;
}

}  // namespace kdual::registry
