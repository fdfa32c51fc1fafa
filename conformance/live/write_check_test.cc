#include "conformance/live/write_check.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/live/live_target.h"
#include "conformance/live/run_namespaces.h"
#include "conformance/live/test_http_server.h"

namespace kdual::live {
namespace {

using nlohmann::json;

const std::string kServices = "/api/v1/namespaces/kdual-run/services";
const std::string kWeb = kServices + "/web";

std::string Ok(int code, const json& body) { return Response(code, "", body.dump()); }
std::string NotFound() {
  return Ok(404, {{"kind", "Status"},
                  {"code", 404},
                  {"reason", "NotFound"},
                  {"message", "services \"web\" not found"}});
}
json ServiceObject(const json& labels, const std::string& rv, bool deleting = false) {
  json meta = {
      {"name", "web"}, {"namespace", "kdual-run"}, {"uid", "u-1"}, {"resourceVersion", rv}};
  if (!labels.is_null()) meta["labels"] = labels;
  if (deleting) meta["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  return {{"kind", "Service"}, {"metadata", meta}, {"spec", {{"clusterIP", "10.96.0.10"}}}};
}
const json kOurLabels = {{"app.kubernetes.io/managed-by", "kdual"}, {"kdual.io/run", "r1"}};
std::string CreateBody() {
  return json({{"metadata", {{"name", "web"}, {"labels", kOurLabels}}}}).dump();
}

std::unique_ptr<HttpClient> ClientFor(const CannedServer& server) {
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  HttpOptions options;
  options.max_attempts = 2;
  options.initial_backoff_ms = 1;
  auto client = HttpClient::Create(access, options);
  EXPECT_TRUE(client.ok()) << client.status().message();
  return client.ok() ? std::move(client).value() : nullptr;
}

TEST(SendWriteTest, ACreateThatDidNotHappenIsResent) {
  CannedServer server({kDropConnection, NotFound(), Ok(201, ServiceObject(kOurLabels, "7"))});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  std::vector<WriteCheck> checks;
  auto r =
      SendWrite(*client, {"POST", kServices, CreateBody(), "application/json", ""}, 2, &checks);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->fate_unknown);
  EXPECT_EQ(r->code, 201);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].fate, WriteFate::kNotApplied);
  EXPECT_EQ(server.requests(), (std::vector<std::string>{"POST " + kServices + " HTTP/1.1",
                                                         "GET " + kWeb + " HTTP/1.1",
                                                         "POST " + kServices + " HTTP/1.1"}));
  ASSERT_EQ(server.bodies().size(), 3u);
  EXPECT_EQ(server.bodies()[2], CreateBody());
}

TEST(SendWriteTest, ACreateThatHappenedIsNotResent) {
  CannedServer server({kDropConnection, Ok(200, ServiceObject(kOurLabels, "7"))});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto r = SendWrite(*client, {"POST", kServices, CreateBody(), "application/json", ""});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->fate_unknown);
  EXPECT_NE(r->body.find("checked: applied: " + kWeb + " exists with the create's labels"),
            std::string::npos)
      << r->body;
  EXPECT_NE(r->body.find("not resent"), std::string::npos) << r->body;
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(CheckWriteTest, Creates) {
  // Someone else's object of that name: this create did not happen.
  CannedServer server({Ok(200, ServiceObject({{"app", "other"}}, "3")),
                       Ok(200, ServiceObject(nullptr, "3")),
                       Ok(200, ServiceObject(kOurLabels, "3"))});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  WriteCheck other = CheckWrite(*client, {"POST", kServices, CreateBody(), "application/json", ""});
  EXPECT_EQ(other.fate, WriteFate::kNotApplied) << other.reason;
  EXPECT_NE(other.reason.find("not this create's"), std::string::npos) << other.reason;
  // A create without labels or annotations cannot be told apart.
  WriteCheck bare = CheckWrite(
      *client, {"POST", kServices, R"({"metadata":{"name":"web"}})", "application/json", ""});
  EXPECT_EQ(bare.fate, WriteFate::kUnknown) << bare.reason;
  // generateName: nothing to look up, no request made.
  WriteCheck generated = CheckWrite(
      *client,
      {"POST", kServices, R"({"metadata":{"generateName":"web-"}})", "application/json", ""});
  EXPECT_EQ(generated.fate, WriteFate::kUnknown);
  // A dry run persists nothing: no request made either.
  WriteCheck dry = CheckWrite(
      *client, {"POST", kServices + "?dryRun=All", CreateBody(), "application/json", ""});
  EXPECT_EQ(dry.fate, WriteFate::kNotApplied);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(CheckWriteTest, UpdatesByResourceVersion) {
  CannedServer server({Ok(200, ServiceObject(kOurLabels, "7")),
                       Ok(200, ServiceObject(kOurLabels, "9")), NotFound()});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  std::string put = json({{"metadata", {{"name", "web"}, {"resourceVersion", "7"}}}}).dump();
  WriteCheck same = CheckWrite(*client, {"PUT", kWeb, put, "application/json", ""});
  EXPECT_EQ(same.fate, WriteFate::kNotApplied) << same.reason;
  WriteCheck moved = CheckWrite(*client, {"PUT", kWeb, put, "application/json", ""});
  EXPECT_EQ(moved.fate, WriteFate::kApplied) << moved.reason;
  EXPECT_NE(moved.reason.find("moved from 7 to 9"), std::string::npos) << moved.reason;
  WriteCheck gone = CheckWrite(*client, {"PATCH", kWeb, "{}", "application/merge-patch+json", "7"});
  EXPECT_EQ(gone.fate, WriteFate::kUnknown) << gone.reason;
  // A patch without the resourceVersion before it: unknown, nothing read.
  WriteCheck patch = CheckWrite(*client, {"PATCH", kWeb, "{}", "application/merge-patch+json", ""});
  EXPECT_EQ(patch.fate, WriteFate::kUnknown);
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(CheckWriteTest, Deletes) {
  CannedServer server({NotFound(), Ok(200, ServiceObject(kOurLabels, "7", true)),
                       Ok(200, ServiceObject(kOurLabels, "7")), Response(500, "", "etcd down"),
                       Response(500, "", "etcd down")});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(CheckWrite(*client, {"DELETE", kWeb, "", "", ""}).fate, WriteFate::kApplied);
  EXPECT_EQ(CheckWrite(*client, {"DELETE", kWeb, "", "", ""}).fate, WriteFate::kApplied);
  EXPECT_EQ(CheckWrite(*client, {"DELETE", kWeb, "", "", ""}).fate, WriteFate::kNotApplied);
  WriteCheck failed = CheckWrite(*client, {"DELETE", kWeb, "", "", ""});
  EXPECT_EQ(failed.fate, WriteFate::kUnknown);
  EXPECT_NE(failed.reason.find("answered 500"), std::string::npos) << failed.reason;
}

TEST(SendWriteTest, AWriteThatKeepsDroppingIsGivenUpOn) {
  CannedServer server({kDropConnection, NotFound(), kDropConnection, NotFound()});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto r = SendWrite(*client, {"POST", kServices, CreateBody(), "application/json", ""}, 1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->fate_unknown);
  EXPECT_NE(r->body.find("gave up after 1 resends"), std::string::npos) << r->body;
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(LiveTargetWriteTest, SendChecksALostCreateBeforeResendingIt) {
  // The run's labels, as the target adds them to what it creates.
  RunIdentity run{"t1abcd", "localhost", 1};
  const json labels = {{kManagedByLabel, kManagedByValue}, {kRunIdLabel, run.id}};
  CannedServer server({Ok(201, R"({"metadata":{"name":"kdual-t1abcd-1"}})"),  // the run namespace
                       kDropConnection, NotFound(), Ok(201, ServiceObject(labels, "7")),
                       // the second create's answer is lost too, and it happened
                       kDropConnection, Ok(200, ServiceObject(labels, "8"))});
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  auto target = LiveTarget::Connect(access);
  ASSERT_TRUE(target.ok()) << target.status().message();
  (*target)->SetRun(run);
  registry::Request create;
  create.op = registry::Op::kCreate;
  create.namespace_name = "default";
  create.body = json::parse(CreateBody());
  create.body["metadata"].erase("labels");
  registry::Answer a = (*target)->Send(create);
  EXPECT_EQ(a.code, 201) << a.body.dump();
  EXPECT_EQ(a.body["metadata"]["resourceVersion"], "7");
  registry::Answer lost = (*target)->Send(create);
  EXPECT_EQ(lost.code, 0);
  EXPECT_NE(lost.body["message"].get<std::string>().find("checked: applied"), std::string::npos)
      << lost.body.dump();
  EXPECT_EQ(server.requests().size(), 6u);
}

}  // namespace
}  // namespace kdual::live
