#include "engine/base/go_format.h"

#include <gtest/gtest.h>

namespace kdual {
namespace {

TEST(GoQuote, EscapesLikeStrconvQuote) {
  EXPECT_EQ(GoQuote("web"), "\"web\"");
  EXPECT_EQ(GoQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(GoQuote("\n\t\x01"), "\"\\n\\t\\x01\"");
  EXPECT_EQ(GoQuote("\xff"), "\"\\xff\"");
  EXPECT_EQ(GoQuote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");  // printable runes stay
}

TEST(GoJSONString, EscapesLikeEncodingJSON) {
  EXPECT_EQ(GoJSONString("IPv6"), "\"IPv6\"");
  EXPECT_EQ(GoJSONString("<&>"), "\"\\u003c\\u0026\\u003e\"");
  EXPECT_EQ(GoJSONString("\xff"), "\"\\ufffd\"");
}

TEST(GoAtoi, MatchesStrconvMessages) {
  EXPECT_EQ(GoAtoi("30000").value, 30000);
  EXPECT_EQ(GoAtoi("-5").value, -5);
  EXPECT_EQ(GoAtoi("x").error, "strconv.Atoi: parsing \"x\": invalid syntax");
  EXPECT_EQ(GoAtoi("").error, "strconv.Atoi: parsing \"\": invalid syntax");
  EXPECT_EQ(GoAtoi("99999999999999999999").error,
            "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
  EXPECT_FALSE(GoAtoi(" 1").ok);
}

}  // namespace
}  // namespace kdual
