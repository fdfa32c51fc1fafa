// What `-f` reads, as kubectl's resource builder reads it
// (k8s.io/cli-runtime pkg/resource visitor.go): a file of one or more YAML
// or JSON documents, a directory (its .json, .yaml and .yml files in name
// order; with `recursive`, its subdirectories too), or "-" for standard
// input; a `kind: List` (any kind ending in "List" with items) stands for
// its items. Every input is read under the bounded-read limits.
#ifndef KDUAL_CONFORMANCE_CLI_MANIFESTS_H_
#define KDUAL_CONFORMANCE_CLI_MANIFESTS_H_

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"

namespace kdual::cli {

struct Manifest {
  std::string source;  // the file's path, or "STDIN" (kubectl's name for it)
  nlohmann::json object;
};

// The objects of `paths`, in order. An error names the path and the problem
// in kubectl's words where kubectl has them ("the path \"x\" does not
// exist"); `stdin` is read for "-".
Result<std::vector<Manifest>> ReadManifests(const std::vector<std::string>& paths, bool recursive,
                                            std::istream& stdin_stream);

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_MANIFESTS_H_
