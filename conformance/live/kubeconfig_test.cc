#include "conformance/live/kubeconfig.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace kdual::live {
namespace {

namespace fs = std::filesystem;

class KubeconfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("kdual-kubeconfig-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }

  KubeconfigOptions Options(const std::string& path) {
    KubeconfigOptions o;
    o.kubeconfig = path;
    o.home = dir_.string();
    return o;
  }

  fs::path dir_;
};

// A PEM-shaped certificate ("hello" inside the markers) in base64.
constexpr const char* kOne = R"(apiVersion: v1
kind: Config
current-context: one
clusters:
- name: c1
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmhlbGxvCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
- name: c2
  cluster:
    server: https://10.0.0.1:443
    certificate-authority: certs/ca.crt
users:
- name: admin
  user:
    token: secret-token-value
- name: filed
  user:
    tokenFile: token.txt
    client-certificate: client.crt
    client-key: /abs/client.key
contexts:
- name: one
  context: {cluster: c1, user: admin}
- name: two
  context: {cluster: c2, user: filed}
)";

TEST_F(KubeconfigTest, CurrentContextWithTokenAndCaData) {
  auto access = LoadKubeconfig(Options(Write("config", kOne)));
  ASSERT_TRUE(access.ok()) << access.status().message();
  EXPECT_EQ(access->context, "one");
  EXPECT_EQ(access->server, "https://127.0.0.1:6443");
  EXPECT_EQ(access->ca_data, "-----BEGIN CERTIFICATE-----\nhello\n-----END CERTIFICATE-----\n");
  EXPECT_EQ(access->ca_file, "");
  EXPECT_EQ(access->token, "secret-token-value");
  EXPECT_FALSE(access->insecure_skip_tls_verify);
}

TEST_F(KubeconfigTest, ContextFlagAndPathsRelativeToTheFile) {
  std::string path = Write("sub/config", kOne);
  Write("sub/token.txt", "  file-token\n");
  KubeconfigOptions o = Options(path);
  o.context = "two";
  auto access = LoadKubeconfig(o);
  ASSERT_TRUE(access.ok()) << access.status().message();
  EXPECT_EQ(access->server, "https://10.0.0.1:443");
  EXPECT_EQ(access->ca_file, (dir_ / "sub" / "certs/ca.crt").string());
  EXPECT_EQ(access->token, "file-token");
  EXPECT_EQ(access->client_certificate_file, (dir_ / "sub" / "client.crt").string());
  EXPECT_EQ(access->client_key_file, "/abs/client.key");
}

TEST_F(KubeconfigTest, MissingTokenFileIsAnErrorWithoutSecrets) {
  KubeconfigOptions o = Options(Write("config", kOne));
  o.context = "two";
  auto access = LoadKubeconfig(o);
  ASSERT_FALSE(access.ok());
  EXPECT_NE(access.status().message().find("token.txt"), std::string::npos);
}

TEST_F(KubeconfigTest, UnknownContext) {
  KubeconfigOptions o = Options(Write("config", kOne));
  o.context = "nope";
  auto access = LoadKubeconfig(o);
  ASSERT_FALSE(access.ok());
  EXPECT_NE(access.status().message().find("context \"nope\" not found"), std::string::npos);
}

TEST_F(KubeconfigTest, KubeconfigListFirstFileWinsPerKey) {
  std::string a = Write("a", R"(current-context: x
clusters:
- name: c
  cluster: {server: "https://first:1"}
contexts:
- name: x
  context: {cluster: c, user: u}
)");
  std::string b = Write("b", R"(current-context: y
clusters:
- name: c
  cluster: {server: "https://second:2"}
users:
- name: u
  user: {token: from-b}
)");
  KubeconfigOptions o;
  o.env_kubeconfig = (dir_ / "missing").string() + ":" + a + ":" + b;
  auto access = LoadKubeconfig(o);
  ASSERT_TRUE(access.ok()) << access.status().message();
  EXPECT_EQ(access->context, "x");
  EXPECT_EQ(access->server, "https://first:1");
  EXPECT_EQ(access->token, "from-b");
  EXPECT_EQ(access->sources.size(), 2u);
}

TEST_F(KubeconfigTest, HomeConfigIsTheFallback) {
  Write(".kube/config", kOne);
  KubeconfigOptions o;
  o.home = dir_.string();
  auto access = LoadKubeconfig(o);
  ASSERT_TRUE(access.ok()) << access.status().message();
  EXPECT_EQ(access->server, "https://127.0.0.1:6443");

  KubeconfigOptions none;
  none.home = (dir_ / "elsewhere").string();
  EXPECT_FALSE(LoadKubeconfig(none).ok());
}

TEST_F(KubeconfigTest, ExecIsLoadedAndAuthProviderIsNotSupported) {
  std::string text = R"(current-context: e
clusters:
- name: c
  cluster: {server: "https://x"}
users:
- name: e
  user:
    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1}
- name: p
  user:
    auth-provider: {name: gcp}
contexts:
- name: e
  context: {cluster: c, user: e}
- name: p
  context: {cluster: c, user: p}
)";
  KubeconfigOptions o = Options(Write("config", text));
  auto e = LoadKubeconfig(o);
  ASSERT_TRUE(e.ok()) << e.status().message();
  ASSERT_NE(e->exec, nullptr);  // run on first use (exec_credential_test.cc)
  o.context = "p";
  auto p = LoadKubeconfig(o);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("auth-provider, which is not supported"), std::string::npos);
}

TEST_F(KubeconfigTest, InsecureSkipTlsVerifyIsAllowedButNotWithACa) {
  std::string insecure = R"(current-context: i
clusters:
- name: c
  cluster: {server: "https://x", insecure-skip-tls-verify: true}
contexts:
- name: i
  context: {cluster: c}
)";
  auto ok = LoadKubeconfig(Options(Write("config", insecure)));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_TRUE(ok->insecure_skip_tls_verify);
  EXPECT_EQ(ok->token, "");

  std::string both = R"(current-context: i
clusters:
- name: c
  cluster: {server: "https://x", insecure-skip-tls-verify: true, certificate-authority-data: aGVsbG8=}
contexts:
- name: i
  context: {cluster: c}
)";
  EXPECT_FALSE(LoadKubeconfig(Options(Write("config2", both))).ok());
}

TEST_F(KubeconfigTest, CaDataThatIsNoPemCertificateIsRefusedAsClientGoDoes) {
  auto access = LoadKubeconfig(Options(Write("config", R"(apiVersion: v1
kind: Config
current-context: one
clusters:
- name: c1
  cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: aGVsbG8=}
contexts:
- name: one
  context: {cluster: c1}
)")));
  ASSERT_FALSE(access.ok());
  EXPECT_NE(access.status().message().find(
                "cluster \"c1\": certificate-authority-data: unable to load root certificates: "
                "unable to parse bytes as PEM block"),
            std::string::npos)
      << access.status().message();
}

TEST_F(KubeconfigTest, ClientCertificateDataNeedsAKeyAndBadBase64NeverQuotesTheKey) {
  std::string text = R"(current-context: k
clusters:
- name: c
  cluster: {server: "https://x"}
users:
- name: u
  user: {client-certificate-data: aGVsbG8=, client-key-data: "s3cr3t!!"}
contexts:
- name: k
  context: {cluster: c, user: u}
)";
  auto r = LoadKubeconfig(Options(Write("config", text)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("s3cr3t"), std::string::npos);
  EXPECT_NE(r.status().message().find("client-key-data is not valid base64"), std::string::npos);
}

TEST(Base64Test, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(*DecodeBase64("aGVsbG8="), "hello");
  EXPECT_EQ(*DecodeBase64("aGVsbG8"), "hello");
  EXPECT_EQ(*DecodeBase64("aGVs\nbG8h"), "hello!");
  EXPECT_EQ(*DecodeBase64(""), "");
  EXPECT_FALSE(DecodeBase64("a").ok());
  EXPECT_FALSE(DecodeBase64("a*b=").ok());
}

}  // namespace
}  // namespace kdual::live
