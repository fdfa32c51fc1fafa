#include "conformance/live/json_get.h"

namespace kdual::live {

JsonGet GetJson(HttpClient& client, const std::string& path) {
  JsonGet f;
  auto r = client.Do("GET", path);
  if (!r.ok()) {
    f.problem = r.status().message();
    return f;
  }
  f.code = r->code;
  f.body = nlohmann::json::parse(r->body, nullptr, false);
  if (f.body.is_discarded()) f.body = nlohmann::json();
  if (f.code != 200) {
    std::string what = f.code == 403   ? "forbidden"
                       : f.code == 404 ? "not found"
                       : f.code == 401 ? "unauthorized"
                                       : "error";
    f.problem = what + " (" + std::to_string(f.code) + ")";
    if (f.body.is_object() && f.body.contains("message") && f.body["message"].is_string()) {
      f.problem += ": " + f.body["message"].get<std::string>();
    }
  }
  return f;
}

}  // namespace kdual::live
