#include "engine/registry/service_cidrs.h"

#include <gtest/gtest.h>

#include "engine/registry/service_cluster.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

std::unique_ptr<Cluster> StartCluster(const std::string& release) {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.96.0.0/16";
  auto c = Cluster::Start(f, *version::ProfileFor(*version::ParseRelease(release)));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

Answer CidrOp(Cluster& c, Op op, const std::string& name, const json& cidrs = nullptr,
              const std::string& wait_for = "") {
  Request r;
  r.resource = Resource::kServiceCIDRs;
  r.op = op;
  r.name = op == Op::kCreate ? "" : name;
  r.wait_for = wait_for;
  if (op == Op::kCreate) {
    r.body = {{"apiVersion", "networking.k8s.io/v1"},
              {"kind", "ServiceCIDR"},
              {"metadata", {{"name", name}}},
              {"spec", {{"cidrs", cidrs}}}};
  }
  return c.Handle(r);
}

Answer CreateService(Cluster& c, const std::string& name, const std::string& ip) {
  Request r;
  r.op = Op::kCreate;
  r.body = {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", {{"name", name}, {"namespace", "default"}}},
            {"spec", {{"clusterIP", ip}, {"ports", {{{"port", 80}}}}}}};
  return c.Handle(r);
}

TEST(ServiceCidrs, NotServedBefore133) {
  auto c = StartCluster("v1.32.9");
  Answer a = CidrOp(*c, Op::kGet, "kubernetes");
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body.value("message", ""), "the server could not find the requested resource");
  EXPECT_EQ(StartCluster("v1.33.13")
                ->Handle([] {
                  Request r;
                  r.resource = Resource::kServiceCIDRs;
                  r.op = Op::kGet;
                  r.name = "kubernetes";
                  return r;
                }())
                .code,
            200);
}

TEST(ServiceCidrs, TheDefaultHoldsTheFlagsRange) {
  auto c = StartCluster("v1.37.2");
  Answer a = CidrOp(*c, Op::kGet, "kubernetes");
  ASSERT_EQ(a.code, 200) << a.body.dump();
  EXPECT_EQ(a.body["spec"]["cidrs"], json::array({"10.96.0.0/16"}));
  EXPECT_EQ(a.body["metadata"]["finalizers"], json::array({kServiceCIDRFinalizer}));
  EXPECT_EQ(a.body["status"]["conditions"][0]["message"], "Kubernetes Service CIDR is ready");
}

TEST(ServiceCidrs, ValidationInTheServersWords) {
  auto c = StartCluster("v1.37.2");
  Answer none = CidrOp(*c, Op::kCreate, "x", json::array());
  EXPECT_EQ(none.code, 422);
  EXPECT_EQ(none.body.value("message", ""),
            "ServiceCIDR.networking.k8s.io \"x\" is invalid: spec.cidrs: Required value: at least "
            "one CIDR required");
  EXPECT_EQ(none.body["details"]["group"], "networking.k8s.io");
  EXPECT_EQ(none.body["details"]["kind"], "ServiceCIDR");
  Answer bits = CidrOp(*c, Op::kCreate, "x", json::array({"10.100.0.1/24"}));
  EXPECT_EQ(bits.body.value("message", ""),
            "ServiceCIDR.networking.k8s.io \"x\" is invalid: spec.cidrs[0]: Invalid value: "
            "\"10.100.0.1/24\": must not have bits set beyond the prefix length");
  Answer canonical = CidrOp(*c, Op::kCreate, "x", json::array({"fd00:100:0::/112"}));
  EXPECT_EQ(canonical.body.value("message", ""),
            "ServiceCIDR.networking.k8s.io \"x\" is invalid: spec.cidrs[0]: Invalid value: "
            "\"fd00:100:0::/112\": must be in canonical form (\"fd00:100::/112\")");
  Answer two = CidrOp(*c, Op::kCreate, "x", json::array({"10.100.0.0/24", "10.101.0.0/24"}));
  EXPECT_NE(
      two.body.value("message", "").find("may specify no more than one IP for each IP family"),
      std::string::npos);
}

TEST(ServiceCidrs, AStaticAddressComesFromAReadyServiceCidr) {
  auto c = StartCluster("v1.37.2");
  EXPECT_EQ(CreateService(*c, "before", "10.100.0.10").code, 422);
  ASSERT_EQ(CidrOp(*c, Op::kCreate, "extra", json::array({"10.100.0.0/24"})).code, 201);
  EXPECT_EQ(CidrOp(*c, Op::kWait, "extra", nullptr, "Ready").code, 200);
  EXPECT_EQ(CreateService(*c, "web", "10.100.0.10").code, 201);
  Answer again = CreateService(*c, "web-2", "10.100.0.10");
  EXPECT_EQ(again.code, 422);
  EXPECT_NE(again.body.value("message", "").find("provided IP is already allocated"),
            std::string::npos);
}

TEST(ServiceCidrs, ADeleteWaitsForTheAddressesOnlyItHolds) {
  auto c = StartCluster("v1.37.2");
  ASSERT_EQ(CidrOp(*c, Op::kCreate, "extra", json::array({"10.100.0.0/24"})).code, 201);
  ASSERT_EQ(CreateService(*c, "web", "10.100.0.10").code, 201);
  Answer del = CidrOp(*c, Op::kDelete, "extra");
  EXPECT_EQ(del.code, 200);
  EXPECT_TRUE(del.body["metadata"].contains("deletionTimestamp"));
  Answer held = CidrOp(*c, Op::kWait, "extra", nullptr, "Terminating");
  ASSERT_EQ(held.code, 200) << held.body.dump();
  EXPECT_EQ(held.body["status"]["conditions"][0]["reason"], "Terminating");
  // No new address from a ServiceCIDR being deleted.
  EXPECT_EQ(CreateService(*c, "web-2", "10.100.0.11").code, 422);
  Request r;
  r.op = Op::kDelete;
  r.name = "web";
  ASSERT_FALSE(c->Handle(r).is_error());
  EXPECT_EQ(CidrOp(*c, Op::kWait, "extra", nullptr, "deleted").code, 404);
}

TEST(ServiceCidrs, AnUpdateMayOnlyAddTheOtherFamily) {
  auto c = StartCluster("v1.37.2");
  ASSERT_EQ(CidrOp(*c, Op::kCreate, "extra", json::array({"10.100.0.0/24"})).code, 201);
  Request put;
  put.resource = Resource::kServiceCIDRs;
  put.op = Op::kUpdate;
  put.name = "extra";
  put.body = {{"apiVersion", "networking.k8s.io/v1"},
              {"kind", "ServiceCIDR"},
              {"metadata", {{"name", "extra"}}},
              {"spec", {{"cidrs", {"10.101.0.0/24"}}}}};
  Answer moved = c->Handle(put);
  EXPECT_EQ(moved.code, 422);
  EXPECT_EQ(moved.body.value("message", ""),
            "ServiceCIDR.networking.k8s.io \"extra\" is invalid: spec.cidrs[0]: Invalid value: "
            "\"10.101.0.0/24\": field is immutable");
  put.body["spec"]["cidrs"] = {"10.100.0.0/24", "fd00:100::/112"};
  ASSERT_EQ(c->Handle(put).code, 200);
  EXPECT_EQ(CidrOp(*c, Op::kGet, "extra").body["spec"]["cidrs"],
            json::array({"10.100.0.0/24", "fd00:100::/112"}));
}

TEST(ServiceCidrs, OneInsideAnotherGoesAtOnce) {
  auto c = StartCluster("v1.37.2");
  ASSERT_EQ(CidrOp(*c, Op::kCreate, "inner", json::array({"10.96.200.0/24"})).code, 201);
  ASSERT_EQ(CreateService(*c, "web", "10.96.200.10").code, 201);
  EXPECT_EQ(CidrOp(*c, Op::kDelete, "inner").code, 200);
  EXPECT_EQ(CidrOp(*c, Op::kGet, "inner").code, 404);
}

}  // namespace
}  // namespace kdual::registry
