#include "conformance/live/http_client.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "conformance/live/test_http_server.h"

namespace kdual::live {
namespace {

TEST(WarningTextTest, UnwrapsTheAgentAndQuotes) {
  EXPECT_EQ(WarningText(R"(299 - "spec.clusterIP: ignored")"), "spec.clusterIP: ignored");
  EXPECT_EQ(WarningText(R"(299 - "a \"quoted\" word" "Wed, 21 Oct 2015 07:28:00 GMT")"),
            "a \"quoted\" word");
  EXPECT_EQ(WarningText("not a warning value"), "not a warning value");
  EXPECT_EQ(WarningText(R"(299 - "unterminated)"), R"(299 - "unterminated)");
}

TEST(RetryableCodeTest, OnlyThrottlingAndServerErrors) {
  EXPECT_TRUE(RetryableCode(429));
  EXPECT_TRUE(RetryableCode(503));
  EXPECT_FALSE(RetryableCode(409));
  EXPECT_FALSE(RetryableCode(422));
  EXPECT_FALSE(RetryableCode(200));
}

TEST(HttpClientTest, GetRetriesOnServerErrorsAndCollectsWarnings) {
  CannedServer server({Response(503, "Retry-After: 0\r\n", "busy"),
                       Response(429, "", "slow down"),
                       Response(200, "Warning: 299 - \"first\"\r\nWarning: 299 - \"second\"\r\n",
                                "{\"ok\":true}")});
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  HttpOptions options;
  options.initial_backoff_ms = 1;
  auto client = HttpClient::Create(access, options);
  ASSERT_TRUE(client.ok()) << client.status().message();
  auto r = (*client)->Do("GET", "/version");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->code, 200);
  EXPECT_EQ(r->body, "{\"ok\":true}");
  EXPECT_EQ(r->warnings, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(HttpClientTest, WritesAreNeverRetried) {
  CannedServer server({Response(503, "", "busy"), Response(201, "", "{}")});
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  auto client = HttpClient::Create(access);
  ASSERT_TRUE(client.ok());
  auto r = (*client)->Do("POST", "/api/v1/namespaces/default/services", "{}", "application/json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->code, 503);
  auto d = (*client)->Do("DELETE", "/api/v1/namespaces/default/services/x");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->code, 201);
  ASSERT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.requests()[0], "POST /api/v1/namespaces/default/services HTTP/1.1");
  EXPECT_EQ(server.requests()[1], "DELETE /api/v1/namespaces/default/services/x HTTP/1.1");
}

TEST(HttpClientTest, ConnectionRefusedIsUnavailable) {
  ClusterAccess access;
  access.server = "http://127.0.0.1:1";
  HttpOptions options;
  options.max_attempts = 2;
  options.initial_backoff_ms = 1;
  auto client = HttpClient::Create(access, options);
  ASSERT_TRUE(client.ok());
  auto r = (*client)->Do("GET", "/version");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
}

TEST(HttpClientTest, RefusesAServerThatIsNotAUrl) {
  ClusterAccess access;
  access.server = "127.0.0.1:6443";
  EXPECT_FALSE(HttpClient::Create(access).ok());
}

}  // namespace
}  // namespace kdual::live
