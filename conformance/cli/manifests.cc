#include "conformance/cli/manifests.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>

#include "conformance/golden/yaml_reader.h"
#include "conformance/io/bounded_read.h"

namespace kdual::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The extensions kubectl's directory visitor reads (FileExtensions).
bool HasManifestExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".json" || ext == ".yaml" || ext == ".yml";
}

// Appends the objects of one stream: a List stands for its items.
Status AddObjects(const std::string& text, const std::string& source, std::vector<Manifest>* out) {
  auto docs = golden::ParseYamlStream(text, source);
  if (!docs.ok()) return docs.status();
  for (auto& doc : *docs) {
    json& v = doc.value;
    if (!v.is_object()) {
      return InvalidArgument("error validating \"" + source + "\": a document is " +
                             std::string(v.is_array() ? "a list" : "a scalar") + ", not an object");
    }
    const std::string kind =
        v.contains("kind") && v["kind"].is_string() ? v["kind"].get<std::string>() : "";
    if (kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0 && v.contains("items")) {
      if (!v["items"].is_array())
        return InvalidArgument("error validating \"" + source + "\": items is not a list");
      for (auto& item : v["items"]) out->push_back({source, std::move(item)});
      continue;
    }
    out->push_back({source, std::move(v)});
  }
  return Status::Ok();
}

Status AddDirectory(const fs::path& dir, bool recursive, std::vector<Manifest>* out) {
  std::vector<fs::path> files, subdirs;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    // filepath.Walk does not follow a symbolic link to a folder (it sees
    // the link, which has no manifest extension): neither does kdual, so a
    // link loop cannot recurse.
    if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
      subdirs.push_back(it->path());
    } else if (HasManifestExtension(it->path())) {
      files.push_back(it->path());
    }
  }
  if (ec) return InvalidArgument(dir.string() + ": " + ec.message());
  // filepath.Walk visits in lexical order, files and directories together.
  std::vector<fs::path> all = files;
  if (recursive) all.insert(all.end(), subdirs.begin(), subdirs.end());
  std::sort(all.begin(), all.end());
  for (const auto& p : all) {
    if (std::find(subdirs.begin(), subdirs.end(), p) != subdirs.end()) {
      KDUAL_RETURN_IF_ERROR(AddDirectory(p, recursive, out));
      continue;
    }
    auto text = io::ReadFileBounded(p.string(), io::kDefaultMaxInputBytes, "manifest");
    if (!text.ok()) return text.status();
    KDUAL_RETURN_IF_ERROR(AddObjects(*text, p.string(), out));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Manifest>> ReadManifests(const std::vector<std::string>& paths, bool recursive,
                                            std::istream& stdin_stream) {
  std::vector<Manifest> out;
  for (const auto& path : paths) {
    if (path == "-") {
      auto text = io::ReadStreamBounded(stdin_stream, io::kDefaultMaxInputBytes, "STDIN");
      if (!text.ok()) return text.status();
      KDUAL_RETURN_IF_ERROR(AddObjects(*text, "STDIN", &out));
      continue;
    }
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      // kubectl's words (cli-runtime resource.ExpandPathsToFileVisitors).
      return NotFound("the path \"" + path + "\" does not exist (" + std::strerror(errno) + ")");
    }
    if (S_ISDIR(st.st_mode)) {
      KDUAL_RETURN_IF_ERROR(AddDirectory(path, recursive, &out));
      continue;
    }
    auto text = io::ReadFileBounded(path, io::kDefaultMaxInputBytes, "manifest");
    if (!text.ok()) return text.status();
    KDUAL_RETURN_IF_ERROR(AddObjects(*text, path, &out));
  }
  return out;
}

}  // namespace kdual::cli
