#include "conformance/io/canonical_path.h"

#include <filesystem>
#include <system_error>
#include <unordered_map>

namespace kdual::io {
namespace {

namespace fs = std::filesystem;

std::string Resolve(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(p, ec);
  return ec ? std::string() : r.generic_string();
}

}  // namespace

std::string CanonicalPath(const std::string& path) {
  // Keyed by the folder as written: relative folders assume the working
  // folder never changes (the header says so).
  static std::unordered_map<std::string, std::string> folders;
  fs::path p(path);
  std::error_code ec;
  const bool is_link = fs::is_symlink(p, ec);
  if (is_link || !p.has_filename() || p.filename() == "." || p.filename() == "..") {
    std::string r = Resolve(p);
    return r.empty() ? path : r;
  }
  std::string folder = p.parent_path().string();
  auto it = folders.find(folder);
  if (it == folders.end()) {
    std::string resolved = Resolve(folder.empty() ? fs::path(".") : fs::path(folder));
    it = folders.emplace(folder, resolved).first;
  }
  if (it->second.empty()) {
    std::string r = Resolve(p);
    return r.empty() ? path : r;
  }
  return (fs::path(it->second) / p.filename()).generic_string();
}

}  // namespace kdual::io
