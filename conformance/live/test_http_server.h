// A loopback HTTP/1.1 server for tests of the live client and target: it
// answers each request with the next canned response, in order, and records
// each request line and body.
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
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  static size_t ContentLength(const std::string& headers) {
    std::string lower;
    for (char ch : headers) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    size_t at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return static_cast<size_t>(std::strtoul(headers.c_str() + at + 17, nullptr, 10));
  }
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
        size_t header_end = in.find("\r\n\r\n");
        if (header_end == std::string::npos) break;
        std::string body = in.substr(header_end + 4);
        size_t length = ContentLength(in.substr(0, header_end));
        while (body.size() < length) {
          ssize_t got = read(c, buf, sizeof buf);
          if (got <= 0) break;
          body.append(buf, static_cast<size_t>(got));
        }
        {
          std::lock_guard<std::mutex> lock(mu_);
          requests_.push_back(in.substr(0, in.find("\r\n")));
          bodies_.push_back(body);
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
  std::vector<std::string> bodies_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

inline std::string Response(int code, const std::string& extra_headers, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(code) + " X\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_TEST_HTTP_SERVER_H_
