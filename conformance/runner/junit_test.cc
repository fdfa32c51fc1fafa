#include "conformance/runner/junit.h"

#include <gtest/gtest.h>

namespace kdual::runner {
namespace {

TEST(JunitTest, EscapesWhatXmlCannotCarry) {
  EXPECT_EQ(XmlEscape("a<b>&\"c\" 'd'"), "a&lt;b&gt;&amp;&quot;c&quot; 'd'");
  EXPECT_EQ(XmlEscape(std::string("x\x01y\tz\r\n", 7)), "x\xEF\xBF\xBDy\tz\r\n");
}

TEST(JunitTest, CountsAndShapes) {
  JunitSuite s{"kdual golden", 1.5, {}};
  s.cases.push_back({"1.37/a", "ok", 0.25, JunitCase::Result::kPassed, "", ""});
  s.cases.push_back(
      {"1.37/a", "bad", std::nullopt, JunitCase::Result::kFailure, "failed", "want <x>"});
  s.cases.push_back(
      {"1.37/a", "later", std::nullopt, JunitCase::Result::kSkipped, "known failure", ""});
  EXPECT_EQ(
      RenderJunit(s),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
      "<testsuite name=\"kdual golden\" tests=\"3\" failures=\"1\" skipped=\"1\" time=\"1.500\">\n"
      "  <testcase classname=\"1.37/a\" name=\"ok\" time=\"0.250\"/>\n"
      "  <testcase classname=\"1.37/a\" name=\"bad\">\n"
      "    <failure message=\"failed\">want &lt;x&gt;</failure>\n  </testcase>\n"
      "  <testcase classname=\"1.37/a\" name=\"later\">\n"
      "    <skipped message=\"known failure\"/>\n  </testcase>\n"
      "</testsuite>\n</testsuites>\n");
}

}  // namespace
}  // namespace kdual::runner
