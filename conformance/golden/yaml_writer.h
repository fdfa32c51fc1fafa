// Writes JSON as stable, readable YAML: block mappings, short lists of
// scalars in flow style, and every string quoted that a YAML 1.1 or 1.2
// reader could take for a number, boolean or null.
#ifndef KDUAL_CONFORMANCE_GOLDEN_YAML_WRITER_H_
#define KDUAL_CONFORMANCE_GOLDEN_YAML_WRITER_H_

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kdual::golden {

// Given the JSON pointer of an object, the order its keys should be written
// in. Keys not listed follow in sorted order. Null means sorted throughout.
using KeyOrder = std::function<std::vector<std::string>(const std::string& pointer)>;

std::string EmitYaml(const nlohmann::json& value, const KeyOrder& order = nullptr);

// True when `text` cannot be written as a plain scalar in block context: a
// reader would type it as non-string, or its characters need quoting.
bool NeedsQuotes(const std::string& text);

// `text` as a double-quoted YAML scalar (JSON-compatible escapes).
std::string DoubleQuoted(const std::string& text);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_YAML_WRITER_H_
