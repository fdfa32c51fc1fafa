#include "conformance/golden/expectation_merge.h"

#include <gtest/gtest.h>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"

namespace kdual::golden {
namespace {

// A captured case whose create step got `message` as its error.
GoldenCase Captured(const std::string& message, const std::string& version = "v1.37.2",
                    int port = 80) {
  std::string text = R"(apiVersion: kdual/v1
kind: GoldenCase
name: labels
description: Two bad labels.
source: {from: apiserver, kubernetes: )" +
                     version + R"(}
cluster:
  kube-apiserver: {service-cluster-ip-range: 10.96.0.0/16}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec: {ports: [{port: )" +
                     std::to_string(port) + R"(}]}
    expect:
      error: {code: 422, reason: Invalid, message: ")" +
                     message + R"("}
  - op: get
    name: web
    expect:
      error: {code: 404, reason: NotFound, message: services "web" not found}
)";
  auto c = ParseCase(text, "labels.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return *c;
}

TEST(MergeRunsTest, SameAnswersStayPlain) {
  auto merged = MergeRuns({Captured("a, b"), Captured("a, b")});
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(CountAnyOfSteps(*merged), 0);
  EXPECT_EQ(WriteCase(*merged), WriteCase(Captured("a, b")));
}

TEST(MergeRunsTest, DifferentAnswersBecomeSortedAnyOf) {
  auto merged = MergeRuns({Captured("b, a"), Captured("a, b"), Captured("b, a")});
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  ASSERT_EQ(CountAnyOfSteps(*merged), 1);
  const Expectation& e = *merged->steps[0].expect;
  ASSERT_EQ(e.any_of.size(), 2u);
  EXPECT_EQ(*e.any_of[0].error.message, "a, b");
  EXPECT_EQ(*e.any_of[1].error.message, "b, a");
  // The order the runs came in does not matter.
  auto reversed = MergeRuns({Captured("a, b"), Captured("b, a")});
  ASSERT_TRUE(reversed.ok());
  EXPECT_EQ(WriteCase(*merged), WriteCase(*reversed));
}

TEST(MergeRunsTest, RefusesRunsOfDifferentQuestions) {
  auto merged = MergeRuns({Captured("a"), Captured("a", "v1.37.2", 81)});
  EXPECT_FALSE(merged.ok());
}

TEST(MergeWithExistingTest, KeepsEarlierAnswersAndAddsNewOnes) {
  auto existing = MergeRuns({Captured("a, b"), Captured("c, d")});
  ASSERT_TRUE(existing.ok());
  std::string why;
  GoldenCase merged = MergeWithExisting(*existing, Captured("b, a"), &why);
  EXPECT_EQ(why, "");
  const Expectation& e = *merged.steps[0].expect;
  ASSERT_EQ(e.kind, Expectation::Kind::kAnyOf);
  ASSERT_EQ(e.any_of.size(), 3u);
  EXPECT_EQ(*e.any_of[0].error.message, "a, b");
  EXPECT_EQ(*e.any_of[1].error.message, "b, a");
  EXPECT_EQ(*e.any_of[2].error.message, "c, d");
  // Capturing an answer already recorded changes nothing.
  GoldenCase again = MergeWithExisting(merged, Captured("c, d"), &why);
  EXPECT_EQ(WriteCase(again), WriteCase(merged));
}

TEST(MergeWithExistingTest, ReplacesAnswersOfAnotherVersionOrQuestion) {
  std::string why;
  GoldenCase merged = MergeWithExisting(Captured("a", "v1.37.1"), Captured("b"), &why);
  EXPECT_NE(why.find("v1.37.1"), std::string::npos) << why;
  EXPECT_EQ(WriteCase(merged), WriteCase(Captured("b")));
  merged = MergeWithExisting(Captured("a", "v1.37.2", 81), Captured("b"), &why);
  EXPECT_EQ(why, "the case's questions changed");
  EXPECT_EQ(WriteCase(merged), WriteCase(Captured("b")));
}

}  // namespace
}  // namespace kdual::golden
