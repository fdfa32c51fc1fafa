// The text of `ps -ef | grep kube` (or `ps auxww`, `ps -eo args`, or bare
// command lines pasted one per line), read into the Kubernetes components
// it shows.
//
// A line is a component's when one of its words names kube-apiserver,
// kube-controller-manager, kube-proxy or kubelet (a path's last element,
// or hyperkube's subcommand); the words before it are ps's columns, the
// second of them the PID. The grep itself, etcd, kube-scheduler, container
// shims and the rest are skipped and counted. A PID listed twice (the same
// process pasted twice, or ps run twice) is counted once. A line that looks
// cut at a terminal's width is named as truncated.
#ifndef KDUAL_CONFORMANCE_DOCTOR_PROCESS_LISTING_H_
#define KDUAL_CONFORMANCE_DOCTOR_PROCESS_LISTING_H_

#include <string>
#include <string_view>

#include "conformance/doctor/component_instance.h"
#include "engine/base/status.h"

namespace kdual::doctor {

// `input_name` names the text in origins and errors ("ps.txt", "stdin").
// Errors: the text holds no Kubernetes component at all, or a line is not
// text (NUL bytes) or too long.
Result<ClusterInputs> ParseProcessListing(std::string_view text, const std::string& input_name);

// The release a binary's path names, as minikube and many installers lay
// them out: ".../binaries/v1.27.3/kubelet", ".../v1.30.2/bin/kube-apiserver".
std::optional<version::Release> ReleaseFromPath(std::string_view path);

}  // namespace kdual::doctor

#endif  // KDUAL_CONFORMANCE_DOCTOR_PROCESS_LISTING_H_
