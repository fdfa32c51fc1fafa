#include "conformance/diff/shrink.h"

#include <gtest/gtest.h>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"

namespace kdual::diff {
namespace {

using golden::GoldenCase;
using golden::StepOp;
using nlohmann::json;

GoldenCase Parse(const std::string& text) {
  auto c = golden::ParseCase(text, "case.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? *c : GoldenCase();
}

const char* kFourSteps = R"(apiVersion: kdual/v1
kind: GoldenCase
name: gen-1-0
description: Generated.
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver:
    service-cluster-ip-range: 10.96.0.0/16,fd00:10:96::/112
    service-node-port-range: 31000-32999
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-a, namespace: default}
      spec:
        selector: {app: svc-a}
        ipFamilyPolicy: PreferDualStack
        ports: [{port: 80}, {port: 443, name: p1}]
  - op: create
    dryRun: true
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-b, namespace: default}
      spec:
        type: NodePort
        selector: {app: svc-b}
        allocateLoadBalancerNodePorts: true
        externalTrafficPolicy: Local
        ports: [{port: 80, nodePort: 31002}, {port: 53, protocol: UDP}]
  - op: get
    name: svc-a
  - op: patch
    name: svc-a
    patch: {spec: {ipFamilies: [IPv6, IPv4]}}
)";

bool HasNodePortCreate(const GoldenCase& c) {
  for (const auto& s : c.steps) {
    if (s.op == StepOp::kCreate && s.object.contains("spec") && s.object["spec"].is_object() &&
        s.object["spec"].value("type", "") == "NodePort") {
      return true;
    }
  }
  return false;
}

TEST(ShrinkTest, ShrinksToTheOneStepAndFieldThatMatter) {
  GoldenCase start = Parse(kFourSteps);
  int calls = 0;
  auto result = Shrink(start,
                       [&](const GoldenCase& c) {
                         ++calls;
                         return HasNodePortCreate(c);
                       },
                       {200});
  EXPECT_EQ(result.attempts, calls);
  EXPECT_FALSE(result.budget_exhausted);
  ASSERT_EQ(result.smallest.steps.size(), 1u);
  const auto& step = result.smallest.steps[0];
  EXPECT_EQ(step.op, StepOp::kCreate);
  EXPECT_FALSE(step.dry_run);
  EXPECT_EQ(step.object["spec"], json({{"type", "NodePort"}}));
  // The Service's identity stays.
  EXPECT_EQ(step.object["metadata"], json({{"name", "svc-b"}, {"namespace", "default"}}));
  EXPECT_EQ(step.object["kind"], "Service");
  // Both ranges it did not need are gone.
  EXPECT_EQ(result.smallest.cluster.Get(flags::kApiserver, "service-cluster-ip-range"),
            "10.96.0.0/16");
  EXPECT_FALSE(
      result.smallest.cluster.Get(flags::kApiserver, "service-node-port-range").has_value());
  EXPECT_LT(CaseSize(result.smallest), CaseSize(start));
  // And the result is a case the reader takes.
  EXPECT_TRUE(golden::ParseCase(golden::WriteCase(result.smallest), "min.yaml").ok());
}

TEST(ShrinkTest, KeepsWhatThePredicateNeeds) {
  GoldenCase start = Parse(kFourSteps);
  // Diverges only with the secondary range and the patch step's family list.
  auto needs = [](const GoldenCase& c) {
    auto range = c.cluster.Get(flags::kApiserver, "service-cluster-ip-range");
    if (!range || range->find(',') == std::string::npos) return false;
    for (const auto& s : c.steps) {
      if (s.op == StepOp::kPatch && s.patch.contains("spec") &&
          s.patch["spec"].contains("ipFamilies") && s.patch["spec"]["ipFamilies"].size() == 2) {
        return true;
      }
    }
    return false;
  };
  auto result = Shrink(start, needs, {500});
  ASSERT_EQ(result.smallest.steps.size(), 1u);
  EXPECT_EQ(result.smallest.steps[0].op, StepOp::kPatch);
  EXPECT_EQ(result.smallest.steps[0].patch,
            json::parse(R"({"spec":{"ipFamilies":["IPv6","IPv4"]}})"));
  EXPECT_EQ(result.smallest.cluster.Get(flags::kApiserver, "service-cluster-ip-range"),
            "10.96.0.0/16,fd00:10:96::/112");
}

TEST(ShrinkTest, LeavesTheClusterAloneWhenItCannotChange) {
  GoldenCase start = Parse(kFourSteps);
  ShrinkOptions options;
  options.max_attempts = 500;
  options.change_cluster = false;
  auto result = Shrink(start, HasNodePortCreate, options);
  ASSERT_EQ(result.smallest.steps.size(), 1u);
  EXPECT_EQ(result.smallest.cluster.components, start.cluster.components);
}

TEST(ShrinkTest, StopsAtTheBudget) {
  GoldenCase start = Parse(kFourSteps);
  int calls = 0;
  auto result = Shrink(start,
                       [&](const GoldenCase&) {
                         ++calls;
                         return false;
                       },
                       {3});
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_TRUE(result.budget_exhausted);
  EXPECT_EQ(result.accepted, 0);
  EXPECT_EQ(result.smallest.steps.size(), start.steps.size());
}

TEST(ShrinkTest, NothingDivergesNothingChanges) {
  GoldenCase start = Parse(kFourSteps);
  auto result = Shrink(start, [](const GoldenCase&) { return false; }, {100000});
  EXPECT_FALSE(result.budget_exhausted);
  EXPECT_EQ(result.accepted, 0);
  EXPECT_EQ(golden::WriteCase(result.smallest), golden::WriteCase(WithoutExpectations(start)));
  EXPECT_EQ(static_cast<size_t>(result.attempts), ShrinkCandidates(start).size());
}

TEST(ShrinkTest, ALoneStartStepStays) {
  GoldenCase start = Parse(R"(apiVersion: kdual/v1
kind: GoldenCase
name: refused
description: Refused flags.
source: {from: apiserver, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16,10.97.0.0/16"}
steps:
  - op: start
    expect:
      startupError: boom
)");
  for (const auto& c : ShrinkCandidates(start)) {
    ASSERT_EQ(c.steps.size(), 1u);
    EXPECT_EQ(c.steps[0].op, StepOp::kStart);
    EXPECT_FALSE(c.steps[0].expect.has_value());
  }
}

// A candidate the case reader refuses is never offered: a `start` step may
// only stand alone, so with one after four others the only readable
// candidate is the one without it.
TEST(ShrinkTest, CandidatesTheReaderRefusesAreSkipped) {
  GoldenCase broken = Parse(kFourSteps);
  golden::Step s;
  s.op = StepOp::kStart;
  broken.steps.push_back(s);
  auto candidates = ShrinkCandidates(broken);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].steps.size(), 4u);
  for (const auto& step : candidates[0].steps) EXPECT_NE(step.op, StepOp::kStart);
}

}  // namespace
}  // namespace kdual::diff
