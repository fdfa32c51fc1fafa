// kube-apiserver's --feature-gates flag (component-base featuregate Set):
// the gates kdual models switch the profile; a gate the release does not
// know is the apiserver's fatal flag error.
#ifndef KDUAL_ENGINE_FLAGS_FEATURE_GATES_H_
#define KDUAL_ENGINE_FLAGS_FEATURE_GATES_H_

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/version/profile.h"

namespace kdual::flags {

// `base` with the kube-apiserver's --feature-gates applied. Modelled gates:
// StrictIPCIDRValidation (known from 1.33). Gates kdual does not model are
// accepted and ignored, since they do not touch the Service path.
Result<version::Profile> ApplyFeatureGates(const ComponentFlags& flags,
                                           const version::Profile& base);

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_FEATURE_GATES_H_
