// An HTTPS client for the Kubernetes API on libcurl: TLS verification on
// (CA from the kubeconfig's data or file), client certificates, bearer
// tokens, one reused connection, timeouts, and retries with backoff that
// never resend a write the server may already have acted on. Never logs
// credentials.
//
// Retries (each waits the backoff, or the server's Retry-After, capped):
//  - any request that provably never reached the server (no connection,
//    name not resolved, TLS handshake failed);
//  - a GET on 429, 5xx and dropped connections;
//  - a write (POST, PUT, PATCH, DELETE) on 429, and on 503 with Retry-After:
//    both are answered by filters in front of the handler (max-in-flight and
//    API Priority and Fairness reject with 429; a shutting-down server with
//    503 and Retry-After: 1, apiserver pkg/server/filters/waitgroup.go), so
//    the write was not processed. client-go retries the same answers
//    (rest/with_retry.go checkWait).
// A write that was sent but got no answer (dropped connection, timeout) is
// never resent: the response says `fate_unknown` and the caller decides
// what happened first (write_check.h).
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
  int max_attempts = 5;           // per request, first attempt included
  long initial_backoff_ms = 200;  // doubled after each attempt
  long max_backoff_ms = 5000;     // also the cap on Retry-After
};

struct HttpResponse {
  long code = 0;  // the HTTP status; 0 when fate_unknown
  std::string body;
  std::vector<std::string> warnings;  // Warning header texts, unwrapped, in order
  // A write went out and no answer came back (the connection dropped, the
  // request timed out, or libcurl resent it on a fresh connection): the
  // server may or may not have acted on it. `body` holds the transport
  // error. Never resend blindly: check first (write_check.h).
  bool fate_unknown = false;
};

class HttpClient {
 public:
  // Checks the access (server URL, files) and prepares one curl handle.
  static Result<std::unique_ptr<HttpClient>> Create(const ClusterAccess& access,
                                                    HttpOptions options = HttpOptions());
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `method` to server + `path_and_query`. Any HTTP answer, error
  // codes included, is a response; so is a write of unknown fate (see
  // HttpResponse::fate_unknown). Any other transport failure, after the
  // retries above, is an Unavailable status naming the server.
  Result<HttpResponse> Do(const std::string& method, const std::string& path_and_query,
                          const std::string& body = "", const std::string& content_type = "");

  const std::string& server() const { return server_; }
  // HTTP requests made so far: every attempt counts, retries and libcurl's
  // own resends included.
  long requests_made() const { return requests_made_; }

 private:
  struct Attempt;
  HttpClient() = default;
  Attempt Once(const std::string& method, const std::string& url, const std::string& body,
               const std::string& content_type);

  void* curl_ = nullptr;
  std::string server_;
  ClusterAccess access_;
  HttpOptions options_;
  long requests_made_ = 0;
};

// The texts of one Warning header value, as client-go reads it
// (apimachinery pkg/util/net/http.go ParseWarningHeader): `299 - "text"`
// -> `text` (backslash escapes undone, an optional quoted date dropped), and
// several comma-separated warnings in one value give several texts. A value
// not in that shape is kept whole.
std::vector<std::string> WarningTexts(const std::string& header_value);
// The first of WarningTexts.
std::string WarningText(const std::string& header_value);

// Whether a GET answered with `code` is worth retrying (429 and 5xx).
bool RetryableCode(long code);
// Whether a write answered with `code` was provably not processed and may be
// sent again: 429, or 503 with a Retry-After header.
bool RetryableWriteAnswer(long code, bool has_retry_after);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_HTTP_CLIENT_H_
