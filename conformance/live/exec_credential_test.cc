#include "conformance/live/exec_credential.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/live/http_client.h"
#include "conformance/live/kubeconfig.h"
#include "conformance/live/test_http_server.h"

namespace kdual::live {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A test credential plugin: a shell script that counts its runs, records
// the KUBERNETES_EXEC_INFO it was given and prints `answer`.
class ExecPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kdual-exec-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Plugin(const std::string& answer, int exit_code = 0) {
    fs::path p = dir_ / "plugin";
    std::ofstream(p) << "#!/bin/sh\n"
                     << "echo run >>\"" << (dir_ / "runs").string() << "\"\n"
                     << "printf '%s' \"$KUBERNETES_EXEC_INFO\" >\"" << (dir_ / "info").string()
                     << "\"\n"
                     << "printf '%s' \"$EXTRA\" >\"" << (dir_ / "extra").string() << "\"\n"
                     << "cat <<'JSON'\n"
                     << answer << "\nJSON\n"
                     << "exit " << exit_code << "\n";
    fs::permissions(p, fs::perms::owner_all);
    return p.string();
  }
  int Runs() {
    std::ifstream in(dir_ / "runs");
    int n = 0;
    std::string line;
    while (std::getline(in, line)) ++n;
    return n;
  }
  std::string Read(const char* name) {
    std::ifstream in(dir_ / name);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ExecConfig Config(const std::string& command) {
    ExecConfig c;
    c.api_version = "client.authentication.k8s.io/v1";
    c.command = command;
    c.interactive_mode = "Never";
    c.env = {{"EXTRA", "from-kubeconfig"}};
    return c;
  }
  fs::path dir_;
};

constexpr const char* kToken =
    R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
  "status":{"token":"tok-1","expirationTimestamp":"2099-01-01T00:00:00Z"}})";

TEST_F(ExecPluginTest, RunsThePluginWithTheExecInfoAndItsEnv) {
  auto cred = RunExecPlugin(Config(Plugin(kToken)), false);
  ASSERT_TRUE(cred.ok()) << cred.status().message();
  EXPECT_EQ(cred->token, "tok-1");
  EXPECT_GT(cred->expires, 0);
  auto info = nlohmann::json::parse(Read("info"));
  EXPECT_EQ(info["kind"], "ExecCredential");
  EXPECT_EQ(info["apiVersion"], "client.authentication.k8s.io/v1");
  EXPECT_EQ(info["spec"]["interactive"], false);
  EXPECT_EQ(Read("extra"), "from-kubeconfig");
}

TEST_F(ExecPluginTest, ErrorsReadAsClientGosOwn) {
  auto missing = Config((dir_ / "nope").string());
  missing.install_hint = "install it with: apt-get install nope";
  auto r = RunExecPlugin(missing, false);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("exec: executable " + (dir_ / "nope").string() + " not found"));
  EXPECT_THAT(r.status().message(), HasSubstr("client-go credential plugin that is not installed"));
  EXPECT_THAT(r.status().message(), HasSubstr("install it with: apt-get install nope"));

  r = RunExecPlugin(Config(Plugin(kToken, 3)), false);
  EXPECT_THAT(r.status().message(), HasSubstr("failed with exit code 3"));
  r = RunExecPlugin(
      Config(Plugin(R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",
      "status":{"token":"x"}})")),
      false);
  EXPECT_EQ(r.status().message(),
            "exec plugin is configured to use API version client.authentication.k8s.io/v1, "
            "plugin returned version client.authentication.k8s.io/v1beta1");
  r = RunExecPlugin(
      Config(Plugin(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})")),
      false);
  EXPECT_EQ(r.status().message(), "exec plugin didn't return a status field");
  r = RunExecPlugin(
      Config(Plugin(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
      "status":{"clientCertificateData":"c"}})")),
      false);
  EXPECT_EQ(r.status().message(), "exec plugin returned only certificate or key, not both");

  auto always = Config(Plugin(kToken));
  always.interactive_mode = "Always";
  r = RunExecPlugin(always, false);
  EXPECT_EQ(r.status().message(),
            "exec plugin cannot support interactive mode: standard input is not a terminal");
}

TEST_F(ExecPluginTest, KubeconfigExecUserSendsTheTokenAndRefreshesItOnce401) {
  CannedServer server({
      Response(200, "", R"({"gitVersion":"v1.37.2"})"),
      Response(200, "", R"({"gitVersion":"v1.37.2"})"),
      Response(401, "", R"({"kind":"Status","code":401,"reason":"Unauthorized"})"),
      Response(200, "", R"({"gitVersion":"v1.37.2"})"),
  });
  Plugin(kToken);
  std::ofstream(dir_ / "config") << "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
                                 << "clusters:\n- name: c\n  cluster: {server: \"http://127.0.0.1:"
                                 << server.port()
                                 << "\"}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\n"
                                 << "users:\n- name: u\n  user:\n    exec:\n"
                                 << "      apiVersion: client.authentication.k8s.io/v1\n"
                                 << "      command: ./plugin\n      interactiveMode: Never\n"
                                 << "      provideClusterInfo: true\n";
  KubeconfigOptions o;
  o.kubeconfig = (dir_ / "config").string();
  auto access = LoadKubeconfig(o);
  ASSERT_TRUE(access.ok()) << access.status().message();
  ASSERT_NE(access->exec, nullptr);
  auto client = HttpClient::Create(*access);
  ASSERT_TRUE(client.ok()) << client.status().message();
  EXPECT_EQ((*client)->Do("GET", "/version")->code, 200);
  EXPECT_EQ((*client)->Do("GET", "/version")->code, 200);
  EXPECT_EQ(Runs(), 1);                                    // cached until it expires
  EXPECT_EQ((*client)->Do("GET", "/version")->code, 200);  // a 401, then the refreshed token
  EXPECT_EQ(Runs(), 2);
  auto headers = server.headers();
  ASSERT_EQ(headers.size(), 4u);
  for (const auto& h : headers) EXPECT_THAT(h, HasSubstr("Authorization: Bearer tok-1"));
  // The relative command was found beside the kubeconfig, and told the cluster.
  auto info = nlohmann::json::parse(Read("info"));
  EXPECT_EQ(info["spec"]["cluster"]["server"], "http://127.0.0.1:" + std::to_string(server.port()));
}

TEST_F(ExecPluginTest, V1WithoutInteractiveModeIsRefusedAsClientcmdDoes) {
  auto c = ParseExecConfig({{"apiVersion", "client.authentication.k8s.io/v1"}, {"command", "x"}},
                           "u", "", "u");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(
      c.status().message(),
      HasSubstr("interactiveMode must be specified for u to use exec authentication plugin"));
  auto beta = ParseExecConfig(
      {{"apiVersion", "client.authentication.k8s.io/v1beta1"}, {"command", "x"}}, "u", "", "u");
  ASSERT_TRUE(beta.ok());
  EXPECT_EQ(beta->interactive_mode, "IfAvailable");
}

}  // namespace
}  // namespace kdual::live
