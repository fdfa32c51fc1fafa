#include "engine/flags/command_line.h"

namespace kdual::flags {

Result<std::vector<std::string>> SplitCommandLine(std::string_view line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        cur += c;
      continue;
    }
    if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && i + 1 < line.size() &&
                 (line[i + 1] == '"' || line[i + 1] == '\\' || line[i + 1] == '$' ||
                  line[i + 1] == '`')) {
        cur += line[++i];
      } else {
        cur += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(cur);
      cur.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < line.size()) {
      if (line[i + 1] == '\n') {
        ++i;  // a continued line
      } else {
        cur += line[++i];
      }
    } else {
      cur += c;
    }
  }
  if (quote)
    return InvalidArgument(std::string("unclosed ") + (quote == '"' ? "double" : "single") +
                           " quote");
  if (in_word) words.push_back(cur);
  return words;
}

Result<FlagMap> FlagsFromWords(const std::vector<std::string>& words, std::string_view component) {
  size_t start = 0;
  bool found = false;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    size_t slash = w.rfind('/');
    std::string_view base = slash == std::string_view::npos ? w : w.substr(slash + 1);
    if (base == component) {
      start = i + 1;
      found = true;
      break;
    }
  }
  if (!found) {
    for (const auto& w : words) {
      if (w.rfind("-", 0) != 0) {
        return InvalidArgument("no " + std::string(component) + " in the command line (\"" + w +
                               "\" is neither the component nor a flag)");
      }
    }
  }
  FlagMap out;
  for (size_t i = start; i < words.size(); ++i) {
    const std::string& w = words[i];
    // kube-apiserver's one shorthand is -v (klog's --v); pflag refuses any
    // other in its own words.
    if (w.size() >= 2 && w[0] == '-' && w[1] != '-') {
      if (w[1] != 'v' || (w.size() > 2 && w[2] != '=')) {
        return InvalidArgument("unknown shorthand flag: '" + std::string(1, w[1]) + "' in " + w);
      }
      if (w.size() > 2) {
        out["v"] = w.substr(3);
      } else if (i + 1 < words.size()) {
        out["v"] = words[++i];
      } else {
        return InvalidArgument("flag needs an argument: 'v' in -v");
      }
      continue;
    }
    if (w.rfind("--", 0) != 0 || w.size() == 2) {
      return InvalidArgument("\"" + w + "\" is not a flag: " + std::string(component) +
                             " takes no arguments, only --name=value flags");
    }
    std::string body = w.substr(2);
    size_t eq = body.find('=');
    if (eq != std::string::npos) {
      out[body.substr(0, eq)] = body.substr(eq + 1);
    } else if (i + 1 < words.size() && words[i + 1].rfind("-", 0) != 0) {
      out[body] = words[++i];
    } else {
      out[body] = "true";
    }
  }
  return out;
}

Result<FlagMap> ParseComponentCommandLine(std::string_view line, std::string_view component) {
  auto words = SplitCommandLine(line);
  if (!words.ok()) return words.status();
  if (words->empty()) return InvalidArgument("the command line is empty");
  return FlagsFromWords(*words, component);
}

std::optional<std::string> FindFlagValue(const std::vector<std::string>& argv,
                                         const std::string& flag) {
  std::optional<std::string> value;
  for (size_t i = 0; i < argv.size(); ++i) {
    for (const std::string dashes : {"--", "-"}) {
      const std::string name = dashes + flag;
      if (argv[i].rfind(name + "=", 0) == 0) {
        value = argv[i].substr(name.size() + 1);
      } else if (argv[i] == name && i + 1 < argv.size()) {
        value = argv[++i];
      }
    }
  }
  return value;
}

}  // namespace kdual::flags
