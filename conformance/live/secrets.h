// Keeping credentials out of what kdual prints. Nothing in conformance/live
// builds a message from a token, key or certificate; these helpers are the
// second line: every message that leaves a live target passes through
// RedactSecrets, so even a library's error text cannot carry one out.
#ifndef KDUAL_CONFORMANCE_LIVE_SECRETS_H_
#define KDUAL_CONFORMANCE_LIVE_SECRETS_H_

#include <string>
#include <vector>

#include "conformance/live/kubeconfig.h"

namespace kdual::live {

inline constexpr const char* kRedacted = "[redacted]";

// The secret texts of `access`: the token, and the client key and client
// certificate data (whole, and each of their PEM lines of 16 characters or
// more, so a quoted fragment is caught too). Short values are skipped: a
// 3-character "token" would redact half of every message.
std::vector<std::string> SecretsOf(const ClusterAccess& access);

// `text` with every occurrence of each secret replaced by [redacted].
std::string RedactSecrets(const std::string& text, const std::vector<std::string>& secrets);

// Each "..." part of a message replaced by "...": for parser errors about a
// credentials file, which quote the text they could not read.
std::string WithoutQuotedText(const std::string& message);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_SECRETS_H_
