#include "engine/version/release.h"

#include <gtest/gtest.h>

namespace kdual::version {
namespace {

TEST(ParseRelease, ExactForms) {
  EXPECT_EQ(ParseRelease("v1.33.4")->ToString(), "v1.33.4");
  EXPECT_EQ(ParseRelease("1.29.15")->MinorString(), "1.29");
  EXPECT_FALSE(ParseRelease("1.33").ok());
  EXPECT_FALSE(ParseRelease("v1.33.x").ok());
  EXPECT_FALSE(ParseRelease("v1.33.4-rc.0").ok());
  EXPECT_FALSE(ParseRelease("").ok());
}

TEST(PinnedReleases, ComeFromVersionsTxt) {
  const auto& pinned = PinnedReleases();
  ASSERT_GE(pinned.size(), 3u);
  EXPECT_EQ(pinned.front().ToString(), "v1.23.17");
  EXPECT_EQ(pinned.back().ToString(), "v1.37.2");
  for (size_t i = 1; i < pinned.size(); ++i)
    EXPECT_LT(pinned[i - 1].minor, pinned[i].minor) << "one per minor, oldest first";
}

TEST(ResolveRelease, MinorMeansPinned) {
  EXPECT_EQ(ResolveRelease("1.33")->ToString(), "v1.33.13");
  EXPECT_EQ(ResolveRelease("v1.37")->ToString(), "v1.37.2");
  EXPECT_EQ(ResolveRelease("1.33.4")->ToString(), "v1.33.4");
  auto r = ResolveRelease("1.22");
  ASSERT_FALSE(r.ok());
  std::string pinned;
  for (const auto& p : PinnedReleases()) pinned += (pinned.empty() ? "" : ", ") + p.ToString();
  EXPECT_EQ(r.status().message(), "no pinned release for \"1.22\"; pinned releases: " + pinned);
  EXPECT_EQ(pinned.rfind("v1.23.17, ", 0), 0u);
  EXPECT_FALSE(ResolveRelease("latest").ok());
}

}  // namespace
}  // namespace kdual::version
