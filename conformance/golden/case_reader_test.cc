#include "conformance/golden/case_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/golden/test_cases.h"

namespace kdual::golden {
namespace {

using ::testing::HasSubstr;

std::string Problems(const std::string& text) {
  auto c = ParseCase(text, "c.yaml");
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.status().message();
}

// A minimal valid case with `steps` spliced in.
std::string WithSteps(const std::string& steps, const std::string& range = "10.96.0.0/16") {
  return "apiVersion: kdual/v1\nkind: GoldenCase\nname: t\nsource: {from: handwritten, kubernetes: v1.33.13}\n"
         "cluster:\n  kube-apiserver:\n    service-cluster-ip-range: " +
         range + "\nsteps:\n" + steps;
}

TEST(CaseReader, ReadsTheWholeFormat) {
  auto c = ParseCase(samples::kFullCase, "full.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->name, "prefer-dual");
  EXPECT_EQ(c->source, Source::kHandwritten);
  EXPECT_EQ(c->kubernetes, "v1.33.13");
  EXPECT_TRUE(c->RequiresFreshCluster());
  EXPECT_EQ(*c->cluster.Get("kube-apiserver", "service-node-port-range"), "30000-32767");
  ASSERT_EQ(c->steps.size(), 6u);
  EXPECT_EQ(c->steps[0].op, StepOp::kCreate);
  EXPECT_EQ(c->steps[0].line, 14);
  EXPECT_EQ(c->steps[0].TargetName(), "web");
  EXPECT_EQ(c->steps[1].expect->kind, Expectation::Kind::kError);
  EXPECT_EQ(c->steps[1].expect->error.causes->at(0).field, "spec.ipFamilyPolicy");
  EXPECT_EQ(c->steps[2].patch_type, registry::PatchType::kJson);
  EXPECT_TRUE(c->steps[2].dry_run);
  EXPECT_EQ(c->steps[2].expect->match, Match::kSubset);
  EXPECT_EQ(c->steps[2].expect->warnings->at(0), "a warning");
  EXPECT_EQ(c->steps[3].expect->any_of.size(), 2u);
  EXPECT_TRUE(c->steps[4].cluster.has_value());
  EXPECT_FALSE(c->steps[5].expect.has_value());
  EXPECT_FALSE(c->AwaitingCapture());
}

TEST(CaseReader, UnknownOpNamesFileAndLine) {
  std::string e = Problems(
      WithSteps("  - op: create\n    object: {metadata: {name: a}}\n  - op: frobnicate\n"));
  EXPECT_THAT(e, HasSubstr("c.yaml:11: steps[1].op: unknown op \"frobnicate\""));
}

TEST(CaseReader, ExpectOfTheWrongShape) {
  EXPECT_THAT(
      Problems(WithSteps(
          "  - op: create\n    object: {}\n    expect: {object: {}, error: {code: 422, reason: Invalid}}\n")),
      HasSubstr("expect holds exactly one of object, error, startupError, anyOf (found 2)"));
  EXPECT_THAT(Problems(WithSteps("  - op: create\n    object: {}\n    expect: [1]\n")),
              HasSubstr("expect is a mapping"));
  EXPECT_THAT(
      Problems(WithSteps(
          "  - op: create\n    object: {}\n    expect: {error: {code: nine, reason: X}}\n")),
      HasSubstr("needs \"code\", an HTTP status"));
  EXPECT_THAT(
      Problems(WithSteps("  - op: create\n    object: {}\n    expect: {error: {code: 500}}\n")),
      HasSubstr("missing required field \"reason\""));
  // StatusReasonUnknown is the empty reason: the server sends it with some 500s.
  auto unknown = ParseCase(
      WithSteps("  - op: create\n    object: {}\n    expect: {error: {code: 500, reason: \"\"}}\n"),
      "c.yaml");
  ASSERT_TRUE(unknown.ok()) << unknown.status().message();
  EXPECT_EQ(unknown->steps[0].expect->error.reason, "");
  EXPECT_THAT(
      Problems(WithSteps("  - op: create\n    object: {}\n    expect: {startupError: boom}\n")),
      HasSubstr("startupError belongs to start and restart steps"));
  EXPECT_THAT(Problems(WithSteps(
                  "  - op: create\n    object: {}\n    expect: {object: {}, match: fuzzy}\n")),
              HasSubstr("must be exact or subset"));
}

TEST(CaseReader, PlaceholderOfTheWrongFamily) {
  // One name, two families.
  EXPECT_THAT(
      Problems(WithSteps(
          "  - op: create\n    object: {}\n    expect:\n      object: {a: ~IPv4:x, b: ~IPv6:x}\n",
          "10.96.0.0/16,fd00::/112")),
      HasSubstr("\"~IPv6:x\" is bound as ~IPv4:x at steps[0].expect.object.a"));
  // A family the cluster has no range for.
  EXPECT_THAT(Problems(WithSteps(
                  "  - op: create\n    object: {}\n    expect:\n      object: {a: ~IPv6}\n")),
              HasSubstr("the cluster has no IPv6 service range"));
  // A restart that adds IPv6 makes ~IPv6 fine.
  EXPECT_TRUE(
      ParseCase(
          WithSteps(
              "  - op: restart\n    cluster: {kube-apiserver: {service-cluster-ip-range: \"10.96.0.0/16,fd00::/112\"}}\n"
              "  - op: create\n    object: {}\n    expect:\n      object: {a: ~IPv6}\n"),
          "c.yaml")
          .ok());
}

TEST(CaseReader, MalformedPlaceholdersAndReferences) {
  EXPECT_THAT(
      Problems(WithSteps("  - op: create\n    object: {}\n    expect: {object: {a: ~IPv5}}\n")),
      HasSubstr("unknown placeholder \"~IPv5\""));
  EXPECT_THAT(
      Problems(WithSteps(
          "  - op: create\n    object: {}\n    expect: {error: {code: 422, reason: I, message: \"${q}\"}}\n")),
      HasSubstr("${q} names no bound placeholder"));
  EXPECT_THAT(Problems(WithSteps("  - op: create\n    object: {spec: {clusterIP: ~IPv4:a}}\n")),
              HasSubstr("\"~IPv4:a\" is not bound by an earlier step"));
  EXPECT_THAT(
      Problems(WithSteps("  - op: create\n    object: {}\n    expect: {object: {a: ~absent}}\n")),
      HasSubstr("~absent needs match: subset"));
}

TEST(CaseReader, OpsAndTheirFields) {
  EXPECT_THAT(Problems(WithSteps("  - op: create\n")), HasSubstr("op create needs \"object\""));
  EXPECT_THAT(
      Problems(WithSteps("  - op: patch\n    name: a\n    patchType: json\n    patch: {a: 1}\n")),
      HasSubstr("a json patch is a list of operations"));
  EXPECT_THAT(Problems(WithSteps("  - op: update\n    name: a\n    patch: {}\n    object: {}\n")),
              HasSubstr("exactly one of \"patch\""));
  EXPECT_THAT(Problems(WithSteps("  - op: get\n")), HasSubstr("op get needs \"name\""));
  EXPECT_THAT(Problems(WithSteps("  - op: get\n    name: a\n    dryRun: true\n")),
              HasSubstr("dryRun applies to writes only"));
  EXPECT_THAT(Problems(WithSteps("  - op: create\n    object: {}\n  - op: start\n")),
              HasSubstr("op start must be the first and only step"));
  EXPECT_THAT(Problems(WithSteps("  - op: delete\n    name: a\n    patch: {}\n")),
              HasSubstr("steps[0].patch: not used by op \"delete\""));
  EXPECT_THAT(Problems(WithSteps("  - op: create\n    object: {}\n    colour: red\n")),
              HasSubstr("steps[0].colour: unknown field"));
}

TEST(CaseReader, HeaderRules) {
  EXPECT_THAT(Problems("apiVersion: kdual/v2\nkind: GoldenCase\nname: t\nsteps: []\n"),
              HasSubstr("unknown apiVersion \"kdual/v2\""));
  EXPECT_THAT(
      Problems(
          "apiVersion: kdual/v1\nkind: GoldenCase\nname: t\nsource: {from: guess, kubernetes: v1.33}\nsteps: [{op: get, name: a}]\n"),
      AllOf(HasSubstr("must be one of apiserver, control-plane, kind, k8s-test, handwritten"),
            HasSubstr("must be an exact release vMAJOR.MINOR.PATCH")));
  EXPECT_THAT(Problems("- just a list\n"), HasSubstr("a case file holds a mapping"));
  EXPECT_THAT(
      Problems(
          "apiVersion: kdual/v1\nkind: GoldenCase\nname: t\nsource: {from: kind, kubernetes: v1.33.1}\n"
          "cluster: {kube-apiserver: {--service-cluster-ip-range: x}}\nsteps: [{op: get, name: a}]\n"),
      HasSubstr("write flags without their leading dashes"));
}

TEST(CaseReader, AwaitingCapture) {
  auto c = ParseCase(WithSteps("  - op: create\n    object: {metadata: {name: a}}\n"), "c.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->AwaitingCapture());
}

TEST(CaseIdFromPath, BelowTheLastGoldenFolder) {
  EXPECT_EQ(CaseIdFromPath("/repo/golden/1.33/families/x.yaml"), "1.33/families/x");
  EXPECT_EQ(CaseIdFromPath("/tmp/golden/a/golden/1.29/y.yaml"), "1.29/y");
  EXPECT_EQ(CaseIdFromPath("elsewhere/z.yaml"), "elsewhere/z");
}

}  // namespace
}  // namespace kdual::golden
