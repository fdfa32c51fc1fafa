// Start-up (feature gates, the kubernetes Service bootstrap) and request
// decoding as each release's apiserver does them.
#include <gtest/gtest.h>

#include "engine/registry/cluster.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

Result<std::unique_ptr<Cluster>> TryStart(const std::string& range, const char* release,
                                          const std::string& gates = "") {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = range;
  if (!gates.empty()) f.components[flags::kApiserver]["feature-gates"] = gates;
  return Cluster::Start(f, *version::ProfileFor(*version::ParseRelease(release)));
}

Answer CreateBody(Cluster& c, json body) {
  Request r;
  r.op = Op::kCreate;
  r.body = std::move(body);
  return c.Handle(r);
}

json Body(json spec) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", "web"}}},
          {"spec", std::move(spec)}};
}

TEST(Start, ShortIPv6RangeFailsTheKubernetesServiceIn137) {
  auto c = TryStart("fd00:10:96::/63", "v1.37.2");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(
      c.status().message(),
      "unable to sync kubernetes service: Service \"kubernetes\" is invalid: spec.clusterIPs: Invalid value: "
      "[\"fd00:10:96::1\"]: failed to allocate IP fd00:10:96::1: the provided network does not match the "
      "current range");
  EXPECT_TRUE(TryStart("fd00:10:96::/64", "v1.37.2").ok());
}

TEST(Start, StrictIPCIDRValidationGate) {
  auto old = TryStart("10.96.0.0/16", "v1.29.15", "StrictIPCIDRValidation=true");
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(
      old.status().message(),
      "invalid argument \"StrictIPCIDRValidation=true\" for \"--feature-gates\" flag: unrecognized feature "
      "gate: StrictIPCIDRValidation");
  json spec = {{"externalIPs", {"001.002.003.004"}}, {"ports", {{{"port", 80}}}}};
  auto off = TryStart("10.96.0.0/16", "v1.37.2", "StrictIPCIDRValidation=false");
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(CreateBody(**off, Body(spec)).code, 201);
  auto on = TryStart("10.96.0.0/16", "v1.33.13", "StrictIPCIDRValidation=true");
  ASSERT_TRUE(on.ok());
  EXPECT_EQ(CreateBody(**on, Body(spec)).code, 422);
}

TEST(Decode, TypeMetaAndNamedTypes) {
  auto c = TryStart("10.96.0.0/16", "v1.33.13");
  ASSERT_TRUE(c.ok());
  json body = Body({{"ports", {{{"port", 80}}}}});
  body["apiVersion"] = "v2";
  auto a = CreateBody(**c, body);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body["message"],
            "Service in version \"v2\" cannot be handled as a Service: no kind \"Service\" is "
            "registered for version \"v2\" in scheme \"pkg/runtime/scheme.go:110\"");
  body["apiVersion"] = "v1";
  body["kind"] = "Pod";
  EXPECT_EQ(
      CreateBody(**c, body).body["message"],
      "Pod in version \"v1\" cannot be handled as a Service: converting (v1.Pod) to (core.Service): unknown "
      "conversion");
  a = CreateBody(**c, Body({{"type", 5}, {"ports", {{{"port", 80}}}}}));
  EXPECT_EQ(a.body["message"],
            "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal "
            "number into Go struct field ServiceSpec.spec.type of type v1.ServiceType");
  a = CreateBody(**c, Body({{"ipFamilies", {1}}, {"ports", {{{"port", 80}}}}}));
  EXPECT_EQ(a.body["message"],
            "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal "
            "number into Go struct field ServiceSpec.spec.ipFamilies of type v1.IPFamily");
}

TEST(Decode, TrafficDistributionUnknownBefore130) {
  json spec = {{"trafficDistribution", "PreferClose"}, {"ports", {{{"port", 80}}}}};
  auto c = TryStart("10.96.0.0/16", "v1.29.15");
  ASSERT_TRUE(c.ok());
  auto a = CreateBody(**c, Body(spec));
  ASSERT_EQ(a.code, 201);
  EXPECT_FALSE(a.body["spec"].contains("trafficDistribution"));
  EXPECT_EQ(a.warnings, std::vector<std::string>{"unknown field \"spec.trafficDistribution\""});
  c = TryStart("10.96.0.0/16", "v1.33.13");
  a = CreateBody(**c, Body(spec));
  EXPECT_EQ(a.body["spec"]["trafficDistribution"], "PreferClose");
}

}  // namespace
}  // namespace kdual::registry

namespace kdual::registry {
namespace {

TEST(Create, NamespaceMustExist) {
  auto c = TryStart("10.96.0.0/16", "v1.37.2");
  ASSERT_TRUE(c.ok());
  Request r;
  r.op = Op::kCreate;
  r.namespace_name = "absent";
  r.body = Body({{"ports", {{{"port", 80}}}}});
  r.body["metadata"]["namespace"] = "absent";
  auto a = (*c)->Handle(r);
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body["message"], "namespaces \"absent\" not found");
}

TEST(Create, StaticIPWithoutNameFailsTheIPAddressObject) {
  json body = Body({{"clusterIP", "10.96.5.1"}, {"ports", {{{"port", 80}}}}});
  body["metadata"].erase("name");
  auto c = TryStart("10.96.0.0/16", "v1.37.2");
  auto a = CreateBody(**c, body);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body["message"],
            "Service \"\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.5.1\"]: failed to "
            "allocate IP 10.96.5.1: IPAddress.networking.k8s.io \"10.96.5.1\" is invalid: "
            "spec.parentRef.name: Required value");
  // The bitmap allocator (1.29) has no such object: ObjectMeta validation answers.
  c = TryStart("10.96.0.0/16", "v1.29.15");
  a = CreateBody(**c, body);
  EXPECT_EQ(
      a.body["message"],
      "Service \"\" is invalid: metadata.name: Required value: name or generateName is required");
}

}  // namespace
}  // namespace kdual::registry

namespace kdual::registry {
namespace {

TEST(Create, FailedSecondaryKeepsThePrimaryAllocated) {
  // alloc.go txnAllocClusterIPs does not revert allocIPs' partial work.
  for (const char* release : {"v1.29.15", "v1.33.13", "v1.37.2"}) {
    auto c = TryStart("10.96.0.0/16,fd00:10:96::/112", release);
    ASSERT_TRUE(c.ok());
    auto spec = [](const char* v4, const char* v6) {
      return json{{"clusterIP", v4},
                  {"clusterIPs", {v4, v6}},
                  {"ipFamilyPolicy", "RequireDualStack"},
                  {"ports", {{{"port", 80}}}}};
    };
    EXPECT_EQ(CreateBody(**c, Body(spec("10.96.0.62", "fd00:10:96::62"))).code, 201);
    json b = Body(spec("10.96.0.63", "fd00:10:96::62"));
    b["metadata"]["name"] = "b";
    EXPECT_EQ(CreateBody(**c, b).code, 422);
    json again = Body({{"clusterIP", "10.96.0.63"}, {"ports", {{{"port", 80}}}}});
    again["metadata"]["name"] = "c";
    auto a = CreateBody(**c, again);
    EXPECT_EQ(a.code, 422) << release;
  }
}

TEST(Create, NamelessDynamicAllocationFailsAndFreesTheAddress) {
  json body = Body({{"ports", {{{"port", 80}}}}});
  body["metadata"].erase("name");
  auto c = TryStart("10.96.0.0/29", "v1.37.2");
  auto a = CreateBody(**c, body);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(
      a.body["message"],
      "Service \"\" is invalid: spec.clusterIPs: Invalid value: [\"\"]: failed to allocate IP: "
      "IPAddress.networking.k8s.io \"10.96.0.6\" is invalid: spec.parentRef.name: Required "
      "value");
  body["metadata"]["name"] = "named";
  a = CreateBody(**c, body);
  ASSERT_EQ(a.code, 201);
  EXPECT_EQ(a.body["spec"]["clusterIP"], "10.96.0.6");  // given back after the failure: taken again
  c = TryStart("10.96.0.0/29", "v1.33.13");
  body["metadata"].erase("name");
  EXPECT_EQ(
      CreateBody(**c, body).body["message"],
      "Internal error occurred: failed to allocate a serviceIP: IPAddress.networking.k8s.io \"10.96.0.6\" is "
      "invalid: spec.parentRef.name: Required value");
}

}  // namespace
}  // namespace kdual::registry

namespace kdual::registry {
namespace {

TEST(Delete, FinalizersKeepTheServiceAndItsAddressUntilRemoved) {
  auto c = TryStart("10.96.0.0/16", "v1.37.2");
  json body = Body({{"clusterIP", "10.96.0.9"}, {"ports", {{{"port", 80}}}}});
  body["metadata"]["finalizers"] = {"example.com/test"};
  ASSERT_EQ(CreateBody(**c, body).code, 201);
  Request del;
  del.op = Op::kDelete;
  del.name = "web";
  EXPECT_EQ((*c)->Handle(del).code, 200);
  Request get;
  get.op = Op::kGet;
  get.name = "web";
  auto g = (*c)->Handle(get);
  ASSERT_EQ(g.code, 200);
  EXPECT_TRUE(g.body["metadata"].contains("deletionTimestamp"));
  // The address is still taken.
  json other = Body({{"clusterIP", "10.96.0.9"}, {"ports", {{{"port", 80}}}}});
  other["metadata"]["name"] = "other";
  EXPECT_EQ(CreateBody(**c, other).code, 422);
  // Removing the finalizer completes the deletion.
  Request upd;
  upd.op = Op::kUpdate;
  upd.name = "web";
  upd.body = g.body;
  upd.body["metadata"].erase("finalizers");
  EXPECT_EQ((*c)->Handle(upd).code, 200);
  EXPECT_EQ((*c)->Handle(get).code, 404);
  EXPECT_EQ(CreateBody(**c, other).code, 201);
}

}  // namespace
}  // namespace kdual::registry

namespace kdual::registry {
namespace {

TEST(Restart, DefaultServiceCIDROutlivesFlagChanges) {
  for (const char* release : {"v1.33.13", "v1.37.2"}) {
    auto c = TryStart("10.96.0.0/16", release);
    ASSERT_TRUE(c.ok());
    flags::ComponentFlags f;
    f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.97.0.0/16";
    ASSERT_TRUE((*c)->Restart(f).ok());
    // Addresses still come from the ServiceCIDR created at the first start.
    auto a = CreateBody(**c, Body({{"clusterIP", "10.96.0.81"}, {"ports", {{{"port", 80}}}}}));
    EXPECT_EQ(a.code, 201) << release;
    // An IPv6-primary restart leaves no IPv6 range at all.
    f.components[flags::kApiserver]["service-cluster-ip-range"] = "fd00:10:96::/112,10.96.0.0/16";
    ASSERT_TRUE((*c)->Restart(f).ok());
    json body = Body({{"ports", {{{"port", 80}}}}});
    body["metadata"]["name"] = "new";
    a = CreateBody(**c, body);
    EXPECT_EQ(a.code, 500) << release;
  }
  // The bitmap allocator follows the flags.
  auto c = TryStart("10.96.0.0/16", "v1.29.15");
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.97.0.0/16";
  ASSERT_TRUE((*c)->Restart(f).ok());
  EXPECT_EQ(CreateBody(**c, Body({{"clusterIP", "10.96.0.81"}, {"ports", {{{"port", 80}}}}})).code,
            422);
}

}  // namespace
}  // namespace kdual::registry

namespace kdual::registry {
namespace {

TEST(Delete, NoNewFinalizersWhileDeleting) {
  auto c = TryStart("10.96.0.0/16", "v1.33.13");
  json body = Body({{"ports", {{{"port", 80}}}}});
  body["metadata"]["finalizers"] = {"example.com/a"};
  ASSERT_EQ(CreateBody(**c, body).code, 201);
  Request del;
  del.op = Op::kDelete;
  del.name = "web";
  auto d = (*c)->Handle(del);
  Request upd;
  upd.op = Op::kUpdate;
  upd.name = "web";
  upd.body = d.body;
  upd.body["metadata"]["finalizers"] = {"example.com/a", "example.com/c", "example.com/b"};
  auto a = (*c)->Handle(upd);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(
      a.body["message"],
      "Service \"web\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object "
      "is being deleted, found new finalizers []string{\"example.com/b\", \"example.com/c\"}");
}

}  // namespace
}  // namespace kdual::registry

namespace kdual::registry {
namespace {

TEST(Start, LockedAndUnknownGates) {
  auto c = TryStart("10.96.0.0/16", "v1.37.2", "RelaxedServiceNameValidation=false");
  ASSERT_FALSE(c.ok());
  // From 1.31 the gate's own error, without pflag's wrapping (captured:
  // golden/1.37/featuregates/locked-gate-v1.37.yaml).
  EXPECT_EQ(
      c.status().message(),
      "cannot set feature gate RelaxedServiceNameValidation to false, feature is locked to true");
  EXPECT_TRUE(TryStart("10.96.0.0/16", "v1.37.2", "RelaxedServiceNameValidation=true").ok());
  EXPECT_FALSE(TryStart("10.96.0.0/16", "v1.33.13", "RelaxedServiceNameValidation=true").ok());
  // PreferSameTrafficDistribution is alpha in 1.33: on, PreferSameNode is valid.
  auto on = TryStart("10.96.0.0/16", "v1.33.13", "PreferSameTrafficDistribution=true");
  ASSERT_TRUE(on.ok());
  EXPECT_EQ(CreateBody(**on, Body({{"trafficDistribution", "PreferSameNode"},
                                   {"ports", {{{"port", 80}}}}}))
                .code,
            201);
}

TEST(Start, EveryLockTheReleaseHas) {
  // ServiceNodePortStaticSubrange: beta in 1.28, so it can be switched off;
  // GA and locked from 1.29, where pflag still wraps the gate's error.
  EXPECT_TRUE(TryStart("10.96.0.0/16", "v1.28.15", "ServiceNodePortStaticSubrange=false").ok());
  auto c = TryStart("10.96.0.0/16", "v1.29.15", "ServiceNodePortStaticSubrange=false");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(
      c.status().message(),
      "invalid argument \"ServiceNodePortStaticSubrange=false\" for \"--feature-gates\" flag: "
      "cannot set feature gate ServiceNodePortStaticSubrange to false, feature is locked to true");
  EXPECT_TRUE(TryStart("10.96.0.0/16", "v1.29.15", "ServiceNodePortStaticSubrange=true").ok());
  // A gate locked to false (deprecated, off, about to go) refuses true.
  EXPECT_TRUE(TryStart("10.96.0.0/16", "v1.29.15", "AllowServiceLBStatusOnNonLB=true").ok());
  auto d = TryStart("10.96.0.0/16", "v1.34.12", "AllowServiceLBStatusOnNonLB=true");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(
      d.status().message(),
      "cannot set feature gate AllowServiceLBStatusOnNonLB to true, feature is locked to false");
}

}  // namespace
}  // namespace kdual::registry
