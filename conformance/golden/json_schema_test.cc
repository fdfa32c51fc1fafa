#include "conformance/golden/json_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/golden/test_cases.h"
#include "conformance/golden/yaml_reader.h"

namespace kdual::golden {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::vector<std::string> Violations(const std::string& yaml) {
  auto doc = ParseYaml(yaml, "s.yaml");
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  std::vector<std::string> out;
  for (const auto& e : GoldenCaseSchema().Validate(doc->value))
    out.push_back(e.pointer + ": " + e.message);
  return out;
}

TEST(GoldenCaseSchema, AcceptsAWellFormedCase) {
  EXPECT_THAT(Violations(samples::kFullCase), ::testing::IsEmpty());
}

TEST(GoldenCaseSchema, FlagsWhatTheFormatForbids) {
  auto v = Violations(R"(apiVersion: kdual/v1
kind: GoldenCase
name: t
source: {from: guess, kubernetes: "1.33"}
steps:
  - op: frob
    expect: {object: {}, error: {code: 422, reason: X}}
  - op: create
    expect: {error: {code: 42, reason: X, extra: 1}}
)");
  std::string all;
  for (const auto& s : v) all += s + "\n";
  EXPECT_THAT(all, HasSubstr("/source/from: must be one of"));
  EXPECT_THAT(all, HasSubstr("/source/kubernetes: must match"));
  EXPECT_THAT(all, HasSubstr("/steps/0/op: must be one of"));
  EXPECT_THAT(all, HasSubstr("/steps/0/expect: must match exactly one of 4 alternatives"));
  EXPECT_THAT(all, HasSubstr("/steps/1/expect/error/code: must be at least 100"));
  EXPECT_THAT(all, HasSubstr("/steps/1/expect/error/extra: unknown field"));
}

TEST(JsonSchema, RefusesKeywordsItDoesNotImplement) {
  EXPECT_FALSE(JsonSchema::Load(json::parse(R"({"type": "object", "if": {}})")).ok());
  EXPECT_FALSE(
      JsonSchema::Load(json::parse(R"({"properties": {"a": {"uniqueItems": true}}})")).ok());
  EXPECT_TRUE(JsonSchema::Load(json::parse(R"({"type": ["string", "integer"]})")).ok());
}

TEST(JsonSchema, TypesAndRefs) {
  auto s = JsonSchema::Load(json::parse(R"({"$defs": {"p": {"type": "integer", "minimum": 1}},
      "type": "array", "items": {"$ref": "#/$defs/p"}})"));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->Validate(json::parse("[1, 2]")).empty());
  auto errors = s->Validate(json::parse("[0, \"x\"]"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].pointer, "/0");
  EXPECT_EQ(errors[1].pointer, "/1");
}

}  // namespace
}  // namespace kdual::golden
