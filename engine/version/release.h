// Kubernetes releases and the pinned list of supported ones.
#ifndef KDUAL_ENGINE_VERSION_RELEASE_H_
#define KDUAL_ENGINE_VERSION_RELEASE_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"

namespace kdual::version {

struct Release {
  int major = 1;
  int minor = 0;
  int patch = 0;

  // "v1.33.4" (the form /version and golden cases use).
  std::string ToString() const;
  // "1.33": the folder name below golden/.
  std::string MinorString() const;

  friend auto operator<=>(const Release&, const Release&) = default;
};

// Parses "v1.33.4" or "1.33.4" exactly; anything else is an error.
Result<Release> ParseRelease(std::string_view text);

// The checked-in list of exact releases (versions.txt), oldest first.
const std::vector<Release>& PinnedReleases();

// "1.33" or "v1.33" means that minor's pinned release; "1.33.4" or "v1.33.4"
// means exactly that release. Errors name the text and list the pinned ones.
Result<Release> ResolveRelease(std::string_view text);

}  // namespace kdual::version

#endif  // KDUAL_ENGINE_VERSION_RELEASE_H_
