// Component flags as a golden case's `cluster` holds them: per component
// (kube-apiserver, kube-controller-manager, ...), flag name without dashes ->
// value as a string, exactly as passed on the command line.
#ifndef KDUAL_ENGINE_FLAGS_COMPONENT_FLAGS_H_
#define KDUAL_ENGINE_FLAGS_COMPONENT_FLAGS_H_

#include <map>
#include <optional>
#include <string>

namespace kdual::flags {

using FlagMap = std::map<std::string, std::string>;

struct ComponentFlags {
  std::map<std::string, FlagMap> components;

  // The value of `flag` for `component`, if given.
  std::optional<std::string> Get(const std::string& component, const std::string& flag) const;
};

inline constexpr const char* kApiserver = "kube-apiserver";
inline constexpr const char* kControllerManager = "kube-controller-manager";
inline constexpr const char* kKubeProxy = "kube-proxy";
inline constexpr const char* kKubelet = "kubelet";

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_COMPONENT_FLAGS_H_
