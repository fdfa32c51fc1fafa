#include "engine/flags/flag_names.h"

#include <string>

namespace kdual::flags {
namespace {

struct KnownFlags {
  const char* release;  // "v1.37.2"
  const char* names;    // the list file's text: one name a line, # comments
};

// Generated from engine/flags/known/kube-apiserver-<release>.txt.
constexpr KnownFlags kKnown[] = {
#include "known_kube_apiserver_flags.inc"
};

bool ListHas(std::string_view text, std::string_view name) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == name) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

bool IsKubeApiserverFlag(const version::Release& release, std::string_view name) {
  for (const auto& k : kKnown) {
    auto r = version::ParseRelease(k.release);
    if (r.ok() && r->major == release.major && r->minor == release.minor)
      return ListHas(k.names, name);
  }
  return true;
}

Status CheckKubeApiserverFlagNames(const ComponentFlags& flags, const version::Release& release) {
  auto it = flags.components.find(kApiserver);
  if (it == flags.components.end()) return Status::Ok();
  for (const auto& [name, value] : it->second) {
    if (!IsKubeApiserverFlag(release, name)) return InvalidArgument("unknown flag: --" + name);
  }
  return Status::Ok();
}

}  // namespace kdual::flags
