// A file's absolute path with symbolic links and "." / ".." resolved, as
// std::filesystem::weakly_canonical gives it, for the many files of one run.
//
// A golden run names each case by its canonical path (the id is what
// follows "/golden/") and finds its KNOWN_FAILURES beside it. Resolving
// every path from the root costs a getcwd and a system call per path
// component: about a tenth of a whole run. Files of one folder share the
// folder's resolution, so it is done once per folder.
#ifndef KDUAL_CONFORMANCE_IO_CANONICAL_PATH_H_
#define KDUAL_CONFORMANCE_IO_CANONICAL_PATH_H_

#include <string>

namespace kdual::io {

// weakly_canonical(path) in generic form ("/" separators); `path` as given
// when it cannot be resolved. A path that is itself a symbolic link is
// resolved whole, never from its folder's cache. Safe from several threads;
// a relative path is resolved against the working folder of the first call
// for its folder (kdual never changes folder).
std::string CanonicalPath(const std::string& path);

}  // namespace kdual::io

#endif  // KDUAL_CONFORMANCE_IO_CANONICAL_PATH_H_
