// Which node ports a Service has and may get (pkg/registry/core/service/
// storage/alloc.go: initNodePorts, updateNodePorts, collectServiceNodePorts).
// Allocation itself is engine/alloc/port_allocator.h; the healthCheckNodePort
// is health_check_node_port.h.
#ifndef KDUAL_ENGINE_REGISTRY_NODE_PORTS_H_
#define KDUAL_ENGINE_REGISTRY_NODE_PORTS_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/service.h"

namespace kdual::registry {

// NodePort and LoadBalancer Services have node ports.
bool NeedsNodePortType(const api::Service& s);
// Whether ports without a nodePort get one allocated (a LoadBalancer with
// allocateLoadBalancerNodePorts: false does not).
bool ShouldAllocateNodePorts(const api::Service& s);
// The node ports a request names itself (ports and healthCheckNodePort):
// the engine's deterministic pick avoids them, as the server's random pick
// almost always does, so a later port asking for one is not refused.
std::set<int> RequestedNodePorts(const api::Service& s);
// The ports' node ports, in port order, zeros left out.
std::vector<int64_t> CollectNodePorts(const api::Service& s);
// A port that asked for no node port got none (initNodePorts and
// updateNodePorts: errors.NewInternalError, "failed to allocate a nodePort:
// " and the allocator's text). A port that named one it cannot have is a
// field error instead (InvalidStatus on spec.ports[i].nodePort).
nlohmann::json NodePortAllocationFailedStatus(const std::string& allocator_message);

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_NODE_PORTS_H_
