#include "conformance/live/http_client.h"

#include <memory>
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

TEST(WarningTextTest, SeveralWarningsInOneHeaderValue) {
  EXPECT_EQ(WarningTexts(
                R"(299 - "one", 299 - "two \"2\"" "Wed, 21 Oct 2015 07:28:00 GMT", 299 - "a, b")"),
            (std::vector<std::string>{"one", "two \"2\"", "a, b"}));
  EXPECT_EQ(WarningTexts(R"(299 - "one" junk)"), (std::vector<std::string>{R"(299 - "one" junk)"}));
}

TEST(RetryableCodeTest, OnlyThrottlingAndServerErrors) {
  EXPECT_TRUE(RetryableCode(429));
  EXPECT_TRUE(RetryableCode(503));
  EXPECT_FALSE(RetryableCode(409));
  EXPECT_FALSE(RetryableCode(422));
  EXPECT_FALSE(RetryableCode(200));
}

TEST(HttpClientTest, GetRetriesOnServerErrorsAndCollectsWarnings) {
  CannedServer server({Response(503, "Retry-After: 0\r\n", "busy"), Response(429, "", "slow down"),
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

TEST(HttpClientTest, WritesAreNotRetriedOnAnswersThatMayFollowProcessing) {
  // 503 without Retry-After may come from the handler; 504 and 500 with
  // Retry-After are timeouts while the write may still go on.
  CannedServer server({Response(503, "", "busy"), Response(201, "", "{}"),
                       Response(504, "Retry-After: 0\r\n", "timeout"),
                       Response(500, "Retry-After: 0\r\n", "server timeout")});
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
  auto put =
      (*client)->Do("PUT", "/api/v1/namespaces/default/services/x", "{}", "application/json");
  ASSERT_TRUE(put.ok()) << put.status().message();
  EXPECT_EQ(put->code, 504);
  auto patch = (*client)->Do("PATCH", "/api/v1/namespaces/default/services/x", "{}",
                             "application/merge-patch+json");
  ASSERT_TRUE(patch.ok()) << patch.status().message();
  EXPECT_EQ(patch->code, 500);
  ASSERT_EQ(server.requests().size(), 4u);
  EXPECT_EQ(server.requests()[0], "POST /api/v1/namespaces/default/services HTTP/1.1");
  EXPECT_EQ(server.requests()[1], "DELETE /api/v1/namespaces/default/services/x HTTP/1.1");
  EXPECT_EQ((*client)->requests_made(), 4);
}

std::unique_ptr<HttpClient> ClientFor(const CannedServer& server) {
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  HttpOptions options;
  options.initial_backoff_ms = 1;
  options.max_backoff_ms = 10;
  auto client = HttpClient::Create(access, options);
  EXPECT_TRUE(client.ok()) << client.status().message();
  return client.ok() ? std::move(client).value() : nullptr;
}

TEST(HttpClientTest, WritesAreRetriedWhenRejectedBeforeProcessing) {
  // 429: max-in-flight or Priority and Fairness; 503 with Retry-After: a
  // server shutting down. Retry-After is capped by max_backoff_ms.
  CannedServer server({Response(429, "Retry-After: 1000\r\n", "too many"),
                       Response(503, "Retry-After: 0\r\n", "shutting down"),
                       Response(201, "", "{\"kind\":\"Service\"}")});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto r =
      client->Do("POST", "/api/v1/namespaces/default/services", "{\"a\":1}", "application/json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->code, 201);
  EXPECT_FALSE(r->fate_unknown);
  EXPECT_EQ(server.bodies(), (std::vector<std::string>{"{\"a\":1}", "{\"a\":1}", "{\"a\":1}"}));
}

TEST(HttpClientTest, AWriteDroppedAfterItWasReadHasUnknownFateAndIsNotResent) {
  CannedServer server({kDropConnection, Response(200, "", "{\"gitVersion\":\"v1.37.2\"}")});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto r =
      client->Do("POST", "/api/v1/namespaces/default/services", "{\"a\":1}", "application/json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->fate_unknown);
  EXPECT_EQ(r->code, 0);
  EXPECT_NE(r->body.find("after the request was sent"), std::string::npos) << r->body;
  EXPECT_EQ(server.requests(),
            (std::vector<std::string>{"POST /api/v1/namespaces/default/services HTTP/1.1"}));
  // The client still works, on a new connection.
  auto v = client->Do("GET", "/version");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->code, 200);
}

TEST(HttpClientTest, LibcurlDoesNotResendAWriteOnAReusedConnectionThatDropped) {
  // The GET leaves the connection open; the write goes out on it (one
  // without a body on a new one) and the server drops it. libcurl resends
  // on a fresh connection by itself when a reused connection drops.
  for (std::string method : {"POST", "PUT", "DELETE", "PATCH"}) {
    SCOPED_TRACE(method);
    std::string body = method == "POST" || method == "PUT" ? "{}" : "";
    CannedServer server({Response(200, "", "{}"), kDropConnection, Response(200, "", "{}")});
    auto client = ClientFor(server);
    ASSERT_NE(client, nullptr);
    ASSERT_TRUE(client->Do("GET", "/version").ok());
    auto r = client->Do(method, "/api/v1/namespaces/default/services/x", body, "application/json");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_TRUE(r->fate_unknown) << r->code;
    auto g = client->Do("GET", "/version");
    ASSERT_TRUE(g.ok()) << g.status().message();
    EXPECT_EQ(g->code, 200);
    EXPECT_EQ(server.requests(),
              (std::vector<std::string>{"GET /version HTTP/1.1",
                                        method + " /api/v1/namespaces/default/services/x HTTP/1.1",
                                        "GET /version HTTP/1.1"}));
  }
}

TEST(HttpClientTest, AWriteThatTimesOutHasUnknownFateAndIsNotResent) {
  CannedServer server({kNoAnswer, Response(200, "", "{}")});
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  HttpOptions options;
  options.timeout_ms = 300;
  options.initial_backoff_ms = 1;
  auto client = HttpClient::Create(access, options);
  ASSERT_TRUE(client.ok());
  auto r = (*client)->Do("PUT", "/api/v1/namespaces/default/services/x", "{}", "application/json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->fate_unknown) << r->code;
  EXPECT_NE(r->body.find("Timeout"), std::string::npos) << r->body;
  // A read that times out is retried.
  CannedServer reads({kNoAnswer, Response(200, "", "{}")});
  access.server = "http://127.0.0.1:" + std::to_string(reads.port());
  auto reader = HttpClient::Create(access, options);
  ASSERT_TRUE(reader.ok());
  auto g = (*reader)->Do("GET", "/version");
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->code, 200);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpClientTest, ADeleteDroppedHasUnknownFate) {
  CannedServer server({kDropConnection, Response(200, "", "{}")});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto r = client->Do("DELETE", "/api/v1/namespaces/default/services/x");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->fate_unknown) << r->code;
  ASSERT_TRUE(client->Do("GET", "/version").ok());
  EXPECT_EQ(server.requests(),
            (std::vector<std::string>{"DELETE /api/v1/namespaces/default/services/x HTTP/1.1",
                                      "GET /version HTTP/1.1"}));
}

TEST(HttpClientTest, AReadDroppedIsRetried) {
  CannedServer server({kDropConnection, Response(200, "", "{}")});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto r = client->Do("GET", "/version");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->code, 200);
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(client->requests_made(), 2);
}

TEST(HttpClientTest, AWriteThatNeverWentOutIsRetried) {
  ClusterAccess access;
  access.server = "http://127.0.0.1:1";
  HttpOptions options;
  options.max_attempts = 3;
  options.initial_backoff_ms = 1;
  auto client = HttpClient::Create(access, options);
  ASSERT_TRUE(client.ok());
  auto r = (*client)->Do("POST", "/api/v1/namespaces/default/services", "{}", "application/json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("http://127.0.0.1:1"), std::string::npos)
      << r.status().message();
  EXPECT_EQ((*client)->requests_made(), 3);
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
