// Placeholders for values the server chose (~IPv4, ~IPv6, ~IP, ~port,
// ~generatedName, each optionally bound to a name as in ~IPv4:a), ~absent,
// ~timestamp, and ${a} references inside longer strings.
#ifndef KDUAL_CONFORMANCE_GOLDEN_PLACEHOLDER_H_
#define KDUAL_CONFORMANCE_GOLDEN_PLACEHOLDER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"

namespace kdual::golden {

// kTimestamp: a time the server took from its clock (a deletionTimestamp),
// written as RFC 3339; never bound. kGeneratedName: the name the server made
// from the request's metadata.generateName.
enum class PlaceholderKind { kIPv4, kIPv6, kIP, kPort, kAbsent, kTimestamp, kGeneratedName };

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

// Parses "~IPv4", "~IPv6:b", "~IP", "~port:p", "~absent", "~timestamp",
// "~generatedName:g". Binding names are letters, digits, '_' and '-'.
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

// Generated names. The server names an object sent with generateName and
// no name as names.SimpleNameGenerator does (apiserver
// pkg/storage/names/generate.go): the prefix cut to 58 characters
// (maxGeneratedNameLength = 63 - 5), then 5 characters drawn at random from
// utilrand's alphanums "bcdfghjklmnpqrstvwxz2456789". In an expected string,
// ${generatedName} stands for the name generated for the step's own request
// (an error message quoting `Service "web-x7k2p" is invalid`); in an
// answer's metadata.name, ~generatedName does.
inline constexpr const char* kGeneratedNameReference = "generatedName";
inline constexpr size_t kMaxGeneratedNamePrefix = 58;
inline constexpr size_t kGeneratedSuffixLength = 5;
// The generateName a create's object asks the server to make a name from:
// metadata.generateName when metadata.name is absent or empty, else "".
std::string GenerateNameOf(const nlohmann::json& create_object);
// The prefix the server keeps of `generate_name`.
std::string GeneratedNamePrefix(const std::string& generate_name);
// Whether `name` could have been generated from `generate_name`.
bool IsGeneratedName(const std::string& name, const std::string& generate_name);
// Where in `text` a name generated from `generate_name` stands, from
// `from` on; npos when none.
size_t FindGeneratedName(const std::string& text, const std::string& generate_name,
                         size_t from = 0);

// The names referenced by ${name} in `text`, in order. A "$" not followed by
// "{name}" is literal.
std::vector<std::string> TemplateReferences(const std::string& text);

// `text` with each ${name} replaced from `values`; an unknown name is an error.
Result<std::string> ExpandTemplate(const std::string& text,
                                   const std::map<std::string, std::string>& values);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_PLACEHOLDER_H_
