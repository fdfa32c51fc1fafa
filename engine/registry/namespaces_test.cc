#include "engine/registry/namespaces.h"

#include <gtest/gtest.h>

#include "engine/registry/service_cluster.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

std::unique_ptr<Cluster> StartCluster() {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.96.0.0/28";
  auto c = Cluster::Start(f, *version::ProfileFor(*version::ParseRelease("v1.37.2")));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

Answer NamespaceOp(Cluster& c, Op op, const std::string& name) {
  Request r;
  r.resource = Resource::kNamespaces;
  r.op = op;
  r.name = name;
  r.body = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
  return c.Handle(r);
}

Answer CreateService(Cluster& c, const std::string& ns, const std::string& name) {
  Request r;
  r.op = Op::kCreate;
  r.namespace_name = ns;
  r.body = {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", {{"name", name}}},
            {"spec", {{"ports", {{{"port", 80}}}}}}};
  return c.Handle(r);
}

TEST(Namespaces, CreateGetListAndTheServerWords) {
  Namespaces ns;
  EXPECT_TRUE(ns.Exists("kube-node-lease"));
  Answer made = ns.Create({{"metadata", {{"name", "team"}}}}, false);
  EXPECT_EQ(made.code, 201);
  EXPECT_EQ(made.body["metadata"]["labels"]["kubernetes.io/metadata.name"], "team");
  EXPECT_EQ(ns.Create({{"metadata", {{"name", "team"}}}}, false).body["message"],
            "namespaces \"team\" already exists");
  Answer bad = ns.Create({{"metadata", {{"name", "Team"}}}}, false);
  EXPECT_EQ(bad.code, 422);
  EXPECT_EQ(bad.body["details"]["causes"][0]["field"], "metadata.name");
  EXPECT_FALSE(ns.Create({{"metadata", {{"name", "dry"}}}}, true).is_error());
  EXPECT_FALSE(ns.Exists("dry"));
  EXPECT_EQ(ns.List().body["items"].size(), 5u);
  Answer immortal = ns.Delete("kube-system", false);
  EXPECT_EQ(immortal.code, 403);
  EXPECT_EQ(immortal.body["message"],
            "namespaces \"kube-system\" is forbidden: this namespace may not be deleted");
  EXPECT_EQ(ns.Delete("nope", false).code, 404);
}

TEST(Namespaces, DeletingOneReleasesItsServicesAddresses) {
  auto c = StartCluster();
  ASSERT_EQ(NamespaceOp(*c, Op::kCreate, "team").code, 201);
  // A /28 holds 14 addresses, one is the kubernetes Service's: 13 more.
  for (int i = 0; i < 13; ++i)
    ASSERT_EQ(CreateService(*c, "team", "s" + std::to_string(i)).code, 201) << i;
  EXPECT_EQ(CreateService(*c, "default", "full").code, 500);  // range full
  EXPECT_EQ(CreateService(*c, "gone", "x").code, 404);        // NamespaceLifecycle
  ASSERT_EQ(NamespaceOp(*c, Op::kDelete, "team").code, 200);
  EXPECT_EQ(CreateService(*c, "team", "again").code, 404);
  // The namespace's addresses are free again.
  EXPECT_EQ(CreateService(*c, "default", "full").code, 201);
}

}  // namespace
}  // namespace kdual::registry
