// The configuration files a cluster is built from, read into the
// components they make: kubeadm's (ClusterConfiguration, Init/
// JoinConfiguration, KubeProxyConfiguration documents of one file) and
// kind's Cluster. The flags are the ones kubeadm passes each component
// (cmd/kubeadm/app/phases/controlplane/manifests.go; kind feeds kubeadm
// from its networking section), so each instance is marked `derived`.
#ifndef KDUAL_CONFORMANCE_DOCTOR_CLUSTER_CONFIG_FILES_H_
#define KDUAL_CONFORMANCE_DOCTOR_CLUSTER_CONFIG_FILES_H_

#include <string>
#include <vector>

#include "conformance/doctor/component_instance.h"
#include "conformance/golden/yaml_reader.h"
#include "engine/base/status.h"

namespace kdual::doctor {

// One file's documents (a kubeadm configuration, or a kind Cluster): the
// components they describe. Errors name the file, the document and what
// is wrong with it (an unknown kind, a field of the wrong type).
Result<ClusterInputs> InputsFromConfigFile(const std::vector<golden::YamlDocument>& documents,
                                           const std::string& file_name);

// A KubeProxyConfiguration (kube-proxy's --config file, or the config.conf
// key of the kube-proxy ConfigMap): checked to be one.
Result<nlohmann::json> KubeProxyConfigFrom(const std::vector<golden::YamlDocument>& documents,
                                           const std::string& file_name);

}  // namespace kdual::doctor

#endif  // KDUAL_CONFORMANCE_DOCTOR_CLUSTER_CONFIG_FILES_H_
