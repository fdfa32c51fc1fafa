#include "engine/registry/node_ports.h"

#include "engine/validation/field_error.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

bool NeedsNodePortType(const Service& s) {
  return s.type == api::kTypeNodePort || s.type == api::kTypeLoadBalancer;
}

bool ShouldAllocateNodePorts(const Service& s) {
  if (s.type == api::kTypeNodePort) return true;
  if (s.type == api::kTypeLoadBalancer) return s.allocate_load_balancer_node_ports.value_or(true);
  return false;
}

std::set<int> RequestedNodePorts(const Service& s) {
  std::set<int> out;
  for (const auto& p : s.ports) {
    if (p.node_port != 0) out.insert(static_cast<int>(p.node_port));
  }
  if (s.health_check_node_port != 0) out.insert(static_cast<int>(s.health_check_node_port));
  return out;
}

std::vector<int64_t> CollectNodePorts(const Service& s) {
  std::vector<int64_t> out;
  for (const auto& p : s.ports) {
    if (p.node_port != 0) out.push_back(p.node_port);
  }
  return out;
}

nlohmann::json NodePortAllocationFailedStatus(const std::string& allocator_message) {
  return validation::InternalErrorStatus("failed to allocate a nodePort: " + allocator_message);
}

}  // namespace kdual::registry
