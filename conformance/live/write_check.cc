#include "conformance/live/write_check.h"
#include "engine/base/json_access.h"

#include <utility>

namespace kdual::live {
namespace {

using nlohmann::json;

std::string PathOnly(const std::string& path) { return path.substr(0, path.find('?')); }

bool IsDryRun(const std::string& path) {
  size_t q = path.find('?');
  if (q == std::string::npos) return false;
  std::string query = "&" + path.substr(q + 1) + "&";
  return query.find("&dryRun=All&") != std::string::npos;
}

const json* MetaMap(const json& object, const char* key) {
  if (!object.is_object() || !object.contains("metadata") || !object["metadata"].is_object())
    return nullptr;
  const json& meta = object["metadata"];
  return meta.contains(key) && meta[key].is_object() ? &meta[key] : nullptr;
}

// Whether every entry of `sent`'s metadata.`key` is in `found`'s.
bool Carries(const json& sent, const json& found, const char* key) {
  const json* want = MetaMap(sent, key);
  if (want == nullptr) return true;
  const json* have = MetaMap(found, key);
  for (const auto& [k, v] : want->items()) {
    if (have == nullptr || !have->contains(k) || (*have)[k] != v) return false;
  }
  return true;
}

struct Read {
  long code = 0;  // 0: no answer
  json object;
  std::string problem;
};

Read ReadObject(HttpClient& client, const std::string& path) {
  Read r;
  auto got = client.Do("GET", path);
  if (!got.ok()) {
    r.problem = got.status().message();
    return r;
  }
  r.code = got->code;
  r.object = json::parse(got->body, nullptr, false);
  if (r.code != 200 && r.code != 404)
    r.problem = "GET " + path + " answered " + std::to_string(r.code);
  return r;
}

WriteCheck Unknown(std::string reason) {
  return {WriteFate::kUnknown, std::move(reason), std::nullopt};
}

WriteCheck CheckCreate(HttpClient& client, const Write& write, const json& sent) {
  std::string name = StringAt(sent, {"metadata", "name"});
  if (name.empty())
    return Unknown("the create has no metadata.name (generateName?) to look it up by");
  std::string path = PathOnly(write.path) + "/" + name;
  Read r = ReadObject(client, path);
  if (r.code == 404)
    return {WriteFate::kNotApplied, "no object at " + path + ": the create did not happen",
            std::nullopt};
  if (r.code != 200) return Unknown(r.problem);
  if (!MetaMap(sent, "labels") && !MetaMap(sent, "annotations")) {
    return {
        WriteFate::kUnknown,
        path +
            " exists, and the create had no labels or annotations to tell it apart from one made by "
            "someone else",
        r.object};
  }
  if (Carries(sent, r.object, "labels") && Carries(sent, r.object, "annotations")) {
    return {WriteFate::kApplied,
            path + " exists with the create's labels and annotations (uid " +
                StringAt(r.object, {"metadata", "uid"}) + ")",
            r.object};
  }
  return {
      WriteFate::kNotApplied,
      path +
          " exists without the create's labels or annotations: it is not this create's, so the create "
          "did not happen (a resend gets the server's own answer)",
      r.object};
}

WriteCheck CheckUpdate(HttpClient& client, const Write& write, const json& sent) {
  std::string before = write.resource_version_before;
  if (before.empty() && write.method == "PUT")
    before = StringAt(sent, {"metadata", "resourceVersion"});
  if (before.empty()) {
    return Unknown("the object's resourceVersion before the " + write.method + " is not known");
  }
  std::string path = PathOnly(write.path);
  Read r = ReadObject(client, path);
  if (r.code == 404) return Unknown(path + " is gone: the " + write.method + " cannot be checked");
  if (r.code != 200) return Unknown(r.problem);
  std::string now = StringAt(r.object, {"metadata", "resourceVersion"});
  if (now == before) {
    return {WriteFate::kNotApplied,
            "resourceVersion of " + path + " is still " + before + ": the " + write.method +
                " did not happen",
            r.object};
  }
  return {WriteFate::kApplied,
          "resourceVersion of " + path + " moved from " + before + " to " + now + ": the " +
              write.method + " happened (nothing else writes this object)",
          r.object};
}

WriteCheck CheckDelete(HttpClient& client, const Write& write) {
  std::string path = PathOnly(write.path);
  Read r = ReadObject(client, path);
  if (r.code == 404) {
    return {WriteFate::kApplied, path + " is gone: the delete happened (or it was gone already)",
            std::nullopt};
  }
  if (r.code != 200) return Unknown(r.problem);
  if (r.object.is_object() && r.object.contains("metadata") && r.object["metadata"].is_object() &&
      r.object["metadata"].contains("deletionTimestamp")) {
    return {WriteFate::kApplied,
            path + " has a deletionTimestamp: the delete happened (finalizers pending)", r.object};
  }
  return {WriteFate::kNotApplied,
          path + " is still there and not being deleted: the delete did not happen", r.object};
}

}  // namespace

const char* WriteFateName(WriteFate fate) {
  switch (fate) {
    case WriteFate::kApplied: return "applied";
    case WriteFate::kNotApplied: return "not applied";
    case WriteFate::kUnknown: return "unknown";
  }
  return "unknown";
}

WriteCheck CheckWrite(HttpClient& client, const Write& write) {
  if (IsDryRun(write.path)) {
    return {WriteFate::kNotApplied, "a dry run persists nothing: resending is safe", std::nullopt};
  }
  json sent = write.body.empty() ? json::object() : json::parse(write.body, nullptr, false);
  if (sent.is_discarded()) sent = json::object();  // a YAML apply body: nothing read from it
  if (write.method == "POST") return CheckCreate(client, write, sent);
  if (write.method == "PUT" || write.method == "PATCH") return CheckUpdate(client, write, sent);
  if (write.method == "DELETE") return CheckDelete(client, write);
  return Unknown("cannot check a " + write.method);
}

Result<HttpResponse> SendWrite(HttpClient& client, const Write& write, int max_resends,
                               std::vector<WriteCheck>* checks) {
  for (int resends = 0;; ++resends) {
    auto response = client.Do(write.method, write.path, write.body, write.content_type);
    if (!response.ok() || !response->fate_unknown) return response;
    WriteCheck check = CheckWrite(client, write);
    if (checks) checks->push_back(check);
    if (check.fate == WriteFate::kNotApplied && resends < max_resends) continue;
    HttpResponse lost;
    lost.fate_unknown = true;
    lost.body = response->body + "; checked: " + WriteFateName(check.fate) + ": " + check.reason +
                (check.fate == WriteFate::kNotApplied
                     ? "; gave up after " + std::to_string(resends) + " resends"
                     : "; not resent");
    return lost;
  }
}

}  // namespace kdual::live
