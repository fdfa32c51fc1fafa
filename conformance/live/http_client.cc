#include "conformance/live/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

namespace kdual::live {

// One try of a request: an answer, or the transport error and whether the
// request went out.
struct HttpClient::Attempt {
  std::optional<HttpResponse> response;
  CURLcode transport = CURLE_OK;
  std::string error;  // "POST https://...: Connection refused"
  int sends = 0;      // times the request headers went out
  std::optional<long> retry_after_s;
  bool has_retry_after = false;
};

namespace {

struct Collected {
  std::string body;
  std::vector<std::string> warnings;
  std::optional<long> retry_after_s;
  bool has_retry_after = false;
};

// The request body, handed to libcurl through a read callback so that
// libcurl cannot resend it on its own: when a reused connection turns out
// dead after the request went out, libcurl asks to rewind the body and
// retries on a fresh connection; OnSeek refuses, and the write ends as one
// of unknown fate instead of being sent twice.
struct Upload {
  const std::string* data = nullptr;
  size_t offset = 0;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  static_cast<Collected*>(user)->body.append(data, size * n);
  return size * n;
}

size_t OnRead(char* buffer, size_t size, size_t n, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t left = upload->data->size() - upload->offset;
  size_t count = std::min(left, size * n);
  std::memcpy(buffer, upload->data->data() + upload->offset, count);
  upload->offset += count;
  return count;
}

int OnSeek(void*, curl_off_t, int) { return CURL_SEEKFUNC_CANTSEEK; }

// Counts the times the request headers went out: more than one means
// libcurl sent the request again by itself.
int OnDebug(CURL*, curl_infotype type, char*, size_t, void* user) {
  if (type == CURLINFO_HEADER_OUT) ++*static_cast<int*>(user);
  return 0;
}

std::string TrimSpace(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

bool EqualsNoCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Collected*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect or 100)
    c->warnings.clear();
    c->retry_after_s.reset();
    c->has_retry_after = false;
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = line.substr(0, colon);
  std::string value = TrimSpace(line.substr(colon + 1));
  if (EqualsNoCase(name, "warning")) {
    for (auto& text : WarningTexts(value)) c->warnings.push_back(std::move(text));
  } else if (EqualsNoCase(name, "retry-after")) {
    c->has_retry_after = true;
    // Seconds; an HTTP-date (which the API server never sends) falls back to
    // the backoff.
    if (!value.empty() && std::all_of(value.begin(), value.end(), ::isdigit) && value.size() < 8) {
      c->retry_after_s = std::stol(value);
    }
  }
  return size * n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool SetBlob(CURL* curl, CURLoption option, const std::string& data) {
  curl_blob blob;
  blob.data = const_cast<char*>(data.data());
  blob.len = data.size();
  blob.flags = CURL_BLOB_COPY;
  return curl_easy_setopt(curl, option, &blob) == CURLE_OK;
}

// A transport failure that may pass: a refused or reset connection, a
// timeout, a server gone away mid-answer.
bool TransientTransport(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SEND_FAIL_REWIND:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return true;
    default: return false;
  }
}

// Parses one `code agent "text" ["date"]` at the start of `v` from `*at`;
// false when `v` is not in that shape there.
bool ParseOneWarning(const std::string& v, size_t* at, std::string* text) {
  size_t i = *at;
  while (i < v.size() && v[i] == ' ') ++i;
  if (i + 3 >= v.size() || !std::all_of(v.begin() + i, v.begin() + i + 3, ::isdigit) ||
      v[i + 3] != ' ') {
    return false;
  }
  size_t agent_end = v.find(' ', i + 4);
  if (agent_end == std::string::npos || agent_end == i + 4) return false;
  size_t q = agent_end + 1;
  while (q < v.size() && v[q] == ' ') ++q;
  if (q >= v.size() || v[q] != '"') return false;
  text->clear();
  size_t k = q + 1;
  bool closed = false;
  for (; k < v.size(); ++k) {
    if (v[k] == '\\' && k + 1 < v.size()) {
      text->push_back(v[++k]);
    } else if (v[k] == '"') {
      closed = true;
      ++k;
      break;
    } else {
      text->push_back(v[k]);
    }
  }
  if (!closed) return false;
  while (k < v.size() && v[k] == ' ') ++k;
  if (k < v.size() && v[k] == '"') {  // warn-date: quoted, no escapes
    size_t end = v.find('"', k + 1);
    if (end == std::string::npos) return false;
    k = end + 1;
    while (k < v.size() && v[k] == ' ') ++k;
  }
  if (k < v.size()) {
    if (v[k] != ',') return false;
    ++k;
  }
  *at = k;
  return true;
}

}  // namespace

std::vector<std::string> WarningTexts(const std::string& header_value) {
  std::vector<std::string> texts;
  size_t at = 0;
  std::string text;
  while (at < header_value.size()) {
    if (!ParseOneWarning(header_value, &at, &text)) return {header_value};
    texts.push_back(text);
    while (at < header_value.size() && header_value[at] == ' ') ++at;
  }
  if (texts.empty()) return {header_value};
  return texts;
}

std::string WarningText(const std::string& header_value) {
  return WarningTexts(header_value).front();
}

bool RetryableCode(long code) { return code == 429 || (code >= 500 && code <= 599); }

bool RetryableWriteAnswer(long code, bool has_retry_after) {
  return code == 429 || (code == 503 && has_retry_after);
}

Result<std::unique_ptr<HttpClient>> HttpClient::Create(const ClusterAccess& access,
                                                       HttpOptions options) {
  GlobalInit();
  if (access.server.rfind("https://", 0) != 0 && access.server.rfind("http://", 0) != 0) {
    return InvalidArgument("the server \"" + access.server + "\" is not an http(s) URL");
  }
  std::unique_ptr<HttpClient> client(new HttpClient());
  client->server_ = access.server;
  ClusterAccess with_exec = access;
  if (access.exec) {
    // The plugin runs on first use, as client-go runs it; a certificate it
    // gives goes to the connection, a token to each request.
    auto cred = access.exec->Get();
    if (!cred.ok()) return cred.status();
    if (!cred->client_certificate_data.empty()) {
      with_exec.client_certificate_data = cred->client_certificate_data;
      with_exec.client_key_data = cred->client_key_data;
      with_exec.client_certificate_file.clear();
      with_exec.client_key_file.clear();
    }
  }
  const ClusterAccess& access_used = with_exec;
  while (!client->server_.empty() && client->server_.back() == '/') client->server_.pop_back();
  client->access_ = access_used;
  client->options_ = options;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Internal("curl_easy_init failed");
  client->curl_ = curl;

  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, OnRead);
  curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, OnSeek);
  // Verbose only feeds OnDebug, which counts the requests sent; nothing is
  // printed or kept (the request headers hold the token).
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, access_used.insecure_skip_tls_verify ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, access_used.insecure_skip_tls_verify ? 0L : 2L);
  if (!access_used.ca_data.empty()) {
    if (!SetBlob(curl, CURLOPT_CAINFO_BLOB, access_used.ca_data)) {
      return Unavailable("this libcurl cannot take a CA from memory (CURLOPT_CAINFO_BLOB)");
    }
  } else if (!access_used.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, access_used.ca_file.c_str());
  }
  if (!access_used.client_certificate_data.empty()) {
    if (!SetBlob(curl, CURLOPT_SSLCERT_BLOB, access_used.client_certificate_data)) {
      return Unavailable("this libcurl cannot take a client certificate from memory");
    }
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  } else if (!access_used.client_certificate_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, access_used.client_certificate_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  }
  if (!access_used.client_key_data.empty()) {
    if (!SetBlob(curl, CURLOPT_SSLKEY_BLOB, access_used.client_key_data)) {
      return Unavailable("this libcurl cannot take a client key from memory");
    }
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  } else if (!access_used.client_key_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLKEY, access_used.client_key_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  }
  return client;
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpClient::Attempt HttpClient::Once(const std::string& method, const std::string& url,
                                     const std::string& body, const std::string& content_type) {
  CURL* curl = static_cast<CURL*>(curl_);
  Attempt attempt;
  Collected collected;
  Upload upload{&body, 0};
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "User-Agent: kdual");
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  // An empty value removes the form type libcurl would set for a body.
  headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  std::string token = access_.token;
  if (access_.exec) {
    auto cred = access_.exec->Get();  // cached until it expires
    if (!cred.ok()) {
      curl_slist_free_all(headers);
      attempt.error = cred.status().message();
      attempt.transport = CURLE_LOGIN_DENIED;
      return attempt;
    }
    if (!cred->token.empty()) token = cred->token;
  }
  if (!token.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &attempt.sends);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);  // resets any body of the previous request
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
  curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 0L);
  if (method != "GET") {
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      // The body comes from OnRead, so libcurl has to rewind before it could
      // resend it, and OnSeek refuses.
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    if (body.empty()) {
      // Nothing to rewind: libcurl would resend an empty write on its own
      // when a reused connection drops, so it gets a connection of its own.
      curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    }
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  curl_slist_free_all(headers);
  requests_made_ += std::max(attempt.sends, 1);
  attempt.retry_after_s = collected.retry_after_s;
  attempt.has_retry_after = collected.has_retry_after;
  if (rc != CURLE_OK) {
    attempt.transport = rc;
    attempt.error = method + " " + url + ": " + curl_easy_strerror(rc);
    return attempt;
  }
  HttpResponse response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.code);
  response.body = std::move(collected.body);
  response.warnings = std::move(collected.warnings);
  attempt.response = std::move(response);
  return attempt;
}

Result<HttpResponse> HttpClient::Do(const std::string& method, const std::string& path_and_query,
                                    const std::string& body, const std::string& content_type) {
  const std::string url = server_ + path_and_query;
  const bool is_read = method == "GET";
  const int attempts = std::max(1, options_.max_attempts);
  long backoff_ms = options_.initial_backoff_ms;
  bool refreshed = false;
  for (int attempt = 1;; ++attempt) {
    Attempt a = Once(method, url, body, content_type);
    if (!is_read && a.sends > 0 && (!a.response || a.sends > 1)) {
      // Sent and unanswered, or answered only after libcurl sent it again.
      HttpResponse unknown;
      unknown.fate_unknown = true;
      unknown.body = a.response ? method + " " + url +
                                      ": the connection dropped after the request was sent "
                                      "and it went out again on a new connection"
                                : a.error + " (after the request was sent)";
      return unknown;
    }
    if (a.response && a.response->code == 401 && access_.exec && !refreshed) {
      // client-go refreshes an exec credential the server refused, once.
      access_.exec->Invalidate();
      refreshed = true;
      continue;
    }
    bool retry;
    if (a.response) {
      retry = is_read ? RetryableCode(a.response->code)
                      : RetryableWriteAnswer(a.response->code, a.has_retry_after);
    } else {
      // A write reaches here only when it never went out.
      retry = TransientTransport(a.transport);
    }
    if (!retry || attempt >= attempts) {
      if (a.response) return std::move(*a.response);
      return Unavailable(a.error);
    }
    long wait_ms = backoff_ms;
    if (a.retry_after_s) wait_ms = std::min(*a.retry_after_s * 1000, options_.max_backoff_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    backoff_ms = std::min(backoff_ms * 2, options_.max_backoff_ms);
  }
}

}  // namespace kdual::live
