// A loopback HTTP/1.1 server for tests of the live client and target: it
// answers each request with the next canned response, in order, and records
// each request line and body. The response kDropConnection closes the
// connection after reading the request, without an answer; kNoAnswer keeps
// it open without an answer until the client gives up.
#ifndef KDUAL_CONFORMANCE_LIVE_TEST_HTTP_SERVER_H_
#define KDUAL_CONFORMANCE_LIVE_TEST_HTTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kdual::live {

inline const std::string kDropConnection = "<drop the connection>";
inline const std::string kNoAnswer = "<no answer>";

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
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int c : open_) {
        if (c >= 0) shutdown(c, SHUT_RDWR);
      }
    }
    for (auto& t : connections_) t.join();
  }
  int port() const { return port_; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  // Each request's header block (request line included).
  std::vector<std::string> headers() {
    std::lock_guard<std::mutex> lock(mu_);
    return headers_;
  }

 private:
  static size_t ContentLength(const std::string& headers) {
    std::string lower;
    for (char ch : headers)
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    size_t at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return static_cast<size_t>(std::strtoul(headers.c_str() + at + 17, nullptr, 10));
  }
  // Each connection is served on a thread of its own (a client may open a
  // new one while an idle one stays open); responses go out in the order
  // requests arrive.
  void Serve() {
    for (;;) {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::lock_guard<std::mutex> lock(mu_);
      open_.push_back(c);
      connections_.emplace_back([this, c] { ServeConnection(c); });
    }
  }
  void ServeConnection(int c) {
    for (;;) {
      std::string in;
      char buf[4096];
      while (in.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        in.append(buf, static_cast<size_t>(n));
      }
      size_t header_end = in.find("\r\n\r\n");
      if (header_end == std::string::npos) break;
      std::string body = in.substr(header_end + 4);
      size_t length = ContentLength(in.substr(0, header_end));
      while (body.size() < length) {
        ssize_t got = read(c, buf, sizeof buf);
        if (got <= 0) break;
        body.append(buf, static_cast<size_t>(got));
      }
      std::string out;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (next_ >= responses_.size()) break;
        requests_.push_back(in.substr(0, in.find("\r\n")));
        headers_.push_back(in.substr(0, header_end));
        bodies_.push_back(body);
        out = responses_[next_++];
      }
      if (out == kDropConnection) break;
      if (out == kNoAnswer) {
        while (read(c, buf, sizeof buf) > 0) {
        }
        break;
      }
      if (write(c, out.data(), out.size()) < 0) break;
    }
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& open : open_) {
      if (open == c) open = -1;
    }
    close(c);
  }
  std::vector<std::string> responses_;
  std::mutex mu_;
  std::vector<std::string> requests_;
  std::vector<std::string> headers_;
  std::vector<std::string> bodies_;
  size_t next_ = 0;
  std::vector<int> open_;
  std::vector<std::thread> connections_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

inline std::string Response(int code, const std::string& extra_headers, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(code) +
         " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" +
         body;
}

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_TEST_HTTP_SERVER_H_
