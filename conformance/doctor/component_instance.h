// One running (or configured) Kubernetes component as `kdual doctor` sees
// it: which component, where kdual read it, its flags, its release when
// known. The inputs (a `ps` listing, kubeadm or kind configuration) all
// come down to a list of these.
#ifndef KDUAL_CONFORMANCE_DOCTOR_COMPONENT_INSTANCE_H_
#define KDUAL_CONFORMANCE_DOCTOR_COMPONENT_INSTANCE_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/flags/component_flags.h"
#include "engine/version/release.h"

namespace kdual::doctor {

struct ComponentInstance {
  std::string component;  // flags::kApiserver, kControllerManager, kKubeProxy, kKubelet
  std::string origin;     // "ps.txt line 3 (PID 1234)", "kubeadm.yaml: ClusterConfiguration"
  flags::FlagMap flags;
  std::optional<version::Release> release;  // from the binary's path, /version or --version
  std::string release_origin;               // where `release` came from
  // The line was cut short (a terminal's width): flags after the cut are
  // unknown, so a flag not seen is not taken to be unset.
  bool truncated = false;
  std::string truncation;  // why the line looks cut
  // kube-proxy's KubeProxyConfiguration (its --config file) when kdual has
  // it: from kubeadm's configuration, a file given on the command line, or
  // the kube-proxy ConfigMap.
  std::optional<nlohmann::json> kube_proxy_config;
  std::string kube_proxy_config_origin;
  // The flags were derived (kubeadm or kind configuration) rather than read
  // from a command line.
  bool derived = false;
  // A kubelet read from its Node's status (a live cluster): its addresses
  // stand for --node-ip; none means no kubelet has posted a status yet.
  bool from_node_status = false;
};

// A Node as the API shows it: its pod CIDRs (node IPAM's work, or its own)
// and its InternalIP addresses.
struct NodeState {
  std::string name;
  std::vector<std::string> pod_cidrs;
  std::vector<std::string> internal_ips;
};

struct ClusterInputs {
  std::vector<ComponentInstance> components;
  std::vector<NodeState> nodes;    // from a live cluster only
  std::vector<std::string> notes;  // what was read and skipped, for the report
};

}  // namespace kdual::doctor

#endif  // KDUAL_CONFORMANCE_DOCTOR_COMPONENT_INSTANCE_H_
