#include "conformance/cli/static_pod_manifest.h"

#include <vector>

#include "conformance/golden/yaml_reader.h"
#include "conformance/io/bounded_read.h"
#include "engine/flags/command_line.h"

namespace kdual::cli {
namespace {

using nlohmann::json;

bool RunsComponent(const json& c, const std::string& component) {
  if (c.value("name", std::string()) == component) return true;
  if (!c.contains("command") || !c["command"].is_array() || c["command"].empty()) return false;
  const json& first = c["command"][0];
  if (!first.is_string()) return false;
  std::string w = first.get<std::string>();
  size_t slash = w.rfind('/');
  return (slash == std::string::npos ? w : w.substr(slash + 1)) == component;
}

}  // namespace

Result<flags::FlagMap> ReadStaticPodFlags(const std::string& path, const std::string& component) {
  auto text = io::ReadFileBounded(path, io::kDefaultMaxInputBytes, "manifest");
  if (!text.ok()) return text.status();
  auto doc = golden::ParseYaml(*text, path);
  if (!doc.ok()) return doc.status();
  const json& pod = doc->value;
  if (!pod.is_object() || pod.value("kind", std::string()) != "Pod") {
    return InvalidArgument(path + ": not a Pod manifest (kind: Pod)");
  }
  const json* spec = pod.contains("spec") && pod["spec"].is_object() ? &pod["spec"] : nullptr;
  if (spec == nullptr || !spec->contains("containers") || !(*spec)["containers"].is_array()) {
    return InvalidArgument(path + ": the Pod has no spec.containers");
  }
  for (const json& c : (*spec)["containers"]) {
    if (!c.is_object() || !RunsComponent(c, component)) continue;
    std::vector<std::string> words;
    bool has_command = false;
    for (const char* key : {"command", "args"}) {
      if (!c.contains(key)) continue;
      if (!c[key].is_array())
        return InvalidArgument(path + ": " + key + " of container " + component + " is not a list");
      for (const json& w : c[key]) {
        if (!w.is_string())
          return InvalidArgument(path + ": " + key + " of container " + component +
                                 " holds a non-string");
        words.push_back(w.get<std::string>());
      }
      if (std::string(key) == "command") has_command = !c[key].empty();
    }
    // A container without a command runs its image's entrypoint: its args
    // are the flags.
    if (!has_command) words.insert(words.begin(), component);
    auto flags = flags::FlagsFromWords(words, component);
    if (!flags.ok()) return InvalidArgument(path + ": " + flags.status().message());
    return flags;
  }
  return NotFound(path + ": no container runs " + component);
}

}  // namespace kdual::cli
