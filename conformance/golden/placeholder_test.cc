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
  EXPECT_EQ(ParsePlaceholder("~generatedName:g")->kind, PlaceholderKind::kGeneratedName);
  EXPECT_EQ(ParsePlaceholder("~generatedName:g")->ToString(), "~generatedName:g");
}

TEST(GeneratedName, PrefixCutTo58AndFiveCharactersOfTheAlphabet) {
  EXPECT_TRUE(IsGeneratedName("web-bcdfg", "web-"));
  EXPECT_TRUE(IsGeneratedName("web-z2479", "web-"));
  EXPECT_FALSE(IsGeneratedName("web-bcdf", "web-"));
  EXPECT_FALSE(IsGeneratedName("web-bcdfa", "web-"));  // no vowels
  EXPECT_FALSE(IsGeneratedName("web-bcd1f", "web-"));  // no 0, 1, 3
  EXPECT_FALSE(IsGeneratedName("bcdfg", ""));
  std::string long_prefix(63, 'p');
  EXPECT_TRUE(IsGeneratedName(std::string(58, 'p') + "bbbbb", long_prefix));
  EXPECT_FALSE(IsGeneratedName(long_prefix + "bbbbb", long_prefix));
  EXPECT_EQ(FindGeneratedName("Service \"web-web-x7k2p\" is", "web-"), 13u);
  EXPECT_EQ(FindGeneratedName("web-a web-xx", "web-"), std::string::npos);
  EXPECT_EQ(FindGeneratedName("web-bbbbb", ""), std::string::npos);
}

TEST(ParsePlaceholder, MalformedFormsAreErrors) {
  EXPECT_FALSE(ParsePlaceholder("~IPv5").ok());
  EXPECT_FALSE(ParsePlaceholder("~ipv4").ok());
  EXPECT_FALSE(ParsePlaceholder("~IPv4:").ok());
  EXPECT_FALSE(ParsePlaceholder("~IPv4:a b").ok());
  EXPECT_FALSE(ParsePlaceholder("~absent:a").ok());
  EXPECT_FALSE(ParsePlaceholder("~generatedname").ok());
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
