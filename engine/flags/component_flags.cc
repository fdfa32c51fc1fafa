#include "engine/flags/component_flags.h"

namespace kdual::flags {

std::optional<std::string> ComponentFlags::Get(const std::string& component,
                                               const std::string& flag) const {
  auto c = components.find(component);
  if (c == components.end()) return std::nullopt;
  auto f = c->second.find(flag);
  if (f == c->second.end()) return std::nullopt;
  return f->second;
}

}  // namespace kdual::flags
