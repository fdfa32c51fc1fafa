#include "engine/registry/ip_addresses.h"

#include <gtest/gtest.h>

#include "engine/registry/service_cluster.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

std::unique_ptr<Cluster> StartCluster(const std::string& release, const std::string& range) {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = range;
  auto c = Cluster::Start(f, *version::ProfileFor(*version::ParseRelease(release)));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

Answer AddressOp(Cluster& c, Op op, const std::string& name, bool dry_run = false,
                 const json& parent_ref = {{"resource", "services"}, {"name", "mine"}}) {
  Request r;
  r.resource = Resource::kIPAddresses;
  r.op = op;
  r.name = op == Op::kCreate ? "" : name;
  r.dry_run = dry_run;
  if (op == Op::kCreate) {
    r.body = {{"apiVersion", "networking.k8s.io/v1"},
              {"kind", "IPAddress"},
              {"metadata", {{"name", name}}},
              {"spec", {{"parentRef", parent_ref}}}};
  }
  return c.Handle(r);
}

Answer CreateService(Cluster& c, const std::string& name, const std::string& ip,
                     bool dry_run = false) {
  Request r;
  r.op = Op::kCreate;
  r.dry_run = dry_run;
  r.body = {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", {{"name", name}, {"namespace", "default"}}},
            {"spec", {{"clusterIP", ip}, {"ports", {{{"port", 80}}}}}}};
  return c.Handle(r);
}

TEST(IPAddresses, NotServedBefore133) {
  auto c = StartCluster("v1.32.9", "10.96.0.0/16");
  Answer a = AddressOp(*c, Op::kGet, "10.96.0.1");
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body.value("message", ""), "the server could not find the requested resource");
}

TEST(IPAddresses, AllocatorObjectPerClusterIP) {
  auto c = StartCluster("v1.37.2", "10.96.0.0/16,fd00:10:96::/112");
  Answer k = AddressOp(*c, Op::kGet, "10.96.0.1");
  ASSERT_EQ(k.code, 200) << k.body.dump();
  EXPECT_EQ(k.body["spec"]["parentRef"],
            json({{"resource", "services"}, {"namespace", "default"}, {"name", "kubernetes"}}));
  EXPECT_EQ(k.body["metadata"]["labels"][kIPAddressFamilyLabel], "IPv4");
  EXPECT_EQ(k.body["metadata"]["labels"][kIPAddressManagedByLabel], kIPAllocatorName);
  ASSERT_EQ(CreateService(*c, "web", "fd00:10:96::50").code, 201);
  EXPECT_EQ(AddressOp(*c, Op::kGet, "fd00:10:96::50").code, 200);
  Request list;
  list.resource = Resource::kIPAddresses;
  list.op = Op::kList;
  Answer l = c->Handle(list);
  ASSERT_EQ(l.body["items"].size(), 2u) << l.body.dump();
  EXPECT_EQ(l.body["items"][0]["metadata"]["name"], "10.96.0.1");
  EXPECT_EQ(l.body["items"][1]["metadata"]["name"], "fd00:10:96::50");
}

TEST(IPAddresses, ClientObjectReservesItsAddress) {
  auto c = StartCluster("v1.37.2", "10.96.0.0/16");
  ASSERT_EQ(AddressOp(*c, Op::kCreate, "10.96.0.60").code, 201);
  Answer refused = CreateService(*c, "web", "10.96.0.60");
  EXPECT_EQ(refused.code, 422);
  EXPECT_NE(refused.body.value("message", "").find("provided IP is already allocated"),
            std::string::npos)
      << refused.body.dump();
  // A dry run checks only the range.
  EXPECT_EQ(CreateService(*c, "web", "10.96.0.60", true).code, 201);
  Answer deleted = AddressOp(*c, Op::kDelete, "10.96.0.60");
  EXPECT_EQ(deleted.body.value("status", ""), "Success");
  EXPECT_EQ(CreateService(*c, "web", "10.96.0.60").code, 201);
  // Now the allocator's: a client may not take the name.
  EXPECT_EQ(AddressOp(*c, Op::kCreate, "10.96.0.60").code, 409);
}

TEST(IPAddresses, NameMustBeCanonicalStrictIP) {
  auto c = StartCluster("v1.37.2", "10.96.0.0/16");
  struct Want {
    const char* name;
    const char* message;
  };
  for (const Want& w : {
           Want{"10.96.0.070", "must not have leading 0s"},
           Want{"::ffff:10.96.0.8", "must not be an IPv4-mapped IPv6 address"},
           Want{"fd00:0::8", "must be in canonical form (\"fd00::8\")"},
           Want{"web", "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"},
       }) {
    Answer a = AddressOp(*c, Op::kCreate, w.name);
    EXPECT_EQ(a.code, 422) << w.name;
    EXPECT_NE(a.body.value("message", "").find(w.message), std::string::npos)
        << w.name << ": " << a.body.dump();
  }
  Answer no_ref = AddressOp(*c, Op::kCreate, "10.96.0.8", false, json());
  EXPECT_NE(no_ref.body.value("message", "").find("spec.parentRef: Required value"),
            std::string::npos)
      << no_ref.body.dump();
}

TEST(IPAddresses, NameWithSlashFindsNoHandler) {
  auto c = StartCluster("v1.37.2", "10.96.0.0/16");
  // The router reads "10.96.0.0/24" as a name and a subresource.
  Answer a = AddressOp(*c, Op::kGet, "10.96.0.0/24");
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body.value("message", ""), "the server could not find the requested resource");
  EXPECT_EQ(AddressOp(*c, Op::kDelete, "10.96.0.0/24").code, 404);
}

TEST(IPAddresses, ParentRefIsImmutable) {
  auto c = StartCluster("v1.36.5", "10.96.0.0/16");
  ASSERT_EQ(AddressOp(*c, Op::kCreate, "10.96.0.61").code, 201);
  Request patch;
  patch.resource = Resource::kIPAddresses;
  patch.op = Op::kPatch;
  patch.name = "10.96.0.61";
  patch.body = {{"spec", {{"parentRef", {{"name", "yours"}}}}}};
  Answer a = c->Handle(patch);
  EXPECT_EQ(a.code, 422);
  EXPECT_NE(a.body.value("message", "")
                .find("spec.parentRef: Invalid value: "
                      "{\"Group\":\"\",\"Resource\":\"services\","
                      "\"Namespace\":\"\",\"Name\":\"yours\"}: field is "
                      "immutable"),
            std::string::npos)
      << a.body.dump();
  patch.body = {{"metadata", {{"labels", {{"team", "net"}}}}}};
  EXPECT_EQ(c->Handle(patch).code, 200);
}

TEST(IPAddresses, JsonPatch) {
  auto c = StartCluster("v1.37.2", "10.96.0.0/16");
  ASSERT_EQ(AddressOp(*c, Op::kCreate, "10.96.0.62").code, 201);
  Request patch;
  patch.resource = Resource::kIPAddresses;
  patch.op = Op::kPatch;
  patch.patch_type = PatchType::kJson;
  patch.name = "10.96.0.62";
  patch.body = json::array(
      {{{"op", "add"}, {"path", "/metadata/labels"}, {"value", {{"team", "net"}}}, {"x", 1}}});
  Answer added = c->Handle(patch);
  ASSERT_EQ(added.code, 200) << added.body.dump();
  EXPECT_EQ(added.body["metadata"]["labels"]["team"], "net");
  ASSERT_EQ(added.warnings.size(), 1u);
  EXPECT_EQ(added.warnings[0], "json patch unknown field \"[0].x\"");
  // A test that does not hold: the handler's fixed 422.
  patch.body = json::array({{{"op", "test"}, {"path", "/metadata/labels/team"}, {"value", "x"}}});
  Answer failed = c->Handle(patch);
  EXPECT_EQ(failed.code, 422);
  EXPECT_EQ(failed.body.value("message", ""),
            "the server rejected our request due to an error in our request");
}

}  // namespace
}  // namespace kdual::registry
