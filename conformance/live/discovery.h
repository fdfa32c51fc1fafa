// Cluster discovery: what a live cluster runs with, read through the API,
// each value with the place it came from.
//
//  - Server version: /version, and the engine profile it maps to.
//  - Service CIDRs, in order of precedence: the `kubernetes` ServiceCIDR
//    (networking.k8s.io v1, else v1beta1, else v1alpha1, where served); the
//    kube-apiserver static pod's command line in kube-system (pods labelled
//    component=kube-apiserver, as kind and kubeadm run it); the
//    kubeadm-config ConfigMap (ClusterConfiguration); the flags the user gave.
//  - Node-port range: the static pod's command line; kubeadm-config's
//    apiServer.extraArgs (map or name/value list); the user's flag; else the
//    API server's default 30000-32767.
//  - The Services that already hold cluster IPs or node ports (all
//    namespaces, listed in pages).
//
// Every source is asked, so disagreements show: the setting lists each
// value found, best first, and says why the first wins. A source that is
// missing or forbidden (403) is not fatal: it is noted and the next source
// is used. Only an unreachable server (or /version refused) is an error.
#ifndef KDUAL_CONFORMANCE_LIVE_DISCOVERY_H_
#define KDUAL_CONFORMANCE_LIVE_DISCOVERY_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/live/http_client.h"
#include "engine/base/status.h"

namespace kdual::live {

// One value and where it came from.
struct Finding {
  std::string value;   // as the flag would say it: "10.96.0.0/16,fd00:10:96::/112"
  std::string source;  // "ServiceCIDR kubernetes (networking.k8s.io/v1)"
};

// A setting as every source that gave it says, best first.
struct DiscoveredSetting {
  std::vector<Finding> found;  // found[0] holds, when any
  // When the sources disagree: which wins and why. Empty when they agree.
  std::string resolution;

  const Finding* winner() const { return found.empty() ? nullptr : &found.front(); }
};

struct ServiceCidrObject {
  std::string name;
  std::string api_version;  // "networking.k8s.io/v1"
  std::vector<std::string> cidrs;
  std::string ready;      // the Ready condition's status: "True", "False", "" when none
  bool deleting = false;  // has a deletionTimestamp
};

// A Service that holds addresses or ports.
struct ServiceAddresses {
  std::string namespace_name;
  std::string name;
  std::string type;
  std::vector<std::string> cluster_ips;  // clusterIPs (or clusterIP); "None" left out
  std::vector<int> node_ports;
  int health_check_node_port = 0;
};

struct ClusterInfo {
  std::string server;
  std::string git_version;   // /version gitVersion: "v1.37.2"
  std::string profile;       // the engine profile's minor: "1.37"; "" when none fits
  std::string profile_note;  // how the version maps to the profile

  DiscoveredSetting service_cidrs;
  std::vector<ServiceCidrObject> service_cidr_objects;  // every ServiceCIDR
  DiscoveredSetting node_port_range;

  bool services_listed = false;  // false when the list was refused or failed
  std::vector<ServiceAddresses> services;

  // Sources that gave nothing, and why ("pods in kube-system: forbidden
  // (403): ...; using the next source").
  std::vector<std::string> notes;

  long http_requests = 0;  // requests made (retries count)
  long elapsed_ms = 0;
};

struct DiscoveryOptions {
  // The user's flags: the last source before the default. "" when not given.
  std::string service_cluster_ip_range;
  std::string service_node_port_range;
  int page_size = 500;  // Services per list request
  bool list_services = true;
};

// The Services of every namespace that hold cluster IPs or node ports,
// listed `page_size` at a time (a list whose continue token expired is
// started again once).
Result<std::vector<ServiceAddresses>> ListServiceAddresses(HttpClient& client, int page_size = 500);

// Asks every source. Errors only when /version cannot be read: the server is
// unreachable or refuses us there.
Result<ClusterInfo> Discover(HttpClient& client,
                             const DiscoveryOptions& options = DiscoveryOptions());

// The API server's default --service-node-port-range.
inline constexpr const char* kDefaultNodePortRange = "30000-32767";

// As JSON (for -o json and -o yaml), keys in a stable order of their own.
nlohmann::json ClusterInfoJson(const ClusterInfo& info);
// The order of ClusterInfoJson's keys, for the YAML writer.
std::vector<std::string> ClusterInfoKeyOrder(const std::string& json_pointer);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_DISCOVERY_H_
