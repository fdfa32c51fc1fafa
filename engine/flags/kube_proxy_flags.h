// kube-proxy's dual-stack configuration (its cluster CIDRs and how it tells
// local traffic), read and validated as kube-proxy does at start-up: flags,
// or the KubeProxyConfiguration file of --config, then the platform
// defaults, then validation (pkg/proxy/apis/config/validation). A refusal
// is kube-proxy's own fatal message ("failed validate: ...").
#ifndef KDUAL_ENGINE_FLAGS_KUBE_PROXY_FLAGS_H_
#define KDUAL_ENGINE_FLAGS_KUBE_PROXY_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/net/cidr.h"
#include "engine/version/profile.h"

namespace kdual::flags {

struct KubeProxyDualStack {
  // The cluster CIDR entries as configured (split on ",", untrimmed); the
  // parsed ones in `cluster_cidrs`.
  std::vector<std::string> cluster_cidr_text;
  std::vector<net::Cidr> cluster_cidrs;
  std::string detect_local_mode;  // after defaulting: ClusterCIDR when empty
  // --config names a file: flags other than logging are then ignored, and
  // the dual-stack fields are the file's (unknown unless it was given).
  std::string config_file;
  bool config_known = true;
};

// kube-proxy started with `flags` (its own section) on `profile`.
// `config_file_json` is the parsed KubeProxyConfiguration of --config when
// the caller has it; without it a --config makes the dual-stack fields
// unknown (config_known false), never guessed.
Result<KubeProxyDualStack> ParseKubeProxyConfig(
    const FlagMap& flags, const version::Profile& profile,
    const std::optional<nlohmann::json>& config_file_json);

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_KUBE_PROXY_FLAGS_H_
