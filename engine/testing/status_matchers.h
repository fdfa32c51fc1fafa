// gtest matchers for Status and Result that print the status on failure:
//   EXPECT_THAT(ParseCIDR("x"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("x")));
//   ASSERT_THAT(cluster, IsOk());
#ifndef KDUAL_ENGINE_TESTING_STATUS_MATCHERS_H_
#define KDUAL_ENGINE_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include <gmock/gmock.h>

#include "engine/base/status.h"

namespace kdual {

// gtest prints a Status (and a Result's status) with these.
inline void PrintTo(const Status& s, std::ostream* os) {
  *os << (s.ok() ? std::string("OK")
                 : "error " + std::to_string(static_cast<int>(s.code())) + ": " + s.message());
}
template <typename T>
void PrintTo(const Result<T>& r, std::ostream* os) {
  PrintTo(r.status(), os);
}

namespace test {

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

MATCHER(IsOk, "is OK") {
  const Status& s = StatusOf(arg);
  if (!s.ok()) *result_listener << "whose status is " << s.message();
  return s.ok();
}

MATCHER_P2(StatusIs, code, message_matcher, "has the code and a matching message") {
  const Status& s = StatusOf(arg);
  *result_listener << "whose status is code " << static_cast<int>(s.code()) << ": " << s.message();
  return s.code() == code &&
         ::testing::ExplainMatchResult(::testing::MatcherCast<std::string>(message_matcher),
                                       s.message(), result_listener);
}

}  // namespace test
}  // namespace kdual

#endif  // KDUAL_ENGINE_TESTING_STATUS_MATCHERS_H_
