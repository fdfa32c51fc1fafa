#include <gtest/gtest.h>

#include "engine/registry/service_cluster.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

std::unique_ptr<Cluster> Start(const std::string& range, const char* release = "v1.33.13") {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = range;
  return std::move(Cluster::Start(f, *version::ProfileFor(*version::ParseRelease(release))))
      .value();
}

Answer Do(Cluster& c, Op op, const std::string& name, json body, PatchType pt = PatchType::kMerge) {
  Request r;
  r.op = op;
  r.name = name;
  r.body = std::move(body);
  r.patch_type = pt;
  return c.Handle(r);
}

json Body(json spec, const std::string& name = "web") {
  return {
      {"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", name}}}, {"spec", spec}};
}

TEST(Update, ReleaseSecondaryNeedsSingleStack) {
  auto c = Start("10.96.0.0/16,fd00:10:96::/112");
  auto a = Do(*c, Op::kCreate, "",
              Body({{"ipFamilyPolicy", "PreferDualStack"}, {"ports", {{{"port", 80}}}}}));
  ASSERT_EQ(a.code, 201);
  json obj = a.body;
  obj["spec"]["clusterIPs"] = json::array({obj["spec"]["clusterIP"]});
  auto u = Do(*c, Op::kUpdate, "web", obj);
  ASSERT_EQ(u.code, 422) << u.body.dump();
  EXPECT_EQ(u.body["details"]["causes"][0]["field"], "spec.ipFamilyPolicy");
  EXPECT_EQ(
      u.body["details"]["causes"][0]["message"],
      "Invalid value: \"PreferDualStack\": must be 'SingleStack' to release the secondary cluster IP");

  // Downgrade by setting SingleStack and echoing everything else.
  auto p = Do(*c, Op::kPatch, "web", {{"spec", {{"ipFamilyPolicy", "SingleStack"}}}});
  ASSERT_EQ(p.code, 200) << p.body.dump();
  EXPECT_EQ(p.body["spec"]["ipFamilies"], json::array({"IPv4"}));
  EXPECT_EQ(p.body["spec"]["clusterIPs"].size(), 1u);
  // The IPv6 address is free again.
  auto again = Do(
      *c, Op::kCreate, "",
      Body(
          {{"ipFamilies", {"IPv6"}}, {"clusterIP", "fd00:10:96::101"}, {"ports", {{{"port", 80}}}}},
          "v6"));
  EXPECT_EQ(again.code, 201) << again.body.dump();
}

// strategicpatch mergeSlice: an element of spec.ports without its merge key
// is mergepatch.ErrNoMergeKey, printed with %v, answered as a plain 500
// (captured: golden/1.29/diff/diff-9e49d4eece0b, 1.33/diff/diff-9c729c057e00).
TEST(Update, StrategicPatchOfAPortWithoutItsMergeKey) {
  auto c = Start("10.96.0.0/16");
  ASSERT_EQ(Do(*c, Op::kCreate, "", Body({{"type", "NodePort"}, {"ports", {{{"port", 80}}}}})).code,
            201);
  auto p = Do(*c, Op::kPatch, "web", {{"spec", {{"ports", {{{"nodePort", 30043}}}}}}},
              PatchType::kStrategic);
  EXPECT_EQ(p.code, 500);
  EXPECT_FALSE(p.body.contains("reason"));  // StatusReasonUnknown: omitted
  EXPECT_EQ(p.body["message"],
            "map: map[nodePort:30043] does not contain declared merge key: port");
  p = Do(*c, Op::kPatch, "web",
         {{"spec", {{"ports", {json::object(), {{"name", "x"}, {"appProtocol", "h2"}}}}}}},
         PatchType::kStrategic);
  EXPECT_EQ(p.body["message"], "map: map[] does not contain declared merge key: port");
}

// strategicpatch normalizeElementOrder: a port the patch adds comes before
// the original ports it was not compared after (captured:
// golden/1.33/diff/diff-2584c0be6228).
TEST(Update, StrategicPatchPutsNewPortsFirst) {
  auto c = Start("10.96.0.0/16");
  ASSERT_EQ(Do(*c, Op::kCreate, "", Body({{"ports", {{{"port", 53}, {"name", "dns"}}}}})).code,
            201);
  auto p = Do(*c, Op::kPatch, "web", {{"spec", {{"ports", {{{"port", 80}, {"name", "http"}}}}}}},
              PatchType::kStrategic);
  ASSERT_EQ(p.code, 200) << p.body.dump();
  EXPECT_EQ(p.body["spec"]["ports"][0]["port"], 80);
  EXPECT_EQ(p.body["spec"]["ports"][1]["port"], 53);
  // When the patch names every port, the patch's order wins.
  p = Do(*c, Op::kPatch, "web",
         {{"spec", {{"ports", {{{"port", 53}, {"name", "d"}}, {{"port", 80}, {"name", "h"}}}}}}},
         PatchType::kStrategic);
  ASSERT_EQ(p.code, 200) << p.body.dump();
  EXPECT_EQ(p.body["spec"]["ports"][0]["name"], "d");
  EXPECT_EQ(p.body["spec"]["ports"][1]["name"], "h");
}

TEST(Update, UpgradeAllocatesTheSecondary) {
  auto c = Start("10.96.0.0/16,fd00:10:96::/112");
  ASSERT_EQ(Do(*c, Op::kCreate, "", Body({{"ports", {{{"port", 80}}}}})).code, 201);
  auto p = Do(*c, Op::kPatch, "web", {{"spec", {{"ipFamilyPolicy", "RequireDualStack"}}}});
  ASSERT_EQ(p.code, 200) << p.body.dump();
  EXPECT_EQ(p.body["spec"]["ipFamilies"], json::array({"IPv4", "IPv6"}));
  EXPECT_EQ(p.body["spec"]["clusterIPs"][1], "fd00:10:96::ffff");
}

TEST(Update, ClusterIPIsImmutable) {
  auto c = Start("10.0.0.0/16");
  ASSERT_EQ(
      Do(*c, Op::kCreate, "", Body({{"clusterIP", "10.0.0.100"}, {"ports", {{{"port", 80}}}}}))
          .code,
      201);
  auto p =
      Do(*c, Op::kPatch, "web", {{"spec", {{"clusterIP", "10.0.0.200"}, {"clusterIPs", nullptr}}}});
  ASSERT_EQ(p.code, 422) << p.body.dump();
  EXPECT_EQ(
      p.body["message"],
      "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.0.0.200\"}: may not change "
      "once set");
}

TEST(Update, PutWithoutIPsKeepsThem) {
  auto c = Start("10.0.0.0/16");
  auto a = Do(*c, Op::kCreate, "", Body({{"ports", {{{"port", 80}}}}}));
  ASSERT_EQ(a.code, 201);
  auto u = Do(*c, Op::kUpdate, "web", Body({{"ports", {{{"port", 81}}}}}));
  ASSERT_EQ(u.code, 200) << u.body.dump();
  EXPECT_EQ(u.body["spec"]["clusterIP"], a.body["spec"]["clusterIP"]);
  EXPECT_EQ(u.body["spec"]["ports"][0]["port"], 81);
  EXPECT_NE(u.body["metadata"]["resourceVersion"], a.body["metadata"]["resourceVersion"]);
  json stale = u.body;
  stale["metadata"]["resourceVersion"] = a.body["metadata"]["resourceVersion"];
  auto conflict = Do(*c, Op::kUpdate, "web", stale);
  EXPECT_EQ(conflict.code, 409);
  EXPECT_EQ(conflict.body["reason"], "Conflict");
}

TEST(Update, ToExternalNameReleasesAndBack) {
  auto c = Start("10.0.0.0/28");
  auto a = Do(*c, Op::kCreate, "", Body({{"clusterIP", "10.0.0.9"}, {"ports", {{{"port", 80}}}}}));
  ASSERT_EQ(a.code, 201);
  json obj = a.body;
  obj["spec"]["type"] = "ExternalName";
  obj["spec"]["externalName"] = "example.com";
  auto u = Do(*c, Op::kUpdate, "web", obj);
  ASSERT_EQ(u.code, 200) << u.body.dump();
  EXPECT_FALSE(u.body["spec"].contains("clusterIP"));
  EXPECT_FALSE(u.body["spec"].contains("ipFamilies"));
  EXPECT_FALSE(u.body["spec"].contains("internalTrafficPolicy"));
  EXPECT_EQ(
      Do(*c, Op::kCreate, "", Body({{"clusterIP", "10.0.0.9"}, {"ports", {{{"port", 80}}}}}, "b"))
          .code,
      201);
}

TEST(Update, PutOfMissingObjectCreates) {
  auto c = Start("10.0.0.0/16");
  EXPECT_EQ(Do(*c, Op::kUpdate, "web", Body({{"ports", {{{"port", 80}}}}})).code, 201);
  EXPECT_EQ(Do(*c, Op::kPatch, "nope", {{"spec", json::object()}}).code, 404);
}

TEST(Update, JsonPatch) {
  auto c = Start("10.0.0.0/16");
  ASSERT_EQ(Do(*c, Op::kCreate, "", Body({{"ports", {{{"port", 80}}}}})).code, 201);
  auto p = Do(*c, Op::kPatch, "web",
              json::parse(R"([{"op":"replace","path":"/spec/ports/0/port","value":90}])"),
              PatchType::kJson);
  ASSERT_EQ(p.code, 200) << p.body.dump();
  EXPECT_EQ(p.body["spec"]["ports"][0]["port"], 90);
  auto bad = Do(*c, Op::kPatch, "web", json::parse(R"([{"op":"remove","path":"/nope"}])"),
                PatchType::kJson);
  EXPECT_GE(bad.code, 400);
}

TEST(Update, StrategicMergeMergesPortsByPort) {
  auto c = Start("10.0.0.0/16");
  ASSERT_EQ(Do(*c, Op::kCreate, "",
               Body({{"ports", {{{"port", 80}, {"name", "a"}}, {{"port", 81}, {"name", "b"}}}}}))
                .code,
            201);
  auto p =
      Do(*c, Op::kPatch, "web", {{"spec", {{"ports", {{{"port", 81}, {"targetPort", 8081}}}}}}},
         PatchType::kStrategic);
  ASSERT_EQ(p.code, 200) << p.body.dump();
  ASSERT_EQ(p.body["spec"]["ports"].size(), 2u);
  EXPECT_EQ(p.body["spec"]["ports"][1]["targetPort"], 8081);
  auto m = Do(*c, Op::kPatch, "web", {{"spec", {{"ports", {{{"port", 81}, {"name", "b"}}}}}}},
              PatchType::kMerge);
  ASSERT_EQ(m.code, 200) << m.body.dump();
  EXPECT_EQ(m.body["spec"]["ports"].size(), 1u);  // a merge patch replaces the list
}

}  // namespace
}  // namespace kdual::registry
