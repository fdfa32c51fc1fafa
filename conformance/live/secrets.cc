#include "conformance/live/secrets.h"

#include <algorithm>
#include <sstream>

namespace kdual::live {
namespace {

constexpr size_t kMinSecret = 8;
constexpr size_t kMinPemLine = 16;

void AddPem(const std::string& pem, std::vector<std::string>* out) {
  if (pem.size() >= kMinSecret) out->push_back(pem);
  std::istringstream in(pem);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() >= kMinPemLine && line.rfind("-----", 0) != 0) out->push_back(line);
  }
}

}  // namespace

std::vector<std::string> SecretsOf(const ClusterAccess& access) {
  std::vector<std::string> secrets;
  if (access.token.size() >= kMinSecret) secrets.push_back(access.token);
  AddPem(access.client_key_data, &secrets);
  AddPem(access.client_certificate_data, &secrets);
  // Longest first, so a whole PEM goes before its lines.
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return secrets;
}

std::string RedactSecrets(const std::string& text, const std::vector<std::string>& secrets) {
  std::string out = text;
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), kRedacted);
      pos += std::char_traits<char>::length(kRedacted);
    }
  }
  return out;
}

std::string WithoutQuotedText(const std::string& message) {
  std::string out;
  bool quoted = false;
  for (size_t i = 0; i < message.size(); ++i) {
    char c = message[i];
    if (c == '\\' && quoted && i + 1 < message.size()) {
      ++i;
      continue;
    }
    if (c == '"') {
      if (!quoted) out += "\"...\"";
      quoted = !quoted;
      continue;
    }
    if (!quoted) out.push_back(c);
  }
  return out;
}

}  // namespace kdual::live
