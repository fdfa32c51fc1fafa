// What became of a write whose answer was lost.
//
// When a write went out and no answer came back (HttpResponse::fate_unknown)
// the server may or may not have acted on it, and resending it blindly can
// do it twice. CheckWrite reads the object the write was about and decides:
//
//  - create (POST): no object of that name: not applied. One with every
//    label and annotation the create gave: applied. One without them: not
//    this write's, so this create did not happen (a resend gets the server's
//    own 409). A create without labels or annotations cannot be told apart:
//    unknown; so is one with generateName.
//  - update (PUT) and patch (PATCH): needs the resourceVersion the object had
//    before (a PUT carries it in its body): unchanged means not applied (a
//    no-op update does not move it either, and resending a no-op is
//    harmless); moved means applied. Without it: unknown.
//  - delete: gone, or marked with a deletionTimestamp: applied. Still there
//    and not being deleted: not applied.
//  - any dry run (dryRun=All) persists nothing: not applied, without a read.
//
// SendWrite sends a write and, when its answer is lost, checks and resends
// only what provably did not happen.
#ifndef KDUAL_CONFORMANCE_LIVE_WRITE_CHECK_H_
#define KDUAL_CONFORMANCE_LIVE_WRITE_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/live/http_client.h"

namespace kdual::live {

// A write as it was sent.
struct Write {
  std::string method;  // POST, PUT, PATCH or DELETE
  std::string path;    // with the query, as sent
  std::string body;    // as sent; "" for none
  std::string content_type;
  // The object's resourceVersion before the write, when the caller knows it
  // (a PUT's own body is read when this is empty).
  std::string resource_version_before;
};

enum class WriteFate {
  kApplied,     // the server acted on it: never resend
  kNotApplied,  // it provably did not happen: resending is safe
  kUnknown,     // cannot tell: do not resend
};

const char* WriteFateName(WriteFate fate);  // "applied", "not applied", "unknown"

struct WriteCheck {
  WriteFate fate = WriteFate::kUnknown;
  std::string reason;                    // what was read and what it shows
  std::optional<nlohmann::json> object;  // the object as it is now, when read
};

// Reads the object `write` was about (GETs, which the client retries).
WriteCheck CheckWrite(HttpClient& client, const Write& write);

// Sends `write`. An answer, when one comes, is returned as it is. When the
// answer is lost, checks, and resends (at most `max_resends` times) only
// when the write provably did not happen; otherwise returns a response with
// fate_unknown set whose body says what the check found. Each check made is
// appended to `checks` when given.
Result<HttpResponse> SendWrite(HttpClient& client, const Write& write, int max_resends = 2,
                               std::vector<WriteCheck>* checks = nullptr);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_WRITE_CHECK_H_
