#include "conformance/golden/placeholder.h"

#include <gtest/gtest.h>

namespace kdual::golden {
namespace {

TEST(ParsePlaceholder, KnownForms) {
  auto p = ParsePlaceholder("~IPv4:a");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, PlaceholderKind::kIPv4);
  EXPECT_EQ(p->binding, "a");
  EXPECT_EQ(ParsePlaceholder("~IPv6")->kind, PlaceholderKind::kIPv6);
  EXPECT_EQ(ParsePlaceholder("~IP:x_1")->kind, PlaceholderKind::kIP);
  EXPECT_EQ(ParsePlaceholder("~port:p")->kind, PlaceholderKind::kPort);
  EXPECT_EQ(ParsePlaceholder("~absent")->kind, PlaceholderKind::kAbsent);
  EXPECT_EQ(ParsePlaceholder("~IPv6:b")->ToString(), "~IPv6:b");
}

TEST(ParsePlaceholder, MalformedFormsAreErrors) {
  EXPECT_FALSE(ParsePlaceholder("~IPv5").ok());
  EXPECT_FALSE(ParsePlaceholder("~ipv4").ok());
  EXPECT_FALSE(ParsePlaceholder("~IPv4:").ok());
  EXPECT_FALSE(ParsePlaceholder("~IPv4:a b").ok());
  EXPECT_FALSE(ParsePlaceholder("~absent:a").ok());
  EXPECT_FALSE(LooksLikePlaceholder("~"));
  EXPECT_FALSE(LooksLikePlaceholder("~1"));
  EXPECT_FALSE(LooksLikePlaceholder("a~IPv4"));
}

TEST(ExpandTemplate, ReplacesBoundNames) {
  std::map<std::string, std::string> values = {{"a", "10.96.0.5"}, {"b", "fd00::5"}};
  EXPECT_EQ(*ExpandTemplate("IP ${a} and ${b}; $x ${ not}", values),
            "IP 10.96.0.5 and fd00::5; $x ${ not}");
  EXPECT_FALSE(ExpandTemplate("${c}", values).ok());
  EXPECT_EQ(TemplateReferences("${a}${b}${a}"), (std::vector<std::string>{"a", "b", "a"}));
}

}  // namespace
}  // namespace kdual::golden
