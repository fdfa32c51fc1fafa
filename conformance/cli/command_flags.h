// How every kdual command reads its flags, the way kubectl's (pflag) do:
// "--flag value" and "--flag=value", and the output flag in each of
// kubectl's spellings. One home, so that `kdual run -o=json` works as
// `kdual get -ojson` does.
#ifndef KDUAL_CONFORMANCE_CLI_COMMAND_FLAGS_H_
#define KDUAL_CONFORMANCE_CLI_COMMAND_FLAGS_H_

#include <string>
#include <vector>

namespace kdual::cli {

using Args = std::vector<std::string>;

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Prints "kdual <command>: <message>" and a hint to stderr; returns kExitUsage.
int UsageError(const std::string& command, const std::string& message);

// Splits "--flag=value" and takes the value of "--flag value"; returns false
// when the value is missing (the caller reports it).
bool TakeValue(const Args& args, size_t* i, const std::string& flag, std::string* value);

// -o X, -o=X, -oX, --output X, --output=X: kubectl's spellings of the
// output flag.
bool IsOutputFlag(const std::string& arg);

// Reads the output flag at args[*i] (IsOutputFlag) into *output, checked
// against `allowed` in the order given; an entry ending in '=' admits any
// value with that prefix ("jsonpath=" for jsonpath=TEMPLATE). Returns
// kExitOk, or kExitUsage after printing "-o needs a value" or
// "-o must be a, b or c, not \"x\"".
int TakeOutputFlag(const Args& args, size_t* i, const std::string& command,
                   const std::vector<std::string>& allowed, std::string* output);

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_COMMAND_FLAGS_H_
