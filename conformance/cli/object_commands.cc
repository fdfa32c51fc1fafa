// kdual create | update | patch | delete | get: one request to the engine,
// answered as the API server of the chosen release would answer it and
// printed as kubectl prints it. With --state FILE, requests that changed
// state are logged there and replayed by the next command, so a person can
// walk a sequence from the shell.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "conformance/cli/command.h"
#include "conformance/cli/kubectl_print.h"
#include "conformance/cli/state_file.h"
#include "conformance/golden/yaml_reader.h"
#include "conformance/io/bounded_read.h"
#include "engine/base/trace.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

using nlohmann::json;

constexpr const char* kObjectUsage = R"(Usage:
  kdual create -f FILE [flags]
  kdual update -f FILE [flags]          (a PUT of the whole object, as kubectl replace)
  kdual patch NAME -p PATCH [--type merge|strategic|json] [flags]
  kdual delete NAME [flags]
  kdual get [NAME] [flags]

Sends one Service request to the engine and prints what the API server of
the chosen release answers, as kubectl prints it. Without --state every
command starts a new control plane; with --state FILE the control plane's
flags and every request that changed state are kept in FILE and replayed
by the next command (the engine is deterministic), so sequences can be
walked one command at a time. Dynamic cluster IPs and node ports are the
engine's (highest free in the band): a real server picks at random.

Flags:
  -f, --filename FILE          the Service manifest, YAML or JSON ("-": stdin)
  -p, --patch PATCH            the patch (patch only), JSON or YAML
      --patch-file FILE        the patch, read from FILE (patch only)
      --type T                 patch type: merge (default), strategic, json
  -n, --namespace NS           namespace (default "default")
  -o, --output FMT             yaml, json or name; get also "wide" (a table);
                               default: "service/NAME created" (get: a table)
      --dry-run=server         validate and allocate without changing state
      --state FILE             keep the control plane in FILE across commands
      --version V              release: "1.37" or "v1.37.2" (default: the
                               state file's, else the newest pinned)
      --service-cluster-ip-range CIDRS
      --service-node-port-range RANGE
      --apiserver-flag NAME=VALUE
                               any other kube-apiserver flag (repeatable)
                               When a state file exists and these flags differ
                               from the ones it runs with, the control plane
                               is restarted with them, as an operator would.
  -h, --help                   this help

Exit status: 0 when the server would accept the request, 1 when it answers
with an error (printed as kubectl prints it), 2 for usage errors.
)";

struct Options {
  std::string verb;
  std::string file, patch, patch_file, patch_type = "merge", name, namespace_name = "default", output, state_path;
  std::string version_text;
  bool dry_run = false;
  flags::FlagMap apiserver_flags;
};

Result<json> ReadManifest(const std::string& path, const std::string& what) {
  // The size is checked before anything is read (a 100 MB file is refused
  // from its size; standard input is read up to the limit and no further).
  auto text = path == "-" ? io::ReadStreamBounded(std::cin, io::kDefaultMaxInputBytes, "<stdin>")
                          : io::ReadFileBounded(path, io::kDefaultMaxInputBytes, what);
  if (!text.ok()) return text.status();
  auto doc = golden::ParseYaml(*text, path == "-" ? "<stdin>" : path);
  if (!doc.ok()) return doc.status();
  return doc->value;
}

int Fail(const std::string& verb, const std::string& message) {
  std::cerr << "kdual " << verb << ": " << message << "\n";
  return kExitFailed;
}

int Parse(const Args& args, Options* o) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string value;
    auto take = [&](const std::string& flag, std::string* out) {
      return TakeValue(args, &i, flag, out);
    };
    auto is = [&](const char* flag) {
      std::string f = flag;
      return a == f || a.rfind(f + "=", 0) == 0;
    };
    if (a == "-h" || a == "--help") {
      std::cout << kObjectUsage;
      return -1;
    } else if (is("-f") || is("--filename")) {
      if (!take(a.rfind("--", 0) == 0 ? "--filename" : "-f", &o->file)) return kExitUsage;
    } else if (is("--patch-file")) {
      if (!take("--patch-file", &o->patch_file)) return kExitUsage;
    } else if (is("-p") || is("--patch")) {
      if (!take(a.rfind("--", 0) == 0 ? "--patch" : "-p", &o->patch)) return kExitUsage;
    } else if (is("--type")) {
      if (!take("--type", &o->patch_type)) return kExitUsage;
      if (o->patch_type != "merge" && o->patch_type != "strategic" && o->patch_type != "json") {
        return UsageError(o->verb, "--type must be merge, strategic or json, not \"" + o->patch_type + "\"");
      }
    } else if (is("-n") || is("--namespace")) {
      if (!take(a.rfind("--", 0) == 0 ? "--namespace" : "-n", &o->namespace_name)) return kExitUsage;
    } else if (is("-o") || is("--output")) {
      if (!take(a.rfind("--", 0) == 0 ? "--output" : "-o", &o->output)) return kExitUsage;
      if (o->output != "yaml" && o->output != "json" && o->output != "name" && o->output != "wide") {
        return UsageError(o->verb, "-o must be yaml, json, name or wide, not \"" + o->output + "\"");
      }
    } else if (a == "--dry-run=server" || a == "--dry-run=All" || a == "--dry-run") {
      o->dry_run = true;
    } else if (a.rfind("--dry-run=", 0) == 0) {
      return UsageError(o->verb, "only --dry-run=server is modelled (a client dry run sends nothing)");
    } else if (is("--state")) {
      if (!take("--state", &o->state_path)) return kExitUsage;
    } else if (is("--version")) {
      if (!take("--version", &o->version_text)) return kExitUsage;
    } else if (is("--service-cluster-ip-range") || is("--service-node-port-range")) {
      std::string flag = a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
      if (!take("--" + flag, &value)) return kExitUsage;
      if (o->apiserver_flags.count(flag)) {
        return UsageError(o->verb, "--" + flag + " is given twice (as --" + flag + " and in --apiserver-flag, or " +
                                       "twice); say it once");
      }
      o->apiserver_flags[flag] = value;
    } else if (is("--apiserver-flag")) {
      if (!take("--apiserver-flag", &value)) return kExitUsage;
      size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        return UsageError(o->verb, "--apiserver-flag wants NAME=VALUE, not \"" + value + "\"");
      }
      std::string name = value.substr(0, eq);
      if (name.rfind("--", 0) == 0) name = name.substr(2);
      if (o->apiserver_flags.count(name)) {
        return UsageError(o->verb, "--" + name + " is given twice (as --" + name + " and in --apiserver-flag, or " +
                                       "twice); say it once");
      }
      o->apiserver_flags[name] = value.substr(eq + 1);
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return UsageError(o->verb, "unknown flag " + a);
    } else if (o->name.empty() && (o->verb == "patch" || o->verb == "delete" || o->verb == "get")) {
      o->name = a;
    } else {
      return UsageError(o->verb, "unexpected argument \"" + a + "\"");
    }
  }
  if ((o->verb == "create" || o->verb == "update") && o->file.empty()) {
    return UsageError(o->verb, "-f FILE is required");
  }
  if (o->verb == "patch" && !o->patch.empty() && !o->patch_file.empty()) {
    // kubectl's own words (staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go).
    return UsageError(o->verb, "cannot specify --patch and --patch-file together");
  }
  if (o->verb == "patch" && !o->patch_file.empty()) {
    auto text = io::ReadFileBounded(o->patch_file, io::kDefaultMaxInputBytes, "the patch");
    if (!text.ok()) {
      std::cerr << "kdual " << o->verb << ": " << text.status().message() << "\n";
      return kExitFailed;
    }
    o->patch = std::move(text).value();
    if (o->patch.empty()) return UsageError(o->verb, o->patch_file + ": the patch file is empty");
  }
  if (o->verb == "patch" && (o->name.empty() || o->patch.empty())) {
    return UsageError(o->verb, "patch needs NAME and -p PATCH (or --patch-file FILE)");
  }
  if (o->verb == "delete" && o->name.empty()) return UsageError(o->verb, "delete needs NAME");
  return 0;
}

void PrintWarnings(const registry::Answer& a) {
  for (const auto& w : a.warnings) std::cerr << "Warning: " << w << "\n";
}

std::string PastTense(const std::string& verb) {
  if (verb == "create") return "created";
  if (verb == "update") return "replaced";
  if (verb == "patch") return "patched";
  if (verb == "delete") return "deleted";
  return verb;
}

void PrintTrace(const std::vector<TraceEntry>& trace, const registry::Answer& a) {
  std::cout << "Decisions, in the order the API server takes them:\n";
  if (trace.empty()) std::cout << "  (none traced for this request)\n";
  for (size_t i = 0; i < trace.size(); ++i) {
    std::cout << "  " << i + 1 << ". [" << trace[i].where << "] " << trace[i].what << "\n";
  }
  std::cout << "Answer: " << a.code;
  if (a.is_error() && a.body.is_object()) std::cout << " " << a.body.value("reason", std::string());
  std::cout << "\n";
}

int ObjectCommand(const std::string& verb, const Args& args, bool explain) {
  Options o;
  o.verb = verb;
  int parsed = Parse(args, &o);
  if (parsed == -1) return kExitOk;
  if (parsed != 0) return parsed;

  // The state: from the file, else a new control plane.
  std::optional<EngineState> state;
  if (!o.state_path.empty()) {
    auto loaded = LoadState(o.state_path);
    if (!loaded.ok()) return Fail(verb, loaded.status().message());
    state = *loaded;
  }
  std::string release_text;
  if (!o.version_text.empty()) {
    auto r = version::ResolveRelease(o.version_text);
    if (!r.ok()) return UsageError(verb, r.status().message());
    release_text = r->ToString();
    if (state && state->release != release_text) {
      return Fail(verb, o.state_path + " holds a " + state->release + " control plane; use another --state for " +
                            release_text);
    }
  } else if (state) {
    release_text = state->release;
  } else {
    release_text = version::PinnedReleases().back().ToString();
  }
  if (!state) {
    state = EngineState();
    state->release = release_text;
    if (!o.apiserver_flags.empty()) state->started_with.components[flags::kApiserver] = o.apiserver_flags;
    // A range left out takes the component's default: say which, so the
    // answer is not read as one for the user's cluster by mistake.
    if (!o.apiserver_flags.count("service-cluster-ip-range")) {
      std::cerr << "kdual " << verb << ": no --service-cluster-ip-range: kube-apiserver " << release_text
                << " uses its default 10.0.0.0/24 (kubeoptions.DefaultServiceIPCIDR)\n";
    }
    if (!o.apiserver_flags.count("service-node-port-range")) {
      std::cerr << "kdual " << verb << ": no --service-node-port-range: kube-apiserver " << release_text
                << " uses its default 30000-32767\n";
    }
  } else if (!o.apiserver_flags.empty()) {
    flags::ComponentFlags wanted = state->current_flags();
    for (const auto& [k, v] : o.apiserver_flags) wanted.components[flags::kApiserver][k] = v;
    if (wanted.components != state->current_flags().components) {
      StateEntry restart;
      restart.restart = wanted;
      state->log.push_back(restart);
      std::cerr << "kdual " << verb << ": restarting the control plane with the new flags\n";
    }
  }
  std::vector<std::string> notes;
  auto cluster = Replay(*state, &notes);
  for (const auto& n : notes) std::cerr << "kdual " << verb << ": note: " << n << "\n";
  if (!cluster.ok()) {
    // A refused flag set: the component's fatal message, as at start-up.
    std::string where = o.state_path.empty() ? "" : o.state_path + ": ";
    return Fail(verb, where + "the control plane does not start: " + cluster.status().message());
  }

  auto print_object = [&](const json& obj) {
    if (o.output == "yaml") {
      std::cout << KubectlYaml(obj);
    } else if (o.output == "json") {
      std::cout << KubectlJson(obj);
    } else if (o.output == "name") {
      std::cout << "service/" << obj["metadata"].value("name", std::string()) << "\n";
    } else {
      std::cout << "service/" << obj["metadata"].value("name", std::string()) << " " << PastTense(verb)
                << (o.dry_run ? " (server dry run)" : "") << "\n";
    }
  };

  if (verb == "get") {
    std::vector<std::string> names;
    if (!o.name.empty()) {
      names.push_back(o.name);
    } else {
      names = LiveServiceNames(*state, o.namespace_name);
    }
    std::vector<json> objects;
    for (const auto& name : names) {
      registry::Request r;
      r.op = registry::Op::kGet;
      r.namespace_name = o.namespace_name;
      r.name = name;
      registry::Answer a = (*cluster)->Handle(r);
      PrintWarnings(a);
      if (a.is_error()) {
        std::cerr << KubectlError(a) << "\n";
        return kExitFailed;
      }
      objects.push_back(a.body);
    }
    if (o.name.empty() && objects.empty()) {
      std::cerr << "No resources found in " << o.namespace_name << " namespace.\n";
      return kExitOk;
    }
    if (o.output == "yaml" || o.output == "json") {
      json out = objects.size() == 1 && !o.name.empty()
                     ? objects[0]
                     : json{{"apiVersion", "v1"}, {"items", objects}, {"kind", "List"},
                            {"metadata", {{"resourceVersion", ""}}}};
      std::cout << (o.output == "yaml" ? KubectlYaml(out) : KubectlJson(out));
    } else if (o.output == "name") {
      for (const auto& obj : objects) std::cout << "service/" << obj["metadata"].value("name", std::string()) << "\n";
    } else {
      std::cout << ServiceTable(objects);
    }
    return kExitOk;
  }

  registry::Request r;
  r.namespace_name = o.namespace_name;
  r.dry_run = o.dry_run;
  std::string when;
  if (verb == "create" || verb == "update") {
    auto manifest = ReadManifest(o.file, "manifest");
    if (!manifest.ok()) return Fail(verb, manifest.status().message());
    if (!manifest->is_object()) return Fail(verb, o.file + ": the manifest is not an object");
    if (manifest->contains("kind") && (*manifest)["kind"] != "Service") {
      return Fail(verb, o.file + ": kind is " + (*manifest)["kind"].dump() + "; kdual models Services only");
    }
    r.op = verb == "create" ? registry::Op::kCreate : registry::Op::kUpdate;
    r.body = *manifest;
    if (r.body.contains("metadata") && r.body["metadata"].is_object()) {
      const json& m = r.body["metadata"];
      if (m.contains("namespace") && m["namespace"].is_string()) r.namespace_name = m["namespace"].get<std::string>();
      if (m.contains("name") && m["name"].is_string()) r.name = m["name"].get<std::string>();
    }
    when = std::string(verb == "create" ? "creating" : "replacing") + " \"" + o.file + "\"";
  } else if (verb == "patch") {
    r.op = registry::Op::kPatch;
    r.name = o.name;
    auto patch = golden::ParseYaml(o.patch, o.patch_file.empty() ? "--patch" : o.patch_file);
    if (!patch.ok()) return Fail(verb, patch.status().message());
    r.body = patch->value;
    r.patch_type = o.patch_type == "json" ? registry::PatchType::kJson
                 : o.patch_type == "strategic" ? registry::PatchType::kStrategic : registry::PatchType::kMerge;
  } else {
    r.op = registry::Op::kDelete;
    r.name = o.name;
  }

  std::vector<TraceEntry> trace;
  registry::Answer a;
  {
    TraceScope scope(&trace);
    a = (*cluster)->Handle(r);
  }
  if (explain) PrintTrace(trace, a);
  PrintWarnings(a);
  if (a.is_error()) {
    std::cerr << KubectlError(a, when) << "\n";
    // A failed request changes nothing; the state is kept as it was.
    if (!o.state_path.empty() && !state->log.empty() && state->log.back().restart) {
      Status saved = SaveState(o.state_path, *state);
      if (!saved.ok()) std::cerr << "kdual " << verb << ": " << saved.message() << "\n";
    }
    return kExitFailed;
  }
  if (!o.dry_run) {
    StateEntry entry;
    entry.request = r;
    state->log.push_back(entry);
  }
  if (!o.state_path.empty()) {
    Status saved = SaveState(o.state_path, *state);
    if (!saved.ok()) return Fail(verb, saved.message());
  }
  if (verb == "delete" && o.output.empty()) {
    std::cout << "service \"" << o.name << "\" deleted" << (o.dry_run ? " (server dry run)" : "") << "\n";
  } else {
    print_object(a.body);
  }
  return kExitOk;
}

}  // namespace

int CreateCommand(const Args& args) { return ObjectCommand("create", args, false); }
int UpdateCommand(const Args& args) { return ObjectCommand("update", args, false); }
int PatchCommand(const Args& args) { return ObjectCommand("patch", args, false); }
int DeleteCommand(const Args& args) { return ObjectCommand("delete", args, false); }
int GetCommand(const Args& args) { return ObjectCommand("get", args, false); }

int ExplainCommand(const Args& args) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << R"(Usage: kdual explain create|update|patch|delete [the command's flags]

Answers the request as `kdual create` (etc.) does, and first prints each
decision the API server's code takes for it, in order, with the Go function
it comes from: the policy inferred, the families appended, the band an
address or node port came from, the check that failed, what was released.
See `kdual create --help` for the flags (--state, --version, ranges, -o).
)";
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string& verb = args[0];
  if (verb != "create" && verb != "update" && verb != "patch" && verb != "delete") {
    return UsageError("explain", "explain create, update, patch or delete, not \"" + verb + "\"");
  }
  return ObjectCommand(verb, Args(args.begin() + 1, args.end()), true);
}

}  // namespace kdual::cli
