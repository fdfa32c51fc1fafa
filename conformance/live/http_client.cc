#include "conformance/live/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

namespace kdual::live {
namespace {

struct Collected {
  std::string body;
  std::vector<std::string> warnings;
  std::optional<long> retry_after_s;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  static_cast<Collected*>(user)->body.append(data, size * n);
  return size * n;
}

std::string TrimSpace(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

bool StartsWithNoCase(const std::string& s, const std::string& prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
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
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = line.substr(0, colon);
  std::string value = TrimSpace(line.substr(colon + 1));
  if (StartsWithNoCase(name, "warning") && name.size() == 7) {
    c->warnings.push_back(WarningText(value));
  } else if (StartsWithNoCase(name, "retry-after") && name.size() == 11) {
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

bool RetryableTransport(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string WarningText(const std::string& header_value) {
  // warn-code SP warn-agent SP quoted-text [SP warn-date]
  const std::string& v = header_value;
  size_t sp1 = v.find(' ');
  if (sp1 != 3 || !std::all_of(v.begin(), v.begin() + 3, ::isdigit)) return v;
  size_t sp2 = v.find(' ', sp1 + 1);
  if (sp2 == std::string::npos || sp2 + 1 >= v.size() || v[sp2 + 1] != '"') return v;
  std::string text;
  for (size_t i = sp2 + 2; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      text.push_back(v[++i]);
    } else if (v[i] == '"') {
      return text;
    } else {
      text.push_back(v[i]);
    }
  }
  return v;  // no closing quote
}

bool RetryableCode(long code) { return code == 429 || (code >= 500 && code <= 599); }

Result<std::unique_ptr<HttpClient>> HttpClient::Create(const ClusterAccess& access,
                                                       HttpOptions options) {
  GlobalInit();
  if (access.server.rfind("https://", 0) != 0 && access.server.rfind("http://", 0) != 0) {
    return InvalidArgument("the server \"" + access.server + "\" is not an http(s) URL");
  }
  std::unique_ptr<HttpClient> client(new HttpClient());
  client->server_ = access.server;
  while (!client->server_.empty() && client->server_.back() == '/') client->server_.pop_back();
  client->access_ = access;
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
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, access.insecure_skip_tls_verify ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, access.insecure_skip_tls_verify ? 0L : 2L);
  if (!access.ca_data.empty()) {
    if (!SetBlob(curl, CURLOPT_CAINFO_BLOB, access.ca_data)) {
      return Unavailable("this libcurl cannot take a CA from memory (CURLOPT_CAINFO_BLOB)");
    }
  } else if (!access.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, access.ca_file.c_str());
  }
  if (!access.client_certificate_data.empty()) {
    if (!SetBlob(curl, CURLOPT_SSLCERT_BLOB, access.client_certificate_data)) {
      return Unavailable("this libcurl cannot take a client certificate from memory");
    }
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  } else if (!access.client_certificate_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, access.client_certificate_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  }
  if (!access.client_key_data.empty()) {
    if (!SetBlob(curl, CURLOPT_SSLKEY_BLOB, access.client_key_data)) {
      return Unavailable("this libcurl cannot take a client key from memory");
    }
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  } else if (!access.client_key_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLKEY, access.client_key_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  }
  return client;
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse> HttpClient::Once(const std::string& method, const std::string& url,
                                      const std::string& body, const std::string& content_type,
                                      std::optional<long>* retry_after_s, bool* transport_error) {
  CURL* curl = static_cast<CURL*>(curl_);
  Collected collected;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "User-Agent: kdual");
  if (!content_type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  if (!access_.token.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + access_.token).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);  // resets any body of the previous request
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
  if (method != "GET") {
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, body.c_str());
    }
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  curl_slist_free_all(headers);
  *transport_error = false;
  if (rc != CURLE_OK) {
    *transport_error = RetryableTransport(rc);
    return Unavailable(method + " " + url + ": " + curl_easy_strerror(rc));
  }
  HttpResponse response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.code);
  response.body = std::move(collected.body);
  response.warnings = std::move(collected.warnings);
  *retry_after_s = collected.retry_after_s;
  return response;
}

Result<HttpResponse> HttpClient::Do(const std::string& method, const std::string& path_and_query,
                                    const std::string& body, const std::string& content_type) {
  std::string url = server_ + path_and_query;
  const bool may_retry = method == "GET";
  const int attempts = may_retry ? std::max(1, options_.max_attempts) : 1;
  long backoff_ms = options_.initial_backoff_ms;
  for (int attempt = 1;; ++attempt) {
    std::optional<long> retry_after_s;
    bool transport_error = false;
    auto response = Once(method, url, body, content_type, &retry_after_s, &transport_error);
    bool retry = response.ok() ? RetryableCode(response->code) : transport_error;
    if (!retry || attempt >= attempts) return response;
    long wait_ms = backoff_ms;
    if (retry_after_s) wait_ms = std::min(*retry_after_s * 1000, options_.max_backoff_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    backoff_ms = std::min(backoff_ms * 2, options_.max_backoff_ms);
  }
}

}  // namespace kdual::live
