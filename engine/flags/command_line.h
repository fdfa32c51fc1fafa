// A component's flags as the user has them: a command line copied from
// `ps -ef` or a shell script, or the argument list of a static-pod
// manifest's container. pflag's forms are read: `--name=value`,
// `--name value`, and a bare `--name` (a boolean, "true"). A flag given
// twice keeps its last value, as pflag does for a plain value.
//
// Without the flags' types a bare boolean followed by a word would take the
// word as its value; kube-apiserver takes no positional arguments, so such a
// line is not one the component accepts either.
#ifndef KDUAL_ENGINE_FLAGS_COMMAND_LINE_H_
#define KDUAL_ENGINE_FLAGS_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"

namespace kdual::flags {

// Splits a shell command line into words: single and double quotes, and
// backslash escapes outside single quotes. An unclosed quote is an error.
Result<std::vector<std::string>> SplitCommandLine(std::string_view line);

// The flags of `component` in `words`: those after the word that names the
// component (its path's last element, "kube-apiserver"), or all of them
// when every word is a flag. Anything else is an error naming the word.
Result<FlagMap> FlagsFromWords(const std::vector<std::string>& words, std::string_view component);

// The last value of --`name` (or -`name`) in `words`, as `--name=v` or
// `--name v`, ignoring every other word: the lenient lookup for a container
// whose command may not be the component's at all (discovery).
std::optional<std::string> FindFlagValue(const std::vector<std::string>& words,
                                         const std::string& name);

// SplitCommandLine, then FlagsFromWords.
Result<FlagMap> ParseComponentCommandLine(std::string_view line, std::string_view component);

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_COMMAND_LINE_H_
