#include "engine/registry/field_selector.h"

#include <algorithm>

#include "engine/base/go_format.h"

namespace kdual::registry {
namespace {

// splitTerms: commas after a backslash are data (the backslash kept).
std::vector<std::string> SplitTerms(const std::string& s) {
  std::vector<std::string> terms;
  if (s.empty()) return terms;
  size_t start = 0;
  bool in_slash = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (in_slash) {
      in_slash = false;
    } else if (s[i] == '\\') {
      in_slash = true;
    } else if (s[i] == ',') {
      terms.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(s.substr(start));
  return terms;
}

// splitTerm: the first position where "!=", "==" or "=" starts (checked in
// that order at each position).
bool SplitTerm(const std::string& term, std::string* lhs, std::string* op, std::string* rhs) {
  for (size_t i = 0; i < term.size(); ++i) {
    for (const char* candidate : {"!=", "==", "="}) {
      std::string o = candidate;
      if (term.compare(i, o.size(), o) == 0) {
        *lhs = term.substr(0, i);
        *op = o;
        *rhs = term.substr(i + o.size());
        return true;
      }
    }
  }
  return false;
}

// UnescapeValue. UnescapedRune prints the rune with %v: its code point.
Result<std::string> UnescapeValue(const std::string& s) {
  if (s.find_first_of("\\,=") == std::string::npos) return s;
  std::string out;
  bool in_slash = false;
  for (char c : s) {
    if (in_slash) {
      if (c == '\\' || c == ',' || c == '=') {
        out += c;
      } else {
        // Go ranges over runes: the sequence is the backslash and the whole
        // character after it; a byte of a multi-byte character is printed as
        // it stands in the input.
        return InvalidArgument(std::string("invalid field selector: invalid escape sequence: \\") +
                               c);
      }
      in_slash = false;
      continue;
    }
    if (c == '\\') {
      in_slash = true;
    } else if (c == ',' || c == '=') {
      return InvalidArgument("invalid field selector: unescaped character in value: " +
                             std::to_string(static_cast<int>(c)));
    } else {
      out += c;
    }
  }
  if (in_slash) return InvalidArgument("invalid field selector: invalid escape sequence: \\");
  return out;
}

}  // namespace

Result<FieldSelector> FieldSelector::ParseForServices(const std::string& text,
                                                      const version::Profile& profile) {
  std::vector<std::string> parts = SplitTerms(text);
  std::sort(parts.begin(), parts.end());
  FieldSelector s;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    std::string lhs, op, rhs;
    if (!SplitTerm(part, &lhs, &op, &rhs)) {
      return InvalidArgument("invalid selector: '" + text + "'; can't understand '" + part + "'");
    }
    KDUAL_ASSIGN_OR_RETURN(std::string value, UnescapeValue(rhs));
    s.terms_.push_back({lhs, value, op != "!="});
  }
  // Transform: every term through the Service's field label conversion
  // (pkg/apis/core/v1/conversion.go from 1.31; the scheme's default,
  // runtime.DefaultMetaV1FieldSelectorConversion, before).
  for (const auto& t : s.terms_) {
    const bool meta = t.field == "metadata.name" || t.field == "metadata.namespace";
    const bool spec = t.field == "spec.clusterIP" || t.field == "spec.type";
    if (profile.service_spec_field_selectors) {
      if (!meta && !spec) return InvalidArgument("field label not supported: " + t.field);
    } else if (!meta) {
      // runtime.DefaultMetaV1FieldSelectorConversion: the label as %q
      // (a backslash in it is doubled).
      return InvalidArgument(GoQuote(t.field) +
                             " is not a known field selector: only \"metadata.name\", "
                             "\"metadata.namespace\"");
    }
  }
  return s;
}

bool FieldSelector::Matches(const std::map<std::string, std::string>& fields) const {
  return std::all_of(terms_.begin(), terms_.end(), [&](const Term& t) {
    auto it = fields.find(t.field);
    const std::string& value = it == fields.end() ? std::string() : it->second;
    return (value == t.value) == t.equals;
  });
}

}  // namespace kdual::registry
