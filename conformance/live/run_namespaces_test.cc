#include "conformance/live/run_namespaces.h"

#include <gtest/gtest.h>

#include "conformance/live/sweep.h"

namespace kdual::live {
namespace {

using nlohmann::json;

RunIdentity TestRun(const std::string& id = "abc123") {
  RunIdentity r;
  r.id = id;
  r.host = "builder";
  r.pid = 4242;
  return r;
}

TEST(RunIdentityTest, RandomShortLowercaseIds) {
  RunIdentity a = RunIdentity::ForThisProcess();
  RunIdentity b = RunIdentity::ForThisProcess();
  EXPECT_EQ(a.id.size(), 6u);
  EXPECT_NE(a.id, b.id);
  EXPECT_TRUE(IsDns1123Label(a.id));
  EXPECT_TRUE(a.id[0] >= 'a' && a.id[0] <= 'z');
  EXPECT_FALSE(a.host.empty());
  // The longest name kdual would give still is a label.
  EXPECT_TRUE(IsDns1123Label("kdual-" + a.id + "-999"));
}

TEST(IsDns1123LabelTest, Labels) {
  EXPECT_TRUE(IsDns1123Label("default"));
  EXPECT_TRUE(IsDns1123Label("a-1"));
  EXPECT_FALSE(IsDns1123Label(""));
  EXPECT_FALSE(IsDns1123Label("Default"));
  EXPECT_FALSE(IsDns1123Label("-a"));
  EXPECT_FALSE(IsDns1123Label("a.b"));
  EXPECT_FALSE(IsDns1123Label(std::string(64, 'a')));
}

TEST(NamespaceMapperTest, OneRunNamespacePerCaseNamespace) {
  NamespaceMapper m(TestRun());
  EXPECT_EQ(*m.RunNamespaceFor("default"), "kdual-abc123-1");
  EXPECT_EQ(*m.RunNamespaceFor("other"), "kdual-abc123-2");
  EXPECT_EQ(*m.RunNamespaceFor("default"), "kdual-abc123-1");
  EXPECT_TRUE(m.IsRunNamespace("kdual-abc123-2"));
  EXPECT_FALSE(m.IsRunNamespace("default"));
  EXPECT_FALSE(m.RunNamespaceFor("Bad_Name").ok());
}

TEST(NamespaceMapperTest, CreateIsMappedAndLabelled) {
  NamespaceMapper m(TestRun());
  registry::Request r;
  r.body = {{"metadata", {{"name", "web"}, {"namespace", "default"}, {"labels", {{"app", "web"}}}}},
            {"spec", {{"ports", {{{"port", 80}}}}}}};
  auto sent = m.ToServer(r);
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(sent->namespace_name, "kdual-abc123-1");
  EXPECT_EQ(sent->body["metadata"]["namespace"], "kdual-abc123-1");
  EXPECT_EQ(sent->body["metadata"]["labels"],
            json({{"app", "web"}, {kManagedByLabel, "kdual"}, {kRunIdLabel, "abc123"}}));
  EXPECT_EQ(sent->body["spec"], r.body["spec"]);

  // A body without labels gets kdual's only.
  registry::Request bare;
  bare.op = registry::Op::kUpdate;
  bare.body = {{"metadata", {{"name", "web"}}}};
  EXPECT_EQ(m.ToServer(bare)->body["metadata"]["labels"].size(), 2u);
  // A patch is sent as it is (the object keeps the label it has).
  registry::Request patch;
  patch.op = registry::Op::kPatch;
  patch.name = "web";
  patch.body = {{"spec", {{"type", "NodePort"}}}};
  EXPECT_EQ(m.ToServer(patch)->body, patch.body);
  // Malformed labels go as the case wrote them: the server refuses them.
  registry::Request bad = r;
  bad.body["metadata"]["labels"] = "x";
  EXPECT_EQ(m.ToServer(bad)->body["metadata"]["labels"], "x");
}

TEST(NamespaceMapperTest, JsonPatchesOnLabelsAreRefused) {
  NamespaceMapper m(TestRun());
  registry::Request r;
  r.op = registry::Op::kPatch;
  r.patch_type = registry::PatchType::kJson;
  r.name = "web";
  r.body = json::array({{{"op", "add"}, {"path", "/metadata/labels/x"}, {"value", "y"}}});
  EXPECT_FALSE(m.ToServer(r).ok());
  r.body = json::array({{{"op", "replace"}, {"path", "/spec/type"}, {"value", "NodePort"}}});
  EXPECT_TRUE(m.ToServer(r).ok());
}

TEST(NamespaceMapperTest, AnswersAreMappedBackAndStripped) {
  NamespaceMapper m(TestRun("x"));
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(m.RunNamespaceFor("ns" + std::to_string(i + 1)).ok());
  registry::Answer a;
  a.code = 201;
  a.body = {{"metadata",
             {{"name", "web"},
              {"namespace", "kdual-x-12"},
              {"labels", {{"app", "web"}, {kManagedByLabel, "kdual"}, {kRunIdLabel, "x"}}}}},
            {"status", {{"message", "in kdual-x-1, not kdual-x-1x or kdual-x-12"}}}};
  a.warnings = {"namespace kdual-x-2 is fine"};
  m.FromServer(&a);
  EXPECT_EQ(a.body["metadata"]["namespace"], "ns12");
  EXPECT_EQ(a.body["metadata"]["labels"], json({{"app", "web"}}));
  EXPECT_EQ(a.body["status"]["message"], "in ns1, not kdual-x-1x or ns12");
  EXPECT_EQ(a.warnings[0], "namespace ns2 is fine");

  // Only kdual's labels: the map goes too, as the server omits an empty one.
  json only = {{"metadata", {{"labels", {{kManagedByLabel, "kdual"}, {kRunIdLabel, "x"}}}}}};
  StripKdualLabels(&only);
  EXPECT_EQ(only, json({{"metadata", json::object()}}));
  json list = {{"items", json::array({only, {{"metadata", {{"labels", {{kRunIdLabel, "x"}}}}}}})}};
  StripKdualLabels(&list);
  EXPECT_FALSE(list["items"][1]["metadata"].contains("labels"));
}

TEST(NamespaceMapperTest, WritesOutsideTheRunNamespacesAreRefused) {
  NamespaceMapper m(TestRun());
  ASSERT_TRUE(m.RunNamespaceFor("default").ok());
  EXPECT_TRUE(m.CheckWrite("POST", "/api/v1/namespaces/kdual-abc123-1/services").ok());
  EXPECT_TRUE(
      m.CheckWrite("DELETE", "/api/v1/namespaces/kdual-abc123-1/services/web?dryRun=All").ok());
  EXPECT_TRUE(m.CheckWrite("DELETE", "/api/v1/namespaces/kdual-abc123-1").ok());
  EXPECT_TRUE(m.CheckWrite("POST", "/api/v1/namespaces").ok());
  EXPECT_TRUE(m.CheckWrite("GET", "/api/v1/namespaces/default/services/kubernetes").ok());
  Status s = m.CheckWrite("POST", "/api/v1/namespaces/default/services");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("kdual-abc123-*"), std::string::npos) << s.message();
  EXPECT_FALSE(m.CheckWrite("DELETE", "/api/v1/namespaces/kube-system").ok());
  EXPECT_FALSE(m.CheckWrite("DELETE", "/api/v1/namespaces/kdual-abc123-2").ok());  // not used yet
  EXPECT_FALSE(m.CheckWrite("PUT", "/api/v1/nodes/n1").ok());
  EXPECT_TRUE(m.CheckWrite("DELETE", "/api/v1/namespaces/kdual-old-1", {"kdual-old-1"}).ok());
}

TEST(NamespaceMapperTest, TheNamespaceObjectIsLabelledAndOwned) {
  NamespaceMapper m(TestRun());
  json ns = m.NamespaceObject("kdual-abc123-1");
  EXPECT_EQ(ns["metadata"]["name"], "kdual-abc123-1");
  EXPECT_EQ(ns["metadata"]["labels"][kManagedByLabel], "kdual");
  EXPECT_EQ(ns["metadata"]["labels"][kRunIdLabel], "abc123");
  EXPECT_EQ(ns["metadata"]["annotations"][kOwnerAnnotation], "builder:4242");
}

json Listed(const std::string& run_id, const std::string& owner, const std::string& created) {
  return {{"metadata",
           {{"name", "kdual-" + run_id + "-1"},
            {"creationTimestamp", created},
            {"labels", {{kManagedByLabel, "kdual"}, {kRunIdLabel, run_id}}},
            {"annotations", {{kOwnerAnnotation, owner}}}}}};
}

TEST(LeftoverReasonTest, GoneOwnersAndOldRunsAreLeftovers) {
  RunIdentity self = TestRun("me0000");
  int64_t now = *ParseRfc3339Utc("2026-11-26T10:00:00Z");
  SweepPolicy policy;
  policy.max_age_seconds = 3600;
  policy.process_alive = [](int64_t pid) { return pid == 100; };
  // On this host, owner gone.
  EXPECT_TRUE(
      LeftoverReason(Listed("old000", "builder:99", "2026-11-26T09:59:00Z"), self, now, policy));
  // On this host, owner alive.
  EXPECT_FALSE(
      LeftoverReason(Listed("old000", "builder:100", "2026-11-26T09:59:00Z"), self, now, policy));
  // Another host: only by age.
  EXPECT_FALSE(
      LeftoverReason(Listed("old000", "laptop:99", "2026-11-26T09:30:00Z"), self, now, policy));
  EXPECT_TRUE(
      LeftoverReason(Listed("old000", "laptop:99", "2026-11-26T08:30:00Z"), self, now, policy));
  // Our own run never; an unlabelled namespace never.
  EXPECT_FALSE(
      LeftoverReason(Listed("me0000", "builder:99", "2026-11-26T08:00:00Z"), self, now, policy));
  json foreign = Listed("old000", "builder:99", "2026-11-26T08:00:00Z");
  foreign["metadata"]["labels"].erase(kManagedByLabel);
  EXPECT_FALSE(LeftoverReason(foreign, self, now, policy));
}

TEST(ParseRfc3339UtcTest, ParsesUtcOnly) {
  EXPECT_EQ(*ParseRfc3339Utc("1970-01-01T00:01:00Z"), 60);
  EXPECT_FALSE(ParseRfc3339Utc("2026-11-26T10:00:00+01:00"));
  EXPECT_FALSE(ParseRfc3339Utc("yesterday"));
}

}  // namespace
}  // namespace kdual::live
