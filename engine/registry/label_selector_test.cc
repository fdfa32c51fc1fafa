#include "engine/registry/label_selector.h"

#include <gtest/gtest.h>

#include "engine/version/release.h"

namespace kdual::registry {
namespace {

version::Profile ProfileOf(const char* minor) {
  return *version::ProfileFor(*version::ResolveRelease(minor));
}

std::string Error(const std::string& text, const char* minor = "1.37") {
  auto s = LabelSelector::Parse(text, ProfileOf(minor));
  return s.ok() ? "ok" : s.status().message();
}

bool Selects(const std::string& text, const std::map<std::string, std::string>& labels) {
  auto s = LabelSelector::Parse(text, ProfileOf("1.37"));
  EXPECT_TRUE(s.ok()) << text << ": " << s.status().message();
  return s.ok() && s->Matches(labels);
}

TEST(LabelSelector, MatchesAsTheApiServerDoes) {
  const std::map<std::string, std::string> web = {{"app", "web"}, {"tier", "2"}};
  const std::map<std::string, std::string> none;
  EXPECT_TRUE(Selects("", none));
  EXPECT_TRUE(Selects("app=web", web));
  EXPECT_TRUE(Selects("app==web", web));
  EXPECT_FALSE(Selects("app!=web", web));
  EXPECT_TRUE(Selects("app!=web", none));  // no label: NotEquals holds
  EXPECT_TRUE(Selects("app in (api, web)", web));
  EXPECT_TRUE(Selects("app notin (api)", none));
  EXPECT_TRUE(Selects("app", web));
  EXPECT_FALSE(Selects("!app", web));
  EXPECT_TRUE(Selects("tier>1", web));
  EXPECT_FALSE(Selects("tier<2", web));
  EXPECT_FALSE(Selects("tier>1", {{"tier", "x"}}));  // not an integer: no match
  EXPECT_TRUE(Selects("app in ()", {{"app", ""}}));
  EXPECT_TRUE(Selects("tier,app=web", web));
  EXPECT_FALSE(Selects("tier,app=api", web));
}

TEST(LabelSelector, ParserErrorsInTheServersWords) {
  EXPECT_EQ(Error("app=web,"), "found '', expected: identifier after ','");
  EXPECT_EQ(Error("!"), "unable to parse requirement: found '', expected: identifier");
  EXPECT_EQ(Error("app web"),
            "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(Error("app=>web"), "unable to parse requirement: found '>', expected: identifier");
  EXPECT_EQ(Error("app in web"), "unable to parse requirement: found 'web' expected: '('");
  EXPECT_EQ(Error("app in (web"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(Error("!app=web"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(Error(")"), "found ')', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(Error("tier>abc"),
            "unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' "
            "operators, the value must be an integer");
  EXPECT_EQ(Error("a$b=c", "1.33"),
            "unable to parse requirement: <nil>: Invalid value: \"a$b\": name part must consist "
            "of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
            "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  // Two invalid values aggregate, sorted as the value set lists them.
  std::string two = Error("app in (c/d,a/b)");
  EXPECT_EQ(two.rfind("unable to parse requirement: [values[0][app]: Invalid value: \"a/b\"", 0),
            0u)
      << two;
  EXPECT_NE(two.find(", values[1][app]: Invalid value: \"c/d\""), std::string::npos) << two;
}

// apimachinery v0.35 stopped consuming the token after ",,".
TEST(LabelSelector, DoubleCommaPerRelease) {
  EXPECT_EQ(Error("app in (,,)", "1.34"),
            "unable to parse requirement: found ')', expected: ',', or identifier");
  EXPECT_EQ(Error("app in (,,)", "1.35"), "ok");
  EXPECT_EQ(Error("app in (web,,api)", "1.34"), "ok");
}

}  // namespace
}  // namespace kdual::registry
