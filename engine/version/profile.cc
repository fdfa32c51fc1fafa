#include "engine/version/profile.h"

#include "engine/version/behaviour_changes.h"

namespace kdual::version {
namespace {

// The minors the change table covers (behaviour_changes.cc).
constexpr int kOldestMinor = 29;
constexpr int kNewestMinor = 37;

}  // namespace

Result<Profile> ProfileFor(const Release& release) {
  if (release.major != 1 || release.minor < kOldestMinor || release.minor > kNewestMinor) {
    std::string minors;
    for (const auto& m : SupportedMinors()) {
      if (!minors.empty()) minors += ", ";
      minors += m;
    }
    return NotFound("no engine profile for " + release.ToString() + "; supported minors: " + minors);
  }
  Profile p;
  p.release = release;
  for (const auto& change : BehaviourChanges()) {
    if (change.HoldsIn(release)) change.apply(p);
  }
  return p;
}

std::vector<std::string> SupportedMinors() {
  std::vector<std::string> out;
  for (int m = kOldestMinor; m <= kNewestMinor; ++m) out.push_back("1." + std::to_string(m));
  return out;
}

}  // namespace kdual::version
