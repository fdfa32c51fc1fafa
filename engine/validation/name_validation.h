// The string format checks of apimachinery pkg/util/validation (and, from
// 1.37, pkg/api/validate/content): DNS labels and subdomains, qualified
// names (label keys), label values, port names and numbers. Each returns
// the server's messages, in the server's order; empty means valid.
#ifndef KDUAL_ENGINE_VALIDATION_NAME_VALIDATION_H_
#define KDUAL_ENGINE_VALIDATION_NAME_VALIDATION_H_

#include <string>
#include <vector>

#include "engine/version/profile.h"

namespace kdual::validation {

// RegexError(msg, fmt, examples...): "msg (e.g. 'a',  or 'b', regex used for
// validation is 'fmt')", spacing exactly as Go builds it.
std::string RegexError(const std::string& msg, const std::string& fmt,
                       const std::vector<std::string>& examples);

// IsDNS1123Label: lowercase RFC 1123 label, at most 63 characters. A
// lowercase value with dots "must not contain dots" where `dots_message`
// (apimachinery v0.27+; Profile::dns_label_dots_message), else the regex error.
std::vector<std::string> IsDNS1123Label(const std::string& value, bool dots_message = true);
// IsDNS1123Subdomain: lowercase RFC 1123 subdomain, at most 253 characters.
std::vector<std::string> IsDNS1123Subdomain(const std::string& value);
// The same with the too-long message given (content.IsDNS1123Subdomain
// counts bytes).
std::vector<std::string> IsDNS1123SubdomainWithMaxLenError(const std::string& value,
                                                           const std::string& max_len_error);
// IsDNS1035Label: starts with a letter, at most 63 characters.
std::vector<std::string> IsDNS1035Label(const std::string& value);
// IsQualifiedName / content.IsLabelKey: optional DNS subdomain prefix and
// '/', then a name part of at most 63 characters. 1.37 calls a key with
// more than one '/' "a valid label key", older releases "a qualified name".
std::vector<std::string> IsQualifiedName(const std::string& value, const version::Profile& profile);
// IsValidLabelValue: empty, or a qualified name part of at most 63.
std::vector<std::string> IsValidLabelValue(const std::string& value,
                                           const version::Profile& profile);
// IsValidPortName: IANA_SVC_NAME (at most 15, letters required, ...).
// `letter_message` false: the one-letter rule's text before apimachinery
// v0.25 ("at least one letter or number (a-z, 0-9)").
std::vector<std::string> IsValidPortName(const std::string& port, bool letter_message = true);
// IsValidPortNum: 1..65535.
std::vector<std::string> IsValidPortNum(int64_t port);

// path.ValidatePathSegmentName / content.IsPathSegmentName: not "." or ".."
// (unless a prefix), no '/' or '%'.
std::vector<std::string> IsPathSegmentName(const std::string& name, bool prefix);

// maskTrailingDash (apimachinery api/validation/generic.go): for a
// generateName prefix ending in '-', the last two characters become "a".
std::string MaskTrailingDash(const std::string& name);

}  // namespace kdual::validation

#endif  // KDUAL_ENGINE_VALIDATION_NAME_VALIDATION_H_
