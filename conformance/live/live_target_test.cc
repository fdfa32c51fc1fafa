#include "conformance/live/live_target.h"
#include "conformance/live/run_namespaces.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "conformance/live/test_flags.h"
#include "conformance/live/test_http_server.h"

namespace kdual::live {
namespace {

TEST(LiveTargetTest, AFailedStartGivesTheComponentsFatalMessage) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "kdual-live-target-test";
  fs::create_directories(dir);
  fs::path script = dir / "local-cluster";
  std::ofstream(script) << "#!/bin/sh\n"
                           "echo \"$@\" >>\"$(dirname \"$0\")/calls\"\n"
                           "echo 'local-cluster: starting kube-apiserver' >&2\n"
                           "echo 'Error: invalid port range' >&2\n"
                           "exit 1\n";
  fs::permissions(script, fs::perms::owner_all);
  fs::remove(dir / "calls");
  {
    LiveTarget target({script.string(), "t1", "v1.37.2"});
    Status s = target.Start(Flags({{"service-node-port-range", "x"}}));
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.message(), "invalid port range");
    registry::Request get;
    get.op = registry::Op::kGet;
    get.name = "web";
    EXPECT_EQ(target.Send(get).code, 0);
  }
  std::ifstream calls(dir / "calls");
  std::string line;
  std::getline(calls, line);
  EXPECT_EQ(line, "up --name t1 --version v1.37.2 --exact-flags --service-node-port-range=x");
  // local-cluster keeps a refused cluster's folder (its logs): taken down
  // at the end, not left for the next run's sweep.
  ASSERT_TRUE(std::getline(calls, line));
  EXPECT_EQ(line, "down --name t1");
  EXPECT_FALSE(std::getline(calls, line));
  fs::remove_all(dir);
}

TEST(LiveTargetTest, AScriptPathAndAClusterNameWithQuotesAndSpacesPassIntact) {
  // local-cluster runs without a shell: nothing is split or interpreted.
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "kdual live target's \"test\" dir";
  fs::create_directories(dir);
  fs::path script = dir / "local cluster";
  std::ofstream(script)
      << "#!/bin/sh\n"
         "for a in \"$@\"; do printf '[%s]' \"$a\" >>\"$(dirname \"$0\")/calls\"; done\n"
         "echo >>\"$(dirname \"$0\")/calls\"\n"
         "echo 'Error: refused' >&2\n"
         "exit 1\n";
  fs::permissions(script, fs::perms::owner_all);
  fs::remove(dir / "calls");
  {
    LiveTarget target({script.string(), "t 'q\" $x", "v1.37.2"});
    EXPECT_FALSE(target.Start(Flags({{"service-cluster-ip-range", "10.96.0.0/16"}})).ok());
  }
  std::ifstream calls(dir / "calls");
  std::string line;
  ASSERT_TRUE(std::getline(calls, line));
  EXPECT_EQ(
      line,
      "[up][--name][t 'q\" $x][--version][v1.37.2][--exact-flags][--service-cluster-ip-range=10.96.0.0/16]");
  ASSERT_TRUE(std::getline(calls, line));
  EXPECT_EQ(line, "[down][--name][t 'q\" $x]");
  fs::remove_all(dir);
}

TEST(LiveTargetTest, ALauncherFailureIsNotTheComponentsAnswer) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "kdual-live-target-infra-test";
  fs::create_directories(dir);
  fs::path script = dir / "local-cluster";
  // etcd's own log line first, as when etcd cannot bind: exit 3.
  std::ofstream(script)
      << "#!/bin/sh\n"
         "echo '{\"level\":\"warn\",\"msg\":\"Running http and grpc server on single port\"}' >&2\n"
         "echo 'local-cluster: error: etcd did not start' >&2\n"
         "exit 3\n";
  fs::permissions(script, fs::perms::owner_all);
  LiveTarget target({script.string(), "t3", "v1.37.2"});
  Status s = target.Start(Flags({{"service-cluster-ip-range", "10.96.0.0/16"}}));
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "the control plane could not be started, not because of its flags: etcd did not start");
  fs::remove_all(dir);
}

TEST(LiveTargetTest, ANamespaceAFreshClusterLacksIsNeverCreated) {
  // The server's 404 names the run namespace; the case sees its own.
  CannedServer server({Response(404, "", R"({"kind":"Status","code":404,"reason":"NotFound",
      "message":"namespaces \"kdual-t2abcd-1\" not found"})")});
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  auto target = LiveTarget::Connect(access);
  ASSERT_TRUE(target.ok()) << target.status().message();
  (*target)->SetRun(RunIdentity{"t2abcd", "localhost", 1});
  registry::Request create;
  create.op = registry::Op::kCreate;
  create.namespace_name = "absent";
  create.body = {{"metadata", {{"name", "web"}, {"namespace", "absent"}}}};
  registry::Answer a = (*target)->Send(create);
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body["message"], "namespaces \"absent\" not found");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);  // no Namespace was created first
  EXPECT_NE(requests[0].find("POST /api/v1/namespaces/kdual-t2abcd-1/services"), std::string::npos)
      << requests[0];
}

TEST(LiveTargetTest, APutOfAMissingServiceIsSentAsKubectlReplaceSendsIt) {
  // The GET for the resourceVersion finds nothing: the PUT goes out anyway,
  // without a resourceVersion, and its answer (a create) is the answer.
  CannedServer server({
      Response(404, "", R"({"kind":"Status","code":404,"reason":"NotFound",
          "message":"services \"web\" not found"})"),
      Response(201, "",
               R"({"metadata":{"name":"web","namespace":"kdual-t2abcd-1","resourceVersion":"7"}})"),
  });
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  auto target = LiveTarget::Connect(access);
  ASSERT_TRUE(target.ok()) << target.status().message();
  (*target)->SetRun(RunIdentity{"t2abcd", "localhost", 1});
  registry::Request update;
  update.op = registry::Op::kUpdate;
  update.namespace_name = "absent";
  update.name = "web";
  update.body = {{"metadata", {{"name", "web"}, {"namespace", "absent"}}}};
  registry::Answer a = (*target)->Send(update);
  EXPECT_EQ(a.code, 201) << a.body.dump();
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].find("GET /api/v1/namespaces/kdual-t2abcd-1/services/web"),
            std::string::npos)
      << requests[0];
  EXPECT_NE(requests[1].find("PUT /api/v1/namespaces/kdual-t2abcd-1/services/web"),
            std::string::npos)
      << requests[1];
  EXPECT_FALSE(nlohmann::json::parse(server.bodies()[1])["metadata"].contains("resourceVersion"));
}

// A local-cluster stand-in in a fresh `dir`: it logs its arguments to
// dir/calls and, for "up", prints a kubeconfig for the canned server on
// `port`. Returns the script's path.
std::filesystem::path FakeLocalCluster(const std::filesystem::path& dir, int port) {
  namespace fs = std::filesystem;
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "kubeconfig")
      << "current-context: c\nclusters:\n- name: c\n  cluster: {server: \"http://127.0.0.1:" << port
      << "\"}\ncontexts:\n- name: c\n  context: {cluster: c}\n";
  fs::path script = dir / "local-cluster";
  std::ofstream(script) << "#!/bin/sh\n"
                           "echo \"$@\" >>\"$(dirname \"$0\")/calls\"\n"
                           "echo 'local-cluster: starting' >&2\n"
                           "[ \"$1\" = up ] && echo \"$(dirname \"$0\")/kubeconfig\"\n"
                           "exit 0\n";
  fs::permissions(script, fs::perms::owner_all);
  return script;
}

TEST(LiveTargetTest, StartsReusesCleansUpAndStops) {
  namespace fs = std::filesystem;
  CannedServer server({
      Response(201, "", R"({"metadata":{"name":"kdual-test01-1"}})"),  // the run namespace
      Response(201, "Warning: 299 - \"w1 in kdual-test01-1\"\r\n",
               R"({"metadata":{"name":"web","namespace":"kdual-test01-1",)"
               R"("labels":{"app.kubernetes.io/managed-by":"kdual","kdual.io/run-id":"test01"}}})"),
      Response(200, "", R"({"metadata":{"name":"web","resourceVersion":"5"}})"),  // GET for the PUT
      Response(200, "", R"({"metadata":{"name":"web","resourceVersion":"6"}})"),  // PUT
      Response(422, "", R"({"kind":"Status","code":422,"reason":"Invalid","message":"bad"})"),
      Response(200, "", R"({"metadata":{"name":"web"}})"),                       // cleanup DELETE
      Response(404, "", R"({"kind":"Status","code":404,"reason":"NotFound"})"),  // gone
  });
  fs::path dir = fs::temp_directory_path() / "kdual-live-target-test-ok";
  fs::path script = FakeLocalCluster(dir, server.port());
  auto flags = Flags({{"service-cluster-ip-range", "10.96.0.0/16"}});
  {
    LiveTarget target({script.string(), "t2", "v1.37.2"});
    RunIdentity run;
    run.id = "test01";
    target.SetRun(run);
    ASSERT_TRUE(target.Start(flags).ok());
    registry::Request create;
    create.body = {{"metadata", {{"name", "web"}}}};
    registry::Answer created = target.Send(create);
    EXPECT_EQ(created.code, 201);
    // Mapped back to the case's namespace, kdual's labels gone.
    EXPECT_EQ(created.body,
              nlohmann::json::parse(R"({"metadata":{"name":"web","namespace":"default"}})"));
    EXPECT_EQ(created.warnings, std::vector<std::string>{"w1 in default"});

    registry::Request update = create;
    update.op = registry::Op::kUpdate;
    EXPECT_EQ(target.Send(update).code, 200);

    registry::Request dry = create;
    dry.dry_run = true;
    registry::Answer refused = target.Send(dry);
    EXPECT_EQ(refused.code, 422);
    EXPECT_EQ(refused.body["reason"], "Invalid");

    // The same flags again: the control plane is reused, after the cleanup.
    ASSERT_TRUE(target.Start(flags).ok());
  }
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 7u);
  EXPECT_EQ(requests[0], "POST /api/v1/namespaces HTTP/1.1");
  auto ns = nlohmann::json::parse(server.bodies()[0]);
  EXPECT_EQ(ns["metadata"]["name"], "kdual-test01-1");
  EXPECT_EQ(ns["metadata"]["labels"]["app.kubernetes.io/managed-by"], "kdual");
  EXPECT_EQ(requests[1], "POST /api/v1/namespaces/kdual-test01-1/services HTTP/1.1");
  EXPECT_EQ(nlohmann::json::parse(server.bodies()[1])["metadata"]["labels"]["kdual.io/run-id"],
            "test01");
  EXPECT_EQ(requests[2], "GET /api/v1/namespaces/kdual-test01-1/services/web HTTP/1.1");
  EXPECT_EQ(requests[3], "PUT /api/v1/namespaces/kdual-test01-1/services/web HTTP/1.1");
  EXPECT_EQ(nlohmann::json::parse(server.bodies()[3])["metadata"]["resourceVersion"], "5");
  EXPECT_EQ(requests[4], "POST /api/v1/namespaces/kdual-test01-1/services?dryRun=All HTTP/1.1");
  EXPECT_EQ(requests[5], "DELETE /api/v1/namespaces/kdual-test01-1/services/web HTTP/1.1");
  EXPECT_EQ(requests[6], "GET /api/v1/namespaces/kdual-test01-1/services/web HTTP/1.1");

  std::ifstream calls(dir / "calls");
  std::string line;
  std::getline(calls, line);
  EXPECT_EQ(line,
            "up --name t2 --version v1.37.2 --exact-flags --service-cluster-ip-range=10.96.0.0/16");
  std::getline(calls, line);
  EXPECT_EQ(line, "down --name t2");  // by the destructor
  EXPECT_FALSE(std::getline(calls, line));
  fs::remove_all(dir);
}

// A delete with DeleteOptions goes with its JSON body; a Service a delete
// only marked (finalizers) is still cleaned up: deleted again, its
// finalizers cleared, then gone.
TEST(LiveTargetTest, DeleteOptionsGoAsTheBodyAndMarkedServicesAreCleared) {
  namespace fs = std::filesystem;
  const char* marked =
      R"({"metadata":{"name":"web","namespace":"kdual-test02-1","finalizers":["orphan"],)"
      R"("deletionTimestamp":"2026-12-06T19:20:18Z"}})";
  CannedServer server({
      Response(201, "", R"({"metadata":{"name":"kdual-test02-1"}})"),  // the run namespace
      Response(201, "", R"({"metadata":{"name":"web","namespace":"kdual-test02-1"}})"),
      Response(200, "", marked),                                                 // DELETE Orphan
      Response(200, "", marked),                                                 // cleanup DELETE
      Response(200, "", R"({"metadata":{"name":"web"}})"),                       // PATCH
      Response(404, "", R"({"kind":"Status","code":404,"reason":"NotFound"})"),  // gone
  });
  fs::path dir = fs::temp_directory_path() / "kdual-live-target-test-delete-options";
  fs::path script = FakeLocalCluster(dir, server.port());
  auto flags = Flags({{"service-cluster-ip-range", "10.96.0.0/16"}});
  {
    LiveTarget target({script.string(), "t3", "v1.37.2"});
    RunIdentity run;
    run.id = "test02";
    target.SetRun(run);
    ASSERT_TRUE(target.Start(flags).ok());
    registry::Request create;
    create.body = {{"metadata", {{"name", "web"}}}};
    EXPECT_EQ(target.Send(create).code, 201);
    registry::Request del;
    del.op = registry::Op::kDelete;
    del.name = "web";
    del.dry_run = true;  // beside a body: sent, and ignored by the server
    del.body = {{"propagationPolicy", "Orphan"}};
    registry::Answer a = target.Send(del);
    EXPECT_EQ(a.code, 200);
    EXPECT_TRUE(a.body["metadata"].contains("deletionTimestamp"));
    ASSERT_TRUE(target.Cleanup().ok());
  }
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[2],
            "DELETE /api/v1/namespaces/kdual-test02-1/services/web?dryRun=All HTTP/1.1");
  EXPECT_EQ(nlohmann::json::parse(server.bodies()[2]),
            nlohmann::json::parse(R"({"propagationPolicy":"Orphan"})"));
  EXPECT_EQ(requests[3], "DELETE /api/v1/namespaces/kdual-test02-1/services/web HTTP/1.1");
  EXPECT_EQ(server.bodies()[3], "");
  EXPECT_EQ(requests[4], "PATCH /api/v1/namespaces/kdual-test02-1/services/web HTTP/1.1");
  EXPECT_EQ(nlohmann::json::parse(server.bodies()[4]),
            nlohmann::json::parse(R"({"metadata":{"finalizers":null}})"));
  EXPECT_EQ(requests[5], "GET /api/v1/namespaces/kdual-test02-1/services/web HTTP/1.1");
  fs::remove_all(dir);
}

TEST(LiveTargetTest, SweepsLeftoversThenFinishesWithServicesBeforeNamespaces) {
  CannedServer server({
      // The sweep: one leftover (another host, old), one live run (another
      // host, recent), one namespace that is not kdual's.
      Response(200, "", R"({"items":[
        {"metadata":{"name":"kdual-old000-1","creationTimestamp":"2000-01-01T00:00:00Z",
          "labels":{"app.kubernetes.io/managed-by":"kdual","kdual.io/run-id":"old000"},
          "annotations":{"kdual.io/owner":"elsewhere:1"}}},
        {"metadata":{"name":"kdual-new000-1","creationTimestamp":"2999-01-01T00:00:00Z",
          "labels":{"app.kubernetes.io/managed-by":"kdual","kdual.io/run-id":"new000"},
          "annotations":{"kdual.io/owner":"elsewhere:1"}}},
        {"metadata":{"name":"default","creationTimestamp":"2000-01-01T00:00:00Z"}}]})"),
      Response(200, "", R"({"items":[{"metadata":{"name":"left"}}]})"),
      Response(200, "", "{}"),  // DELETE the leftover Service
      Response(200, "", "{}"),  // DELETE the leftover namespace
      // The run.
      Response(201, "", "{}"),
      Response(201, "", R"({"metadata":{"name":"web","namespace":"kdual-test02-1"}})"),
      // Finish: the Service, then the namespace.
      Response(200, "", "{}"),
      Response(404, "", R"({"kind":"Status","code":404})"),
      Response(200, "", "{}"),
      Response(404, "", R"({"kind":"Status","code":404})"),
  });
  ClusterAccess access;
  access.context = "kind-x";
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  auto target = LiveTarget::Connect(access);
  ASSERT_TRUE(target.ok());
  RunIdentity run;
  run.id = "test02";
  run.host = "here";
  (*target)->SetRun(run);
  SweepPolicy policy;
  auto swept = (*target)->SweepLeftovers(policy);
  ASSERT_TRUE(swept.ok()) << swept.status().message();
  ASSERT_EQ(swept->size(), 1u);
  EXPECT_EQ((*swept)[0].rfind("kdual-old000-1 (", 0), 0u) << (*swept)[0];

  ASSERT_TRUE((*target)->Start(flags::ComponentFlags()).ok());
  registry::Request create;
  create.body = {{"metadata", {{"name", "web"}, {"namespace", "default"}}}};
  EXPECT_EQ((*target)->Send(create).body["metadata"]["namespace"], "default");
  EXPECT_TRUE((*target)->Finish(std::chrono::seconds(5)).ok());
  EXPECT_EQ((*target)->namespace_times().created, 1);
  EXPECT_EQ((*target)->namespace_times().deleted, 1);

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 10u);
  EXPECT_EQ(requests[0],
            "GET /api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dkdual HTTP/1.1");
  EXPECT_EQ(requests[1], "GET /api/v1/namespaces/kdual-old000-1/services HTTP/1.1");
  EXPECT_EQ(requests[2], "DELETE /api/v1/namespaces/kdual-old000-1/services/left HTTP/1.1");
  EXPECT_EQ(requests[3], "DELETE /api/v1/namespaces/kdual-old000-1 HTTP/1.1");
  EXPECT_EQ(requests[4], "POST /api/v1/namespaces HTTP/1.1");
  EXPECT_EQ(requests[5], "POST /api/v1/namespaces/kdual-test02-1/services HTTP/1.1");
  EXPECT_EQ(nlohmann::json::parse(server.bodies()[5])["metadata"]["namespace"], "kdual-test02-1");
  EXPECT_EQ(requests[6], "DELETE /api/v1/namespaces/kdual-test02-1/services/web HTTP/1.1");
  EXPECT_EQ(requests[7], "GET /api/v1/namespaces/kdual-test02-1/services/web HTTP/1.1");
  EXPECT_EQ(requests[8], "DELETE /api/v1/namespaces/kdual-test02-1 HTTP/1.1");
  EXPECT_EQ(requests[9], "GET /api/v1/namespaces/kdual-test02-1 HTTP/1.1");
}

}  // namespace
}  // namespace kdual::live
