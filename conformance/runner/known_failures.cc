#include "conformance/runner/known_failures.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "conformance/io/bounded_read.h"
#include "conformance/io/canonical_path.h"

namespace kdual::runner {

Result<KnownFailures> KnownFailures::Read(const std::string& path) {
  if (!std::filesystem::exists(path)) return KnownFailures();
  auto text = io::ReadFileBounded(path, io::kDefaultMaxInputBytes, "known failures");
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

Result<KnownFailures> KnownFailures::Parse(const std::string& text, const std::string& source) {
  KnownFailures list;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool in_header = true;
  std::set<std::string> seen;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') {
      if (in_header) list.header_.push_back(line);
      continue;
    }
    in_header = false;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      return InvalidArgument(source + ":" + std::to_string(number) +
                             ": expected three tab-separated fields: id, first line, reason");
    }
    KnownFailure f{line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)};
    if (f.id.empty() || f.first_line.empty()) {
      return InvalidArgument(source + ":" + std::to_string(number) + ": empty id or first line");
    }
    if (!seen.insert(f.id).second) {
      return InvalidArgument(source + ":" + std::to_string(number) + ": " + f.id +
                             " is listed twice");
    }
    list.entries_.push_back(std::move(f));
  }
  return list;
}

const KnownFailure* KnownFailures::Find(const std::string& id) const {
  for (const auto& e : entries_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::string KnownFailures::Updated(const std::map<std::string, std::string>& failures,
                                   const std::vector<std::string>& ran,
                                   const std::string& new_reason) const {
  std::set<std::string> ran_set(ran.begin(), ran.end());
  std::map<std::string, KnownFailure> merged;
  for (const auto& e : entries_) {
    if (!ran_set.count(e.id)) merged[e.id] = e;
  }
  for (const auto& [id, first_line] : failures) {
    const KnownFailure* old = Find(id);
    merged[id] = KnownFailure{id, first_line, old ? old->reason : new_reason};
  }
  std::string out;
  for (const auto& h : header_) out += h + "\n";
  for (const auto& [id, e] : merged) out += e.id + "\t" + e.first_line + "\t" + e.reason + "\n";
  return out;
}

std::string KnownFailuresPathFor(const std::string& case_path, const std::string& case_id) {
  std::string abs = io::CanonicalPath(case_path);
  size_t at = abs.rfind("/golden/");
  size_t slash = case_id.find('/');
  if (at == std::string::npos || slash == std::string::npos) return "";
  return abs.substr(0, at + 8) + case_id.substr(0, slash) + "/KNOWN_FAILURES";
}

}  // namespace kdual::runner
