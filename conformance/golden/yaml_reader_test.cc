#include "conformance/golden/yaml_reader.h"

#include <cmath>

#include <gtest/gtest.h>

namespace kdual::golden {
namespace {

using nlohmann::json;

json Read(const std::string& text) {
  auto doc = ParseYaml(text, "t.yaml");
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? doc->value : json();
}

std::string ErrorOf(const std::string& text, const YamlLimits& limits = YamlLimits()) {
  auto doc = ParseYaml(text, "t.yaml", limits);
  EXPECT_FALSE(doc.ok()) << "parsed: " << (doc.ok() ? doc->value.dump() : "");
  return doc.ok() ? "" : doc.status().message();
}

TEST(ResolvePlainScalar, Yaml11WordsAreBooleansAndNulls) {
  EXPECT_EQ(ResolvePlainScalar("yes"), json(true));
  EXPECT_EQ(ResolvePlainScalar("On"), json(true));
  EXPECT_EQ(ResolvePlainScalar("NO"), json(false));
  EXPECT_EQ(ResolvePlainScalar("off"), json(false));
  EXPECT_EQ(ResolvePlainScalar("y"), json(true));
  EXPECT_EQ(ResolvePlainScalar("~"), json(nullptr));
  EXPECT_EQ(ResolvePlainScalar("Null"), json(nullptr));
  EXPECT_EQ(ResolvePlainScalar("nope"), json("nope"));
  EXPECT_EQ(ResolvePlainScalar("yEs"), json("yEs"));
}

TEST(ResolvePlainScalar, NumbersFollowGoBaseZeroSyntax) {
  EXPECT_EQ(ResolvePlainScalar("80"), json(80));
  EXPECT_EQ(ResolvePlainScalar("-5"), json(-5));
  EXPECT_EQ(ResolvePlainScalar("0x1F"), json(31));
  EXPECT_EQ(ResolvePlainScalar("017"), json(15));  // YAML 1.1 octal
  EXPECT_EQ(ResolvePlainScalar("0o17"), json(15));
  EXPECT_EQ(ResolvePlainScalar("0b101"), json(5));
  EXPECT_EQ(ResolvePlainScalar("1_000"), json(1000));
  EXPECT_EQ(ResolvePlainScalar("1e3"), json(1000.0));
  EXPECT_TRUE(ResolvePlainScalar("08").is_number_float());  // not octal: a float
  EXPECT_EQ(ResolvePlainScalar("18446744073709551615"), json(18446744073709551615ULL));
  EXPECT_TRUE(std::isinf(ResolvePlainScalar("-.inf").get<double>()));
  EXPECT_EQ(ResolvePlainScalar("10.96.0.1"), json("10.96.0.1"));
  EXPECT_EQ(ResolvePlainScalar("30000-32767"), json("30000-32767"));
  EXPECT_EQ(ResolvePlainScalar("2001-12-14"), json("2001-12-14"));  // timestamps stay strings
}

TEST(ParseYaml, QuotedScalarsStayStrings) {
  json v = Read("a: \"80\"\nb: 'yes'\nc: 80\nd: yes\ne: |\n  text\n");
  EXPECT_EQ(v["a"], json("80"));
  EXPECT_EQ(v["b"], json("yes"));
  EXPECT_EQ(v["c"], json(80));
  EXPECT_EQ(v["d"], json(true));
  EXPECT_EQ(v["e"], json("text\n"));
}

TEST(ParseYaml, ExplicitTags) {
  json v = Read("a: !!str 80\nb: !!int \"7\"\n");
  EXPECT_EQ(v["a"], json("80"));
  EXPECT_EQ(v["b"], json(7));
  EXPECT_NE(ErrorOf("a: !!int abc\n").find("cannot read \"abc\""), std::string::npos);
  EXPECT_NE(ErrorOf("a: !custom x\n").find("t.yaml:1"), std::string::npos);
}

TEST(ParseYaml, KeepsLinesByPointer) {
  auto doc = ParseYaml("a: 1\nsteps:\n  - op: create\n    object:\n      x: 1\n", "t.yaml");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->LineOf("/a"), 1);
  EXPECT_EQ(doc->LineOf("/steps/0"), 3);
  EXPECT_EQ(doc->LineOf("/steps/0/op"), 3);
  EXPECT_EQ(doc->LineOf("/steps/0/object/x"), 5);
  EXPECT_EQ(doc->LineOf("/steps/0/object/missing"), doc->LineOf("/steps/0/object"));
}

TEST(ParseYaml, DuplicateKeysAreRefusedWithBothLines) {
  std::string e = ErrorOf("a: 1\nb: 2\na: 3\n");
  EXPECT_NE(e.find("t.yaml:3:1"), std::string::npos) << e;
  EXPECT_NE(e.find("already defined at line 1"), std::string::npos) << e;
}

TEST(ParseYaml, SyntaxErrorsNameFileAndLine) {
  std::string e = ErrorOf("a: 1\nb: [1, 2\nc: 3\n");
  EXPECT_EQ(e.rfind("t.yaml:", 0), 0u) << e;
}

TEST(ParseYaml, RefusesMoreThanOneDocumentAndEmptyInput) {
  EXPECT_NE(ErrorOf("a: 1\n---\nb: 2\n").find("more than one YAML document"), std::string::npos);
  EXPECT_NE(ErrorOf("").find("empty document"), std::string::npos);
  EXPECT_NE(ErrorOf("# only a comment\n").find("empty document"), std::string::npos);
}

TEST(ParseYaml, AliasesExpandWithinBudget) {
  json v = Read("a: &x {k: v}\nb: *x\n");
  EXPECT_EQ(v["b"], v["a"]);
  // Billion laughs: each level doubles; the budget stops it early.
  std::string bomb = "a0: &a0 [x, x]\n";
  for (int i = 1; i < 40; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) +
            ", *a" + std::to_string(i - 1) + "]\n";
  }
  std::string e = ErrorOf(bomb);
  EXPECT_NE(e.find("aliases expand past the budget"), std::string::npos) << e;
}

TEST(ParseYaml, NestingDeeperThanTheLimitIsRefused) {
  YamlLimits limits;
  limits.max_depth = 10;
  std::string deep(11, '[');
  deep += std::string(11, ']');
  EXPECT_NE(ErrorOf(deep, limits).find("nesting deeper than 10"), std::string::npos);
  std::string ok(10, '[');
  ok += std::string(10, ']');
  EXPECT_TRUE(ParseYaml(ok, "t.yaml", limits).ok());
  // Far past yaml-cpp's own recursion guard: still a clean error.
  std::string huge(100000, '[');
  EXPECT_FALSE(ParseYaml(huge, "t.yaml").ok());
}

TEST(ParseYaml, SizeLimit) {
  YamlLimits limits;
  limits.max_bytes = 16;
  EXPECT_NE(ErrorOf("a: 0123456789abcdef\n", limits).find("over the limit of 16"),
            std::string::npos);
}

TEST(ParseYaml, RefusesMergeKeysAndCollectionKeys) {
  EXPECT_NE(ErrorOf("a: &x {k: 1}\nb:\n  <<: *x\n").find("merge keys"), std::string::npos);
  // Only the plain key merges; a quoted "<<" is an ordinary string key.
  auto quoted = ParseYaml("\"<<\": 1\n'<<': 2\n", "t.yaml");
  EXPECT_FALSE(quoted.ok());  // the same key twice
  auto once = ParseYaml("\"<<\": 1\n", "t.yaml");
  ASSERT_TRUE(once.ok()) << once.status().message();
  EXPECT_EQ(once->value, nlohmann::json({{"<<", 1}}));
  EXPECT_FALSE(ParseYaml("? [a]\n: 1\n", "t.yaml").ok());
}

TEST(ReadYamlFile, MissingFileAndFolder) {
  EXPECT_EQ(ReadYamlFile("/nonexistent/x.yaml").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(ReadYamlFile("/tmp").ok());
}

}  // namespace
}  // namespace kdual::golden
