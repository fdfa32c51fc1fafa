#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "conformance/cli/kubectl_print.h"
#include "conformance/cli/state_file.h"

namespace kdual::cli {
namespace {

using nlohmann::json;

TEST(KubectlYamlTest, WritesAsKubectlGetDoes) {
  json svc = json::parse(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
    "spec":{"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ipFamilies":["IPv4"],
            "ports":[{"port":80,"protocol":"TCP","targetPort":"8080"},{"name":"dns","port":53,"protocol":"UDP","targetPort":53}],
            "selector":{},"type":"ClusterIP"},
    "status":{"loadBalancer":{}}})");
  EXPECT_EQ(KubectlYaml(svc),
            "apiVersion: v1\n"
            "kind: Service\n"
            "metadata:\n"
            "  labels:\n"
            "    app: web\n"
            "  name: web\n"
            "  namespace: default\n"
            "spec:\n"
            "  clusterIP: 10.96.0.10\n"
            "  clusterIPs:\n"
            "  - 10.96.0.10\n"
            "  ipFamilies:\n"
            "  - IPv4\n"
            "  ports:\n"
            "  - port: 80\n"
            "    protocol: TCP\n"
            "    targetPort: \"8080\"\n"
            "  - name: dns\n"
            "    port: 53\n"
            "    protocol: UDP\n"
            "    targetPort: 53\n"
            "  selector: {}\n"
            "  type: ClusterIP\n"
            "status:\n"
            "  loadBalancer: {}\n");
}

TEST(KubectlErrorTest, InvalidListsCausesAsKubectl) {
  registry::Answer one = registry::StatusAnswer(
      422, "Invalid", "Service \"web\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv5\": x",
      {{"name", "web"},
       {"kind", "Service"},
       {"causes",
        {{{"reason", "FieldValueInvalid"},
          {"message", "Invalid value: \"IPv5\": x"},
          {"field", "spec.ipFamilies[0]"}}}}});
  EXPECT_EQ(KubectlError(one, "creating \"svc.yaml\""),
            "The Service \"web\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv5\": x");
  registry::Answer two = one;
  two.body["details"]["causes"].push_back({{"message", "Required value"}, {"field", "spec.ports"}});
  two.body["details"]["causes"].push_back(two.body["details"]["causes"][1]);  // duplicates dropped
  EXPECT_EQ(KubectlError(two),
            "The Service \"web\" is invalid: \n"
            "* spec.ipFamilies[0]: Invalid value: \"IPv5\": x\n"
            "* spec.ports: Required value");
  registry::Answer exists =
      registry::StatusAnswer(409, "AlreadyExists", "services \"web\" already exists");
  EXPECT_EQ(
      KubectlError(exists, "creating \"svc.yaml\""),
      "Error from server (AlreadyExists): error when creating \"svc.yaml\": services \"web\" already exists");
}

TEST(ServiceTableTest, Columns) {
  json a =
      json::parse(R"({"metadata":{"name":"web"},"spec":{"type":"NodePort","clusterIP":"10.96.0.10",
    "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"}]}})");
  json b =
      json::parse(R"({"metadata":{"name":"db"},"spec":{"type":"ClusterIP","clusterIP":"None"}})");
  EXPECT_EQ(ServiceTable({a, b}),
            "NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)\n"
            "web    NodePort    10.96.0.10   <none>        80:30080/TCP\n"
            "db     ClusterIP   None         <none>        <none>\n");
}

class StateFileTest : public ::testing::Test {
 protected:
  std::string path_ = (std::filesystem::temp_directory_path() /
                       ("kdual-state-test-" + std::to_string(::getpid()) + ".json"))
                          .string();
  void TearDown() override { std::remove(path_.c_str()); }
};

TEST_F(StateFileTest, MissingFileIsNoState) {
  auto s = LoadState(path_);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_FALSE(s->has_value());
}

TEST_F(StateFileTest, RoundTripsAndReplays) {
  EngineState state;
  state.release = "v1.37.2";
  state.started_with.components["kube-apiserver"]["service-cluster-ip-range"] = "10.96.0.0/28";
  registry::Request create;
  create.op = registry::Op::kCreate;
  create.body = json::parse(
      R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
                               "spec":{"ports":[{"port":80}]}})");
  state.log.push_back({create, std::nullopt});
  ASSERT_TRUE(SaveState(path_, state).ok());
  auto loaded = LoadState(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->release, "v1.37.2");

  std::vector<std::string> notes;
  auto cluster = Replay(**loaded, &notes);
  ASSERT_TRUE(cluster.ok()) << cluster.status().message();
  EXPECT_TRUE(notes.empty());
  registry::Request get;
  get.op = registry::Op::kGet;
  get.name = "web";
  registry::Answer a = (*cluster)->Handle(get);
  ASSERT_FALSE(a.is_error()) << a.body.dump();
  EXPECT_EQ(a.body["spec"]["clusterIP"].get<std::string>().rfind("10.96.0.", 0), 0u);
  // The same create again is refused: the replayed state holds the Service.
  EXPECT_EQ((*cluster)->Handle(create).code, 409);
}

TEST_F(StateFileTest, MalformedFileNamesFileAndProblem) {
  std::ofstream(path_) << "{\"kind\": \"KdualEngineState\", \"release\": \"v1.37.2\", \"log\": 3}";
  auto s = LoadState(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path_), std::string::npos);
  EXPECT_NE(s.status().message().find("log is not a list"), std::string::npos);
  std::ofstream(path_) << "not json";
  s = LoadState(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("not a kdual state file"), std::string::npos);
}

}  // namespace
}  // namespace kdual::cli
