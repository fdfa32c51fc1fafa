#include "conformance/golden/case_writer.h"

#include <gtest/gtest.h>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/test_cases.h"

namespace kdual::golden {
namespace {

TEST(CaseWriter, OutputIsStableAndReadsBackTheSame) {
  auto c = ParseCase(samples::kFullCase, "full.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  std::string once = WriteCase(*c);
  auto again = ParseCase(once, "once.yaml");
  ASSERT_TRUE(again.ok()) << again.status().message() << "\n" << once;
  EXPECT_EQ(CaseToJson(*again), CaseToJson(*c));
  EXPECT_EQ(WriteCase(*again), once);
}

TEST(CaseWriter, FormatOrderForTheCaseSortedInsideObjects) {
  auto c = ParseCase(R"(steps:
  - expect:
      error: {causes: [{message: m, reason: r, field: f}], reason: Invalid, code: 422}
    object: {spec: {type: ClusterIP}, metadata: {name: a}, apiVersion: v1}
    op: create
source: {kubernetes: v1.29.15, from: k8s-test, ref: TestX}
name: ordered
kind: GoldenCase
apiVersion: kdual/v1
)",
                     "o.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(WriteCase(*c), R"(apiVersion: kdual/v1
kind: GoldenCase
name: ordered
source:
  from: k8s-test
  kubernetes: v1.29.15
  ref: TestX
steps:
  - op: create
    object:
      apiVersion: v1
      metadata:
        name: a
      spec:
        type: ClusterIP
    expect:
      error:
        code: 422
        reason: Invalid
        causes:
          - field: f
            reason: r
            message: m
)");
}

TEST(CaseWriter, QuotesStringsThatLookTyped) {
  auto c = ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: quoted
source: {from: handwritten, kubernetes: v1.29.15}
cluster: {kube-apiserver: {service-node-port-range: "30000-30100", some-flag: "on"}}
steps:
  - op: create
    object: {metadata: {name: "080", labels: {a: "yes", b: "1e3"}}}
)",
                     "q.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  std::string text = WriteCase(*c);
  EXPECT_NE(text.find("some-flag: \"on\""), std::string::npos) << text;
  EXPECT_NE(text.find("name: \"080\""), std::string::npos) << text;
  EXPECT_NE(text.find("a: \"yes\""), std::string::npos) << text;
  EXPECT_NE(text.find("b: \"1e3\""), std::string::npos) << text;
}

}  // namespace
}  // namespace kdual::golden
