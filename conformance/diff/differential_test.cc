#include "conformance/diff/differential.h"

#include <gtest/gtest.h>

#include "conformance/diff/diff_run.h"
#include "conformance/diff/planted_target.h"
#include "conformance/golden/case_reader.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::diff {
namespace {

golden::GoldenCase Case(const std::string& name, const std::string& expect) {
  auto c = golden::ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: )" + name + R"(
description: x
source: {from: apiserver, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: 10.96.0.0/16}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-a, namespace: default}
      spec: {type: NodePort, ports: [{port: 80}]}
)" + expect,
                             "c.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return *c;
}

TEST(DifferentialTest, MismatchSignatureDropsStepIndexAndValues) {
  EXPECT_EQ(MismatchSignature(
                "steps[2] create: spec.clusterIPs[1]: expected ~IPv6:b, got 10.96.0.12 (IPv4)"),
            "create: spec.clusterIPs[1]");
  EXPECT_EQ(MismatchSignature("steps[0] patch: error.code: expected 422, got 200"),
            "patch: error.code");
  // A line without a step and a path is its own signature.
  EXPECT_EQ(MismatchSignature("the control plane did not start: x"),
            "the control plane did not start: x");
}

TEST(DifferentialTest, ContentNameDependsOnTheQuestionsOnly) {
  auto a = Case("one", "");
  auto b = Case("two", "    expect:\n      error: {code: 422, reason: Invalid}\n");
  EXPECT_EQ(ContentName(a), ContentName(b));
  EXPECT_EQ(ContentName(a).size(), 5u + 12u);
  EXPECT_EQ(ContentName(a).rfind("diff-", 0), 0u);
  auto c = a;
  c.steps[0].object["spec"]["type"] = "ClusterIP";
  EXPECT_NE(ContentName(a), ContentName(c));
}

TEST(DifferentialTest, PlantAltersOnlyItsShape) {
  auto release = version::ResolveRelease("1.37");
  ASSERT_TRUE(release.ok());
  auto profile = version::ProfileFor(*release);
  ASSERT_TRUE(profile.ok());
  auto planted = PlantedTarget(std::make_unique<runner::EngineTarget>(*profile), "nodeport-local");
  ASSERT_TRUE(planted.ok()) << planted.status().message();
  runner::EngineTarget plain(*profile);
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.96.0.0/16";
  ASSERT_TRUE((*planted)->Start(f).ok());
  ASSERT_TRUE(plain.Start(f).ok());
  registry::Request create;
  create.op = registry::Op::kCreate;
  create.body = Case("x", "").steps[0].object;
  auto a = (*planted)->Send(create);
  auto b = plain.Send(create);
  ASSERT_FALSE(b.is_error()) << b.body.dump();
  EXPECT_EQ(b.body["spec"]["externalTrafficPolicy"], "Cluster");
  EXPECT_EQ(a.body["spec"]["externalTrafficPolicy"], "Local");
  create.body["metadata"]["name"] = "svc-b";
  create.body["spec"]["type"] = "ClusterIP";
  auto c = (*planted)->Send(create);
  EXPECT_FALSE(c.body["spec"].contains("externalTrafficPolicy")) << c.body.dump();
  EXPECT_FALSE(PlantedTarget(std::make_unique<runner::EngineTarget>(*profile), "nope").ok());
}

}  // namespace
}  // namespace kdual::diff

namespace kdual::diff {
namespace {

TEST(BatchesTest, GroupsByFlagsAndRunsCasesThatMeetAlone) {
  auto a = Case("a", "");
  auto b = Case("b", "");  // the same Service name as a
  auto c = Case("c", "");
  c.steps[0].object["metadata"]["name"] = "svc-c";
  auto d = Case("d", "");
  d.cluster.components[flags::kApiserver]["service-cluster-ip-range"] = "fd00::/112";
  d.steps[0].object["metadata"]["name"] = "svc-d";
  auto e = Case("e", "");
  e.steps[0].object["metadata"]["name"] = "svc-e";
  e.requires_.push_back("fresh-cluster");
  std::vector<PlannedCase> planned = {
      {a, "v4", false}, {d, "v6", false}, {c, "v4", false}, {b, "v4", false}, {e, "v4", false}};
  auto batches = Batches(planned);
  ASSERT_EQ(batches.size(), 2u);
  ASSERT_EQ(batches[0].size(), 4u);
  EXPECT_EQ(batches[0][0].question.name, "c");
  EXPECT_FALSE(batches[0][0].exclusive);
  for (size_t i = 1; i < 4; ++i)
    EXPECT_TRUE(batches[0][i].exclusive) << batches[0][i].question.name;
  EXPECT_EQ(batches[0][1].question.name, "a");
  EXPECT_EQ(batches[0][2].question.name, "b");
  EXPECT_EQ(batches[0][3].question.name, "e");
  ASSERT_EQ(batches[1].size(), 1u);
  EXPECT_EQ(batches[1][0].question.name, "d");
  EXPECT_FALSE(batches[1][0].exclusive);
}

TEST(BatchesTest, CasesWithClusterScopedObjectsRunAlone) {
  // A case read from a file carries no generator's mark; a step about an
  // IPAddress (or a Node, or a ServiceCIDR) is enough to run it alone.
  auto a = Case("a", "");
  golden::Step get;
  get.op = golden::StepOp::kGet;
  get.kind = "IPAddress";
  get.name = "10.96.0.1";
  a.steps.push_back(get);
  auto b = Case("b", "");
  b.steps[0].object["metadata"]["name"] = "svc-b";
  auto batches = Batches({{a, "v4", false}, {b, "v4", false}});
  ASSERT_EQ(batches.size(), 1u);
  ASSERT_EQ(batches[0].size(), 2u);
  EXPECT_EQ(batches[0][0].question.name, "b");
  EXPECT_FALSE(batches[0][0].exclusive);
  EXPECT_TRUE(batches[0][1].exclusive);
}

}  // namespace
}  // namespace kdual::diff

namespace kdual::diff {
namespace {

DiffContext EngineContext() {
  DiffContext context;
  context.profile = *version::ProfileFor(*version::ResolveRelease("1.37"));
  context.server_version = "v1.37.2";
  version::Profile profile = context.profile;
  context.engine = [profile]() -> std::unique_ptr<runner::Target> {
    return std::make_unique<runner::EngineTarget>(profile);
  };
  return context;
}

// The engine takes the highest free address of a band: on fd00:10:96::/125
// the first Service gets fd00:10:96::7, so a patch naming ::7 asks the
// engine something else than the server, whose pick is random.
golden::GoldenCase PatchNaming(const std::string& address) {
  auto c = golden::ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: pick
source: {from: apiserver, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: "fd00:10:96::/125"}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: a, namespace: default}
      spec: {ports: [{port: 80}]}
  - op: patch
    name: a
    patch: {spec: {clusterIPs: [")" +
                                 address + R"("]}}
)",
                             "pick.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return *c;
}

TEST(DifferentialTest, ALiteralEqualToAPickDependsOnIt) {
  DiffContext context = EngineContext();
  std::string engine = DependsOnAPick(PatchNaming("fd00:10:96::7"), {}, context);
  EXPECT_NE(engine.find("fd00:10:96::7, which the engine also chose"), std::string::npos) << engine;
  EXPECT_EQ(DependsOnAPick(PatchNaming("fd00:10:96::3"), {}, context), "");
  std::string server = DependsOnAPick(PatchNaming("fd00:10:96::3"), {"fd00:10:96::3"}, context);
  EXPECT_NE(server.find("fd00:10:96::3, which the server also chose"), std::string::npos) << server;
}

TEST(DifferentialTest, AListedServiceTheCaseNeverNamesIsALeftover) {
  // Seen in live/faults: after an API server restart an earlier case's
  // Service stayed in the namespace and the next case's list showed it.
  auto list_case = [](const std::string& listed) {
    auto c = golden::ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: listed
source: {from: apiserver, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16"}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: a, namespace: default}
      spec: {ports: [{port: 80}]}
  - op: list
    expect:
      object:
        apiVersion: v1
        kind: ServiceList
        metadata: {}
        items: [{metadata: {name: a, namespace: default}}, {metadata: {name: )" +
                                   listed + R"(, namespace: default}}]
)",
                               "listed.yaml");
    EXPECT_TRUE(c.ok()) << c.status().message();
    return *c;
  };
  EXPECT_EQ(ListedLeftover(list_case("a")), "");
  EXPECT_EQ(ListedLeftover(list_case("a-12")),
            "the server listed Service a-12, which the case never names");
}

}  // namespace
}  // namespace kdual::diff
