// Nodes as the API server stores them, for Node golden cases: create (with
// the podCIDRs rules of ValidateNode and the not-ready taint the
// TaintNodesByCondition admission plugin adds), get, delete, and the
// events kube-controller-manager records about them. Who gives a Node its
// pod CIDRs is node IPAM (engine/nodeipam/range_allocator.h), which
// ServiceCluster runs after each Node write, as the controller would
// within moments.
#ifndef KDUAL_ENGINE_REGISTRY_NODES_H_
#define KDUAL_ENGINE_REGISTRY_NODES_H_

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/nodeipam/range_allocator.h"
#include "engine/registry/request.h"
#include "engine/version/profile.h"

namespace kdual::registry {

class Nodes {
 public:
  // POST /api/v1/nodes: 201 with the Node, 409 when it exists, 422 when
  // ValidateNode refuses it. On success `*created` is its name.
  Answer Create(const nlohmann::json& body, bool dry_run, const version::Profile& profile,
                std::string* created);
  Answer Get(const std::string& name) const;
  Answer List() const;  // a NodeList, name order
  // DELETE: the Node is gone at once (no finalizers); `*deleted` is what
  // node IPAM releases.
  Answer Delete(const std::string& name, bool dry_run, nodeipam::NodePodCidrs* deleted);
  // op wait: the Node once it has pod CIDRs ("podCIDRs"), or the first
  // event of a reason about it ("event/<Reason>") as {type, reason,
  // message}; a 504 Status when the condition does not hold (a server
  // would be waited on until the runner's bound).
  Answer Wait(const std::string& name, const std::string& wait_for) const;

  std::vector<nodeipam::NodePodCidrs> PodCidrs() const;  // name order
  nodeipam::NodePodCidrs PodCidrsOf(const std::string& name) const;
  // The controller's patch of spec.podCIDRs (and podCIDR).
  void SetPodCidrs(const std::string& name, const std::vector<std::string>& cidrs);
  // An event about a Node (the recorder folds repeats into one, counted).
  void RecordEvent(const std::string& name, const std::string& type, const std::string& reason,
                   const std::string& message);

 private:
  std::map<std::string, nlohmann::json> nodes_;
  std::map<std::string, std::vector<nlohmann::json>> events_;
  int64_t next_resource_version_ = 1000;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_NODES_H_
