#include "conformance/golden/comparator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/golden/case_reader.h"

namespace kdual::golden {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

MatchContext DualContext() {
  MatchContext c;
  c.service_ranges = {*net::ParseCIDRSloppy("10.96.0.0/16"),
                      *net::ParseCIDRSloppy("fd00:10:96::/112")};
  c.node_port_ranges = {flags::PortRange{30000, 2768}};
  return c;
}

Expectation ObjectExpect(json object, Match match = Match::kExact) {
  Expectation e;
  e.kind = Expectation::Kind::kObject;
  e.object = std::move(object);
  e.match = match;
  return e;
}

StepAnswer Object(json body, std::vector<std::string> warnings = {}) {
  registry::Answer a;
  a.code = 201;
  a.body = std::move(body);
  a.warnings = std::move(warnings);
  return StepAnswer::FromAnswer(a);
}

StepAnswer Error(int code, const std::string& reason, const std::string& message,
                 json causes = json()) {
  registry::Answer a;
  a.code = code;
  a.body = {{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
            {"reason", reason}, {"message", message}, {"code", code}};
  if (!causes.is_null()) a.body["details"] = {{"causes", causes}};
  return StepAnswer::FromAnswer(a);
}

std::vector<std::string> Check(const Expectation& e, const StepAnswer& a,
                               std::map<std::string, std::string>* bindings = nullptr) {
  std::map<std::string, std::string> local;
  return CompareExpectation(e, a, DualContext(), bindings ? bindings : &local);
}

TEST(Comparator, PlaceholderOfTheRightFamilyInRangeMatchesAndBinds) {
  std::map<std::string, std::string> b;
  EXPECT_THAT(Check(ObjectExpect({{"spec", {{"clusterIPs", {"~IPv4:a", "~IPv6:b"}}}}}),
                    Object({{"spec", {{"clusterIPs", {"10.96.3.4", "fd00:10:96::7"}}}}}), &b),
              IsEmpty());
  EXPECT_EQ(b["a"], "10.96.3.4");
  EXPECT_EQ(b["b"], "fd00:10:96::7");
}

TEST(Comparator, WrongFamilyReadsAsThePathAndBothValues) {
  EXPECT_THAT(Check(ObjectExpect({{"spec", {{"clusterIPs", {"~IPv4:a", "~IPv6:b"}}}}}),
                    Object({{"spec", {{"clusterIPs", {"10.96.3.4", "10.96.0.12"}}}}})),
              ElementsAre("spec.clusterIPs[1]: expected ~IPv6:b, got 10.96.0.12 (IPv4)"));
}

TEST(Comparator, LongStringsShowAWindowAroundTheFirstDifference) {
  const std::string prefix(300, 'x');
  const std::string e =
      prefix + "the provided network does not match the current range" + std::string(200, 'y');
  const std::string a = prefix + "range is full" + std::string(200, 'y');
  auto out = Check(ObjectExpect({{"message", e}}), Object({{"message", a}}));
  ASSERT_EQ(out.size(), 1u);
  // Both sides show the place where they part, not the same 160 x's.
  EXPECT_THAT(out[0], HasSubstr("expected ...xxxx"));
  EXPECT_THAT(out[0], HasSubstr("the provided network does not"));
  EXPECT_THAT(out[0], HasSubstr("range is full"));
}

TEST(Comparator, AddressOutsideEveryRangeFails) {
  EXPECT_THAT(Check(ObjectExpect({{"ip", "~IPv4"}}), Object({{"ip", "192.168.0.1"}})),
              ElementsAre(HasSubstr("outside the service ranges 10.96.0.0/16, fd00:10:96::/112")));
  EXPECT_THAT(Check(ObjectExpect({{"ip", "~IP"}}), Object({{"ip", "not-an-ip"}})),
              ElementsAre(HasSubstr("(not an IP address)")));
  EXPECT_THAT(Check(ObjectExpect({{"ip", "~IP"}}), Object({{"ip", "fd00:10:96::1"}})), IsEmpty());
}

TEST(Comparator, BoundNameMustHoldOneValue) {
  std::map<std::string, std::string> b = {{"a", "10.96.0.5"}};
  EXPECT_THAT(
      Check(ObjectExpect({{"clusterIP", "~IPv4:a"}}), Object({{"clusterIP", "10.96.0.6"}}), &b),
      ElementsAre("clusterIP: expected ~IPv4:a (= 10.96.0.5), got 10.96.0.6 (IPv4)"));
  EXPECT_THAT(Check(ObjectExpect({{"clusterIP", "~IPv4:a"}, {"clusterIPs", {"~IPv4:a"}}}),
                    Object({{"clusterIP", "10.96.0.1"}, {"clusterIPs", {"10.96.0.2"}}})),
              ElementsAre(HasSubstr("clusterIPs[0]: expected ~IPv4:a (= 10.96.0.1)")));
}

TEST(Comparator, PortPlaceholder) {
  std::map<std::string, std::string> b;
  EXPECT_THAT(Check(ObjectExpect({{"nodePort", "~port:p"}}), Object({{"nodePort", 30080}}), &b),
              IsEmpty());
  EXPECT_EQ(b["p"], "30080");
  EXPECT_THAT(Check(ObjectExpect({{"nodePort", "~port"}}), Object({{"nodePort", 32769}})),
              ElementsAre(HasSubstr("outside the node-port range 30000-32767")));
  EXPECT_THAT(Check(ObjectExpect({{"nodePort", "~port"}}), Object({{"nodePort", "30080"}})),
              ElementsAre(HasSubstr("expected ~port, got \"30080\"")));
}

TEST(Comparator, TemplateInsideStrings) {
  std::map<std::string, std::string> b = {{"a", "10.96.0.5"}};
  Expectation e;
  e.kind = Expectation::Kind::kError;
  e.error.code = 422;
  e.error.reason = "Invalid";
  e.error.message = "IP ${a} is taken";
  EXPECT_THAT(Check(e, Error(422, "Invalid", "IP 10.96.0.5 is taken"), &b), IsEmpty());
  EXPECT_THAT(
      Check(e, Error(422, "Invalid", "IP 10.96.0.6 is taken"), &b),
      ElementsAre(
          "error.message: expected \"IP 10.96.0.5 is taken\", got \"IP 10.96.0.6 is taken\""));
}

TEST(Comparator, TemplateBeforeItsPlaceholderInTheSameAnswer) {
  // "a" sorts after "msg", yet ${ip} expands: binding happens in a first pass.
  EXPECT_THAT(Check(ObjectExpect({{"msg", "got ${ip}"}, {"z", "~IPv4:ip"}}),
                    Object({{"msg", "got 10.96.1.1"}, {"z", "10.96.1.1"}})),
              IsEmpty());
}

TEST(Comparator, ExactMatchRefusesExtraFieldsSubsetDoesNot) {
  json answer = {{"spec", {{"type", "ClusterIP"}, {"sessionAffinity", "None"}}}};
  EXPECT_THAT(Check(ObjectExpect({{"spec", {{"type", "ClusterIP"}}}}), Object(answer)),
              ElementsAre("spec.sessionAffinity: unexpected field, got \"None\""));
  EXPECT_THAT(
      Check(ObjectExpect({{"spec", {{"type", "ClusterIP"}}}}, Match::kSubset), Object(answer)),
      IsEmpty());
  EXPECT_THAT(
      Check(ObjectExpect({{"spec", {{"type", "NodePort"}}}}, Match::kSubset), Object(answer)),
      ElementsAre("spec.type: expected \"NodePort\", got \"ClusterIP\""));
  EXPECT_THAT(Check(ObjectExpect({{"spec", {{"x", 1}}}}, Match::kSubset), Object(answer)),
              ElementsAre("spec.x: missing, expected 1"));
}

TEST(Comparator, AbsentUnderSubset) {
  json answer = {{"spec", {{"healthCheckNodePort", 30001}}}};
  EXPECT_THAT(Check(ObjectExpect({{"spec", {{"healthCheckNodePort", "~absent"}}}}, Match::kSubset),
                    Object(answer)),
              ElementsAre("spec.healthCheckNodePort: expected ~absent, got 30001"));
  EXPECT_THAT(
      Check(ObjectExpect({{"spec", {{"other", "~absent"}}}}, Match::kSubset), Object(answer)),
      IsEmpty());
}

TEST(Comparator, ListsCompareInOrderAndByLength) {
  EXPECT_THAT(Check(ObjectExpect({{"ipFamilies", {"IPv4", "IPv6"}}}),
                    Object({{"ipFamilies", {"IPv6", "IPv4"}}})),
              ElementsAre("ipFamilies[0]: expected \"IPv4\", got \"IPv6\"",
                          "ipFamilies[1]: expected \"IPv6\", got \"IPv4\""));
  EXPECT_THAT(
      Check(ObjectExpect({{"ipFamilies", {"IPv4"}}}), Object({{"ipFamilies", {"IPv4", "IPv6"}}})),
      ElementsAre(HasSubstr("ipFamilies: expected 1 items, got 2")));
}

TEST(Comparator, NumbersCompareByValue) {
  EXPECT_THAT(Check(ObjectExpect({{"port", 80}}), Object({{"port", 80.0}})), IsEmpty());
  EXPECT_THAT(Check(ObjectExpect({{"port", 80}}), Object({{"port", "80"}})),
              ElementsAre("port: expected 80, got \"80\""));
}

TEST(Comparator, MetadataIsNormalizedBeforeComparing) {
  EXPECT_THAT(Check(ObjectExpect({{"metadata", {{"name", "web"}}}}),
                    Object({{"metadata",
                             {{"name", "web"},
                              {"uid", "u"},
                              {"resourceVersion", "5"},
                              {"creationTimestamp", "t"},
                              {"managedFields", json::array()}}}})),
              IsEmpty());
}

TEST(Comparator, ObjectVersusError) {
  Expectation e = ObjectExpect({{"spec", json::object()}});
  EXPECT_THAT(
      Check(e, Error(422, "Invalid", "Service \"web\" is invalid")),
      ElementsAre("expected an object, got error 422 Invalid: \"Service \\\"web\\\" is invalid\""));
  Expectation err;
  err.kind = Expectation::Kind::kError;
  err.error = {409, "AlreadyExists", std::nullopt, std::nullopt};
  EXPECT_THAT(Check(err, Object({{"spec", json::object()}})),
              ElementsAre("expected error 409 AlreadyExists, got an object (HTTP 201)"));
}

TEST(Comparator, ErrorCausesFieldByField) {
  Expectation e;
  e.kind = Expectation::Kind::kError;
  e.error.code = 422;
  e.error.reason = "Invalid";
  e.error.causes = std::vector<ExpectedCause>{
      {"spec.ipFamilies[0]", "FieldValueInvalid", "Invalid value: \"IPv6\""}};
  json causes = json::array({{{"field", "spec.ipFamilies[0]"},
                              {"reason", "FieldValueInvalid"},
                              {"message", "Invalid value: \"IPv4\""}}});
  EXPECT_THAT(
      Check(e, Error(422, "Invalid", "m", causes)),
      ElementsAre(
          "error.causes[0].message: expected \"Invalid value: \\\"IPv6\\\"\", got \"Invalid value: \\\"IPv4\\\"\""));
  EXPECT_THAT(Check(e, Error(409, "Conflict", "m", causes)),
              ::testing::Contains("error.code: expected 422, got 409"));
  json two = causes;
  two.push_back({{"field", "spec.x"}});
  EXPECT_THAT(Check(e, Error(422, "Invalid", "m", two)),
              ::testing::Contains(HasSubstr("error.causes: expected 1 causes, got 2")));
  // Exact: a cause field the case does not list is a mismatch; subset: not.
  e.error.causes =
      std::vector<ExpectedCause>{{"spec.ipFamilies[0]", "FieldValueInvalid", std::nullopt}};
  EXPECT_THAT(Check(e, Error(422, "Invalid", "m", causes)),
              ElementsAre(HasSubstr("error.causes[0].message: unexpected")));
  e.match = Match::kSubset;
  EXPECT_THAT(Check(e, Error(422, "Invalid", "m", causes)), IsEmpty());
}

TEST(Comparator, WarningsExactlyUnderExact) {
  Expectation e = ObjectExpect(json::object());
  EXPECT_THAT(Check(e, Object(json::object(), {"w1"})),
              ElementsAre("warnings[0]: unexpected, got \"w1\""));
  e.warnings = std::vector<std::string>{"w1", "w2"};
  EXPECT_THAT(Check(e, Object(json::object(), {"w1"})),
              ElementsAre("warnings[1]: missing, expected \"w2\""));
  EXPECT_THAT(Check(e, Object(json::object(), {"w1", "w2"})), IsEmpty());
  Expectation s = ObjectExpect(json::object(), Match::kSubset);
  EXPECT_THAT(Check(s, Object(json::object(), {"w1"})), IsEmpty());
}

TEST(Comparator, AnyOfTakesTheFirstThatMatchesAndItsBindings) {
  Expectation e;
  e.kind = Expectation::Kind::kAnyOf;
  e.any_of = {ObjectExpect({{"ips", {"~IPv6:x", "~IPv4:y"}}}),
              ObjectExpect({{"ips", {"~IPv4:y", "~IPv6:x"}}})};
  std::map<std::string, std::string> b;
  EXPECT_THAT(Check(e, Object({{"ips", {"10.96.0.9", "fd00:10:96::9"}}}), &b), IsEmpty());
  EXPECT_EQ(b["y"], "10.96.0.9");
  EXPECT_EQ(b["x"], "fd00:10:96::9");
  auto none = Check(e, Object({{"ips", {"10.96.0.9"}}}));
  ASSERT_FALSE(none.empty());
  EXPECT_THAT(none[0], HasSubstr("none of the 2 anyOf answers matched"));
}

TEST(Comparator, StartupErrors) {
  Expectation e;
  e.kind = Expectation::Kind::kStartupError;
  e.startup_error = "bad range";
  EXPECT_THAT(Check(e, StepAnswer::StartupError("bad range")), IsEmpty());
  EXPECT_THAT(Check(e, StepAnswer::Started()),
              ElementsAre("expected startupError \"bad range\", got the control plane started"));
}

TEST(CaseMatcher, CarriesBindingsIntoLaterRequests) {
  auto c = ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: t
source: {from: handwritten, kubernetes: v1.33.13}
cluster: {kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16,fd00:10:96::/112"}}
steps:
  - op: create
    object: {metadata: {name: a}}
    expect: {match: subset, object: {spec: {clusterIP: ~IPv4:a, ports: [{nodePort: ~port:p}]}}}
  - op: update
    name: a
    patch: {spec: {clusterIPs: ["~IPv4:a"], note: "was ${a}", nodePort: "~port:p"}}
)",
                     "c.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  CaseMatcher m(*c, DualContext());
  EXPECT_FALSE(m.RequestFor(1).ok());  // nothing bound yet
  m.Observe(0,
            Object({{"spec", {{"clusterIP", "10.96.0.10"}, {"ports", {{{"nodePort", 30500}}}}}}}));
  EXPECT_TRUE(m.verdict().passed) << m.verdict().FirstLine();
  auto r = m.RequestFor(1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->merge_into_current);
  EXPECT_EQ(r->request.op, registry::Op::kUpdate);
  EXPECT_EQ(r->request.name, "a");
  EXPECT_EQ(
      r->request.body,
      json::parse(
          R"({"spec": {"clusterIPs": ["10.96.0.10"], "note": "was 10.96.0.10", "nodePort": 30500}})"));
}

// ${uid:NAME} and ${resourceVersion:NAME} bind from object answers; one no
// answer has shown goes out as written.
TEST(CaseMatcher, ObjectReferencesBindFromAnswers) {
  auto c = ParseCase(R"yaml(apiVersion: kdual/v1
kind: GoldenCase
name: t
source: {from: handwritten, kubernetes: v1.33.13}
cluster: {kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16"}}
steps:
  - op: create
    object: {metadata: {name: a}}
  - op: delete
    name: a
    deleteOptions: {preconditions: {uid: "${uid:a}", resourceVersion: "${resourceVersion:a}"}}
    expect:
      error: {code: 409, reason: Conflict, message: "uid ${uid:a}, version (${resourceVersion:a})"}
  - op: delete
    name: b
    deleteOptions: {preconditions: {uid: "${uid:b}"}}
)yaml",
                     "c.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  CaseMatcher m(*c, DualContext());
  auto unseen = m.RequestFor(1);
  ASSERT_TRUE(unseen.ok()) << unseen.status().message();
  EXPECT_EQ(unseen->request.body["preconditions"]["uid"], "${uid:a}");
  m.Observe(0, Object({{"metadata", {{"name", "a"}, {"uid", "u-7"}, {"resourceVersion", "42"}}}}));
  auto r = m.RequestFor(1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->request.body,
            json::parse(R"({"preconditions":{"uid":"u-7","resourceVersion":"42"}})"));
  EXPECT_EQ(r->request.op, registry::Op::kDelete);
  StepAnswer conflict =
      StepAnswer::FromAnswer(registry::StatusAnswer(409, "Conflict", "uid u-7, version (42)"));
  EXPECT_TRUE(m.Observe(1, conflict).empty());
  EXPECT_EQ(m.RequestFor(2)->request.body["preconditions"]["uid"], "${uid:b}");
}

// A name the server generated: ~generatedName in the object (bound, so a
// later step can name the Service), ${generatedName} in a message; both
// hold the step's generateName cut to 58 characters and 5 characters of the
// generator's alphabet, nothing else.
TEST(CaseMatcher, GeneratedNames) {
  auto c = ParseCase(R"yaml(apiVersion: kdual/v1
kind: GoldenCase
name: t
source: {from: handwritten, kubernetes: v1.33.13}
cluster: {kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16"}}
steps:
  - op: create
    object: {metadata: {generateName: web-}}
    expect: {match: subset, object: {metadata: {name: "~generatedName:g"}}}
  - op: get
    name: "${g}"
  - op: create
    object: {metadata: {generateName: web-}}
    expect:
      error: {code: 422, reason: Invalid, message: "Service \"${generatedName}\" is invalid: ${generatedName}"}
)yaml",
                     "c.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  {
    CaseMatcher m(*c, DualContext());
    EXPECT_THAT(m.Observe(0, Object({{"metadata", {{"name", "web-x7k2p"}}}})), IsEmpty());
    auto r = m.RequestFor(1);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->request.name, "web-x7k2p");
    EXPECT_THAT(m.Observe(2, Error(422, "Invalid", "Service \"web-b2b2b\" is invalid: web-b2b2b")),
                IsEmpty());
  }
  for (const char* name : {"web-x7k2", "web-x7k2pp", "web-x7k0p", "api-x7k2p", "web-X7K2P"}) {
    CaseMatcher m(*c, DualContext());
    EXPECT_THAT(m.Observe(0, Object({{"metadata", {{"name", name}}}})),
                ElementsAre(HasSubstr("expected ~generatedName:g (web- and 5 characters)")))
        << name;
  }
  // Two occurrences must be one name; a name from another prefix is not it.
  for (const char* message : {"Service \"web-b2b2b\" is invalid: web-b2b2c",
                              "Service \"api-b2b2b\" is invalid: api-b2b2b",
                              "Service \"web-b2b2b\" is invalid: web-b2b2b."}) {
    CaseMatcher m(*c, DualContext());
    EXPECT_THAT(m.Observe(2, Error(422, "Invalid", message)),
                ElementsAre(HasSubstr("error.message: expected")))
        << message;
  }
}

TEST(Comparator, GeneratedNameNeedsAGenerateName) {
  std::map<std::string, std::string> b;
  EXPECT_THAT(Check(ObjectExpect({{"metadata", {{"name", "~generatedName"}}}}, Match::kSubset),
                    Object({{"metadata", {{"name", "web-x7k2p"}}}}), &b),
              ElementsAre(HasSubstr("the request has no generateName")));
  MatchContext context = DualContext();
  context.generate_name = std::string(70, 'a');  // cut to 58
  EXPECT_THAT(CompareExpectation(
                  ObjectExpect({{"metadata", {{"name", "~generatedName"}}}}, Match::kSubset),
                  Object({{"metadata", {{"name", std::string(58, 'a') + "zzzzz"}}}}), context, &b),
              IsEmpty());
}

TEST(Compare, WholeCaseVerdictPrefixesSteps) {
  auto c = ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: t
source: {from: handwritten, kubernetes: v1.33.13}
steps:
  - op: create
    object: {metadata: {name: a}}
    expect: {object: {spec: {type: ClusterIP}}}
  - op: get
    name: a
    expect: {error: {code: 404, reason: NotFound}}
)",
                     "c.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  Verdict v =
      Compare(*c, {Object({{"spec", {{"type", "ClusterIP"}}}}), Error(404, "NotFound", "x")},
              DualContext());
  EXPECT_TRUE(v.passed);
  v = Compare(*c, {Object({{"spec", {{"type", "NodePort"}}}})}, DualContext());
  EXPECT_FALSE(v.passed);
  EXPECT_THAT(v.mismatches,
              ElementsAre("steps[0] create: spec.type: expected \"ClusterIP\", got \"NodePort\"",
                          "steps[1] get: no answer"));
  EXPECT_EQ(v.FirstLine(), "steps[0] create: spec.type: expected \"ClusterIP\", got \"NodePort\"");
}

}  // namespace
}  // namespace kdual::golden
