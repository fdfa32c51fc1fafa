// kdual versions: the pinned releases and which have an engine profile.
#include <iostream>

#include "conformance/cli/command.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {

int VersionsCommand(const Args& args) {
  for (const auto& a : args) {
    if (a == "-h" || a == "--help") {
      std::cout << "Usage: kdual versions\n\nLists the pinned Kubernetes releases (versions.txt) "
                   "and whether the engine has a profile for each.\n";
      return kExitOk;
    }
    return UsageError("versions", "unexpected argument " + a);
  }
  for (const auto& r : version::PinnedReleases()) {
    auto profile = version::ProfileFor(r);
    std::cout << r.ToString() << "\t" << (profile.ok() ? "engine profile" : "no engine profile")
              << "\n";
  }
  return kExitOk;
}

}  // namespace kdual::cli
