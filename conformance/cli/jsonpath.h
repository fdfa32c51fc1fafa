// `kubectl get -o jsonpath=TEMPLATE`: the template language of client-go's
// util/jsonpath, as kubectl's printer runs it (AllowMissingKeys: a missing
// field prints nothing). Supported: text outside braces, fields `.a.b` and
// `['a']`, `..name` (recursive descent), `[n]`, `[-n]`, `[*]`,
// `[start:end]`, filters `[?(@.f == "x")]` (==, !=, <, >, <=, >=, or a bare
// path for "exists"), `$` and `@`, quoted literals `{"\n"}`, and
// `{range EXPR}...{end}`. Several results of one expression print separated
// by a space; strings print raw, numbers and booleans as Go prints them,
// maps and lists as compact JSON (json.Marshal, with its HTML escaping).
#ifndef KDUAL_CONFORMANCE_CLI_JSONPATH_H_
#define KDUAL_CONFORMANCE_CLI_JSONPATH_H_

#include <string>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"

namespace kdual::cli {

// The template applied to `value`; an error for a template that does not
// parse (kubectl's "error parsing jsonpath ..." words are the caller's).
Result<std::string> JsonPathPrint(const std::string& tmpl, const nlohmann::json& value);

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_JSONPATH_H_
