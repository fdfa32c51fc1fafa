#include "conformance/live/context_guard.h"

#include <gtest/gtest.h>

namespace kdual::live {
namespace {

ClusterAccess Access(const std::string& context, const std::string& cluster,
                     const std::string& server) {
  ClusterAccess a;
  a.context = context;
  a.cluster = cluster;
  a.server = server;
  return a;
}

TEST(IsLoopbackServerTest, LoopbackHostsOnly) {
  EXPECT_TRUE(IsLoopbackServer("https://127.0.0.1:6443"));
  EXPECT_TRUE(IsLoopbackServer("https://127.4.5.6"));
  EXPECT_TRUE(IsLoopbackServer("https://[::1]:6443/"));
  EXPECT_TRUE(IsLoopbackServer("https://localhost:6443"));
  EXPECT_FALSE(IsLoopbackServer("https://10.0.0.1:6443"));
  EXPECT_FALSE(IsLoopbackServer("https://[fd00::1]:6443"));
  EXPECT_FALSE(IsLoopbackServer("https://api.prod.example.com"));
  EXPECT_FALSE(IsLoopbackServer("https://localhost.example.com"));
  // The host is after the user information, not before it.
  EXPECT_FALSE(IsLoopbackServer("https://127.0.0.1@api.prod.example.com:443"));
  EXPECT_FALSE(IsLoopbackServer(""));
}

TEST(CheckContextAllowedTest, KindAndLocalClustersAreAllowed) {
  EXPECT_TRUE(
      CheckContextAllowed(Access("kind-dual", "kind-dual", "https://127.0.0.1:41999"), "").ok());
  EXPECT_TRUE(IsKindContext(Access("kind-dual", "kind-dual", "https://127.0.0.1:41999")));
  EXPECT_TRUE(
      CheckContextAllowed(Access("kdual-smoke", "kdual-smoke", "https://127.0.0.1:30001"), "")
          .ok());
  EXPECT_FALSE(IsKindContext(Access("kdual-smoke", "kdual-smoke", "https://127.0.0.1:30001")));
}

TEST(CheckContextAllowedTest, ProductionLookingContextsAreRefusedWithTheOverride) {
  for (const auto& access :
       {Access("prod-eu-west-1", "prod-eu-west-1", "https://10.20.0.1:443"),
        Access("gke_project_zone_prod", "gke_project_zone_prod", "https://34.1.2.3"),
        // Named like kind, but not on loopback.
        Access("kind-prod", "kind-prod", "https://10.0.0.5:6443"),
        // On loopback (a tunnel, say), but not named like kind.
        Access("prod-tunnel", "prod", "https://127.0.0.1:8443")}) {
    Status s = CheckContextAllowed(access, "");
    ASSERT_FALSE(s.ok()) << access.context;
    EXPECT_NE(s.message().find("\"" + access.context + "\""), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("--allow-context " + access.context), std::string::npos)
        << s.message();
    // Another context's name does not allow this one.
    EXPECT_FALSE(CheckContextAllowed(access, "kind-dual").ok());
    EXPECT_TRUE(CheckContextAllowed(access, access.context).ok());
  }
}

TEST(CheckContextAllowedTest, TheMessageDoesNotQuoteTheServer) {
  Status s = CheckContextAllowed(Access("prod", "prod", "https://user:hunter2@10.0.0.1"), "");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace kdual::live
