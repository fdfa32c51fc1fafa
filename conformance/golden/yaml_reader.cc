#include "conformance/golden/yaml_reader.h"

#include <sys/stat.h>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "conformance/io/bounded_read.h"

namespace kdual::golden {
namespace {

using nlohmann::json;

// Go's strconv.ParseInt/ParseUint with base 0: optional sign, then 0x, 0o,
// 0b or a leading 0 (octal), else decimal. Returns false when `s` is not such
// a number or does not fit.
bool ParseGoInteger(const std::string& s, bool allow_sign, bool* negative,
                    unsigned long long* magnitude) {
  size_t i = 0;
  *negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (!allow_sign) return false;
    *negative = s[i] == '-';
    ++i;
  }
  if (i >= s.size()) return false;
  int base = 10;
  if (s[i] == '0' && i + 1 < s.size()) {
    char p = s[i + 1];
    if (p == 'x' || p == 'X') {
      base = 16;
      i += 2;
    } else if (p == 'o' || p == 'O') {
      base = 8;
      i += 2;
    } else if (p == 'b' || p == 'B') {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
    if (i >= s.size()) return false;
  }
  unsigned long long v = 0;
  for (; i < s.size(); ++i) {
    int d;
    char c = s[i];
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return false;
    if (d >= base) return false;
    if (v > (std::numeric_limits<unsigned long long>::max() - d) / base) return false;
    v = v * base + d;
  }
  *magnitude = v;
  return true;
}

const std::regex& YamlStyleFloat() {
  static const std::regex re(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  return re;
}

std::string Where(const std::string& source, const YAML::Mark& mark) {
  if (mark.line < 0) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Thrown inside the event handler to stop the parser; caught in ParseYaml,
// never across the module boundary.
struct StopParsing {
  Status status;
};

// Builds JSON from yaml-cpp's parse events.
class JsonBuilder : public YAML::EventHandler {
 public:
  JsonBuilder(const std::string& source, const YamlLimits& limits, YamlDocument* out)
      : source_(source), limits_(limits), out_(out) {}

  void OnDocumentStart(const YAML::Mark&) override { ++documents_; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    AddValue(mark, json(nullptr), anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) Fail(mark, "alias to an unknown anchor");
    alias_nodes_ += it->second.nodes;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      Fail(mark, "aliases expand past the budget of " + std::to_string(limits_.max_alias_nodes) +
                     " nodes");
    }
    AddValue(mark, it->second.value, 0, it->second.nodes);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // Only a plain "<<" is the merge key; a quoted one is a string.
    AddValue(mark, TypedScalar(mark, tag, value), anchor, 1, /*plain=*/tag == "?");
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    CheckCollectionTag(mark, tag, "tag:yaml.org,2002:seq");
    Open(mark, json::array(), anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    CheckCollectionTag(mark, tag, "tag:yaml.org,2002:map");
    Open(mark, json::object(), anchor);
  }
  void OnMapEnd() override { Close(); }

  int documents() const { return documents_; }
  bool has_root() const { return has_root_; }
  // What remains of the alias budget (ParseYamlStream shares it).
  size_t aliases_left() const {
    return alias_nodes_ >= limits_.max_alias_nodes ? 0 : limits_.max_alias_nodes - alias_nodes_;
  }

 private:
  struct Frame {
    json value;
    std::string pointer;
    YAML::anchor_t anchor = 0;
    size_t nodes = 1;
    // For maps: the pending key, once read.
    bool have_key = false;
    std::string key;
    YAML::Mark key_mark;
  };
  struct Anchored {
    json value;
    size_t nodes;
  };

  [[noreturn]] void Fail(const YAML::Mark& mark, const std::string& problem) {
    throw StopParsing{InvalidArgument(Where(source_, mark) + ": " + problem)};
  }

  void CheckCollectionTag(const YAML::Mark& mark, const std::string& tag, const char* expected) {
    if (tag.empty() || tag == "?" || tag == "!" || tag == expected) return;
    Fail(mark, "unsupported tag " + tag);
  }

  json TypedScalar(const YAML::Mark& mark, const std::string& tag, const std::string& text) {
    // yaml-cpp reports "?" for a plain scalar and "!" for a quoted or block
    // one; an explicit tag arrives expanded.
    if (tag == "?" || tag.empty()) return ResolvePlainScalar(text);
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return json(text);
    json resolved = ResolvePlainScalar(text);
    if (tag == "tag:yaml.org,2002:int" && resolved.is_number_integer()) return resolved;
    if (tag == "tag:yaml.org,2002:float" && resolved.is_number())
      return json(resolved.get<double>());
    if (tag == "tag:yaml.org,2002:bool" && resolved.is_boolean()) return resolved;
    if (tag == "tag:yaml.org,2002:null" && resolved.is_null()) return resolved;
    Fail(mark, "cannot read \"" + text + "\" with tag " + tag);
  }

  std::string ChildPointer(const YAML::Mark& mark) {
    if (stack_.empty()) return "";
    Frame& parent = stack_.back();
    if (parent.value.is_array()) return PointerChild(parent.pointer, parent.value.size());
    if (!parent.have_key) Fail(mark, "a mapping key must be a plain value");
    return PointerChild(parent.pointer, parent.key);
  }

  void Open(const YAML::Mark& mark, json value, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      Fail(mark, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().have_key) {
      Fail(mark, "a mapping key must be a scalar, not a collection");
    }
    std::string pointer = ChildPointer(mark);
    Record(pointer, mark);
    Frame frame;
    frame.value = std::move(value);
    frame.pointer = pointer;
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }

  void Close() {
    Frame done = std::move(stack_.back());
    stack_.pop_back();
    if (done.value.is_object() && done.have_key) {
      Fail(done.key_mark, "mapping key \"" + done.key + "\" has no value");
    }
    Place(done.value, done.anchor, done.nodes, done.pointer);
  }

  void Record(const std::string& pointer, const YAML::Mark& mark) {
    if (mark.line >= 0 && !out_->lines.count(pointer)) out_->lines[pointer] = mark.line + 1;
  }

  void AddValue(const YAML::Mark& mark, json value, YAML::anchor_t anchor, size_t nodes,
                bool plain = false) {
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().have_key) {
      // This scalar is a key.
      Frame& map = stack_.back();
      if (value.is_object() || value.is_array()) Fail(mark, "a mapping key must be a scalar");
      std::string key = value.is_string() ? value.get<std::string>() : value.dump();
      if (plain && key == "<<") Fail(mark, "merge keys (<<) are not supported");
      if (map.value.contains(key)) {
        Fail(mark, "mapping key \"" + key + "\" already defined at line " +
                       std::to_string(out_->LineOf(PointerChild(map.pointer, key))));
      }
      map.have_key = true;
      map.key = key;
      map.key_mark = mark;
      return;
    }
    std::string pointer = ChildPointer(mark);
    Record(pointer, mark);
    Place(std::move(value), anchor, nodes, pointer);
  }

  void Place(json value, YAML::anchor_t anchor, size_t nodes, const std::string&) {
    if (anchor != 0) anchors_[anchor] = Anchored{value, nodes};
    if (stack_.empty()) {
      if (has_root_) Fail(YAML::Mark::null_mark(), "more than one root value");
      out_->value = std::move(value);
      has_root_ = true;
      return;
    }
    Frame& parent = stack_.back();
    parent.nodes += nodes;
    if (parent.value.is_array()) {
      parent.value.push_back(std::move(value));
    } else {
      parent.value[parent.key] = std::move(value);
      parent.have_key = false;
    }
  }

  const std::string& source_;
  const YamlLimits& limits_;
  YamlDocument* out_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  size_t alias_nodes_ = 0;
  int documents_ = 0;
  bool has_root_ = false;
};

}  // namespace

int YamlDocument::LineOf(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = lines.find(p);
    if (it != lines.end()) return it->second;
    if (p.empty()) return 0;
    p = p.substr(0, p.rfind('/'));
  }
}

std::string PointerChild(const std::string& pointer, const std::string& token) {
  std::string escaped;
  for (char c : token) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return pointer + "/" + escaped;
}

std::string PointerChild(const std::string& pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

// gopkg.in/yaml.v2 resolve.go (which sigs.k8s.io/yaml uses): YAML 1.1 words
// for booleans, ints in Go's base-0 syntax with '_' dropped, YAML-style
// floats, 0b binary. Timestamps stay strings when decoded into interface{}.
json ResolvePlainScalar(const std::string& in) {
  static const std::unordered_map<std::string, json> kWords = {
      {"y", true},          {"Y", true},          {"yes", true},        {"Yes", true},
      {"YES", true},        {"true", true},       {"True", true},       {"TRUE", true},
      {"on", true},         {"On", true},         {"ON", true},         {"n", false},
      {"N", false},         {"no", false},        {"No", false},        {"NO", false},
      {"false", false},     {"False", false},     {"FALSE", false},     {"off", false},
      {"Off", false},       {"OFF", false},       {"", nullptr},        {"~", nullptr},
      {"null", nullptr},    {"Null", nullptr},    {"NULL", nullptr},    {".nan", NAN},
      {".NaN", NAN},        {".NAN", NAN},        {".inf", INFINITY},   {".Inf", INFINITY},
      {".INF", INFINITY},   {"+.inf", INFINITY},  {"+.Inf", INFINITY},  {"+.INF", INFINITY},
      {"-.inf", -INFINITY}, {"-.Inf", -INFINITY}, {"-.INF", -INFINITY},
  };
  auto word = kWords.find(in);
  if (word != kWords.end()) return word->second;
  if (in.empty()) return json(in);
  char first = in[0];
  bool digit = first >= '0' && first <= '9';
  if (first == '.') {
    if (std::regex_match(in, YamlStyleFloat())) return json(std::strtod(in.c_str(), nullptr));
    return json(in);
  }
  if (!digit && first != '+' && first != '-') return json(in);

  std::string plain;
  for (char c : in)
    if (c != '_') plain += c;
  bool negative = false;
  unsigned long long magnitude = 0;
  if (ParseGoInteger(plain, true, &negative, &magnitude)) {
    if (!negative &&
        magnitude <= static_cast<unsigned long long>(std::numeric_limits<int64_t>::max())) {
      return json(static_cast<int64_t>(magnitude));
    }
    if (negative &&
        magnitude <= static_cast<unsigned long long>(std::numeric_limits<int64_t>::max()) + 1ULL) {
      return json(static_cast<int64_t>(0 - magnitude));
    }
    if (!negative) return json(static_cast<uint64_t>(magnitude));
  }
  if (std::regex_match(plain, YamlStyleFloat())) {
    errno = 0;
    double v = std::strtod(plain.c_str(), nullptr);
    if (errno != ERANGE) return json(v);
  }
  return json(in);
}

namespace {

// The documents of `text`, each with whether it had a root node, up to
// `max_docs` of them: the size limit first, then the parse, with one alias
// budget for the whole stream (a bomb cannot be split across documents) and
// every parser error as "NAME:LINE:COLUMN: problem".
struct ParsedDocument {
  YamlDocument doc;
  bool has_root = false;
};

Result<std::vector<ParsedDocument>> ParseDocuments(std::string_view text,
                                                   const std::string& source_name,
                                                   const YamlLimits& limits, size_t max_docs) {
  if (text.size() > limits.max_bytes) {
    return OutOfRange(source_name + ": file of " + std::to_string(text.size()) +
                      " bytes is over the limit of " + io::FormatByteLimit(limits.max_bytes));
  }
  std::vector<ParsedDocument> docs;
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    size_t aliases_left = limits.max_alias_nodes;
    while (docs.size() < max_docs) {
      ParsedDocument parsed;
      YamlLimits per_doc = limits;
      per_doc.max_alias_nodes = aliases_left;
      JsonBuilder builder(source_name, per_doc, &parsed.doc);
      if (!parser.HandleNextDocument(builder)) break;
      aliases_left = builder.aliases_left();
      parsed.has_root = builder.has_root();
      docs.push_back(std::move(parsed));
    }
  } catch (const StopParsing& stop) {
    return stop.status;
  } catch (const YAML::Exception& e) {
    return InvalidArgument(Where(source_name, e.mark) + ": " + e.msg);
  } catch (const std::exception& e) {
    return InvalidArgument(source_name + ": " + e.what());
  }
  return docs;
}

}  // namespace

Result<YamlDocument> ParseYaml(std::string_view text, const std::string& source_name,
                               const YamlLimits& limits) {
  // Two documents at most: the second only to refuse it.
  auto docs = ParseDocuments(text, source_name, limits, 2);
  if (!docs.ok()) return docs.status();
  if (docs->empty() || !(*docs)[0].has_root)
    return InvalidArgument(source_name + ": empty document");
  if (docs->size() > 1 && (*docs)[1].has_root) {
    return InvalidArgument(source_name + ": more than one YAML document; a case file holds one");
  }
  return std::move((*docs)[0].doc);
}

Result<std::vector<YamlDocument>> ParseYamlStream(std::string_view text,
                                                  const std::string& source_name,
                                                  const YamlLimits& limits) {
  auto docs = ParseDocuments(text, source_name, limits, static_cast<size_t>(-1));
  if (!docs.ok()) return docs.status();
  std::vector<YamlDocument> out;
  for (auto& d : *docs) {
    if (d.has_root && !d.doc.value.is_null()) out.push_back(std::move(d.doc));
  }
  return out;
}

Result<YamlDocument> ReadYamlFile(const std::string& path, const YamlLimits& limits) {
  auto text = io::ReadFileBounded(path, limits.max_bytes, "");
  if (!text.ok()) return text.status();
  return ParseYaml(*text, path, limits);
}

}  // namespace kdual::golden
