#include "conformance/cli/command_flags.h"

#include <iostream>

namespace kdual::cli {

int UsageError(const std::string& command, const std::string& message) {
  std::cerr << "kdual " << command << ": " << message << "\n"
            << "Run 'kdual " << command << " --help' for usage.\n";
  return kExitUsage;
}

bool TakeValue(const Args& args, size_t* i, const std::string& flag, std::string* value) {
  const std::string& a = args[*i];
  if (a.size() > flag.size() && a.compare(0, flag.size() + 1, flag + "=") == 0) {
    *value = a.substr(flag.size() + 1);
    return true;
  }
  if (*i + 1 >= args.size()) return false;
  *value = args[++*i];
  return true;
}

bool IsOutputFlag(const std::string& arg) {
  return arg == "--output" || arg.rfind("--output=", 0) == 0 ||
         (arg.rfind("-o", 0) == 0 && arg.rfind("--", 0) != 0);
}

namespace {

std::string Choices(const std::vector<std::string>& allowed) {
  std::string out;
  for (size_t k = 0; k < allowed.size(); ++k) {
    if (k > 0) out += k + 1 == allowed.size() ? " or " : ", ";
    const std::string& a = allowed[k];
    out += !a.empty() && a.back() == '=' ? a + "TEMPLATE" : a;
  }
  return out;
}

}  // namespace

int TakeOutputFlag(const Args& args, size_t* i, const std::string& command,
                   const std::vector<std::string>& allowed, std::string* output) {
  const std::string& a = args[*i];
  std::string value;
  if (a.rfind("--", 0) == 0) {
    if (!TakeValue(args, i, "--output", &value)) return UsageError(command, "-o needs a value");
  } else if (a.size() > 2) {
    value = a.substr(a[2] == '=' ? 3 : 2);  // -o=json and -ojson, as kubectl takes them
  } else if (!TakeValue(args, i, "-o", &value)) {
    return UsageError(command, "-o needs a value");
  }
  for (const auto& choice : allowed) {
    bool prefix = !choice.empty() && choice.back() == '=';
    if (prefix ? value.rfind(choice, 0) == 0 : value == choice) {
      *output = value;
      return kExitOk;
    }
  }
  return UsageError(command, "-o must be " + Choices(allowed) + ", not \"" + value + "\"");
}

}  // namespace kdual::cli
