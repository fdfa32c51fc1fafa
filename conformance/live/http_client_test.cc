#include "conformance/live/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

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

// A loopback HTTP/1.1 server that answers each request with the next canned
// response and records the request lines.
class CannedServer {
 public:
  explicit CannedServer(std::vector<std::string> responses) : responses_(std::move(responses)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 4);
    thread_ = std::thread([this] { Serve(); });
  }
  ~CannedServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Serve() {
    size_t next = 0;
    while (next < responses_.size()) {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      while (next < responses_.size()) {
        std::string in;
        char buf[4096];
        while (in.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = read(c, buf, sizeof buf);
          if (n <= 0) break;
          in.append(buf, static_cast<size_t>(n));
        }
        if (in.empty()) break;
        {
          std::lock_guard<std::mutex> lock(mu_);
          requests_.push_back(in.substr(0, in.find("\r\n")));
        }
        const std::string& out = responses_[next++];
        if (write(c, out.data(), out.size()) < 0) break;
      }
      close(c);
    }
  }
  std::vector<std::string> responses_;
  std::mutex mu_;
  std::vector<std::string> requests_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

std::string Response(int code, const std::string& extra_headers, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(code) + " X\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
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
