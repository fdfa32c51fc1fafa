// Reading a whole input with a size limit: the one place every command that
// takes a file or standard input gets its bytes from.
//
// A file is checked before it is read: a missing path says "no such file",
// a folder says "is a directory", a regular file over the limit is refused
// from its size alone (a 100 MB manifest costs a stat, not 100 MB). Inputs
// whose size is not known in advance (standard input, a pipe, /dev/zero)
// are read up to the limit and refused one byte past it, so memory stays
// bounded whatever the input.
#ifndef KDUAL_CONFORMANCE_IO_BOUNDED_READ_H_
#define KDUAL_CONFORMANCE_IO_BOUNDED_READ_H_

#include <cstddef>
#include <istream>
#include <string>

#include "engine/base/status.h"

namespace kdual::io {

// The limit kdual puts on a manifest, a case file or a kubeconfig.
inline constexpr size_t kDefaultMaxInputBytes = size_t{4} << 20;  // 4 MiB

// Reads the file at `path`. `what` names the input in messages ("the
// manifest", "kubeconfig"): errors read "PATH: problem (WHAT)" so the user
// sees both which file and what kdual took it for.
Result<std::string> ReadFileBounded(const std::string& path, size_t max_bytes,
                                    const std::string& what);

// Reads `in` to its end; `name` names it in messages ("<stdin>").
Result<std::string> ReadStreamBounded(std::istream& in, size_t max_bytes, const std::string& name);

// "4 MiB", "64 MiB", "1000 bytes": how limits are printed.
std::string FormatByteLimit(size_t bytes);

}  // namespace kdual::io

#endif  // KDUAL_CONFORMANCE_IO_BOUNDED_READ_H_
