// `kdual versions matrix`: every behaviour change the engine models
// (engine/version/behaviour_changes.h), each with the first release that
// shows it, the pinned releases that have it and its upstream source. The
// README carries the Markdown form; a ctest fails when it is stale.
#ifndef KDUAL_CONFORMANCE_VERSIONS_VERSION_MATRIX_H_
#define KDUAL_CONFORMANCE_VERSIONS_VERSION_MATRIX_H_

#include <string>

namespace kdual::versions {

std::string RenderVersionMatrixText();
std::string RenderVersionMatrixMarkdown();
std::string RenderVersionMatrixJson();

}  // namespace kdual::versions

#endif  // KDUAL_CONFORMANCE_VERSIONS_VERSION_MATRIX_H_
