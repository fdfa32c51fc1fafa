// Placeholders for values the server chose (~IPv4, ~IPv6, ~IP, ~port, each
// optionally bound to a name as in ~IPv4:a), ~absent, and ${a} references
// inside longer strings.
#ifndef KDUAL_CONFORMANCE_GOLDEN_PLACEHOLDER_H_
#define KDUAL_CONFORMANCE_GOLDEN_PLACEHOLDER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"

namespace kdual::golden {

enum class PlaceholderKind { kIPv4, kIPv6, kIP, kPort, kAbsent };

struct Placeholder {
  PlaceholderKind kind;
  std::string binding;  // empty: unbound

  std::string ToString() const;  // "~IPv4:a"
};

// Whether `text` is written as a placeholder: it starts with "~" and a
// letter. Such a string must then parse, or the case is malformed.
bool LooksLikePlaceholder(const std::string& text);

// Parses "~IPv4", "~IPv6:b", "~IP", "~port:p", "~absent". Binding names are
// letters, digits, '_' and '-'.
Result<Placeholder> ParsePlaceholder(const std::string& text);

// The names referenced by ${name} in `text`, in order. A "$" not followed by
// "{name}" is literal.
std::vector<std::string> TemplateReferences(const std::string& text);

// `text` with each ${name} replaced from `values`; an unknown name is an error.
Result<std::string> ExpandTemplate(const std::string& text,
                                   const std::map<std::string, std::string>& values);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_PLACEHOLDER_H_
