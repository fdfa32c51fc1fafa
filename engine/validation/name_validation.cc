#include "engine/validation/name_validation.h"

#include <algorithm>

namespace kdual::validation {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerAlnum(char c) { return IsLower(c) || IsDigit(c); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
bool MatchesDNS1123Label(const std::string& s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; });
}

// ^label(\.label)*$
bool MatchesDNS1123Subdomain(const std::string& s) {
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (!MatchesDNS1123Label(
            s.substr(start, dot == std::string::npos ? std::string::npos : dot - start))) {
      return false;
    }
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

// ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
bool MatchesQualifiedNamePart(const std::string& s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

std::string MaxLenError(int n) {
  return "must be no more than " + std::to_string(n) + " characters";
}

// apimachinery 0.37 moved label keys and values to pkg/api/validate/content,
// whose MaxLenError counts bytes.
std::string ContentMaxLenError(int n, const version::Profile& profile) {
  if (profile.label_content_messages) return "must be no more than " + std::to_string(n) + " bytes";
  return MaxLenError(n);
}

constexpr const char* kDNS1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr const char* kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr const char* kQualifiedNameErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character";

}  // namespace

std::string RegexError(const std::string& msg, const std::string& fmt,
                       const std::vector<std::string>& examples) {
  if (examples.empty()) return msg + " (regex used for validation is '" + fmt + "')";
  std::string out = msg + " (e.g. ";
  for (size_t i = 0; i < examples.size(); ++i) {
    if (i > 0) out += " or ";
    out += "'" + examples[i] + "', ";
  }
  return out + "regex used for validation is '" + fmt + "')";
}

std::vector<std::string> IsDNS1123Label(const std::string& value, bool dots_message) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back(MaxLenError(63));
  if (!MatchesDNS1123Label(value)) {
    if (dots_message && MatchesDNS1123Subdomain(value)) {
      errs.push_back("must not contain dots");
    } else {
      errs.push_back(RegexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
          "'-', and must start and end with an alphanumeric character",
          kDNS1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errs;
}

std::vector<std::string> IsDNS1123Subdomain(const std::string& value) {
  return IsDNS1123SubdomainWithMaxLenError(value, MaxLenError(253));
}

std::vector<std::string> IsDNS1123SubdomainWithMaxLenError(const std::string& value,
                                                           const std::string& max_len_error) {
  std::vector<std::string> errs;
  if (value.size() > 253) errs.push_back(max_len_error);
  if (!MatchesDNS1123Subdomain(value)) {
    errs.push_back(RegexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
        "'-' or '.', and must start and end with an alphanumeric character",
        std::string(kDNS1123LabelFmt) + "(\\." + kDNS1123LabelFmt + ")*", {"example.com"}));
  }
  return errs;
}

std::vector<std::string> IsDNS1035Label(const std::string& value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back(MaxLenError(63));
  bool ok =
      !value.empty() && IsLower(value.front()) && IsLowerAlnum(value.back()) &&
      std::all_of(value.begin(), value.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; });
  if (!ok) {
    errs.push_back(RegexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
        "with an alphabetic character, and end with an alphanumeric character",
        "[a-z]([-a-z0-9]*[a-z0-9])?", {"my-name", "abc-123"}));
  }
  return errs;
}

std::vector<std::string> IsQualifiedName(const std::string& value,
                                         const version::Profile& profile) {
  std::vector<std::string> errs;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = value.find('/', start);
    parts.push_back(
        value.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string name;
  if (parts.size() == 1) {
    name = parts[0];
  } else if (parts.size() == 2) {
    const std::string& prefix = parts[0];
    name = parts[1];
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      for (const auto& m :
           IsDNS1123SubdomainWithMaxLenError(prefix, ContentMaxLenError(253, profile))) {
        errs.push_back("prefix part " + m);
      }
    }
  } else {
    // apimachinery 0.37 content.IsLabelKey renamed the subject.
    std::string subject =
        profile.label_content_messages ? "a valid label key " : "a qualified name ";
    errs.push_back(
        subject +
        RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    return errs;
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part " + ContentMaxLenError(63, profile));
  }
  if (!MatchesQualifiedNamePart(name)) {
    errs.push_back("name part " + RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                             {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> IsValidLabelValue(const std::string& value,
                                           const version::Profile& profile) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back(ContentMaxLenError(63, profile));
  if (!value.empty() && !MatchesQualifiedNamePart(value)) {
    errs.push_back(RegexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', "
        "'_' or '.', and must start and end with an alphanumeric character",
        std::string("(") + kQualifiedNameFmt + ")?", {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::vector<std::string> IsValidPortName(const std::string& port, bool letter_message) {
  std::vector<std::string> errs;
  if (port.size() > 15) errs.push_back(MaxLenError(15));
  bool charset = !port.empty() && std::all_of(port.begin(), port.end(),
                                              [](char c) { return IsLowerAlnum(c) || c == '-'; });
  if (!charset)
    errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (std::none_of(port.begin(), port.end(), IsLower))
    errs.push_back(letter_message ? "must contain at least one letter (a-z)"
                                  : "must contain at least one letter or number (a-z, 0-9)");
  if (port.find("--") != std::string::npos) errs.push_back("must not contain consecutive hyphens");
  if (!port.empty() && (port.front() == '-' || port.back() == '-')) {
    errs.push_back("must not begin or end with a hyphen");
  }
  return errs;
}

std::vector<std::string> IsValidPortNum(int64_t port) {
  if (port >= 1 && port <= 65535) return {};
  return {"must be between 1 and 65535, inclusive"};
}

std::vector<std::string> IsPathSegmentName(const std::string& name, bool prefix) {
  if (!prefix && (name == "." || name == "..")) return {"may not be '" + name + "'"};
  std::vector<std::string> errs;
  for (const char* bad : {"/", "%"}) {
    if (name.find(bad) != std::string::npos)
      errs.push_back(std::string("may not contain '") + bad + "'");
  }
  return errs;
}

std::string MaskTrailingDash(const std::string& name) {
  if (name.size() > 1 && name.back() == '-') return name.substr(0, name.size() - 2) + "a";
  return name;
}

}  // namespace kdual::validation
