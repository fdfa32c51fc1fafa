#include "conformance/golden/yaml_writer.h"

#include <gtest/gtest.h>

#include "conformance/golden/yaml_reader.h"

namespace kdual::golden {
namespace {

using nlohmann::json;

TEST(NeedsQuotes, AnythingAReaderCouldTypeIsQuoted) {
  for (const char* s :
       {"80", "on",   "yes",  "Yes",        "null", "~",   "1e3", "0x1F", "",   "true", "y",
        "N",  "0o17", "1:20", "2001-12-14", ".inf", "-.5", "+1",  "=",    "<<", "017",  "1_0"}) {
    EXPECT_TRUE(NeedsQuotes(s)) << s;
  }
  for (const char* s :
       {"a: b", "- x", "#x", "x #y", "key:", " lead", "trail ", "[x]", "{x}", "*x",
        "&x",   "!x",  "|",  ">",    "'x",   "\"x",   "%x",     "@x",  "`x",  "a\nb"}) {
    EXPECT_TRUE(NeedsQuotes(s)) << s;
  }
  for (const char* s : {"web", "10.96.0.1", "fd00:10:96::1", "~IPv4:a", "30000-32767", "IPv4",
                        "PreferDualStack", "-x", "a:b", "x#y", "10.96.0.0/16,fd00:10:96::/112"}) {
    EXPECT_FALSE(NeedsQuotes(s)) << s;
  }
}

TEST(EmitYaml, BlockStyleWithFlowListsOfScalars) {
  json v = {{"b", {{"c", 1}, {"d", json::array()}}},
            {"a", json::array({"IPv4", "IPv6"})},
            {"e", json::array({json{{"port", 80}}})}};
  EXPECT_EQ(EmitYaml(v),
            "a: [IPv4, IPv6]\n"
            "b:\n  c: 1\n  d: []\n"
            "e:\n  - port: 80\n");
}

// YAML readers fold NEL, LS and PS like a newline and refuse C1 controls,
// U+FEFF, U+FFFE and U+FFFF written raw: the writer escapes each (found by
// fuzz_service_codec: a label key with U+2028 did not read back).
TEST(EmitYaml, LineBreaksAndUnprintablesBeyondAsciiAreEscaped) {
  for (const char* odd : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x80", "\xC2\x9F",
                          "\xEF\xBB\xBF", "\xEF\xBF\xBE", "\xEF\xBF\xBF"}) {
    std::string text = std::string("a") + odd + "b";
    EXPECT_TRUE(NeedsQuotes(text)) << text;
    json v = {{"metadata", {{"labels", {{text, text}}}}}, {"list", json::array({text})}};
    std::string yaml = EmitYaml(v);
    auto back = ParseYaml(yaml, "t.yaml");
    ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << yaml;
    EXPECT_EQ(back->value, v) << yaml;
  }
  // Other characters beyond ASCII stay as they are.
  EXPECT_FALSE(NeedsQuotes("caf\xC3\xA9"));
  EXPECT_EQ(EmitYaml(json{{"k", "\xE2\x80\xA8"}}), "k: \"\\L\"\n");
}

TEST(EmitYaml, QuestionMarksInFlowListsAreQuoted) {
  // yaml-cpp takes "?" before "]" or "," for a key indicator.
  nlohmann::json v = {{"a", {"x?", "$?", "y"}}, {"<<", "<<"}};
  std::string text = EmitYaml(v);
  auto back = ParseYaml(text, "t.yaml");
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << text;
  EXPECT_EQ(back->value, v);
}

TEST(EmitYaml, KeyOrderFirstThenSorted) {
  json v = {{"z", 1}, {"a", 2}, {"m", 3}};
  KeyOrder order = [](const std::string& p) {
    return p.empty() ? std::vector<std::string>{"m", "z"} : std::vector<std::string>{};
  };
  EXPECT_EQ(EmitYaml(v, order), "m: 3\nz: 1\na: 2\n");
}

TEST(EmitYaml, RoundTripsThroughTheReader) {
  json v = {
      {"strings",
       {"80", "on", "", "a: b", "- x", "~IPv4:a", "tab\there", "quote\"d", "back\\slash",
        "line\nbreak", "ünïcode", "x, y", "[not a list]"}},
      {"numbers", {0, -1, 2147483648LL, 1.5, -0.25}},
      {"nested",
       {{"list", {{{"a", {1, 2}}, {"b", json::object()}}, json::array(), {json::array({1})}}}}},
      {"null", nullptr},
      {"bool", false},
      {"weird key: x", "v"},
      {"80", "numeric key"},
  };
  std::string text = EmitYaml(v);
  auto back = ParseYaml(text, "t.yaml");
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << text;
  EXPECT_EQ(back->value, v) << text;
}

TEST(DoubleQuoted, EscapesControlCharacters) {
  EXPECT_EQ(DoubleQuoted("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\x01\"");
}

TEST(EmitYaml, KeysOverTheImplicitLimitAreWrittenExplicitly) {
  // YAML (and yaml-cpp) refuse an implicit key over 1024 characters: such a
  // key is written "? key" and reads back (found by fuzz_golden_case).
  std::string key(1500, 'k');
  json v = {{"m", {{key, {{"a", 1}}}, {"short", json::array({1, 2})}}}, {"s", {{key, "x"}}}};
  std::string text = EmitYaml(v);
  EXPECT_NE(text.find("? " + key + "\n"), std::string::npos) << text.substr(0, 200);
  auto back = ParseYaml(text, "long-key.yaml");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->value, v);
}

}  // namespace
}  // namespace kdual::golden
