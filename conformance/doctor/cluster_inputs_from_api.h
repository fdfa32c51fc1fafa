// A live cluster's components as its API shows them: the release
// (/version), kube-apiserver's and kube-controller-manager's flags from
// their static pods' command lines (kube-system pods labelled component=),
// kube-proxy's from its DaemonSet's pods and its ConfigMap's config.conf,
// and each Node's pod CIDRs and InternalIP addresses (a kubelet's --node-ip
// is not visible through the API: a Node's addresses stand for it, marked
// as derived). A source that cannot be read is named in the notes.
#ifndef KDUAL_CONFORMANCE_DOCTOR_CLUSTER_INPUTS_FROM_API_H_
#define KDUAL_CONFORMANCE_DOCTOR_CLUSTER_INPUTS_FROM_API_H_

#include "conformance/doctor/component_instance.h"
#include "conformance/live/http_client.h"
#include "engine/base/status.h"

namespace kdual::doctor {

// Errors only when /version cannot be read (an unreachable server, or one
// that refuses us).
Result<ClusterInputs> InputsFromCluster(live::HttpClient& client);

}  // namespace kdual::doctor

#endif  // KDUAL_CONFORMANCE_DOCTOR_CLUSTER_INPUTS_FROM_API_H_
