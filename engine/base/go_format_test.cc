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

// Expected values printed by Go 1.26's strconv.ParseInt(s, 0, 32), as
// pflag's Int32Var calls it.
TEST(GoParseIntBase0, MatchesStrconvParseInt) {
  struct Row {
    const char* in;
    bool ok;
    int64_t value;
    const char* error;
  };
  const Row rows[] = {
      {"24", true, 24, ""},
      {"0x18", true, 24, ""},
      {"0o30", true, 24, ""},
      {"030", true, 24, ""},
      {"0b11000", true, 24, ""},
      {"1_000", true, 1000, ""},
      {"0x_18", true, 24, ""},
      {"_1", false, 0, "strconv.ParseInt: parsing \"_1\": invalid syntax"},
      {"1__0", false, 0, "strconv.ParseInt: parsing \"1__0\": invalid syntax"},
      {"1_", false, 0, "strconv.ParseInt: parsing \"1_\": invalid syntax"},
      {"08", false, 0, "strconv.ParseInt: parsing \"08\": invalid syntax"},
      {"0", true, 0, ""},
      {"-0", true, 0, ""},
      {"+7", true, 7, ""},
      {"", false, 0, "strconv.ParseInt: parsing \"\": invalid syntax"},
      {"-", false, 0, "strconv.ParseInt: parsing \"-\": invalid syntax"},
      {"0x", false, 0, "strconv.ParseInt: parsing \"0x\": invalid syntax"},
      {"0x_", false, 0, "strconv.ParseInt: parsing \"0x_\": invalid syntax"},
      {"abc", false, 0, "strconv.ParseInt: parsing \"abc\": invalid syntax"},
      {"2147483647", true, 2147483647, ""},
      {"2147483648", false, 0, "strconv.ParseInt: parsing \"2147483648\": value out of range"},
      {"-2147483648", true, -2147483648, ""},
      {"-2147483649", false, 0, "strconv.ParseInt: parsing \"-2147483649\": value out of range"},
      {"99999999999999999999x", false, 0,
       "strconv.ParseInt: parsing \"99999999999999999999x\": value out of range"},
      {"0X1f", true, 31, ""},
      {"1e3", false, 0, "strconv.ParseInt: parsing \"1e3\": invalid syntax"},
      {" 24", false, 0, "strconv.ParseInt: parsing \" 24\": invalid syntax"},
      {"0_7", true, 7, ""},
      {"0b", false, 0, "strconv.ParseInt: parsing \"0b\": invalid syntax"},
      {"0b2", false, 0, "strconv.ParseInt: parsing \"0b2\": invalid syntax"},
  };
  for (const Row& r : rows) {
    AtoiResult got = GoParseIntBase0(r.in, 32);
    EXPECT_EQ(got.ok, r.ok) << r.in;
    if (r.ok) {
      EXPECT_EQ(got.value, r.value) << r.in;
    }
    EXPECT_EQ(got.error, r.error) << r.in;
  }
}

TEST(GoParseBool, AcceptsStrconvSpellingsOnly) {
  EXPECT_TRUE(GoParseBool("True").value);
  EXPECT_TRUE(GoParseBool("1").ok);
  EXPECT_FALSE(GoParseBool("F").value);
  EXPECT_FALSE(GoParseBool("yes").ok);
  EXPECT_EQ(GoParseBool("tRUE").error, "strconv.ParseBool: parsing \"tRUE\": invalid syntax");
}

}  // namespace kdual
