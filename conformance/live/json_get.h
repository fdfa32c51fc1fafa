// One GET of a JSON resource from a cluster, classified for the notes of the
// commands that read a cluster (cluster-info's discovery, doctor): the code,
// the parsed body, and when it is not 200 a problem to show the user
// ("forbidden (403): <the server's message>", or the transport error).
#ifndef KDUAL_CONFORMANCE_LIVE_JSON_GET_H_
#define KDUAL_CONFORMANCE_LIVE_JSON_GET_H_

#include <string>

#include <nlohmann/json.hpp>

#include "conformance/live/http_client.h"

namespace kdual::live {

struct JsonGet {
  long code = 0;        // 0: no answer
  nlohmann::json body;  // parsed, when JSON; null otherwise
  std::string problem;  // empty on 200
};

JsonGet GetJson(HttpClient& client, const std::string& path);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_JSON_GET_H_
