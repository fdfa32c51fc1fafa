#include "engine/registry/service_cluster.h"

#include <gtest/gtest.h>

namespace kdual::registry {
namespace {

using nlohmann::json;

std::unique_ptr<Cluster> Start(const std::string& range, const char* release = "v1.33.13",
                               const std::string& ports = "") {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = range;
  if (!ports.empty()) f.components[flags::kApiserver]["service-node-port-range"] = ports;
  auto p = version::ProfileFor(*version::ParseRelease(release));
  auto c = Cluster::Start(f, *p);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

Answer Create(Cluster& c, json spec, const std::string& name = "web", bool dry_run = false) {
  Request r;
  r.op = Op::kCreate;
  r.body = {
      {"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", name}}}, {"spec", spec}};
  r.dry_run = dry_run;
  return c.Handle(r);
}

Answer Simple(Cluster& c, Op op, const std::string& name, bool dry_run = false) {
  Request r;
  r.op = op;
  r.name = name;
  r.dry_run = dry_run;
  return c.Handle(r);
}

json Ports() { return json::array({{{"port", 80}}}); }

// A clone answers as its original would, and neither sees the other's
// writes: allocators, node ports, stored objects and counters are its own.
TEST(Clone, IsIndependentOfItsOriginal) {
  for (const char* release : {"v1.29.15", "v1.33.13", "v1.37.2"}) {
    auto original = Start("10.96.0.0/16,fd00:10:96::/112", release, "30000-30100");
    auto clone = original->Clone();
    json spec = {{"clusterIP", "10.96.0.40"},
                 {"clusterIPs", {"10.96.0.40", "fd00:10:96::40"}},
                 {"ipFamilyPolicy", "RequireDualStack"},
                 {"type", "NodePort"},
                 {"ports", {{{"port", 80}, {"nodePort", 30007}}}}};
    Answer in_clone = Create(*clone, spec);
    ASSERT_EQ(in_clone.code, 201) << release << in_clone.body.dump();
    // The original still has every value free and no Service "web".
    EXPECT_EQ(Simple(*original, Op::kGet, "web").code, 404) << release;
    Answer in_original = Create(*original, spec);
    EXPECT_EQ(in_original.code, 201) << release << in_original.body.dump();
    EXPECT_EQ(in_original.body["metadata"]["uid"], in_clone.body["metadata"]["uid"]) << release;
    // And a second clone of the original sees its write now.
    EXPECT_EQ(original->Clone()
                  ->Handle([] {
                    Request r;
                    r.op = Op::kGet;
                    r.name = "web";
                    return r;
                  }())
                  .code,
              200)
        << release;
  }
}

// ServerSideFieldValidation is alpha and off in 1.24: ?fieldValidation=Strict
// is taken as Ignore (handlers/rest.go fieldValidation); beta and on in 1.25.
TEST(FieldValidation, IgnoredWhileServerSideFieldValidationIsOff) {
  for (const char* release : {"v1.24.17", "v1.25.15"}) {
    auto c = Start("10.96.0.0/16", release);
    Request r;
    r.op = Op::kCreate;
    r.field_validation = FieldValidation::kStrict;
    r.body = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", "web"}}},
              {"spec", {{"ports", Ports()}, {"ipFamilys", {"IPv4"}}}}};
    Answer a = c->Handle(r);
    if (std::string(release) == "v1.24.17") {
      EXPECT_EQ(a.code, 201) << a.body.dump();
      EXPECT_TRUE(a.warnings.empty());
      EXPECT_FALSE(a.body["spec"].contains("ipFamilys"));
    } else {
      EXPECT_EQ(a.code, 400) << a.body.dump();
    }
    // Without the parameter: silence in 1.24, a warning in 1.25.
    r.field_validation = FieldValidation::kUnset;
    r.body["metadata"]["name"] = "web2";
    Answer w = c->Handle(r);
    ASSERT_EQ(w.code, 201) << w.body.dump();
    EXPECT_EQ(w.warnings.size(), std::string(release) == "v1.24.17" ? 0u : 1u) << release;
  }
}

// metadata.clusterName: a field in 1.24, cleared before validation with a
// warning (rest.BeforeCreate/BeforeUpdate); unknown from 1.25.
TEST(Meta, ClusterNameIsClearedIn124AndUnknownAfter) {
  auto old = Start("10.96.0.0/16", "v1.24.17");
  Request r;
  r.op = Op::kCreate;
  r.body = {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", {{"name", "web"}, {"clusterName", "Not_A_DNS_Label"}}},
            {"spec", {{"ports", Ports()}}}};
  Answer a = old->Handle(r);
  ASSERT_EQ(a.code, 201) << a.body.dump();
  EXPECT_FALSE(a.body["metadata"].contains("clusterName"));
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0],
            "metadata.clusterName was specified. This field is not preserved and will be removed "
            "from the schema in 1.25");
  // An empty one is no warning, and is not kept either.
  r.body["metadata"] = {{"name", "web2"}, {"clusterName", ""}};
  Answer empty = old->Handle(r);
  ASSERT_EQ(empty.code, 201) << empty.body.dump();
  EXPECT_TRUE(empty.warnings.empty());
  EXPECT_FALSE(empty.body["metadata"].contains("clusterName"));

  // 1.23 clears it without a word.
  auto older = Start("10.96.0.0/16", "v1.23.17");
  r.body["metadata"] = {{"name", "web"}, {"clusterName", "east"}};
  Answer silent = older->Handle(r);
  ASSERT_EQ(silent.code, 201) << silent.body.dump();
  EXPECT_TRUE(silent.warnings.empty());
  EXPECT_FALSE(silent.body["metadata"].contains("clusterName"));

  auto newer = Start("10.96.0.0/16", "v1.25.15");
  Answer b = newer->Handle(r);
  ASSERT_EQ(b.code, 201) << b.body.dump();
  ASSERT_EQ(b.warnings.size(), 1u);
  EXPECT_EQ(b.warnings[0], "unknown field \"metadata.clusterName\"");
}

// A status write that clears the last finalizer of a Service being deleted:
// from 1.25 its address and node port are free again at once (the status
// store's AfterDelete); in 1.24 they stay held until the repair loops.
TEST(Status, ClearingTheLastFinalizerReleasesFrom125) {
  for (const char* release : {"v1.24.17", "v1.25.15"}) {
    auto c = Start("10.96.0.0/16", release, "30000-30100");
    json spec = {{"type", "NodePort"},
                 {"clusterIP", "10.96.0.10"},
                 {"ports", {{{"port", 80}, {"nodePort", 30010}}}}};
    Request create;
    create.op = Op::kCreate;
    create.body = {{"apiVersion", "v1"},
                   {"kind", "Service"},
                   {"metadata", {{"name", "web"}, {"finalizers", {"example.com/keep"}}}},
                   {"spec", spec}};
    ASSERT_EQ(c->Handle(create).code, 201) << release;
    ASSERT_EQ(Simple(*c, Op::kDelete, "web").code, 200) << release;
    Request status;
    status.op = Op::kPatch;
    status.name = "web";
    status.subresource = "status";
    status.patch_type = PatchType::kMerge;
    status.body = {{"metadata", {{"finalizers", nullptr}}}};
    ASSERT_EQ(c->Handle(status).code, 200) << release;
    ASSERT_EQ(Simple(*c, Op::kGet, "web").code, 404) << release;
    Answer again = Create(*c, spec, "web2");
    if (std::string(release) == "v1.24.17") {
      EXPECT_EQ(again.code, 422) << again.body.dump();
    } else {
      EXPECT_EQ(again.code, 201) << again.body.dump();
    }
  }
}

// 1.23 defaults internalTrafficPolicy on every type and an ExternalName
// Service keeps it; from 1.24 neither (defaults.go, storage.go
// defaultOnReadInternalTrafficPolicy).
TEST(Create, ExternalNameInternalTrafficPolicyPerRelease) {
  for (const char* release : {"v1.23.17", "v1.24.17"}) {
    auto c = Start("10.96.0.0/16", release);
    Answer a = Create(*c, {{"type", "ExternalName"}, {"externalName", "example.com"}});
    ASSERT_EQ(a.code, 201) << release << a.body.dump();
    EXPECT_EQ(a.body["spec"].contains("internalTrafficPolicy"), std::string(release) == "v1.23.17")
        << release << a.body.dump();
  }
}

TEST(Create, DefaultsOnSingleStack) {
  auto c = Start("10.96.0.0/16");
  auto a = Create(*c, {{"selector", {{"app", "web"}}}, {"ports", Ports()}});
  ASSERT_EQ(a.code, 201) << a.body.dump();
  const json& spec = a.body["spec"];
  EXPECT_EQ(spec["type"], "ClusterIP");
  EXPECT_EQ(spec["sessionAffinity"], "None");
  EXPECT_EQ(spec["internalTrafficPolicy"], "Cluster");
  EXPECT_EQ(spec["ipFamilyPolicy"], "SingleStack");
  EXPECT_EQ(spec["ipFamilies"], json::array({"IPv4"}));
  EXPECT_EQ(spec["ports"], json::parse(R"([{"port":80,"protocol":"TCP","targetPort":80}])"));
  EXPECT_EQ(spec["clusterIP"], "10.96.255.254");  // the highest of the dynamic band
  EXPECT_EQ(spec["clusterIPs"], json::array({"10.96.255.254"}));
  EXPECT_EQ(a.body["status"], json::parse(R"({"loadBalancer":{}})"));
  EXPECT_EQ(a.body["apiVersion"], "v1");
  EXPECT_EQ(a.body["kind"], "Service");
  EXPECT_EQ(a.body["metadata"]["namespace"], "default");
  EXPECT_FALSE(a.body["metadata"]["uid"].get<std::string>().empty());
  EXPECT_FALSE(spec.contains("externalTrafficPolicy"));
}

TEST(Create, KubernetesServiceHoldsTheFirstAddress) {
  auto c = Start("10.96.0.0/16,fd00:10:96::/112");
  auto a = Simple(*c, Op::kGet, "kubernetes");
  ASSERT_EQ(a.code, 200);
  EXPECT_EQ(a.body["spec"]["clusterIP"], "10.96.0.1");
  EXPECT_EQ(a.body["spec"]["ipFamilies"], json::array({"IPv4"}));
  EXPECT_EQ(a.body["spec"]["ports"][0]["name"], "https");
  auto taken = Create(*c, {{"clusterIP", "10.96.0.1"}, {"ports", Ports()}});
  ASSERT_EQ(taken.code, 422);
  EXPECT_EQ(
      taken.body["message"],
      "Service \"web\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: failed to allocate "
      "IP 10.96.0.1: provided IP is already allocated");
}

TEST(Create, PreferDualStackOnDualCluster) {
  auto c = Start("10.96.0.0/16,fd00:10:96::/112");
  auto a = Create(
      *c,
      {{"ipFamilyPolicy", "PreferDualStack"}, {"selector", {{"app", "web"}}}, {"ports", Ports()}});
  ASSERT_EQ(a.code, 201) << a.body.dump();
  EXPECT_EQ(a.body["spec"]["ipFamilies"], json::array({"IPv4", "IPv6"}));
  EXPECT_EQ(a.body["spec"]["clusterIPs"], json::array({"10.96.255.254", "fd00:10:96::ffff"}));
}

TEST(Create, RequireDualStackIPv6First) {
  auto c = Start("10.96.0.0/16,fd00:10:96::/112");
  auto a = Create(
      *c, {{"ipFamilyPolicy", "RequireDualStack"}, {"ipFamilies", {"IPv6"}}, {"ports", Ports()}});
  ASSERT_EQ(a.code, 201) << a.body.dump();
  EXPECT_EQ(a.body["spec"]["ipFamilies"], json::array({"IPv6", "IPv4"}));
  EXPECT_EQ(a.body["spec"]["clusterIP"], "fd00:10:96::ffff");
}

TEST(Create, FamilyErrors) {
  auto c = Start("10.0.0.0/16");
  auto a = Create(*c, {{"ipFamilies", {"IPv6"}}, {"ports", Ports()}});
  ASSERT_EQ(a.code, 422);
  EXPECT_EQ(
      a.body["message"],
      "Service \"web\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster");
  EXPECT_EQ(a.body["details"]["causes"][0]["field"], "spec.ipFamilies[0]");
  EXPECT_EQ(a.body["details"]["kind"], "Service");

  a = Create(
      *c, {{"ipFamilyPolicy", "RequireDualStack"}, {"ipFamilies", {"IPv6"}}, {"ports", Ports()}});
  EXPECT_EQ(
      a.body["message"],
      "Service \"web\" is invalid: [spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is "
      "not configured for dual-stack services, spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on "
      "this cluster]");
  a = Create(*c, {{"ipFamilies", {"IPv4", "IPv6"}}, {"ports", Ports()}});
  EXPECT_EQ(
      a.body["message"],
      "Service \"web\" is invalid: spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be "
      "'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified");
  a = Create(*c, {{"clusterIP", "2000::1"}, {"ports", Ports()}});
  EXPECT_EQ(
      a.body["message"],
      "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"2000::1\"}: IPv6 is not "
      "configured on this cluster");
  // Family errors come before ordinary validation (allocation runs in BeginCreate).
  a = Create(*c, {{"ipFamilies", {"IPv6"}}});
  EXPECT_EQ(a.body["details"]["causes"].size(), 1u);
}

TEST(Create, JsonRenderingIn137) {
  auto c = Start("10.0.0.0/16", "v1.37.2");
  auto a = Create(*c, {{"clusterIP", "2000::1"}, {"ports", Ports()}});
  EXPECT_EQ(
      a.body["message"],
      "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: [\"2000::1\"]: IPv6 is not configured on "
      "this cluster");
}

TEST(Create, HeadlessSelectorlessGetsBothFamilies) {
  auto c = Start("10.0.0.0/16");
  auto a = Create(*c, {{"clusterIP", "None"}, {"ports", Ports()}});
  ASSERT_EQ(a.code, 201) << a.body.dump();
  EXPECT_EQ(a.body["spec"]["ipFamilyPolicy"], "RequireDualStack");
  EXPECT_EQ(a.body["spec"]["ipFamilies"], json::array({"IPv4", "IPv6"}));
  EXPECT_EQ(a.body["spec"]["clusterIPs"], json::array({"None"}));
}

TEST(Create, OutOfRangeStaticIPPerVersion) {
  auto msg = [](const char* release) {
    auto c = Start("10.0.0.0/16", release);
    return Create(*c, {{"clusterIP", "192.168.0.5"}, {"ports", Ports()}})
        .body["message"]
        .get<std::string>();
  };
  EXPECT_EQ(
      msg("v1.29.15"),
      "Service \"web\" is invalid: spec.clusterIPs: Invalid value: []string{\"192.168.0.5\"}: failed to "
      "allocate IP 192.168.0.5: the provided IP (192.168.0.5) is not in the valid range. The range of valid "
      "IPs is 10.0.0.0/16");
  EXPECT_EQ(
      msg("v1.33.13"),
      "Service \"web\" is invalid: spec.clusterIPs: Invalid value: []string{\"192.168.0.5\"}: failed to "
      "allocate IP 192.168.0.5: the provided network does not match the current range");
}

TEST(Create, ExhaustionOfASlash29) {
  // /29: 6 usable addresses, the kubernetes Service holds the first.
  auto c = Start("192.168.0.0/29");
  for (int i = 0; i < 5; ++i) {
    auto a = Create(*c, {{"ports", Ports()}}, "s" + std::to_string(i));
    ASSERT_EQ(a.code, 201) << a.body.dump();
  }
  auto a = Create(*c, {{"ports", Ports()}}, "s5");
  EXPECT_EQ(a.code, 500);
  EXPECT_EQ(a.body["reason"], "InternalError");
  EXPECT_EQ(a.body["message"],
            "Internal error occurred: failed to allocate a serviceIP: range is full");
  auto c37 = Start("192.168.0.0/29", "v1.37.2");
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(Create(*c37, {{"ports", Ports()}}, "s" + std::to_string(i)).code, 201);
  EXPECT_EQ(
      Create(*c37, {{"ports", Ports()}}, "s5").body["message"],
      "Internal error occurred: failed to allocate a serviceIP for Service \"s5\": range is full");
}

TEST(Create, AlreadyExistsReleasesTheAllocation) {
  auto c = Start("10.0.0.0/16");
  ASSERT_EQ(Create(*c, {{"ports", Ports()}}).code, 201);
  auto a = Create(*c, {{"clusterIP", "10.0.5.5"}, {"ports", Ports()}});
  EXPECT_EQ(a.code, 409);
  EXPECT_EQ(a.body["reason"], "AlreadyExists");
  EXPECT_EQ(a.body["message"], "services \"web\" already exists");
  EXPECT_EQ(Create(*c, {{"clusterIP", "10.0.5.5"}, {"ports", Ports()}}, "other").code, 201);
}

TEST(Create, NodePortsAndDryRun) {
  auto c = Start("10.0.0.0/16");
  auto a =
      Create(*c, {{"type", "NodePort"},
                  {"ports", json::array({{{"port", 53}, {"protocol", "TCP"}, {"name", "dns-tcp"}},
                                         {{"port", 53}, {"protocol", "UDP"}, {"name", "dns"}}})}});
  ASSERT_EQ(a.code, 201) << a.body.dump();
  EXPECT_EQ(a.body["spec"]["ports"][0]["nodePort"], 32767);  // the highest of the dynamic band
  EXPECT_EQ(a.body["spec"]["ports"][1]["nodePort"], 32767);  // same port number shares it
  EXPECT_EQ(a.body["spec"]["externalTrafficPolicy"], "Cluster");

  auto d = Create(
      *c,
      {{"type", "NodePort"},
       {"ports", json::array({{{"port", 80}, {"name", "a"}}, {{"port", 81}, {"name", "b"}}})}},
      "dry", true);
  ASSERT_EQ(d.code, 201) << d.body.dump();
  EXPECT_EQ(d.body["spec"]["clusterIP"], "10.0.0.0");
  EXPECT_EQ(d.body["spec"]["ports"][0]["nodePort"], 32769);
  EXPECT_EQ(d.body["spec"]["ports"][1]["nodePort"], 32770);
  EXPECT_EQ(Simple(*c, Op::kGet, "dry").code, 404);

  auto taken = Create(
      *c, {{"type", "NodePort"}, {"ports", json::array({{{"port", 80}, {"nodePort", 32767}}})}},
      "t");
  EXPECT_EQ(
      taken.body["message"],
      "Service \"t\" is invalid: spec.ports[0].nodePort: Invalid value: 32767: provided port is already allocated");
  auto out = Create(
      *c, {{"type", "NodePort"}, {"ports", json::array({{{"port", 80}, {"nodePort", 80}}})}}, "t");
  EXPECT_EQ(
      out.body["message"],
      "Service \"t\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid "
      "range. The range of valid ports is 30000-32767");
}

TEST(Create, LoadBalancerDefaults) {
  auto c = Start("10.0.0.0/16");
  auto a = Create(*c, {{"type", "LoadBalancer"}, {"ports", Ports()}});
  ASSERT_EQ(a.code, 201) << a.body.dump();
  EXPECT_EQ(a.body["spec"]["allocateLoadBalancerNodePorts"], true);
  EXPECT_EQ(a.body["spec"]["externalTrafficPolicy"], "Cluster");
  EXPECT_TRUE(a.body["spec"]["ports"][0].contains("nodePort"));
}

TEST(Delete, AnswersTheObjectAndReleases) {
  auto c = Start("10.0.0.0/28");
  auto a = Create(*c, {{"clusterIP", "10.0.0.5"}, {"ports", Ports()}});
  ASSERT_EQ(a.code, 201);
  auto d = Simple(*c, Op::kDelete, "web");
  EXPECT_EQ(d.code, 200);
  EXPECT_EQ(d.body["kind"], "Service");
  EXPECT_EQ(d.body["spec"]["clusterIP"], "10.0.0.5");
  EXPECT_EQ(Simple(*c, Op::kGet, "web").code, 404);
  EXPECT_EQ(Simple(*c, Op::kDelete, "web").body["message"], "services \"web\" not found");
  EXPECT_EQ(Create(*c, {{"clusterIP", "10.0.0.5"}, {"ports", Ports()}}, "again").code, 201);
}

// 1.23's strict decoder (ServerSideFieldValidation switched on) names an
// unknown field by its key; from 1.24 by its path.
TEST(Decode, UnknownFieldNamesPerRelease) {
  for (const char* release : {"v1.23.17", "v1.24.17"}) {
    flags::ComponentFlags f;
    f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.0.0.0/16";
    f.components[flags::kApiserver]["feature-gates"] = "ServerSideFieldValidation=true";
    auto c = Cluster::Start(f, *version::ProfileFor(*version::ParseRelease(release)));
    ASSERT_TRUE(c.ok()) << c.status().message();
    Answer a = Create(**c, {{"ports", Ports()}, {"bogus", 1}});
    ASSERT_EQ(a.code, 201) << a.body.dump();
    EXPECT_EQ(a.warnings, std::vector<std::string>{std::string(release) == "v1.23.17"
                                                       ? "unknown field \"bogus\""
                                                       : "unknown field \"spec.bogus\""});
  }
}

// An update whose object names another namespace: from 1.24 the handler's
// check; 1.23's checkName words it otherwise.
TEST(Update, AnotherNamespacePerRelease) {
  for (const char* release : {"v1.23.17", "v1.24.17"}) {
    auto c = Start("10.0.0.0/16", release);
    ASSERT_EQ(Create(*c, {{"ports", Ports()}}).code, 201) << release;
    Request r;
    r.op = Op::kUpdate;
    r.name = "web";
    r.body = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", "web"}, {"namespace", "other"}}},
              {"spec", {{"ports", Ports()}}}};
    Answer a = c->Handle(r);
    EXPECT_EQ(a.code, 400) << release;
    EXPECT_EQ(
        a.body["message"],
        std::string(release) == "v1.23.17"
            ? "the namespace of the object (other) does not match the namespace on the request "
              "(default)"
            : "the namespace of the provided object does not match the namespace sent on the "
              "request")
        << release;
  }
}

TEST(Decode, WrongTypesAndUnknownFields) {
  auto c = Start("10.0.0.0/16");
  auto a = Create(*c, {{"ports", json::array({{{"port", "80"}}})}});
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body["reason"], "BadRequest");
  EXPECT_EQ(
      a.body["message"],
      "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal string into Go struct "
      "field ServicePort.spec.ports.port of type int32");
  a = Create(*c, {{"clusterIPs", "10.0.0.1"}});
  EXPECT_EQ(
      a.body["message"],
      "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal string into Go struct "
      "field ServiceSpec.spec.clusterIPs of type []string");
  a = Create(*c, {{"ports", Ports()}, {"bogus", 1}});
  EXPECT_EQ(a.code, 201);
  EXPECT_EQ(a.warnings, std::vector<std::string>{"unknown field \"spec.bogus\""});
  Request r;
  r.op = Op::kCreate;
  r.body = json::array({1, 2});
  EXPECT_EQ(c->Handle(r).code, 400);
}

TEST(Start, RefusedFlags) {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.0.0.0/8";
  auto c = Cluster::Start(f, *version::ProfileFor(*version::ParseRelease("v1.29.15")));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(
      c.status().message(),
      "specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12");
}

}  // namespace
}  // namespace kdual::registry
