// kdual create | update | patch | delete | get: requests to the engine,
// answered as the API server of the chosen release would answer them and
// printed as kubectl prints them. With --state FILE, requests that changed
// state are logged there and replayed by the next command, so a person can
// walk a sequence from the shell.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "conformance/cli/command.h"
#include "conformance/cli/jsonpath.h"
#include "conformance/cli/kubectl_print.h"
#include "conformance/cli/manifests.h"
#include "conformance/cli/state_file.h"
#include "conformance/cli/static_pod_manifest.h"
#include "conformance/golden/yaml_reader.h"
#include "conformance/io/bounded_read.h"
#include "engine/base/explain_trace.h"
#include "engine/flags/command_line.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

using nlohmann::json;

constexpr const char* kObjectUsage = R"(Usage:
  kdual create -f FILE|DIR|- [flags]     (or: kdual create namespace NAME)
  kdual update -f FILE|DIR|- [flags]     (a PUT of the whole object, as kubectl replace)
  kdual patch [svc] NAME -p PATCH [--type merge|strategic|json] [flags]
  kdual apply --server-side -f FILE|DIR|- [--field-manager M] [--force-conflicts] [flags]
  kdual delete [svc|namespace|node] NAME... [flags]   (or: -f FILE)
  kdual get [svc|namespace|node] [NAME...] [flags]

Sends Service (and namespace and Node) requests to the engine and prints
what the API server of the chosen release answers, as kubectl prints it; a
Node gets its pod CIDRs from kube-controller-manager's node IPAM when a
--cluster-cidr is given (see them with get node NAME -o yaml). Without
--state every command starts a new control plane (holding the Service
default/kubernetes, as a server does); with --state FILE the control
plane's flags and every request that changed state are kept in FILE and
replayed by the next command (the engine is deterministic), so sequences
can be walked one command at a time. Dynamic cluster IPs and node ports
are the engine's (the highest free address of the band, the highest free
port): a real server picks at random.

A resource may be named as kubectl names it: svc, service, services,
ns, namespace, namespaces, no, node, nodes, or TYPE/NAME (svc/web);
without one, NAMEs are Services.

Flags:
  -f, --filename FILE          manifests: a file of one or more YAML or JSON
                               documents, a directory (its .yaml, .yml and
                               .json files), or "-" for stdin; kind: List
                               stands for its items; repeatable
  -R, --recursive              with a directory -f, its subdirectories too
  -p, --patch PATCH            the patch (patch only), JSON or YAML
      --patch-file FILE        the patch, read from FILE (patch only)
      --type T                 patch type: merge (default), strategic, json
      --server-side            apply: a server-side apply (required: the
                               client-side apply's three-way merge is
                               kubectl's, not the server's)
      --field-manager M        apply: the field manager (default "kubectl",
                               as kubectl's); every other write is an
                               Update by "kdual"
      --force-conflicts        apply: take the fields other managers own
  -n, --namespace NS           namespace (default "default")
  -A, --all-namespaces         get: every namespace (a NAMESPACE column)
  -l, --selector SEL           get: a label selector (app=web, 'tier in (a,b)',
                               !canary), sent as ?labelSelector=
      --field-selector SEL     get: a field selector (metadata.name=web,
                               spec.type=NodePort), sent as ?fieldSelector=
  -o, --output FMT             yaml, json, name, wide (get: SELECTOR too),
                               jsonpath=TEMPLATE (kubectl's template syntax);
                               default: "service/NAME created" (get: a table)
      --validate[=V]           create, update, apply: strict (default; or true),
                               warn, ignore (or false): sent as the server's
                               fieldValidation (Strict, Warn, Ignore)
      --dry-run=server         validate and allocate without changing state
      --cascade[=C]            delete: background (default, or true), orphan
                               (or false), foreground; sent, with the two
                               flags below, as kubectl sends them: a
                               DeleteOptions body (propagationPolicy,
                               gracePeriodSeconds, dryRun). Orphan and
                               foreground add the garbage collector's
                               finalizer: the Service is only marked
      --grace-period N         delete: gracePeriodSeconds (default -1: none)
      --now                    delete: --grace-period=1
      --state FILE             keep the control plane in FILE across commands
      --version V              release: "1.37" or "v1.37.2" (default: the
                               state file's, else the newest pinned)
      --service-cluster-ip-range CIDRS
      --service-node-port-range RANGE
      --apiserver-flag NAME=VALUE
                               any other kube-apiserver flag (repeatable)
      --cluster-cidr CIDRS     kube-controller-manager's cluster CIDRs: turns
                               node IPAM on (as kubeadm does)
      --node-cidr-mask-size-ipv4 N, --node-cidr-mask-size-ipv6 N,
      --node-cidr-mask-size N  its node CIDR mask sizes
      --controller-manager-flag NAME=VALUE
                               any other kube-controller-manager flag
      --kcm-cmdline "LINE"     kube-controller-manager's flags as `ps` shows them
      --apiserver-cmdline "LINE"
                               kube-apiserver's flags as a `ps` line or a
                               shell command line shows them
      --from-manifest FILE     kube-apiserver's flags from its static-pod
                               manifest (/etc/kubernetes/manifests/...)
                               When a state file exists and these flags differ
                               from the ones it runs with, the control plane
                               is restarted with them, as an operator would.
  -h, --help                   this help

Exit status: 0 when the server would accept every request, 1 when it
answers any with an error (printed as kubectl prints it), 2 for usage
errors.
)";

enum class Kind { kServices, kNamespaces, kNodes };

registry::Resource ResourceOf(Kind k) {
  switch (k) {
    case Kind::kNamespaces: return registry::Resource::kNamespaces;
    case Kind::kNodes: return registry::Resource::kNodes;
    case Kind::kServices: break;
  }
  return registry::Resource::kServices;
}

struct Options {
  std::string verb;
  std::vector<std::string> files;
  bool recursive = false;
  std::string patch, patch_file, patch_type = "merge";
  Kind kind = Kind::kServices;
  std::vector<std::string> names;
  std::string namespace_name = "default";
  bool namespace_given = false, all_namespaces = false;
  std::string label_selector, field_selector;
  std::string output, jsonpath;
  std::string state_path, version_text;
  bool dry_run = false;
  // kubectl delete: --cascade (its DeletionPropagation) and --grace-period.
  std::string cascade = "Background";
  long long grace_period = -1;
  // kubectl create and replace send Strict unless --validate says otherwise
  // (cmdutil.AddValidateFlags, default "strict" since 1.27).
  registry::FieldValidation validation = registry::FieldValidation::kStrict;
  // kubectl apply --server-side (its default field manager is "kubectl").
  bool server_side = false, force_conflicts = false;
  std::string field_manager = "kubectl";
  flags::FlagMap apiserver_flags;
  flags::FlagMap kcm_flags;  // kube-controller-manager (node IPAM)
};

int Fail(const std::string& verb, const std::string& message) {
  std::cerr << "kdual " << verb << ": " << message << "\n";
  return kExitFailed;
}

// kubectl's resource words for the two kinds kdual models.
bool KindWord(const std::string& word, Kind* kind) {
  if (word == "svc" || word == "service" || word == "services") {
    *kind = Kind::kServices;
    return true;
  }
  if (word == "ns" || word == "namespace" || word == "namespaces") {
    *kind = Kind::kNamespaces;
    return true;
  }
  if (word == "no" || word == "node" || word == "nodes") {
    *kind = Kind::kNodes;
    return true;
  }
  return false;
}

const char* Singular(Kind k) {
  return k == Kind::kNamespaces ? "namespace" : k == Kind::kNodes ? "node" : "service";
}

// Adds one flag to the set, refusing a flag given twice.
int AddApiserverFlag(Options* o, std::string name, std::string value, const std::string& how) {
  if (name.rfind("--", 0) == 0) name = name.substr(2);
  if (o->apiserver_flags.count(name)) {
    return UsageError(o->verb, "--" + name + " is given twice (" + how + "); say it once");
  }
  o->apiserver_flags[name] = std::move(value);
  return 0;
}

int AddApiserverFlags(Options* o, const flags::FlagMap& from, const std::string& how) {
  for (const auto& [k, v] : from) {
    if (int rc = AddApiserverFlag(o, k, v, how)) return rc;
  }
  return 0;
}

// The positional words: an optional resource word (or TYPE/NAME forms),
// then names.
int ParsePositionals(const std::vector<std::string>& words, Options* o) {
  size_t i = 0;
  if (!words.empty() && KindWord(words[0], &o->kind)) i = 1;
  for (; i < words.size(); ++i) {
    const std::string& w = words[i];
    size_t slash = w.find('/');
    if (slash != std::string::npos) {
      Kind k;
      if (!KindWord(w.substr(0, slash), &k)) {
        return UsageError(o->verb, "the server doesn't have a resource type \"" +
                                       w.substr(0, slash) +
                                       "\" (kdual models services, namespaces and nodes)");
      }
      if (i > 0 && k != o->kind)
        return UsageError(o->verb, "name all objects of one type at a time");
      o->kind = k;
      o->names.push_back(w.substr(slash + 1));
      continue;
    }
    o->names.push_back(w);
  }
  return 0;
}

// Accepts what cmdutil.GetValidationDirective accepts: a Go bool or one of
// the three words; kubectl's own message otherwise.
int ParseValidate(const std::string& v, Options* o) {
  if (v == "strict" || v == "true" || v == "1" || v == "t" || v == "T" || v == "TRUE" ||
      v == "True") {
    o->validation = registry::FieldValidation::kStrict;
  } else if (v == "warn") {
    o->validation = registry::FieldValidation::kWarn;
  } else if (v == "ignore" || v == "false" || v == "0" || v == "f" || v == "F" || v == "FALSE" ||
             v == "False") {
    o->validation = registry::FieldValidation::kIgnore;
  } else {
    return UsageError(o->verb, "invalid - validate option \"" + v +
                                   "\"; must be one of: strict (or true), warn, ignore (or false)");
  }
  return 0;
}

int Parse(const Args& args, Options* o) {
  std::vector<std::string> words;
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
      if (!take(a.rfind("--", 0) == 0 ? "--filename" : "-f", &value)) return kExitUsage;
      o->files.push_back(value);
    } else if (a == "-R" || a == "--recursive") {
      o->recursive = true;
    } else if (is("--patch-file")) {
      if (!take("--patch-file", &o->patch_file)) return kExitUsage;
    } else if (is("-p") || is("--patch")) {
      if (!take(a.rfind("--", 0) == 0 ? "--patch" : "-p", &o->patch)) return kExitUsage;
    } else if (is("--type")) {
      if (!take("--type", &o->patch_type)) return kExitUsage;
      if (o->patch_type != "merge" && o->patch_type != "strategic" && o->patch_type != "json") {
        return UsageError(o->verb,
                          "--type must be merge, strategic or json, not \"" + o->patch_type + "\"");
      }
    } else if (a == "--server-side" || a == "--server-side=true") {
      o->server_side = true;
    } else if (a == "--server-side=false") {
      o->server_side = false;
    } else if (a == "--force-conflicts" || a == "--force-conflicts=true") {
      o->force_conflicts = true;
    } else if (is("--field-manager")) {
      if (!take("--field-manager", &o->field_manager)) return kExitUsage;
    } else if (is("-n") || is("--namespace")) {
      if (!take(a.rfind("--", 0) == 0 ? "--namespace" : "-n", &o->namespace_name))
        return kExitUsage;
      o->namespace_given = true;
    } else if (is("-l") || is("--selector")) {
      if (!take(a.rfind("--", 0) == 0 ? "--selector" : "-l", &o->label_selector)) return kExitUsage;
    } else if (is("--field-selector")) {
      if (!take("--field-selector", &o->field_selector)) return kExitUsage;
    } else if (a == "-A" || a == "--all-namespaces" || a == "--all-namespaces=true") {
      o->all_namespaces = true;
    } else if (IsOutputFlag(a)) {
      if (int rc = TakeOutputFlag(args, &i, o->verb, {"yaml", "json", "name", "wide", "jsonpath="},
                                  &o->output))
        return rc;
      if (o->output.rfind("jsonpath=", 0) == 0) {
        o->jsonpath = o->output.substr(9);
        o->output = "jsonpath";
      }
    } else if (a == "--validate" || a.rfind("--validate=", 0) == 0) {
      // kubectl has --validate on create and replace only.
      if (o->verb != "create" && o->verb != "update")
        return UsageError(o->verb, "unknown flag: --validate");
      if (int rc = ParseValidate(a == "--validate" ? "strict" : a.substr(11), o)) return rc;
    } else if (a == "--cascade" || a.rfind("--cascade=", 0) == 0) {
      if (o->verb != "delete") return UsageError(o->verb, "unknown flag: --cascade");
      // kubectl GetCascadingStrategy: the words, and the deprecated booleans.
      std::string v = a == "--cascade" ? "background" : a.substr(10);
      if (v == "background" || v == "true") {
        o->cascade = "Background";
      } else if (v == "orphan" || v == "false") {
        o->cascade = "Orphan";
      } else if (v == "foreground") {
        o->cascade = "Foreground";
      } else {
        return UsageError(o->verb, "invalid cascade value (" + v +
                                       "). Must be \"background\", \"foreground\", or \"orphan\"");
      }
    } else if (is("--grace-period") || a == "--now") {
      if (o->verb != "delete") return UsageError(o->verb, "unknown flag: " + a);
      if (a == "--now") {
        o->grace_period = 1;
      } else {
        if (!take("--grace-period", &value)) return kExitUsage;
        char* end = nullptr;
        errno = 0;
        long long n = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || errno != 0) {
          return UsageError(o->verb, "invalid argument \"" + value +
                                         "\" for \"--grace-period\" flag: strconv.ParseInt: "
                                         "parsing \"" +
                                         value + "\": invalid syntax");
        }
        o->grace_period = n;
      }
    } else if (a == "--dry-run=server" || a == "--dry-run=All" || a == "--dry-run") {
      o->dry_run = true;
    } else if (a.rfind("--dry-run=", 0) == 0) {
      return UsageError(o->verb,
                        "only --dry-run=server is modelled (a client dry run sends nothing)");
    } else if (is("--state")) {
      if (!take("--state", &o->state_path)) return kExitUsage;
    } else if (is("--version")) {
      if (!take("--version", &o->version_text)) return kExitUsage;
    } else if (is("--service-cluster-ip-range") || is("--service-node-port-range")) {
      std::string flag =
          a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
      if (!take("--" + flag, &value)) return kExitUsage;
      if (int rc = AddApiserverFlag(o, flag, value,
                                    "as --" + flag + " and in --apiserver-flag, or twice"))
        return rc;
    } else if (is("--apiserver-flag")) {
      if (!take("--apiserver-flag", &value)) return kExitUsage;
      size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        return UsageError(o->verb, "--apiserver-flag wants NAME=VALUE, not \"" + value + "\"");
      }
      if (int rc = AddApiserverFlag(o, value.substr(0, eq), value.substr(eq + 1),
                                    "as its own flag and in --apiserver-flag, or twice")) {
        return rc;
      }
    } else if (is("--cluster-cidr") || is("--node-cidr-mask-size-ipv4") ||
               is("--node-cidr-mask-size-ipv6") || is("--node-cidr-mask-size") ||
               is("--controller-manager-flag")) {
      std::string flag =
          a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
      if (!take("--" + flag, &value)) return kExitUsage;
      std::string name = flag, v = value;
      if (flag == "controller-manager-flag") {
        size_t eq = value.find('=');
        if (eq == std::string::npos || eq == 0) {
          return UsageError(o->verb,
                            "--controller-manager-flag wants NAME=VALUE, not \"" + value + "\"");
        }
        name = value.substr(0, eq);
        if (name.rfind("--", 0) == 0) name = name.substr(2);
        v = value.substr(eq + 1);
      }
      if (o->kcm_flags.count(name))
        return UsageError(o->verb, "kube-controller-manager flag --" + name + " given twice");
      o->kcm_flags[name] = v;
    } else if (is("--kcm-cmdline")) {
      if (!take("--kcm-cmdline", &value)) return kExitUsage;
      auto line = flags::ParseComponentCommandLine(value, flags::kControllerManager);
      if (!line.ok()) return UsageError(o->verb, "--kcm-cmdline: " + line.status().message());
      for (const auto& [k, v] : *line) {
        if (o->kcm_flags.count(k))
          return UsageError(o->verb, "kube-controller-manager flag --" + k + " given twice");
        o->kcm_flags[k] = v;
      }
    } else if (is("--apiserver-cmdline")) {
      if (!take("--apiserver-cmdline", &value)) return kExitUsage;
      auto line = flags::ParseComponentCommandLine(value, flags::kApiserver);
      if (!line.ok()) return UsageError(o->verb, "--apiserver-cmdline: " + line.status().message());
      if (int rc = AddApiserverFlags(o, *line, "on the command line given and again")) return rc;
    } else if (is("--from-manifest")) {
      if (!take("--from-manifest", &value)) return kExitUsage;
      auto manifest = ReadStaticPodFlags(value, flags::kApiserver);
      if (!manifest.ok()) return Fail(o->verb, manifest.status().message());
      if (int rc = AddApiserverFlags(o, *manifest, "in the manifest and again")) return rc;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return UsageError(o->verb, "unknown flag " + a);
    } else {
      words.push_back(a);
    }
  }
  if (int rc = ParsePositionals(words, o)) return rc;
  const std::string& v = o->verb;
  if (o->all_namespaces && v != "get") return UsageError(v, "-A/--all-namespaces is for get only");
  if (o->output == "wide" && v != "get") return UsageError(v, "-o wide is for get only");
  if ((!o->label_selector.empty() || !o->field_selector.empty()) && v != "get")
    return UsageError(v, "-l/--selector and --field-selector are for get only");
  if ((!o->label_selector.empty() || !o->field_selector.empty()) && o->kind != Kind::kServices)
    return UsageError(v, "-l/--selector and --field-selector are modelled for services only");
  if ((!o->label_selector.empty() || !o->field_selector.empty()) && !o->names.empty()) {
    // kubectl: "error: selectors and the all flag cannot be used when passing resource/name
    // arguments"
    return UsageError(v, "selectors cannot be used when passing resource/name arguments");
  }
  if (!o->files.empty() && (v == "patch" || v == "get")) return UsageError(v, "-f is not for " + v);
  if (v == "create") {
    if (o->files.empty() && !(o->kind == Kind::kNamespaces && o->names.size() == 1)) {
      return UsageError(v, o->names.empty() ? "-f FILE is required (or: create namespace NAME)"
                                            : "create takes -f FILE, or namespace NAME");
    }
    if (!o->files.empty() && !o->names.empty())
      return UsageError(v, "give -f FILE or namespace NAME, not both");
  }
  if (v != "apply" && (o->server_side || o->force_conflicts || o->field_manager != "kubectl"))
    return UsageError(v, "--server-side, --field-manager and --force-conflicts are for apply");
  if (v == "apply") {
    // kubectl's words (apply.go Validate).
    if (o->force_conflicts && !o->server_side)
      return UsageError(v, "--force-conflicts only works with --server-side");
    if (!o->server_side) {
      return UsageError(v,
                        "kdual models server-side apply only: pass --server-side (a client-side "
                        "apply is kubectl's three-way merge, sent as a patch)");
    }
    if (o->field_manager.empty()) return UsageError(v, "--field-manager must not be empty");
  }
  if (v == "update" || v == "apply") {
    if (o->files.empty()) return UsageError(v, "-f FILE is required");
    if (!o->names.empty()) return UsageError(v, "unexpected argument \"" + o->names[0] + "\"");
  }
  if (v == "patch") {
    if (o->kind != Kind::kServices) return UsageError(v, "kdual patches Services only");
    if (o->names.size() > 1) return UsageError(v, "unexpected argument \"" + o->names[1] + "\"");
    if (!o->patch.empty() && !o->patch_file.empty()) {
      // kubectl's own words (staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go).
      return UsageError(v, "cannot specify --patch and --patch-file together");
    }
    if (!o->patch_file.empty()) {
      auto text = io::ReadFileBounded(o->patch_file, io::kDefaultMaxInputBytes, "the patch");
      if (!text.ok()) return Fail(v, text.status().message());
      o->patch = std::move(text).value();
      if (o->patch.empty()) return UsageError(v, o->patch_file + ": the patch file is empty");
    }
    if (o->names.empty() || o->patch.empty()) {
      return UsageError(v, "patch needs NAME and -p PATCH (or --patch-file FILE)");
    }
  }
  if (v == "delete") {
    if (o->names.empty() && o->files.empty())
      return UsageError(v, "delete needs NAME (or -f FILE)");
    if (!o->names.empty() && !o->files.empty())
      return UsageError(v, "give NAMEs or -f FILE, not both");
  }
  return 0;
}

void PrintWarnings(const registry::Answer& a) {
  for (const auto& w : a.warnings) std::cerr << "Warning: " << w << "\n";
}

std::string PastTense(const std::string& verb) {
  if (verb == "create") return "created";
  if (verb == "update") return "replaced";
  if (verb == "patch") return "patched";
  if (verb == "apply") return "serverside-applied";
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

// The control plane: from the state file, else a new one.
struct Plane {
  EngineState state;
  std::unique_ptr<registry::Cluster> cluster;
  bool restarted = false;  // the flags changed: the state is saved even if every request fails
};

// Errors: InvalidArgument for a --version that names no release (a usage
// error), FailedPrecondition for the rest.
Result<Plane> StartPlane(const Options& o) {
  Plane p;
  std::optional<EngineState> loaded;
  if (!o.state_path.empty()) {
    auto l = LoadState(o.state_path);
    if (!l.ok()) return FailedPrecondition(l.status().message());
    loaded = *l;
  }
  std::string release_text;
  if (!o.version_text.empty()) {
    auto r = version::ResolveRelease(o.version_text);
    if (!r.ok()) return InvalidArgument(r.status().message());
    release_text = r->ToString();
    if (loaded && loaded->release != release_text) {
      return FailedPrecondition(o.state_path + " holds a " + loaded->release +
                                " control plane; use another --state for " + release_text);
    }
  } else if (loaded) {
    release_text = loaded->release;
  } else {
    release_text = version::PinnedReleases().back().ToString();
  }
  if (!loaded) {
    p.state.release = release_text;
    if (!o.apiserver_flags.empty())
      p.state.started_with.components[flags::kApiserver] = o.apiserver_flags;
    if (!o.kcm_flags.empty())
      p.state.started_with.components[flags::kControllerManager] = o.kcm_flags;
    // A range left out takes the component's default: say which, so the
    // answer is not read as one for the user's cluster by mistake.
    if (!o.apiserver_flags.count("service-cluster-ip-range")) {
      std::cerr << "kdual " << o.verb << ": no --service-cluster-ip-range: kube-apiserver "
                << release_text
                << " uses its default 10.0.0.0/24 (kubeoptions.DefaultServiceIPCIDR)\n";
    }
    if (!o.apiserver_flags.count("service-node-port-range")) {
      std::cerr << "kdual " << o.verb << ": no --service-node-port-range: kube-apiserver "
                << release_text << " uses its default 30000-32767\n";
    }
  } else {
    p.state = *loaded;
    if (!o.apiserver_flags.empty() || !o.kcm_flags.empty()) {
      flags::ComponentFlags wanted = p.state.current_flags();
      for (const auto& [k, v] : o.apiserver_flags) wanted.components[flags::kApiserver][k] = v;
      for (const auto& [k, v] : o.kcm_flags) wanted.components[flags::kControllerManager][k] = v;
      if (wanted.components != p.state.current_flags().components) {
        StateEntry restart;
        restart.restart = wanted;
        p.state.log.push_back(restart);
        p.restarted = true;
        std::cerr << "kdual " << o.verb << ": restarting the control plane with the new flags\n";
      }
    }
  }
  std::vector<std::string> notes;
  auto cluster = Replay(p.state, &notes);
  for (const auto& n : notes) std::cerr << "kdual " << o.verb << ": note: " << n << "\n";
  if (!cluster.ok()) {
    // A refused flag set: the component's fatal message, as at start-up.
    std::string where = o.state_path.empty() ? "" : o.state_path + ": ";
    return FailedPrecondition(where +
                              "the control plane does not start: " + cluster.status().message());
  }
  p.cluster = std::move(cluster).value();
  return p;
}

std::string ObjectName(const json& obj) {
  if (obj.is_object() && obj.contains("metadata") && obj["metadata"].is_object()) {
    return obj["metadata"].value("name", std::string());
  }
  return "";
}

int Get(const Options& o, registry::Cluster& cluster) {
  const char* type = Singular(o.kind);
  std::vector<json> objects;
  int status = kExitOk;
  auto send = [&](registry::Request r) {
    r.resource = ResourceOf(o.kind);
    if (o.kind == Kind::kNodes) r.namespace_name = "";
    return cluster.Handle(r);
  };
  if (!o.names.empty()) {
    for (const auto& name : o.names) {
      registry::Request r;
      r.op = registry::Op::kGet;
      r.namespace_name = o.namespace_name;
      r.name = name;
      registry::Answer a = send(r);
      PrintWarnings(a);
      if (a.is_error()) {
        // kubectl reports each missing object and prints the others.
        std::cerr << KubectlError(a) << "\n";
        status = kExitFailed;
        continue;
      }
      objects.push_back(a.body);
    }
  } else {
    registry::Request r;
    r.op = registry::Op::kList;
    r.namespace_name = o.all_namespaces || o.kind != Kind::kServices ? "" : o.namespace_name;
    r.label_selector = o.label_selector;
    r.field_selector = o.field_selector;
    registry::Answer a = send(r);
    if (a.is_error()) {
      std::cerr << KubectlError(a) << "\n";
      return kExitFailed;
    }
    // The server's list items carry no kind and apiVersion; kubectl prints
    // each with its own.
    for (auto item : a.body["items"]) {
      if (o.kind == Kind::kServices && item.is_object() && !item.contains("kind")) {
        json typed = {{"apiVersion", "v1"}, {"kind", "Service"}};
        typed.update(item);
        item = std::move(typed);
      }
      objects.push_back(item);
    }
    if (objects.empty()) {
      if (o.all_namespaces || o.kind != Kind::kServices) {
        std::cerr << "No resources found\n";
      } else {
        std::cerr << "No resources found in " << o.namespace_name << " namespace.\n";
      }
      return kExitOk;
    }
  }
  if (objects.empty()) return status;
  // One object asked by name prints as itself; anything else as a List.
  const bool single = o.names.size() == 1;
  json list = {{"apiVersion", "v1"},
               {"items", objects},
               {"kind", "List"},
               {"metadata", {{"resourceVersion", ""}}}};
  if (o.output == "yaml" || o.output == "json") {
    const json& out = single ? objects[0] : list;
    std::cout << (o.output == "yaml" ? KubectlYaml(out) : KubectlJson(out));
  } else if (o.output == "jsonpath") {
    auto text = JsonPathPrint(o.jsonpath, single ? objects[0] : list);
    if (!text.ok()) {
      // kubectl: "error: error parsing jsonpath TEMPLATE, <parser message>".
      std::cerr << "error: error parsing jsonpath " << o.jsonpath << ", " << text.status().message()
                << "\n";
      return kExitFailed;
    }
    std::cout << *text;
  } else if (o.output == "name") {
    for (const auto& obj : objects) std::cout << type << "/" << ObjectName(obj) << "\n";
  } else if (o.kind == Kind::kNamespaces) {
    std::cout << NamespaceTable(objects);
  } else if (o.kind == Kind::kNodes) {
    std::cout << NodeTable(objects, o.output == "wide");
  } else {
    TableOptions t;
    t.with_namespace = o.all_namespaces;
    t.wide = o.output == "wide";
    std::cout << ServiceTable(objects, t);
  }
  return status;
}

// One write as `kdual VERB` sends it: the request, the file it came from
// (for kubectl's "error when creating" words) and what it is called.
struct Write {
  registry::Request request;
  std::string source;
  Kind kind = Kind::kServices;
  std::string name;
};

// A Service delete as kubectl sends it (kubectl delete DeleteResult): a
// DeleteOptions body with the cascade's propagationPolicy, the grace
// period when given, and a server dry run in the body, not the query.
void AsKubectlDelete(const Options& o, Write* w) {
  w->request.op = registry::Op::kDelete;
  if (w->kind != Kind::kServices) return;
  json body = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", o.cascade}};
  if (o.grace_period >= 0) body["gracePeriodSeconds"] = o.grace_period;
  if (o.dry_run) body["dryRun"] = json::array({"All"});
  w->request.body = body;
  w->request.dry_run = false;
}

Result<std::vector<Write>> WritesOf(const Options& o) {
  std::vector<Write> writes;
  auto base = [&](Kind kind) {
    Write w;
    w.kind = kind;
    w.request.resource = ResourceOf(kind);
    w.request.namespace_name = kind == Kind::kNodes ? "" : o.namespace_name;
    w.request.dry_run = o.dry_run;
    return w;
  };
  if (!o.files.empty()) {
    auto manifests = ReadManifests(o.files, o.recursive, std::cin);
    if (!manifests.ok()) return manifests.status();
    if (manifests->empty()) return InvalidArgument("no objects passed to " + o.verb);
    for (auto& m : *manifests) {
      const json& obj = m.object;
      std::string kind_text =
          obj.contains("kind") && obj["kind"].is_string() ? obj["kind"].get<std::string>() : "";
      Kind kind = kind_text == "Namespace" ? Kind::kNamespaces
                  : kind_text == "Node"    ? Kind::kNodes
                                           : Kind::kServices;
      if (!kind_text.empty() && kind_text != "Service" && kind_text != "Namespace" &&
          kind_text != "Node") {
        return InvalidArgument(m.source + ": kind is \"" + kind_text +
                               "\"; kdual models Services, Namespaces and Nodes only");
      }
      if (kind == Kind::kNodes && o.verb == "update") {
        return InvalidArgument(
            m.source + ": kdual creates, gets and deletes Nodes; an update is not modelled");
      }
      Write w = base(kind);
      w.source = m.source;
      w.name = ObjectName(obj);
      if (kind == Kind::kServices && obj.contains("metadata") && obj["metadata"].is_object()) {
        const json& meta = obj["metadata"];
        if (meta.contains("namespace") && meta["namespace"].is_string()) {
          std::string ns = meta["namespace"].get<std::string>();
          if (o.namespace_given && ns != o.namespace_name) {
            // kubectl's words (cli-runtime resource mapper).
            return InvalidArgument("the namespace from the provided object \"" + ns +
                                   "\" does not match the namespace \"" + o.namespace_name +
                                   "\". You must pass '--namespace=" + ns +
                                   "' to perform this operation.");
          }
          w.request.namespace_name = ns;
        }
      }
      w.request.name = w.name;
      if (o.verb == "delete") {
        AsKubectlDelete(o, &w);
      } else if (o.verb == "apply") {
        w.request.op = registry::Op::kApply;
        w.request.body = obj;
        w.request.field_manager = o.field_manager;
        w.request.force = o.force_conflicts;
        w.request.field_validation = o.validation;
      } else {
        w.request.op = o.verb == "create" ? registry::Op::kCreate : registry::Op::kUpdate;
        w.request.body = obj;
        w.request.field_validation = o.validation;
      }
      writes.push_back(std::move(w));
    }
    return writes;
  }
  if (o.verb == "create") {  // create namespace NAME
    Write w = base(Kind::kNamespaces);
    w.name = o.names[0];
    w.request.op = registry::Op::kCreate;
    w.request.body = {
        {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", w.name}}}};
    writes.push_back(std::move(w));
    return writes;
  }
  for (const auto& name : o.names) {
    Write w = base(o.kind);
    w.name = name;
    w.request.name = name;
    if (o.verb == "patch") {
      w.request.op = registry::Op::kPatch;
      auto patch = golden::ParseYaml(o.patch, o.patch_file.empty() ? "--patch" : o.patch_file);
      if (!patch.ok()) return patch.status();
      w.request.body = patch->value;
      w.request.patch_type = o.patch_type == "json"        ? registry::PatchType::kJson
                             : o.patch_type == "strategic" ? registry::PatchType::kStrategic
                                                           : registry::PatchType::kMerge;
    } else {
      AsKubectlDelete(o, &w);
    }
    writes.push_back(std::move(w));
  }
  return writes;
}

int ObjectCommand(const std::string& verb, const Args& args, bool explain) {
  Options o;
  o.verb = verb;
  int parsed = Parse(args, &o);
  if (parsed == -1) return kExitOk;
  if (parsed != 0) return parsed;

  // Inputs first: a bad file is reported before any control plane starts.
  std::vector<Write> writes;
  if (verb != "get") {
    auto w = WritesOf(o);
    if (!w.ok()) return Fail(verb, w.status().message());
    writes = std::move(w).value();
  }
  auto plane = StartPlane(o);
  if (!plane.ok()) {
    if (plane.status().code() == StatusCode::kInvalidArgument)
      return UsageError(verb, plane.status().message());
    return Fail(verb, plane.status().message());
  }
  registry::Cluster& cluster = *plane->cluster;
  if (verb == "get") return Get(o, cluster);

  int status = kExitOk;
  bool changed = plane->restarted;
  for (const Write& w : writes) {
    std::vector<TraceEntry> trace;
    registry::Answer a;
    {
      TraceScope scope(&trace);
      a = cluster.Handle(w.request);
    }
    if (explain) PrintTrace(trace, a);
    PrintWarnings(a);
    if (a.is_error()) {
      std::string when;
      if (!w.source.empty()) {
        when = std::string(verb == "create"   ? "creating"
                           : verb == "update" ? "replacing"
                           : verb == "apply"  ? "applying"
                                              : "deleting") +
               " \"" + w.source + "\"";
      }
      std::cerr << KubectlError(a, when) << "\n";
      status = kExitFailed;
      continue;  // kubectl goes on with the other objects
    }
    if (!o.dry_run) {
      StateEntry entry;
      entry.request = w.request;
      plane->state.log.push_back(entry);
      changed = true;
    }
    std::string name = ObjectName(a.body);
    if (name.empty()) name = w.name;
    const char* type = Singular(w.kind);
    if (o.output == "yaml") {
      std::cout << KubectlYaml(a.body);
    } else if (o.output == "json") {
      std::cout << KubectlJson(a.body);
    } else if (o.output == "name") {
      std::cout << type << "/" << name << "\n";
    } else if (o.output == "jsonpath") {
      auto text = JsonPathPrint(o.jsonpath, a.body);
      if (!text.ok())
        return Fail(verb, "error parsing jsonpath " + o.jsonpath + ", " + text.status().message());
      std::cout << *text;
    } else if (verb == "delete") {
      std::cout << type << " \"" << name << "\" deleted" << (o.dry_run ? " (server dry run)" : "")
                << "\n";
    } else {
      std::cout << type << "/" << name << " " << PastTense(verb)
                << (o.dry_run ? " (server dry run)" : "") << "\n";
    }
  }
  if (changed && !o.state_path.empty()) {
    Status saved = SaveState(o.state_path, plane->state);
    if (!saved.ok()) return Fail(verb, saved.message());
  }
  return status;
}

}  // namespace

int CreateCommand(const Args& args) { return ObjectCommand("create", args, false); }
int UpdateCommand(const Args& args) { return ObjectCommand("update", args, false); }
int PatchCommand(const Args& args) { return ObjectCommand("patch", args, false); }
int ApplyCommand(const Args& args) { return ObjectCommand("apply", args, false); }
int DeleteCommand(const Args& args) { return ObjectCommand("delete", args, false); }
int GetCommand(const Args& args) { return ObjectCommand("get", args, false); }

int ExplainCommand(const Args& args) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << R"(Usage: kdual explain create|update|patch|apply|delete [the command's flags]

Answers the request as `kdual create` (etc.) does, and first prints each
decision the API server's code takes for it, in order, with the Go function
it comes from: the policy inferred, the families appended, the band an
address or node port came from, the check that failed, what was released.
See `kdual create --help` for the flags (--state, --version, ranges, -o).
)";
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string& verb = args[0];
  if (verb != "create" && verb != "update" && verb != "patch" && verb != "apply" &&
      verb != "delete") {
    return UsageError("explain",
                      "explain create, update, patch, apply or delete, not \"" + verb + "\"");
  }
  return ObjectCommand(verb, Args(args.begin() + 1, args.end()), true);
}

}  // namespace kdual::cli
