#include "conformance/doctor/process_listing.h"

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "engine/flags/command_line.h"
#include "engine/flags/flag_names.h"

namespace kdual::doctor {
namespace {

constexpr size_t kMaxLine = 256 * 1024;

const std::set<std::string>& Components() {
  static const std::set<std::string> k = {flags::kApiserver, flags::kControllerManager,
                                          flags::kKubeProxy, flags::kKubelet};
  return k;
}

std::string Basename(std::string_view word) {
  size_t slash = word.rfind('/');
  return std::string(slash == std::string_view::npos ? word : word.substr(slash + 1));
}

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// hyperkube's subcommands: "hyperkube kube-apiserver" or "hyperkube apiserver".
std::string HyperkubeComponent(const std::string& word) {
  if (Components().count(word)) return word;
  static const std::map<std::string, std::string> kShort = {
      {"apiserver", flags::kApiserver},
      {"controller-manager", flags::kControllerManager},
      {"proxy", flags::kKubeProxy}};
  auto it = kShort.find(word);
  return it == kShort.end() ? "" : it->second;
}

// Widths a terminal commonly has: `ps -ef` cuts its lines there when its
// output is a terminal (not when it is piped to grep).
bool IsTerminalWidth(size_t n) {
  static const std::set<size_t> k = {80, 100, 120, 132, 150, 160, 180, 200, 220, 240, 250, 256};
  return k.count(n) > 0;
}

std::string Truncation(const std::string& line, const std::vector<std::string>& flag_words,
                       const std::string& component,
                       const std::optional<version::Release>& release) {
  if (flag_words.empty()) return "";
  const std::string& last = flag_words.back();
  if (last.size() >= 3 && (last.compare(last.size() - 3, 3, "...") == 0 ||
                           last.find("\xe2\x80\xa6") != std::string::npos)) {
    return "it ends in an ellipsis";
  }
  if (last.size() > 2 && last.back() == '=') return "its last flag, " + last + ", has no value";
  if (last.rfind("--", 0) == 0 && last.find('=') == std::string::npos &&
      component == flags::kApiserver) {
    std::string name = last.substr(2);
    version::Release r = release.value_or(version::Release{1, 37, 0});
    if (!flags::IsKubeApiserverFlag(r, name)) {
      return "it ends in " + last + ", which is no kube-apiserver flag";
    }
  }
  if (IsTerminalWidth(line.size())) {
    return "it is exactly " + std::to_string(line.size()) + " characters long, a terminal's width";
  }
  return "";
}

// pflag's forms, leniently: --name=value, --name value, bare --name (true).
// Words that are not flags (a positional argument) are kept as a note.
flags::FlagMap ReadFlags(const std::vector<std::string>& words, std::vector<std::string>* odd) {
  flags::FlagMap out;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() < 2 || w[0] != '-') {
      odd->push_back(w);
      continue;
    }
    std::string name = w.substr(w.rfind("--", 0) == 0 ? 2 : 1);
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      out[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (i + 1 < words.size() && !words[i + 1].empty() && words[i + 1][0] != '-') {
      out[name] = words[++i];
    } else {
      out[name] = "true";
    }
  }
  return out;
}

}  // namespace

std::optional<version::Release> ReleaseFromPath(std::string_view path) {
  static const std::regex kRelease(R"((^|/)v([0-9]+)\.([0-9]+)\.([0-9]+)(/|$))");
  std::smatch m;
  std::string p(path);
  if (!std::regex_search(p, m, kRelease)) return std::nullopt;
  // ParseRelease bounds each number (a path like v4000000001.2.3/kubelet
  // overflowed std::stoi).
  auto r = version::ParseRelease("v" + m[2].str() + "." + m[3].str() + "." + m[4].str());
  if (!r.ok() || r->major != 1 || r->minor > 999 || r->patch > 9999) return std::nullopt;
  return *r;
}

Result<ClusterInputs> ParseProcessListing(std::string_view text, const std::string& input_name) {
  ClusterInputs out;
  std::map<std::string, size_t> seen_pids;  // PID -> index in out.components
  std::map<std::string, int> skipped;       // what else the listing showed
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find('\0') != std::string::npos) {
      return InvalidArgument(input_name + ":" + std::to_string(line_number) +
                             ": not text (a NUL byte)");
    }
    if (line.size() > kMaxLine) {
      return InvalidArgument(input_name + ":" + std::to_string(line_number) + ": a line of " +
                             std::to_string(line.size()) + " bytes, over the limit of " +
                             std::to_string(kMaxLine));
    }
    std::vector<std::string> words = Words(line);
    if (words.empty()) {
      if (end == text.size()) break;
      continue;
    }
    if (words[0] == "UID" || words[0] == "USER" || words[0] == "PID" || words[0] == "COMMAND")
      continue;  // a header
    // The command word: the first that names a component (or hyperkube).
    size_t cmd = words.size();
    std::string component;
    for (size_t i = 0; i < words.size() && cmd == words.size(); ++i) {
      std::string base = Basename(words[i]);
      if (Components().count(base)) {
        cmd = i;
        component = base;
      } else if (base == "hyperkube" && i + 1 < words.size() &&
                 !HyperkubeComponent(words[i + 1]).empty()) {
        cmd = i + 1;
        component = HyperkubeComponent(words[i + 1]);
      } else if (i > 0 && words[i].find('/') != std::string::npos) {
        break;  // another program's path: not a component's line
      } else if (base == "grep" || base == "egrep" || base == "etcd" || base == "kube-scheduler" ||
                 base.rfind("containerd", 0) == 0 || base == "dockerd" || base == "cri-dockerd") {
        break;
      }
    }
    if (component.empty()) {
      std::string what = "other";
      for (const auto& w : words) {
        std::string base = Basename(w);
        if (base == "grep" || base == "etcd" || base == "kube-scheduler" ||
            base.rfind("containerd", 0) == 0) {
          what = base;
          break;
        }
      }
      skipped[what]++;
      if (end == text.size()) break;
      continue;
    }
    // ps's columns: the PID is the second (ps -ef, ps aux) when there are any.
    std::string pid = cmd >= 2 && AllDigits(words[1]) ? words[1] : "";
    if (!pid.empty()) {
      auto dup = seen_pids.find(pid);
      if (dup != seen_pids.end()) {
        out.notes.push_back(input_name + " line " + std::to_string(line_number) + ": PID " + pid +
                            " was listed before (" + out.components[dup->second].origin +
                            "); counted once");
        if (end == text.size()) break;
        continue;
      }
    }
    ComponentInstance c;
    c.component = component;
    c.origin = input_name + " line " + std::to_string(line_number) +
               (pid.empty() ? "" : " (PID " + pid + ")");
    c.release = ReleaseFromPath(words[cmd]);
    if (!c.release && cmd > 0 && Basename(words[cmd - 1]) == "hyperkube")
      c.release = ReleaseFromPath(words[cmd - 1]);
    if (c.release) c.release_origin = "the binary's path";
    std::vector<std::string> flag_words(words.begin() + static_cast<long>(cmd) + 1, words.end());
    std::vector<std::string> odd;
    c.flags = ReadFlags(flag_words, &odd);
    c.truncation = Truncation(line, flag_words, component, c.release);
    c.truncated = !c.truncation.empty();
    if (c.truncated) {
      // The last word is not to be trusted either.
      const std::string& last = flag_words.back();
      if (last.rfind("-", 0) == 0) {
        std::string name = last.substr(last.rfind("--", 0) == 0 ? 2 : 1);
        c.flags.erase(name.substr(0, name.find('=')));
      }
    }
    if (!odd.empty()) {
      out.notes.push_back(
          c.origin + ": words that are not flags were ignored: " + odd.front() +
          (odd.size() > 1 ? " and " + std::to_string(odd.size() - 1) + " more" : ""));
    }
    if (!pid.empty()) seen_pids[pid] = out.components.size();
    out.components.push_back(std::move(c));
    if (end == text.size()) break;
  }
  if (out.components.empty()) {
    return InvalidArgument(input_name +
                           ": no kube-apiserver, kube-controller-manager, kube-proxy or kubelet "
                           "process in it (expected the output of `ps -ef | grep kube`)");
  }
  for (const auto& [what, n] : skipped) {
    if (what == "grep") continue;
    out.notes.push_back(input_name + ": " + std::to_string(n) + " other line" +
                        (n == 1 ? "" : "s") + (what == "other" ? "" : " (" + what + ")") +
                        " skipped");
  }
  return out;
}

}  // namespace kdual::doctor
