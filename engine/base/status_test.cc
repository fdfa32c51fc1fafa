#include "engine/base/status.h"

#include <gtest/gtest.h>

#include "engine/testing/status_matchers.h"

namespace kdual {
namespace {

using test::IsOk;
using test::StatusIs;
using ::testing::HasSubstr;

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  KDUAL_ASSIGN_OR_RETURN(int half, Half(n));
  KDUAL_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, AssignOrReturnPassesValuesAndStopsAtTheFirstError) {
  EXPECT_THAT(Quarter(8), IsOk());
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_THAT(Quarter(6), StatusIs(StatusCode::kInvalidArgument, HasSubstr("3 is odd")));
  EXPECT_THAT(Quarter(5), StatusIs(StatusCode::kInvalidArgument, "5 is odd"));
}

TEST(StatusTest, MatchersSayWhyTheyFail) {
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(IsOk(), Quarter(6), &listener));
  EXPECT_THAT(listener.str(), HasSubstr("3 is odd"));
}

}  // namespace
}  // namespace kdual
