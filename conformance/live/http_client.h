// An HTTPS client for the Kubernetes API on libcurl: TLS verification on
// (CA from the kubeconfig's data or file), client certificates, bearer
// tokens, one reused connection, timeouts, and retries with backoff for
// reads only. Never logs credentials.
#ifndef KDUAL_CONFORMANCE_LIVE_HTTP_CLIENT_H_
#define KDUAL_CONFORMANCE_LIVE_HTTP_CLIENT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conformance/live/kubeconfig.h"
#include "engine/base/status.h"

namespace kdual::live {

struct HttpOptions {
  long connect_timeout_ms = 5000;
  long timeout_ms = 30000;        // the whole request
  int max_attempts = 5;           // GET only; writes are sent once
  long initial_backoff_ms = 200;  // doubled after each attempt
  long max_backoff_ms = 5000;     // also the cap on Retry-After
};

struct HttpResponse {
  long code = 0;
  std::string body;
  std::vector<std::string> warnings;  // Warning header texts, unwrapped
};

class HttpClient {
 public:
  // Checks the access (server URL, files) and prepares one curl handle.
  static Result<std::unique_ptr<HttpClient>> Create(const ClusterAccess& access,
                                                    HttpOptions options = HttpOptions());
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `method` to server + `path_and_query`. A transport failure (after
  // the retries a GET gets) is an Unavailable status; any HTTP answer,
  // error codes included, is a response.
  Result<HttpResponse> Do(const std::string& method, const std::string& path_and_query,
                          const std::string& body = "", const std::string& content_type = "");

  const std::string& server() const { return server_; }

 private:
  HttpClient() = default;
  Result<HttpResponse> Once(const std::string& method, const std::string& url,
                            const std::string& body, const std::string& content_type,
                            std::optional<long>* retry_after_s, bool* transport_error);

  void* curl_ = nullptr;
  std::string server_;
  ClusterAccess access_;
  HttpOptions options_;
};

// The text of one Warning header value: `299 - "text"` -> `text` (quotes
// and backslash escapes undone); a value not in that shape is kept as is.
std::string WarningText(const std::string& header_value);

// Whether a GET answered with `code` is worth retrying (429 and 5xx).
bool RetryableCode(long code);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_HTTP_CLIENT_H_
