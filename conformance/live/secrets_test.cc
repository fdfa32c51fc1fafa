// Credentials never appear in kdual's messages: not in kubeconfig errors,
// not in transport errors, not in answers the live target makes up.
#include "conformance/live/secrets.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "conformance/live/live_target.h"
#include "conformance/live/test_http_server.h"

namespace kdual::live {
namespace {

namespace fs = std::filesystem;

constexpr const char* kToken = "s3cr3t-t0ken-0123456789abcdef";
// A "key" that is valid base64 but no PEM, and one that is not base64.
constexpr const char* kKeyPem =
    "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n";
constexpr const char* kBadKeyData = "TUlJRXZRSUJBREFOQmdrcWhraUc5dzBC!!not-base64!!";

std::string Message(const registry::Answer& a) {
  return a.body.is_object() && a.body.contains("message") ? a.body["message"].dump()
                                                          : a.body.dump();
}

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kdual-secrets-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& text) {
    fs::path p = dir_ / "kubeconfig";
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

TEST(RedactSecretsTest, TokensKeysAndTheirLinesAreRedacted) {
  ClusterAccess a;
  a.token = kToken;
  a.client_key_data = kKeyPem;
  a.client_certificate_data = "short";
  auto secrets = SecretsOf(a);
  std::string text = std::string("Authorization: Bearer ") + kToken + " and line " +
                     "TUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD" +
                     " end";
  std::string out = RedactSecrets(text, secrets);
  EXPECT_EQ(out, "Authorization: Bearer [redacted] and line [redacted] end");
  // Short values are not treated as secrets (they would redact everything).
  EXPECT_EQ(RedactSecrets("a short story", secrets), "a short story");
}

TEST(WithoutQuotedTextTest, QuotedPartsGo) {
  EXPECT_EQ(WithoutQuotedText("k:3:8: cannot read \"s3cr\\\"et\" with tag !!int"),
            "k:3:8: cannot read \"...\" with tag !!int");
}

TEST_F(SecretsTest, KubeconfigErrorsDoNotQuoteCredentials) {
  // Invalid base64 in client-key-data.
  KubeconfigOptions o;
  o.kubeconfig = Write(
      std::string(
          "current-context: c\nclusters:\n- name: c\n  cluster: {server: https://127.0.0.1:1}\n"
          "users:\n- name: u\n  user:\n    client-certificate-data: aGVsbG8=\n"
          "    client-key-data: ") +
      kBadKeyData + "\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\n");
  auto access = LoadKubeconfig(o);
  ASSERT_FALSE(access.ok());
  EXPECT_EQ(access.status().message().find("TUlJRXZR"), std::string::npos)
      << access.status().message();

  // A token the YAML reader cannot read as its tag says.
  o.kubeconfig =
      Write(std::string("users:\n- name: u\n  user:\n    token: !!int ") + kToken + "\n");
  access = LoadKubeconfig(o);
  ASSERT_FALSE(access.ok());
  EXPECT_EQ(access.status().message().find(kToken), std::string::npos) << access.status().message();
}

TEST_F(SecretsTest, ABadTokenIsNotEchoed) {
  CannedServer server({
      Response(401, "",
               R"({"kind":"Status","code":401,"reason":"Unauthorized","message":"Unauthorized"})"),
      Response(401, "",
               R"({"kind":"Status","code":401,"reason":"Unauthorized","message":"Unauthorized"})"),
  });
  ClusterAccess a;
  a.context = "kind-x";
  a.server = "http://127.0.0.1:" + std::to_string(server.port());
  a.token = kToken;
  auto target = LiveTarget::Connect(a);
  ASSERT_TRUE(target.ok());
  registry::Request create;
  create.body = {{"metadata", {{"name", "web"}}}};
  registry::Answer answer = (*target)->Send(create);
  EXPECT_EQ(answer.code, 0);  // the run namespace could not be created
  EXPECT_NE(Message(answer).find("401"), std::string::npos) << Message(answer);
  EXPECT_EQ(Message(answer).find(kToken), std::string::npos) << Message(answer);
  auto version = (*target)->ServerVersion();
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.status().message().find(kToken), std::string::npos);
}

TEST_F(SecretsTest, ABadClientCertificateIsNotEchoed) {
  CannedServer server({Response(200, "", "{}")});
  ClusterAccess a;
  a.context = "kind-x";
  a.server = "https://127.0.0.1:" + std::to_string(server.port());
  a.insecure_skip_tls_verify = true;
  a.client_certificate_data = kKeyPem;
  a.client_key_data = kKeyPem;
  auto target = LiveTarget::Connect(a);
  if (!target.ok()) {
    EXPECT_EQ(target.status().message().find("TUlJRXZR"), std::string::npos);
    return;
  }
  registry::Request create;
  create.body = {{"metadata", {{"name", "web"}}}};
  registry::Answer answer = (*target)->Send(create);
  EXPECT_EQ(answer.code, 0);
  EXPECT_EQ(Message(answer).find("TUlJRXZR"), std::string::npos) << Message(answer);
  EXPECT_EQ(Message(answer).find("PRIVATE KEY"), std::string::npos) << Message(answer);
}

}  // namespace
}  // namespace kdual::live
