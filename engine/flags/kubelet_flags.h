// kubelet's node IPs: --node-ip as the kubelet reads it at start-up
// (k8s.io/component-helpers node/util/ips.go ParseNodeIPArgument, called
// from cmd/kubelet/app/server.go RunKubelet; in 1.26 server.go's own checks),
// per release. A refusal is the kubelet's own message ("bad --node-ip ...").
//
// Not captured from the binaries: the kubelet reaches this check only after
// it has connected to a container runtime, which the reference machine does
// not run; the text is the pinned releases' source.
#ifndef KDUAL_ENGINE_FLAGS_KUBELET_FLAGS_H_
#define KDUAL_ENGINE_FLAGS_KUBELET_FLAGS_H_

#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/net/ip_address.h"
#include "engine/version/profile.h"

namespace kdual::flags {

struct KubeletNodeIPs {
  std::vector<net::IPAddress> node_ips;  // primary first; empty: autodetect
  std::vector<std::string> ignored;      // parts that did not parse (logged, ignored)
  std::string cloud_provider;            // "" (none), "external", or a legacy name
  bool dual_stack_allowed = false;       // two node IPs are allowed with this cloud provider
};

// `flags` is the kubelet's own section (flag names without dashes).
Result<KubeletNodeIPs> ParseKubeletNodeIPs(const FlagMap& flags, const version::Profile& profile);

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_KUBELET_FLAGS_H_
