#include "conformance/live/context_guard.h"

#include <arpa/inet.h>

#include <cstring>

namespace kdual::live {
namespace {

// The host of "scheme://[userinfo@]host[:port][/path]", brackets removed.
std::string HostOf(const std::string& server) {
  size_t start = server.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = server.find_first_of("/?#", start);
  std::string authority =
      server.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    return close == std::string::npos ? "" : authority.substr(1, close - 1);
  }
  size_t colon = authority.find(':');
  return authority.substr(0, colon);
}

bool HasPrefix(const std::string& s, const char* prefix) {
  return s.size() > std::strlen(prefix) && s.rfind(prefix, 0) == 0;
}

}  // namespace

bool IsLoopbackServer(const std::string& server) {
  std::string host = HostOf(server);
  if (host == "localhost") return true;
  unsigned char addr[16];
  if (inet_pton(AF_INET, host.c_str(), addr) == 1) return addr[0] == 127;
  if (inet_pton(AF_INET6, host.c_str(), addr) == 1) {
    static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return std::memcmp(addr, kLoopback, 16) == 0;
  }
  return false;
}

bool IsKindContext(const ClusterAccess& access) {
  return (HasPrefix(access.context, "kind-") || HasPrefix(access.cluster, "kind-")) &&
         IsLoopbackServer(access.server);
}

bool IsLocalClusterContext(const ClusterAccess& access) {
  return HasPrefix(access.context, "kdual-") && HasPrefix(access.cluster, "kdual-") &&
         IsLoopbackServer(access.server);
}

Status CheckContextAllowed(const ClusterAccess& access, const std::string& allow_context) {
  if (IsKindContext(access) || IsLocalClusterContext(access)) return Status::Ok();
  if (!allow_context.empty() && allow_context == access.context) return Status::Ok();
  // The server URL is not quoted: it may carry user information.
  return FailedPrecondition(
      "refusing context \"" + access.context +
      "\": it is neither a kind cluster (context kind-*, server on loopback) nor a local "
      "control plane of scripts/local-cluster, and kdual creates and deletes objects in the "
      "cluster it talks to; if this cluster is meant for that, pass --allow-context " +
      access.context);
}

}  // namespace kdual::live
