// Which kubeconfig contexts kdual may write to. kdual creates and deletes
// objects, so by default it talks only to throwaway clusters: kind clusters
// and the local reference control planes of scripts/local-cluster. Any other
// context must be named with --allow-context.
#ifndef KDUAL_CONFORMANCE_LIVE_CONTEXT_GUARD_H_
#define KDUAL_CONFORMANCE_LIVE_CONTEXT_GUARD_H_

#include <string>

#include "conformance/live/kubeconfig.h"
#include "engine/base/status.h"

namespace kdual::live {

// Whether the server URL's host is a loopback address (127.0.0.0/8, ::1,
// localhost).
bool IsLoopbackServer(const std::string& server);

// A kind cluster: context or cluster named kind-*, server on loopback.
bool IsKindContext(const ClusterAccess& access);

// A control plane of scripts/local-cluster: context and cluster named
// kdual-*, server on loopback.
bool IsLocalClusterContext(const ClusterAccess& access);

// Ok for a kind or local-cluster context, or when `allow_context` names the
// context exactly. Otherwise an error that names the context and says how
// to override.
Status CheckContextAllowed(const ClusterAccess& access, const std::string& allow_context);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_CONTEXT_GUARD_H_
