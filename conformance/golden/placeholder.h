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

// kTimestamp: a time the server took from its clock (a deletionTimestamp),
// written as RFC 3339; never bound.
enum class PlaceholderKind { kIPv4, kIPv6, kIP, kPort, kAbsent, kTimestamp };

struct Placeholder {
  PlaceholderKind kind;
  std::string binding;  // empty: unbound

  std::string ToString() const;  // "~IPv4:a"
};

// Whether `text` is written as a placeholder: it starts with "~" and a
// letter. Such a string must then parse, or the case is malformed.
bool LooksLikePlaceholder(const std::string& text);

// Whether `text` is a time as the API server writes one (RFC 3339 in UTC,
// metav1.Time: 2026-12-06T19:20:18Z).
bool IsApiTimestamp(const std::string& text);

// Parses "~IPv4", "~IPv6:b", "~IP", "~port:p", "~absent", "~timestamp". Binding names are
// letters, digits, '_' and '-'.
Result<Placeholder> ParsePlaceholder(const std::string& text);

// Object references: ${uid:NAME} and ${resourceVersion:NAME} stand for the
// metadata.uid and metadata.resourceVersion of the object NAME as the
// latest answer that carried it said (the server picks both: a random UUID,
// an etcd revision). They are bound by the answers themselves, never by a
// placeholder, so a 409 that quotes the stored uid, or a precondition that
// must hold, can be written down exactly.
inline constexpr const char* kUidReference = "uid:";
inline constexpr const char* kResourceVersionReference = "resourceVersion:";
bool IsObjectReference(const std::string& name);

// The names referenced by ${name} in `text`, in order. A "$" not followed by
// "{name}" is literal.
std::vector<std::string> TemplateReferences(const std::string& text);

// `text` with each ${name} replaced from `values`; an unknown name is an error.
Result<std::string> ExpandTemplate(const std::string& text,
                                   const std::map<std::string, std::string>& values);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_PLACEHOLDER_H_
