#include "conformance/live/kubeconfig.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "conformance/golden/yaml_reader.h"
#include "conformance/io/bounded_read.h"
#include "conformance/live/secrets.h"
#include "engine/base/json_access.h"

namespace kdual::live {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A named entry (cluster, user or context) and the folder of its file.
struct Entry {
  json value;
  std::string dir;
  std::string file;
};

struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  std::vector<std::string> files;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ':')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

bool BoolField(const json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

Status AddNamed(const json& doc, const char* list_key, const char* item_key,
                const std::string& file, std::map<std::string, Entry>* into) {
  if (!doc.contains(list_key) || doc[list_key].is_null()) return Status::Ok();
  const json& list = doc[list_key];
  if (!list.is_array()) return InvalidArgument(file + ": " + list_key + " is not a list");
  std::string dir = fs::path(file).parent_path().string();
  for (const json& item : list) {
    std::string name = StringField(item, "name");
    if (name.empty()) return InvalidArgument(file + ": an entry of " + list_key + " has no name");
    json value = item.is_object() && item.contains(item_key) ? item[item_key] : json::object();
    if (!value.is_object() && !value.is_null()) {
      return InvalidArgument(file + ": " + list_key + " entry \"" + name + "\": " + item_key +
                             " is not a map");
    }
    if (value.is_null()) value = json::object();
    into->emplace(name, Entry{value, dir, file});  // the first file wins
  }
  return Status::Ok();
}

Status AddFile(const std::string& file, Merged* merged) {
  auto doc = golden::ReadYamlFile(file);
  // A parser error may quote the text it could not read, which may be a
  // token: the location is kept, the quoted text not.
  if (!doc.ok())
    return InvalidArgument("cannot read kubeconfig " + WithoutQuotedText(doc.status().message()));
  const json& value = doc->value;
  merged->files.push_back(file);
  if (value.is_null()) return Status::Ok();
  if (!value.is_object()) return InvalidArgument(file + ": a kubeconfig must be a map");
  KDUAL_RETURN_IF_ERROR(AddNamed(value, "clusters", "cluster", file, &merged->clusters));
  KDUAL_RETURN_IF_ERROR(AddNamed(value, "users", "user", file, &merged->users));
  KDUAL_RETURN_IF_ERROR(AddNamed(value, "contexts", "context", file, &merged->contexts));
  if (merged->current_context.empty())
    merged->current_context = StringField(value, "current-context");
  return Status::Ok();
}

std::string Resolve(const std::string& path, const std::string& dir) {
  if (path.empty() || fs::path(path).is_absolute() || dir.empty()) return path;
  return (fs::path(dir) / path).string();
}

Result<std::string> ReadSmallFile(const std::string& path, const std::string& what) {
  auto text = io::ReadFileBounded(path, io::kDefaultMaxInputBytes, what + " file");
  if (!text.ok()) return text.status();
  return text;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Result<std::string> DecodeField(const json& object, const char* key, const std::string& where) {
  std::string text = StringField(object, key);
  if (text.empty()) return std::string();
  auto decoded = DecodeBase64(text);
  // The field may hold a key: never quote it.
  if (!decoded.ok()) return InvalidArgument(where + ": " + key + " is not valid base64");
  return decoded;
}

}  // namespace

KubeconfigOptions KubeconfigOptions::FromEnvironment() {
  KubeconfigOptions o;
  if (const char* k = std::getenv("KUBECONFIG")) o.env_kubeconfig = k;
  if (const char* h = std::getenv("HOME")) o.home = h;
  return o;
}

Result<std::string> DecodeBase64(const std::string& text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  size_t padding = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else if (c == '=') {
      ++padding;
      continue;
    } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
      continue;
    else
      return InvalidArgument("not base64");
    if (padding > 0) return InvalidArgument("not base64: data after padding");
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits >= 6 || padding > 2) return InvalidArgument("not base64: bad length");
  return out;
}

Result<ClusterAccess> LoadKubeconfig(const KubeconfigOptions& options) {
  Merged merged;
  if (!options.kubeconfig.empty()) {
    std::error_code ec;
    if (!fs::exists(options.kubeconfig, ec)) {
      return NotFound("the kubeconfig " + options.kubeconfig + " does not exist");
    }
    KDUAL_RETURN_IF_ERROR(AddFile(options.kubeconfig, &merged));
  } else if (options.env_kubeconfig && !options.env_kubeconfig->empty()) {
    for (const std::string& file : SplitList(*options.env_kubeconfig)) {
      std::error_code ec;
      if (!fs::exists(file, ec)) continue;  // kubectl skips missing entries
      KDUAL_RETURN_IF_ERROR(AddFile(file, &merged));
    }
    if (merged.files.empty()) {
      return NotFound("none of the files in KUBECONFIG exists: " + *options.env_kubeconfig);
    }
  } else {
    if (options.home.empty())
      return NotFound("no kubeconfig: neither --kubeconfig, KUBECONFIG nor HOME is set");
    std::string file = (fs::path(options.home) / ".kube" / "config").string();
    std::error_code ec;
    if (!fs::exists(file, ec)) return NotFound("no kubeconfig: " + file + " does not exist");
    KDUAL_RETURN_IF_ERROR(AddFile(file, &merged));
  }

  ClusterAccess access;
  access.sources = merged.files;
  access.context = options.context.empty() ? merged.current_context : options.context;
  if (access.context.empty()) {
    return InvalidArgument("the kubeconfig has no current-context; pass --context");
  }
  auto ctx = merged.contexts.find(access.context);
  if (ctx == merged.contexts.end()) {
    return NotFound("context \"" + access.context + "\" not found in the kubeconfig");
  }
  std::string cluster_name = StringField(ctx->second.value, "cluster");
  std::string user_name = StringField(ctx->second.value, "user");
  auto cl = merged.clusters.find(cluster_name);
  if (cluster_name.empty() || cl == merged.clusters.end()) {
    return NotFound("context \"" + access.context + "\": cluster \"" + cluster_name +
                    "\" not found in the kubeconfig");
  }
  const json& cluster = cl->second.value;
  access.cluster = cluster_name;
  std::string where = cl->second.file + ": cluster \"" + cluster_name + "\"";
  access.server = StringField(cluster, "server");
  if (access.server.empty()) return InvalidArgument(where + " has no server");
  access.ca_file = Resolve(StringField(cluster, "certificate-authority"), cl->second.dir);
  auto ca = DecodeField(cluster, "certificate-authority-data", where);
  if (!ca.ok()) return ca.status();
  access.ca_data = *ca;
  if (!access.ca_data.empty()) access.ca_file.clear();  // the data overrides the file
  access.insecure_skip_tls_verify = BoolField(cluster, "insecure-skip-tls-verify");
  if (access.insecure_skip_tls_verify) {
    if (!access.ca_data.empty() || !access.ca_file.empty()) {
      return InvalidArgument(where +
                             ": specifying a root certificates file with the insecure "
                             "flag is not allowed");
    }
    std::cerr << "warning: " << where << " has insecure-skip-tls-verify: the server's "
              << "certificate will not be checked\n";
  }
  // client-go refuses CA data that holds no PEM certificate when it builds
  // the transport, after the kubeconfig checks (transport/transport.go
  // rootCertPool); libcurl would only say "Problem with the SSL CA cert"
  // after connecting.
  if (!access.ca_data.empty() &&
      access.ca_data.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return InvalidArgument(where +
                           ": certificate-authority-data: unable to load root certificates: "
                           "unable to parse bytes as PEM block");
  }

  if (user_name.empty()) return Result<ClusterAccess>(std::move(access));  // anonymous
  auto us = merged.users.find(user_name);
  if (us == merged.users.end()) {
    return NotFound("context \"" + access.context + "\": user \"" + user_name +
                    "\" not found in the kubeconfig");
  }
  const json& user = us->second.value;
  std::string uwhere = us->second.file + ": user \"" + user_name + "\"";
  if (user.contains("exec") && !user["exec"].is_null()) {
    auto exec = ParseExecConfig(user["exec"], user_name, us->second.dir, uwhere);
    if (!exec.ok()) return exec.status();
    if (exec->provide_cluster_info) {
      // ExecCredential spec.cluster (client.authentication.k8s.io Cluster).
      exec->cluster = {{"server", access.server}};
      std::string ca = StringField(cluster, "certificate-authority-data");
      if (!ca.empty()) exec->cluster["certificate-authority-data"] = ca;
      if (access.insecure_skip_tls_verify) exec->cluster["insecure-skip-tls-verify"] = true;
    }
    access.exec = std::make_shared<ExecCredentialSource>(std::move(exec).value());
  }
  if (user.contains("auth-provider") && !user["auth-provider"].is_null()) {
    return InvalidArgument(uwhere +
                           " uses an auth-provider, which is not supported; "
                           "use a token or a client certificate");
  }
  access.token = StringField(user, "token");
  std::string token_file = Resolve(StringField(user, "tokenFile"), us->second.dir);
  if (access.token.empty() && !token_file.empty()) {
    auto text = ReadSmallFile(token_file, "token");
    if (!text.ok()) return text.status().WithPrefix(uwhere);
    access.token = Trim(*text);
  }
  access.client_certificate_file = Resolve(StringField(user, "client-certificate"), us->second.dir);
  access.client_key_file = Resolve(StringField(user, "client-key"), us->second.dir);
  auto cert = DecodeField(user, "client-certificate-data", uwhere);
  if (!cert.ok()) return cert.status();
  auto key = DecodeField(user, "client-key-data", uwhere);
  if (!key.ok()) return key.status();
  access.client_certificate_data = *cert;
  access.client_key_data = *key;
  if (!access.client_certificate_data.empty()) access.client_certificate_file.clear();
  if (!access.client_key_data.empty()) access.client_key_file.clear();
  bool has_cert =
      !access.client_certificate_data.empty() || !access.client_certificate_file.empty();
  bool has_key = !access.client_key_data.empty() || !access.client_key_file.empty();
  if (has_cert != has_key) {
    return InvalidArgument(uwhere +
                           ": a client certificate needs a client key, and a key a "
                           "certificate");
  }
  return Result<ClusterAccess>(std::move(access));
}

}  // namespace kdual::live
