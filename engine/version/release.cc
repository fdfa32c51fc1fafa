#include "engine/version/release.h"

#include "engine/base/go_format.h"

namespace kdual::version {
namespace {

// The lines of versions.txt, generated at configure time.
const char* const kPinnedReleaseText[] = {
#include "pinned_releases.inc"
};

bool ParseNumber(std::string_view s, int* out) {
  if (s.empty() || s.size() > 6) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

std::string PinnedList() {
  std::string out;
  for (const auto& r : PinnedReleases()) {
    if (!out.empty()) out += ", ";
    out += r.ToString();
  }
  return out;
}

}  // namespace

std::string Release::ToString() const {
  return "v" + std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string Release::MinorString() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

Result<Release> ParseRelease(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  Release r;
  size_t d1 = s.find('.');
  size_t d2 = d1 == std::string_view::npos ? d1 : s.find('.', d1 + 1);
  if (d1 == std::string_view::npos || d2 == std::string_view::npos ||
      !ParseNumber(s.substr(0, d1), &r.major) ||
      !ParseNumber(s.substr(d1 + 1, d2 - d1 - 1), &r.minor) ||
      !ParseNumber(s.substr(d2 + 1), &r.patch)) {
    return InvalidArgument("not a Kubernetes release (want vMAJOR.MINOR.PATCH): " +
                           GoQuote(text.substr(0, 100)));
  }
  return r;
}

const std::vector<Release>& PinnedReleases() {
  static const std::vector<Release> kReleases = [] {
    std::vector<Release> out;
    for (const char* line : kPinnedReleaseText) {
      auto r = ParseRelease(line);
      if (r.ok()) out.push_back(*r);
    }
    return out;
  }();
  return kReleases;
}

Result<Release> ResolveRelease(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  size_t d1 = s.find('.');
  if (d1 != std::string_view::npos && s.find('.', d1 + 1) == std::string_view::npos) {
    int major = 0, minor = 0;
    if (ParseNumber(s.substr(0, d1), &major) && ParseNumber(s.substr(d1 + 1), &minor)) {
      for (const auto& r : PinnedReleases()) {
        if (r.major == major && r.minor == minor) return r;
      }
      return NotFound("no pinned release for " + GoQuote(text) +
                      "; pinned releases: " + PinnedList());
    }
  }
  auto r = ParseRelease(text);
  if (!r.ok()) {
    return InvalidArgument("not a Kubernetes release or minor: " + GoQuote(text.substr(0, 100)) +
                           "; pinned releases: " + PinnedList());
  }
  return r;
}

}  // namespace kdual::version
