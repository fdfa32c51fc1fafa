#include "conformance/io/bounded_read.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace kdual::io {
namespace {

std::string Suffix(const std::string& what) { return what.empty() ? "" : " (" + what + ")"; }

Status TooLarge(const std::string& name, const std::string& size, size_t max_bytes,
                const std::string& what) {
  return OutOfRange(name + ": " + size + " is over the limit of " + FormatByteLimit(max_bytes) +
                    Suffix(what));
}

}  // namespace

std::string FormatByteLimit(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

Result<std::string> ReadStreamBounded(std::istream& in, size_t max_bytes, const std::string& name) {
  std::string out;
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof buffer);
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return TooLarge(name, "input of more than " + FormatByteLimit(max_bytes), max_bytes, "");
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  if (in.bad()) return Unavailable(name + ": read failed");
  return out;
}

Result<std::string> ReadFileBounded(const std::string& path, size_t max_bytes,
                                    const std::string& what) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT || err == ENOTDIR) return NotFound(path + ": no such file" + Suffix(what));
    return NotFound(path + ": cannot be read: " + std::strerror(err) + Suffix(what));
  }
  if (S_ISDIR(st.st_mode)) return InvalidArgument(path + ": is a directory" + Suffix(what));
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > max_bytes) {
    return TooLarge(path, "file of " + std::to_string(st.st_size) + " bytes", max_bytes, what);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot be read: " + std::strerror(errno) + Suffix(what));
  auto text = ReadStreamBounded(in, max_bytes, path);
  if (!text.ok())
    return text.status().code() == StatusCode::kOutOfRange
               ? TooLarge(path, "input of more than " + FormatByteLimit(max_bytes), max_bytes, what)
               : text.status();
  return text;
}

}  // namespace kdual::io
