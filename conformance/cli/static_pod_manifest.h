// A component's flags from its static-pod manifest, as kubeadm writes it
// (/etc/kubernetes/manifests/kube-apiserver.yaml): the container named for
// the component (or whose command runs it), its `command` after the
// component's name and its `args`, read as a command line
// (engine/flags/command_line.h).
#ifndef KDUAL_CONFORMANCE_CLI_STATIC_POD_MANIFEST_H_
#define KDUAL_CONFORMANCE_CLI_STATIC_POD_MANIFEST_H_

#include <string>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"

namespace kdual::cli {

// Errors name the file and what is missing.
Result<flags::FlagMap> ReadStaticPodFlags(const std::string& path, const std::string& component);

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_STATIC_POD_MANIFEST_H_
