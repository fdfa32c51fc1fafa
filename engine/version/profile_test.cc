#include "engine/version/profile.h"

#include <gtest/gtest.h>

namespace kdual::version {
namespace {

TEST(ProfileFor, SupportedMinors) {
  EXPECT_FALSE(ProfileFor(*ParseRelease("v1.29.15"))->multi_cidr_service_allocator);
  auto p33 = *ProfileFor(*ParseRelease("v1.33.13"));
  EXPECT_TRUE(p33.multi_cidr_service_allocator);
  EXPECT_TRUE(p33.dual_write_legacy_bitmap);
  EXPECT_TRUE(p33.service_cidr_max_20_host_bits);
  auto p37 = *ProfileFor(*ParseRelease("v1.37.2"));
  EXPECT_FALSE(p37.dual_write_legacy_bitmap);
  EXPECT_FALSE(p37.service_cidr_max_20_host_bits);
  EXPECT_TRUE(p37.field_error_values_as_json);
  EXPECT_EQ(p37.release.ToString(), "v1.37.2");
}

TEST(ProfileFor, UnsupportedMinorIsNotFound) {
  auto r = ProfileFor(*ParseRelease("v1.30.2"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "no engine profile for v1.30.2; supported minors: 1.29, 1.33, 1.37");
}

}  // namespace
}  // namespace kdual::version
