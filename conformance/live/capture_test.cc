#include "conformance/live/capture.h"

#include <deque>

#include <gtest/gtest.h>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"
#include "conformance/runner/case_runner.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::live {
namespace {

using nlohmann::json;

// Answers from a script; records what it was sent.
class ScriptedTarget : public runner::Target {
 public:
  std::string Describe() const override { return "scripted"; }
  Status Start(const flags::ComponentFlags&) override { return start; }
  Status Restart(const flags::ComponentFlags&) override { return Status::Ok(); }
  registry::Answer Send(const registry::Request& request) override {
    sent.push_back(request);
    registry::Answer a = answers.front();
    answers.pop_front();
    return a;
  }
  Status start;
  std::deque<registry::Answer> answers;
  std::vector<registry::Request> sent;
};

golden::MatchContext Context(const golden::GoldenCase& c) {
  auto release = version::ResolveRelease("1.37");
  auto profile = version::ProfileFor(*release);
  return runner::MatchContextFor(c, *profile);
}

registry::Answer ObjectAnswer(int code, json body, std::vector<std::string> warnings = {}) {
  registry::Answer a;
  a.code = code;
  a.body = std::move(body);
  a.warnings = std::move(warnings);
  return a;
}

constexpr const char* kCase = R"(apiVersion: kdual/v1
kind: GoldenCase
name: scenario
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver:
    service-cluster-ip-range: 10.96.0.0/16,fd00:10:96::/112
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec: {type: NodePort, ipFamilyPolicy: PreferDualStack, ports: [{port: 80}]}
    expect:
      match: subset
      object:
        spec: {clusterIPs: ["~IPv4:a", "~IPv6:b"]}
  - op: create
    dryRun: true
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: dry, namespace: default}
      spec: {ports: [{port: 80}]}
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: clash, namespace: default}
      spec: {clusterIP: "~IPv4:a", ports: [{port: 80}]}
)";

TEST(CaptureCaseTest, ChosenValuesBecomeBoundPlaceholders) {
  auto original = golden::ParseCase(kCase, "scenario.yaml");
  ASSERT_TRUE(original.ok()) << original.status().message();
  ScriptedTarget target;
  target.answers.push_back(ObjectAnswer(
      201,
      {{"apiVersion", "v1"},
       {"kind", "Service"},
       {"metadata",
        {{"name", "web"}, {"namespace", "default"}, {"uid", "u-1"}, {"resourceVersion", "7"}}},
       {"spec",
        {{"type", "NodePort"},
         {"clusterIP", "10.96.3.4"},
         {"clusterIPs", {"10.96.3.4", "fd00:10:96::5"}},
         {"ipFamilyPolicy", "PreferDualStack"},
         {"ports", {{{"port", 80}, {"nodePort", 31234}}}}}}},
      {"a warning"}));
  target.answers.push_back(
      ObjectAnswer(201, {{"metadata", {{"name", "dry"}}},
                         {"spec", {{"clusterIP", "10.96.0.0"}, {"clusterIPs", {"10.96.0.0"}}}}}));
  target.answers.push_back(registry::StatusAnswer(
      422, "Invalid",
      "Service \"clash\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.3.4\"]: failed to allocate IP 10.96.3.4: provided IP is already allocated",
      {{"name", "clash"},
       {"kind", "Service"},
       {"causes",
        {{{"reason", "FieldValueInvalid"},
          {"field", "spec.clusterIPs"},
          {"message",
           "Invalid value: [\"10.96.3.4\"]: failed to allocate IP 10.96.3.4: provided IP is already allocated"}}}}}));

  auto result = CaptureCase(*original, target, Context(*original));
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_TRUE(result->notes.empty()) << result->notes[0];
  const auto& steps = result->captured.steps;
  EXPECT_EQ(result->captured.source, golden::Source::kApiserver);

  const json& spec = steps[0].expect->object["spec"];
  EXPECT_EQ(spec["clusterIP"], "~IPv4:a");
  EXPECT_EQ(spec["clusterIPs"], json({"~IPv4:a", "~IPv6:b"}));
  EXPECT_EQ(spec["ports"][0]["nodePort"], "~port:p1");
  EXPECT_FALSE(steps[0].expect->object["metadata"].contains("uid"));
  EXPECT_EQ(*steps[0].expect->warnings, std::vector<std::string>{"a warning"});

  // Dry-run answers stay literal.
  EXPECT_EQ(steps[1].expect->object["spec"]["clusterIP"], "10.96.0.0");
  EXPECT_FALSE(steps[1].expect->warnings.has_value());

  // The bound address was sent back, and its value in messages is ${a}.
  EXPECT_EQ(target.sent[2].body["spec"]["clusterIP"], "10.96.3.4");
  const auto& error = steps[2].expect->error;
  EXPECT_EQ(error.code, 422);
  EXPECT_EQ(error.reason, "Invalid");
  EXPECT_EQ(
      *error.message,
      "Service \"clash\" is invalid: spec.clusterIPs: Invalid value: [\"${a}\"]: failed to allocate IP ${a}: provided IP is already allocated");
  ASSERT_EQ(error.causes->size(), 1u);
  EXPECT_EQ(*(*error.causes)[0].field, "spec.clusterIPs");
  EXPECT_EQ(
      *(*error.causes)[0].message,
      "Invalid value: [\"${a}\"]: failed to allocate IP ${a}: provided IP is already allocated");

  // The third step's answer depends on the server's pick for the first.
  EXPECT_EQ(result->picked_and_named, std::vector<std::string>{"10.96.3.4"});

  // The written case reads back.
  auto again = golden::ParseCase(golden::WriteCase(result->captured), "captured.yaml");
  EXPECT_TRUE(again.ok()) << again.status().message();
}

constexpr const char* kDeleteCase = R"(apiVersion: kdual/v1
kind: GoldenCase
name: scenario
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver:
    service-cluster-ip-range: 10.96.0.0/16
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default, finalizers: [example.com/keep]}
      spec: {ports: [{port: 80}]}
  - op: delete
    name: web
    deleteOptions: {preconditions: {uid: "00000000-0000-0000-0000-000000000001"}}
  - op: delete
    name: web
    deleteOptions: {preconditions: {uid: "${uid:web}", resourceVersion: "${resourceVersion:web}"}}
)";

// The uid and resourceVersion a server picked are written as ${uid:NAME}
// and ${resourceVersion:NAME} in messages and sent back from requests; a
// deletion's time is ~timestamp; finalizers are kept.
TEST(CaptureCaseTest, ObjectReferencesAndDeletionFields) {
  auto original = golden::ParseCase(kDeleteCase, "scenario.yaml");
  ASSERT_TRUE(original.ok()) << original.status().message();
  ScriptedTarget target;
  json web = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata",
               {{"name", "web"},
                {"namespace", "default"},
                {"uid", "e2ec41cc-7468-468b-8a4c-2bd2d4583dd4"},
                {"resourceVersion", "242"},
                {"finalizers", {"example.com/keep"}}}},
              {"spec", {{"clusterIP", "10.96.0.9"}, {"ports", {{{"port", 80}}}}}}};
  target.answers.push_back(ObjectAnswer(201, web));
  target.answers.push_back(registry::StatusAnswer(
      409, "Conflict",
      "Operation cannot be fulfilled on Service \"web\": the UID in the precondition "
      "(00000000-0000-0000-0000-000000000001) does not match the UID in record "
      "(e2ec41cc-7468-468b-8a4c-2bd2d4583dd4). The object might have been deleted and then "
      "recreated"));
  json marked = web;
  marked["metadata"]["deletionTimestamp"] = "2026-12-06T19:20:18Z";
  marked["metadata"]["deletionGracePeriodSeconds"] = 0;
  target.answers.push_back(ObjectAnswer(200, marked));

  auto result = CaptureCase(*original, target, Context(*original));
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_TRUE(result->notes.empty()) << result->notes[0];
  const auto& steps = result->captured.steps;
  EXPECT_EQ(*steps[1].expect->error.message,
            "Operation cannot be fulfilled on Service \"web\": the UID in the precondition "
            "(00000000-0000-0000-0000-000000000001) does not match the UID in record "
            "(${uid:web}). The object might have been deleted and then recreated");
  // The preconditions went out with the values the first answer carried.
  EXPECT_EQ(target.sent[2].body["preconditions"],
            json({{"uid", "e2ec41cc-7468-468b-8a4c-2bd2d4583dd4"}, {"resourceVersion", "242"}}));
  const json& meta = steps[2].expect->object["metadata"];
  EXPECT_EQ(meta["deletionTimestamp"], "~timestamp");
  EXPECT_EQ(meta["deletionGracePeriodSeconds"], 0);
  EXPECT_EQ(meta["finalizers"], json({"example.com/keep"}));
  EXPECT_FALSE(meta.contains("uid"));

  auto again = golden::ParseCase(golden::WriteCase(result->captured), "captured.yaml");
  ASSERT_TRUE(again.ok()) << again.status().message();
  // Compared against another run whose server picked another uid: it holds.
  json other = web;
  other["metadata"]["uid"] = "11111111-2222-3333-4444-555555555555";
  std::vector<golden::StepAnswer> answers = {
      golden::StepAnswer::FromAnswer(ObjectAnswer(201, other)),
      golden::StepAnswer::FromAnswer(registry::StatusAnswer(
          409, "Conflict",
          "Operation cannot be fulfilled on Service \"web\": the UID in the precondition "
          "(00000000-0000-0000-0000-000000000001) does not match the UID in record "
          "(11111111-2222-3333-4444-555555555555). The object might have been deleted and then "
          "recreated")),
      golden::StepAnswer::FromAnswer(ObjectAnswer(200, marked))};
  auto verdict = golden::Compare(*again, answers, Context(*again));
  EXPECT_TRUE(verdict.passed) << verdict.FirstLine();
  // ... and the uid of the first run does not.
  answers[1] = golden::StepAnswer::FromAnswer(registry::StatusAnswer(
      409, "Conflict",
      "Operation cannot be fulfilled on Service \"web\": the UID in the precondition "
      "(00000000-0000-0000-0000-000000000001) does not match the UID in record "
      "(e2ec41cc-7468-468b-8a4c-2bd2d4583dd4). The object might have been deleted and then "
      "recreated"));
  EXPECT_FALSE(golden::Compare(*again, answers, Context(*again)).passed);
}

// A name the server generated is no value of the case: the object says
// ~generatedName, a message or warning ${generatedName}; captured again with
// other random names, the case holds.
TEST(ExpectationRecorderTest, GeneratedNamesBecomePlaceholders) {
  auto original = golden::ParseCase(kCase, "scenario.yaml");
  ASSERT_TRUE(original.ok());
  ExpectationRecorder recorder(*original, Context(*original));
  registry::Request create;
  create.body = {{"metadata", {{"generateName", "web-"}}}, {"spec", {{"ports", {{{"port", 0}}}}}}};
  auto refused = recorder.Record(
      10, create,
      golden::StepAnswer::FromAnswer(registry::StatusAnswer(
          422, "Invalid",
          "Service \"web-x7k2p\" is invalid: spec.ports[0].port: Invalid value: 0: must be "
          "between 1 and 65535, inclusive")));
  ASSERT_TRUE(refused.ok()) << refused.status().message();
  EXPECT_EQ(*refused->error.message,
            "Service \"${generatedName}\" is invalid: spec.ports[0].port: Invalid value: 0: "
            "must be between 1 and 65535, inclusive");
  auto created =
      recorder.Record(11, create,
                      golden::StepAnswer::FromAnswer(ObjectAnswer(
                          201, {{"metadata", {{"name", "web-b9zq4"}, {"namespace", "default"}}}},
                          {"web-b9zq4 is named"})));
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(created->object["metadata"]["name"], "~generatedName");
  EXPECT_EQ((*created->warnings)[0], "${generatedName} is named");
  // Not generated (a name given beside generateName): literal.
  registry::Request named = create;
  named.body["metadata"]["name"] = "web-b9zq4";
  auto literal =
      recorder.Record(12, named,
                      golden::StepAnswer::FromAnswer(ObjectAnswer(
                          201, {{"metadata", {{"name", "web-b9zq4"}, {"namespace", "default"}}}})));
  ASSERT_TRUE(literal.ok());
  EXPECT_EQ(literal->object["metadata"]["name"], "web-b9zq4");
}

TEST(ExpectationRecorderTest, AddressesAskedForEarlierStayLiteral) {
  auto original = golden::ParseCase(kCase, "scenario.yaml");
  ASSERT_TRUE(original.ok());
  ExpectationRecorder recorder(*original, Context(*original));
  // Steps past the written ones: no original expectation lends its names.
  registry::Request create;
  create.body = {
      {"spec", {{"clusterIP", "10.96.0.50"}, {"ports", {{{"port", 80}, {"nodePort", 30007}}}}}}};
  json object = {{"spec",
                  {{"clusterIP", "10.96.0.50"},
                   {"clusterIPs", {"10.96.0.50", "fd00:10:96::7"}},
                   {"ports", {{{"port", 80}, {"nodePort", 30007}}}}}}};
  auto first =
      recorder.Record(10, create, golden::StepAnswer::FromAnswer(ObjectAnswer(201, object)));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->object["spec"]["clusterIPs"], json({"10.96.0.50", "~IPv6:a"}));
  EXPECT_EQ(first->object["spec"]["ports"][0]["nodePort"], 30007);
  // A later merge-patch update that does not repeat them.
  registry::Request update;
  update.op = registry::Op::kUpdate;
  update.body = {{"spec", {{"ipFamilyPolicy", "PreferDualStack"}}}};
  auto second =
      recorder.Record(11, update, golden::StepAnswer::FromAnswer(ObjectAnswer(200, object)));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->object["spec"]["clusterIP"], "10.96.0.50");
  EXPECT_EQ(second->object["spec"]["clusterIPs"], json({"10.96.0.50", "~IPv6:a"}));
  EXPECT_EQ(second->object["spec"]["ports"][0]["nodePort"], 30007);
  EXPECT_TRUE(recorder.picked_and_named().empty());
  // A patch naming the address the server chose for the IPv6 family.
  registry::Request patch;
  patch.op = registry::Op::kPatch;
  patch.body = {{"spec", {{"clusterIPs", {"10.96.0.50", "fd00:10:96::7"}}}}};
  ASSERT_TRUE(
      recorder.Record(12, patch, golden::StepAnswer::FromAnswer(ObjectAnswer(200, object))).ok());
  EXPECT_EQ(recorder.picked_and_named(), std::set<std::string>{"fd00:10:96::7"});
  // Written otherwise, the same address.
  ExpectationRecorder upper(*original, Context(*original));
  ASSERT_TRUE(
      upper.Record(10, create, golden::StepAnswer::FromAnswer(ObjectAnswer(201, object))).ok());
  registry::Request named_upper;
  named_upper.body = {{"spec", {{"clusterIP", "FD00:10:96::7"}}}};
  ASSERT_TRUE(upper
                  .Record(11, named_upper,
                          golden::StepAnswer::FromAnswer(
                              registry::StatusAnswer(422, "Invalid", "already allocated", {})))
                  .ok());
  EXPECT_EQ(upper.picked_and_named(), std::set<std::string>{"fd00:10:96::7"});
}

// The other way round: an address one request named (and did not get) is
// what the server picks for a later create.
TEST(ExpectationRecorderTest, ACreateGivenAnAddressAnEarlierRequestNamedDependsOnThePick) {
  auto original = golden::ParseCase(kCase, "scenario.yaml");
  ASSERT_TRUE(original.ok());
  ExpectationRecorder recorder(*original, Context(*original));
  registry::Request refused;
  refused.body = {{"spec", {{"type", "ExternalName"}, {"clusterIPs", {"10.96.0.2"}}}}};
  ASSERT_TRUE(recorder
                  .Record(10, refused,
                          golden::StepAnswer::FromAnswer(registry::StatusAnswer(
                              422, "Invalid", "Service \"a\" is invalid", {})))
                  .ok());
  registry::Request plain;
  plain.body = {{"spec", {{"ports", {{{"port", 80}}}}}}};
  json object = {{"spec", {{"clusterIP", "10.96.0.2"}, {"clusterIPs", {"10.96.0.2"}}}}};
  auto created =
      recorder.Record(11, plain, golden::StepAnswer::FromAnswer(ObjectAnswer(201, object)));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(recorder.picked_and_named(), std::set<std::string>{"10.96.0.2"});
  // A create that asked for it got what it asked for: no pick.
  ExpectationRecorder asked(*original, Context(*original));
  ASSERT_TRUE(asked
                  .Record(10, refused,
                          golden::StepAnswer::FromAnswer(registry::StatusAnswer(
                              422, "Invalid", "Service \"a\" is invalid", {})))
                  .ok());
  registry::Request named;
  named.body = {{"spec", {{"clusterIP", "10.96.0.2"}}}};
  ASSERT_TRUE(
      asked.Record(11, named, golden::StepAnswer::FromAnswer(ObjectAnswer(201, object))).ok());
  EXPECT_TRUE(asked.picked_and_named().empty());
}

TEST(CaptureCaseTest, RefusedFlagsBecomeTheStartupError) {
  auto original = golden::ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: bad
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16,10.97.0.0/16"}
steps:
  - op: start
)",
                                    "bad.yaml");
  ASSERT_TRUE(original.ok()) << original.status().message();
  ScriptedTarget target;
  target.start = FailedPrecondition("must be of different IP family");
  auto result = CaptureCase(*original, target, Context(*original));
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->captured.steps[0].expect->kind, golden::Expectation::Kind::kStartupError);
  EXPECT_EQ(result->captured.steps[0].expect->startup_error, "must be of different IP family");

  target.start = Status::Ok();
  EXPECT_FALSE(CaptureCase(*original, target, Context(*original)).ok());
}

TEST(CaptureCaseTest, AStepOnTheDefaultKubernetesServiceCannotBeCaptured) {
  auto named = golden::ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: k
source: {from: handwritten, kubernetes: v1.37.2}
steps:
  - op: get
    name: web
  - op: delete
    name: kubernetes
)",
                                 "k.yaml");
  ASSERT_TRUE(named.ok()) << named.status().message();
  auto why = UncapturableStep(*named);
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(why->rfind("steps[1] names the default/kubernetes Service", 0), 0u) << *why;
  auto plain = golden::ParseCase(kCase, "scenario.yaml");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(UncapturableStep(*plain).has_value());
}

// A list of default meets the kubernetes Service, which a run namespace
// lacks, unless its field selector leaves it out.
TEST(CaptureCaseTest, AListOfDefaultNeedsToLeaveOutTheKubernetesService) {
  auto list_case = [](const char* selector) {
    return golden::ParseCase(std::string(R"(apiVersion: kdual/v1
kind: GoldenCase
name: l
source: {from: handwritten, kubernetes: v1.37.2}
steps:
  - op: list
)") + (selector ? std::string("    fieldSelector: \"") + selector + "\"\n" : ""),
                             "l.yaml");
  };
  EXPECT_TRUE(UncapturableStep(*list_case(nullptr)).has_value());
  EXPECT_TRUE(UncapturableStep(*list_case("metadata.name!=web")).has_value());
  EXPECT_FALSE(UncapturableStep(*list_case("spec.type=x,metadata.name!=kubernetes")).has_value());
  EXPECT_TRUE(ExcludesKubernetesService("metadata.name!=kubernetes"));
  EXPECT_FALSE(ExcludesKubernetesService("a=b\\,metadata.name!=kubernetes"));
  EXPECT_FALSE(ExcludesKubernetesService("metadata.name!=kubernetes-x"));
}

TEST(CaptureCaseTest, NoAnswerIsAnError) {
  auto original = golden::ParseCase(kCase, "scenario.yaml");
  ASSERT_TRUE(original.ok());
  ScriptedTarget target;
  registry::Answer none;
  none.code = 0;
  none.body = {{"message", "connection refused"}};
  target.answers.push_back(none);
  auto result = CaptureCase(*original, target, Context(*original));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("connection refused"), std::string::npos);
}

}  // namespace
}  // namespace kdual::live

namespace kdual::live {
namespace {

// A node port the server chose stands for itself in later messages, but not
// where the same number bounds the flag's range ("30000-30015").
TEST(ExpectationRecorderTest, APortThatBoundsARangeIsNotThePortChosen) {
  auto original = golden::ParseCase(kCase, "scenario.yaml");
  ASSERT_TRUE(original.ok());
  ExpectationRecorder recorder(*original, Context(*original));
  registry::Request create;
  create.body = {{"spec", {{"type", "NodePort"}, {"ports", {{{"port", 80}}}}}}};
  json object = {{"spec", {{"ports", {{{"port", 80}, {"nodePort", 30000}}}}}}};
  auto first =
      recorder.Record(10, create, golden::StepAnswer::FromAnswer(ObjectAnswer(201, object)));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->object["spec"]["ports"][0]["nodePort"], "~port:p1");
  registry::Request update;
  update.op = registry::Op::kUpdate;
  update.body = {{"spec", {{"ports", {{{"port", 1}, {"nodePort", 30016}}}}}}};
  auto refused = recorder.Record(
      11, update,
      golden::StepAnswer::FromAnswer(registry::StatusAnswer(
          422, "Invalid",
          "Service \"a\" is invalid: spec.ports[0].nodePort: Invalid value: 30016: provided port is not in the "
          "valid range. The range of valid ports is 30000-30015, spec.ports[1].nodePort: Duplicate value: 30000",
          {})));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(
      *refused->error.message,
      "Service \"a\" is invalid: spec.ports[0].nodePort: Invalid value: 30016: provided port is not in the "
      "valid range. The range of valid ports is 30000-30015, spec.ports[1].nodePort: Duplicate value: ${p1}");
}

}  // namespace
}  // namespace kdual::live
