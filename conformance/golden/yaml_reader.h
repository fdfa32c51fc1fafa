// Reads one YAML document into JSON, as the Kubernetes tools read YAML
// (sigs.k8s.io/yaml over gopkg.in/yaml.v2: YAML 1.1 scalar typing), with the
// line of every node kept for error messages and hard limits on size,
// nesting depth and alias expansion.
#ifndef KDUAL_CONFORMANCE_GOLDEN_YAML_READER_H_
#define KDUAL_CONFORMANCE_GOLDEN_YAML_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"

namespace kdual::golden {

struct YamlLimits {
  size_t max_bytes = 4u << 20;      // files over 4 MiB are refused
  int max_depth = 64;               // nesting deeper than this is refused
  size_t max_alias_nodes = 100000;  // nodes that aliases may expand to
};

struct YamlDocument {
  nlohmann::json value;
  // JSON pointer ("/steps/0/op") -> 1-based line of that node. Hashed: a
  // case file has hundreds of nodes and only a few lookups.
  std::unordered_map<std::string, int> lines;

  // The line of `pointer`, or of its nearest ancestor that has one (0 if none).
  int LineOf(const std::string& pointer) const;
};

// Parses `text` (one document). `source_name` names the input in errors,
// which read "NAME:LINE:COLUMN: problem".
Result<YamlDocument> ParseYaml(std::string_view text, const std::string& source_name,
                               const YamlLimits& limits = YamlLimits());

// Parses every document of a stream ("---" separated, as kubectl -f reads
// a file); empty and null documents are skipped, as kubectl skips them.
Result<std::vector<YamlDocument>> ParseYamlStream(std::string_view text,
                                                  const std::string& source_name,
                                                  const YamlLimits& limits = YamlLimits());
// Reads and parses a file; the size limit is checked before reading.
Result<YamlDocument> ReadYamlFile(const std::string& path, const YamlLimits& limits = YamlLimits());

// How gopkg.in/yaml.v2 types a plain (unquoted) scalar: null, bool, int,
// float, or string. Exposed for the writer, which must quote every string a
// YAML 1.1 or 1.2 reader could take for something else.
nlohmann::json ResolvePlainScalar(const std::string& text);

// Appends "/" + escaped token to a JSON pointer.
std::string PointerChild(const std::string& pointer, const std::string& token);
std::string PointerChild(const std::string& pointer, size_t index);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_YAML_READER_H_
