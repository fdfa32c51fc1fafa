#include "conformance/io/canonical_path.h"

#include <filesystem>
#include <mutex>
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
  static std::mutex mu;
  static std::unordered_map<std::string, std::string> folders;
  fs::path p(path);
  std::error_code ec;
  const bool is_link = fs::is_symlink(p, ec);
  if (is_link || !p.has_filename() || p.filename() == "." || p.filename() == "..") {
    std::string r = Resolve(p);
    return r.empty() ? path : r;
  }
  std::string folder = p.parent_path().string();
  std::string resolved_folder;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = folders.find(folder);
    if (it == folders.end()) {
      it =
          folders.emplace(folder, Resolve(folder.empty() ? fs::path(".") : fs::path(folder))).first;
    }
    resolved_folder = it->second;
  }
  if (resolved_folder.empty()) {
    std::string r = Resolve(p);
    return r.empty() ? path : r;
  }
  return (fs::path(resolved_folder) / p.filename()).generic_string();
}

}  // namespace kdual::io
