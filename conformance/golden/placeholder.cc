#include "conformance/golden/placeholder.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace kdual::golden {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// An object name as a reference may hold it (DNS-1123 labels and
// subdomains: letters, digits, '-' and '.').
bool IsReferenceChar(char c) { return IsNameChar(c) || c == '.' || c == ':'; }

// Finds the next "${name}" at or after `from`; returns npos when none.
size_t NextReference(const std::string& text, size_t from, size_t* end, std::string* name) {
  for (size_t i = text.find("${", from); i != std::string::npos; i = text.find("${", i + 1)) {
    size_t j = i + 2;
    while (j < text.size() && IsReferenceChar(text[j])) ++j;
    if (j > i + 2 && j < text.size() && text[j] == '}') {
      *name = text.substr(i + 2, j - i - 2);
      *end = j + 1;
      return i;
    }
  }
  return std::string::npos;
}

}  // namespace

bool IsApiTimestamp(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SSZ, as metav1.Time marshals (time.RFC3339, UTC).
  static const char* kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != 20) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char want = kShape[i];
    if (want == 'd' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != want)
      return false;
  }
  return true;
}

bool IsObjectReference(const std::string& name) {
  for (const char* prefix : {kUidReference, kResourceVersionReference}) {
    std::string p = prefix;
    if (name.size() > p.size() && name.compare(0, p.size(), p) == 0 &&
        name.find(':', p.size()) == std::string::npos)
      return true;
  }
  return false;
}

std::string Placeholder::ToString() const {
  std::string s;
  switch (kind) {
    case PlaceholderKind::kIPv4: s = "~IPv4"; break;
    case PlaceholderKind::kIPv6: s = "~IPv6"; break;
    case PlaceholderKind::kIP: s = "~IP"; break;
    case PlaceholderKind::kPort: s = "~port"; break;
    case PlaceholderKind::kAbsent: s = "~absent"; break;
    case PlaceholderKind::kTimestamp: s = "~timestamp"; break;
    case PlaceholderKind::kGeneratedName: s = "~generatedName"; break;
  }
  if (!binding.empty()) s += ":" + binding;
  return s;
}

bool LooksLikePlaceholder(const std::string& text) {
  return text.size() >= 2 && text[0] == '~' && std::isalpha(static_cast<unsigned char>(text[1]));
}

Result<Placeholder> ParsePlaceholder(const std::string& text) {
  if (!LooksLikePlaceholder(text)) return InvalidArgument("\"" + text + "\" is not a placeholder");
  size_t colon = text.find(':');
  std::string head = text.substr(0, colon);
  Placeholder p{PlaceholderKind::kIP, ""};
  if (head == "~IPv4")
    p.kind = PlaceholderKind::kIPv4;
  else if (head == "~IPv6")
    p.kind = PlaceholderKind::kIPv6;
  else if (head == "~IP")
    p.kind = PlaceholderKind::kIP;
  else if (head == "~port")
    p.kind = PlaceholderKind::kPort;
  else if (head == "~absent")
    p.kind = PlaceholderKind::kAbsent;
  else if (head == "~timestamp")
    p.kind = PlaceholderKind::kTimestamp;
  else if (head == "~generatedName")
    p.kind = PlaceholderKind::kGeneratedName;
  else {
    return InvalidArgument(
        "unknown placeholder \"" + text +
        "\" (known: ~IPv4, ~IPv6, ~IP, ~port, ~absent, ~timestamp, ~generatedName)");
  }
  if (colon != std::string::npos) {
    p.binding = text.substr(colon + 1);
    if (p.kind == PlaceholderKind::kAbsent || p.kind == PlaceholderKind::kTimestamp) {
      return InvalidArgument("placeholder \"" + text + "\": " + head + " takes no binding name");
    }
    if (p.binding.empty()) {
      return InvalidArgument("placeholder \"" + text + "\": empty binding name");
    }
    for (char c : p.binding) {
      if (!IsNameChar(c)) {
        return InvalidArgument("placeholder \"" + text +
                               "\": binding names use letters, digits, '_' and '-'");
      }
    }
  }
  return p;
}

std::string GenerateNameOf(const nlohmann::json& create_object) {
  if (!create_object.is_object()) return "";
  auto meta = create_object.find("metadata");
  if (meta == create_object.end() || !meta->is_object()) return "";
  auto generate = meta->find("generateName");
  auto name = meta->find("name");
  if (generate == meta->end() || !generate->is_string()) return "";
  if (name != meta->end() && name->is_string() && !name->get_ref<const std::string&>().empty())
    return "";
  return generate->get<std::string>();
}

std::string GeneratedNamePrefix(const std::string& generate_name) {
  return generate_name.substr(0, std::min(generate_name.size(), kMaxGeneratedNamePrefix));
}

namespace {
// utilrand.String's alphabet (apimachinery/pkg/util/rand/rand.go): no
// vowels, no 0, 1 or 3, so no words and no look-alikes.
bool IsGeneratedSuffixChar(char c) {
  return std::string_view("bcdfghjklmnpqrstvwxz2456789").find(c) != std::string_view::npos;
}

bool GeneratedAt(const std::string& text, size_t pos, const std::string& prefix) {
  if (text.size() < pos + prefix.size() + kGeneratedSuffixLength) return false;
  if (text.compare(pos, prefix.size(), prefix) != 0) return false;
  for (size_t i = 0; i < kGeneratedSuffixLength; ++i) {
    if (!IsGeneratedSuffixChar(text[pos + prefix.size() + i])) return false;
  }
  return true;
}
}  // namespace

bool IsGeneratedName(const std::string& name, const std::string& generate_name) {
  std::string prefix = GeneratedNamePrefix(generate_name);
  return !generate_name.empty() && name.size() == prefix.size() + kGeneratedSuffixLength &&
         GeneratedAt(name, 0, prefix);
}

size_t FindGeneratedName(const std::string& text, const std::string& generate_name, size_t from) {
  if (generate_name.empty()) return std::string::npos;
  std::string prefix = GeneratedNamePrefix(generate_name);
  for (size_t pos = text.find(prefix, from); pos != std::string::npos;
       pos = text.find(prefix, pos + 1)) {
    if (GeneratedAt(text, pos, prefix)) return pos;
  }
  return std::string::npos;
}

std::vector<std::string> TemplateReferences(const std::string& text) {
  std::vector<std::string> names;
  size_t end = 0;
  std::string name;
  for (size_t i = NextReference(text, 0, &end, &name); i != std::string::npos;
       i = NextReference(text, end, &end, &name)) {
    names.push_back(name);
  }
  return names;
}

Result<std::string> ExpandTemplate(const std::string& text,
                                   const std::map<std::string, std::string>& values) {
  std::string out;
  size_t pos = 0, end = 0;
  std::string name;
  for (size_t i = NextReference(text, 0, &end, &name); i != std::string::npos;
       i = NextReference(text, end, &end, &name)) {
    auto it = values.find(name);
    if (it == values.end()) return NotFound("${" + name + "} is not bound");
    out += text.substr(pos, i - pos) + it->second;
    pos = end;
  }
  return out + text.substr(pos);
}

}  // namespace kdual::golden
