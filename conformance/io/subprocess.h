// Runs a program with an argument vector, never through a shell: no word
// splitting, no quoting, so a path or a cluster name with a space or a quote
// reaches the program as it is. Standard output and error are read together
// (poll), so neither can fill its pipe and stall the child; a deadline and
// an output cap bound a program that hangs or floods.
#ifndef KDUAL_CONFORMANCE_IO_SUBPROCESS_H_
#define KDUAL_CONFORMANCE_IO_SUBPROCESS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "engine/base/status.h"

namespace kdual::io {

struct ProcessOptions {
  // NAME=VALUE entries added to (after) this process's environment.
  std::vector<std::string> extra_env;
  bool inherit_stdin = false;            // else /dev/null
  bool capture_stderr = true;            // else the child writes to our stderr
  int timeout_s = 0;                     // 0: wait as long as it runs
  size_t max_output = size_t{64} << 20;  // per stream; more is cut and flagged
};

struct ProcessResult {
  int exit_code = 0;  // the exit status; 128 + N when killed by signal N
  bool signaled = false;
  bool timed_out = false;  // killed at the deadline
  bool too_much = false;   // killed for writing past max_output
  std::string out, err;
};

// Runs argv[0] (searched in PATH when it has no '/'). A program that cannot
// be started answers exit code 127 with the reason in `err`, as a shell
// would; an error Status only when no process could be made at all.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 const ProcessOptions& options = {});

}  // namespace kdual::io

#endif  // KDUAL_CONFORMANCE_IO_SUBPROCESS_H_
