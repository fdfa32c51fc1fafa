// kube-apiserver's Service network flags, parsed and validated as the
// apiserver does at start-up (cmd/kube-apiserver/app/options).
#ifndef KDUAL_ENGINE_FLAGS_APISERVER_FLAGS_H_
#define KDUAL_ENGINE_FLAGS_APISERVER_FLAGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/net/cidr.h"
#include "engine/version/profile.h"

namespace kdual::flags {

struct PortRange {
  int base = 30000;
  int size = 2768;  // 30000-32767
  int last() const { return base + size - 1; }
  bool Contains(int port) const { return port >= base && port <= last(); }
  // apimachinery PortRange.String(): "" when empty, else "base-last".
  std::string ToString() const;
};

struct ServiceNetwork {
  std::vector<net::Cidr> service_cidrs;  // primary first; one or two
  PortRange node_ports;
  // The first address of the primary range: the `default/kubernetes`
  // Service's clusterIP (controlplane ServiceIPRange, GetIndexedIP(cidr, 1)).
  net::IPAddress kubernetes_service_ip;
  // --kubernetes-service-node-port (0: the kubernetes Service is ClusterIP).
  int kubernetes_service_node_port = 0;
};

// The Service network of a kube-apiserver started with `flags` on `profile`:
// flags not given take that version's defaults. A flag set the apiserver
// refuses gives an error whose message is the apiserver's own fatal message.
Result<ServiceNetwork> ParseServiceNetwork(const ComponentFlags& flags,
                                           const version::Profile& profile);

// apimachinery util/net PortRange.Set: "30000-32767", "30000+2767", "30000"
// or "" (empty range). The error is apimachinery's (or strconv's) text.
Result<PortRange> ParsePortRange(std::string_view value);

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_APISERVER_FLAGS_H_
