// Prints what a fuzz input stands for:
//   fuzz_show fuzz_registry FILE        the drawn case as a scenario for
//   fuzz_show fuzz_cross_version FILE   `kdual capture` (YAML, no expectations)
//   fuzz_show <text target> FILE        the input text, quoted
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"
#include "conformance/golden/yaml_writer.h"
#include "engine/testing/fuzz_cases.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fuzz_show <target> FILE\n");
    return 2;
  }
  std::string target = argv[1];
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz_show: cannot read %s\n", argv[2]);
    return 1;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (target == "fuzz_registry" || target == "fuzz_cross_version") {
    kdual::test::ByteChooser c(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    kdual::test::RegistryCase drawn = kdual::test::DrawRegistryCase(c);
    std::string base = argv[2];
    base = base.substr(base.find_last_of('/') + 1);
    std::string name = "fuzz-" + base.substr(0, 12);
    std::string yaml =
        kdual::golden::EmitYaml(kdual::test::ScenarioOf(drawn, name, target + " input " + base));
    // Through the case reader and writer: checked, and in the case format's
    // key order.
    auto parsed = kdual::golden::ParseCase(yaml, name + ".yaml");
    if (parsed.ok())
      yaml = kdual::golden::WriteCase(*parsed);
    else
      std::fprintf(stderr, "fuzz_show: the drawn case does not read back: %s\n",
                   parsed.status().message().c_str());
    std::fwrite(yaml.data(), 1, yaml.size(), stdout);
    return parsed.ok() ? 0 : 1;
  }
  std::string text(bytes.begin(), bytes.end());
  std::printf(
      "%s\n",
      nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}
