// The flag names each pinned kube-apiserver release accepts, so that a flag
// it does not have is refused as the component refuses it (cobra/pflag:
// "unknown flag: --NAME") before any other start-up check. The lists are
// the releases' own --help output (engine/flags/known/), compiled in.
#ifndef KDUAL_ENGINE_FLAGS_FLAG_NAMES_H_
#define KDUAL_ENGINE_FLAGS_FLAG_NAMES_H_

#include <string_view>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/version/release.h"

namespace kdual::flags {

// Whether kube-apiserver of `release`'s minor has the flag `name` (without
// dashes). True for every name when no list of that minor is compiled in.
bool IsKubeApiserverFlag(const version::Release& release, std::string_view name);

// The first kube-apiserver flag of `flags` (in name order) that `release`
// does not have, as the component's error: "unknown flag: --NAME".
Status CheckKubeApiserverFlagNames(const ComponentFlags& flags, const version::Release& release);

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_FLAG_NAMES_H_
