#include "conformance/golden/yaml_reader.h"

#include <sys/stat.h>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <regex>
#include <unordered_map>
#include <vector>

#include <yaml.h>

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

// A position in the text, 0-based as libyaml reports it; line -1 when none.
struct Mark {
  int line = -1;
  int column = -1;
};

Mark MarkOf(const yaml_mark_t& m) {
  return Mark{static_cast<int>(m.line), static_cast<int>(m.column)};
}

std::string Where(const std::string& source, const Mark& mark) {
  if (mark.line < 0) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Thrown inside the builder to stop the parse; caught in ParseDocuments,
// never across the module boundary.
struct StopParsing {
  Status status;
};

// Builds JSON from libyaml's parse events (the parser gopkg.in/yaml.v2, and
// so sigs.k8s.io/yaml and kubectl, is a port of). One builder per document.
class JsonBuilder {
 public:
  JsonBuilder(const std::string& source, const YamlLimits& limits, YamlDocument* out)
      : source_(source), limits_(limits), out_(out) {}

  void OnAlias(const Mark& mark, const std::string& anchor) {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) Fail(mark, "alias to an unknown anchor");
    alias_nodes_ += it->second.nodes;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      Fail(mark, "aliases expand past the budget of " + std::to_string(limits_.max_alias_nodes) +
                     " nodes");
    }
    AddValue(mark, it->second.value, "", it->second.nodes);
  }

  // `tag` is the explicit tag as libyaml expands it ("tag:yaml.org,2002:str"
  // for !!str), or empty; `plain` whether the scalar was unquoted.
  void OnScalar(const Mark& mark, const std::string& tag, const std::string& anchor,
                const std::string& value, bool plain) {
    // Only a plain "<<" is the merge key; a quoted one is a string.
    AddValue(mark, TypedScalar(mark, tag, value, plain), anchor, 1, plain && tag.empty());
  }

  void OnSequenceStart(const Mark& mark, const std::string& tag, const std::string& anchor) {
    CheckCollectionTag(mark, tag, "tag:yaml.org,2002:seq");
    Open(mark, json::array(), anchor);
  }
  void OnSequenceEnd() { Close(); }

  void OnMapStart(const Mark& mark, const std::string& tag, const std::string& anchor) {
    CheckCollectionTag(mark, tag, "tag:yaml.org,2002:map");
    Open(mark, json::object(), anchor);
  }
  void OnMapEnd() { Close(); }

  bool has_root() const { return has_root_; }
  // What remains of the alias budget (ParseYamlStream shares it).
  size_t aliases_left() const {
    return alias_nodes_ >= limits_.max_alias_nodes ? 0 : limits_.max_alias_nodes - alias_nodes_;
  }

 private:
  struct Frame {
    json value;
    std::string pointer;
    std::string anchor;
    size_t nodes = 1;
    // For maps: the pending key, once read.
    bool have_key = false;
    std::string key;
    Mark key_mark;
  };
  struct Anchored {
    json value;
    size_t nodes;
  };

  [[noreturn]] void Fail(const Mark& mark, const std::string& problem) {
    throw StopParsing{InvalidArgument(Where(source_, mark) + ": " + problem)};
  }

  void CheckCollectionTag(const Mark& mark, const std::string& tag, const char* expected) {
    if (tag.empty() || tag == "!" || tag == expected) return;
    Fail(mark, "unsupported tag " + tag);
  }

  json TypedScalar(const Mark& mark, const std::string& tag, const std::string& text, bool plain) {
    // Untagged: a plain scalar is resolved, a quoted or block one is a
    // string; "!" (the non-specific tag) makes any scalar a string.
    if (tag.empty()) return plain ? ResolvePlainScalar(text) : json(text);
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return json(text);
    json resolved = ResolvePlainScalar(text);
    if (tag == "tag:yaml.org,2002:int" && resolved.is_number_integer()) return resolved;
    if (tag == "tag:yaml.org,2002:float" && resolved.is_number())
      return json(resolved.get<double>());
    if (tag == "tag:yaml.org,2002:bool" && resolved.is_boolean()) return resolved;
    if (tag == "tag:yaml.org,2002:null" && resolved.is_null()) return resolved;
    Fail(mark, "cannot read \"" + text + "\" with tag " + tag);
  }

  std::string ChildPointer(const Mark& mark) {
    if (stack_.empty()) return "";
    Frame& parent = stack_.back();
    if (parent.value.is_array()) return PointerChild(parent.pointer, parent.value.size());
    if (!parent.have_key) Fail(mark, "a mapping key must be a plain value");
    return PointerChild(parent.pointer, parent.key);
  }

  void Open(const Mark& mark, json value, const std::string& anchor) {
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
    Place(std::move(done.value), done.anchor, done.nodes, done.pointer);
  }

  void Record(const std::string& pointer, const Mark& mark) {
    if (mark.line >= 0) out_->lines.emplace(pointer, mark.line + 1);
  }

  void AddValue(const Mark& mark, json value, const std::string& anchor, size_t nodes,
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

  void Place(json value, const std::string& anchor, size_t nodes, const std::string&) {
    if (!anchor.empty()) anchors_[anchor] = Anchored{value, nodes};
    if (stack_.empty()) {
      if (has_root_) Fail(Mark(), "more than one root value");
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
  std::unordered_map<std::string, Anchored> anchors_;
  size_t alias_nodes_ = 0;
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
// libyaml's parser and event, released however the parse ends.
class Parser {
 public:
  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Parser() { yaml_parser_delete(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  bool Next(struct Event* event);
  const yaml_parser_t& raw() const { return parser_; }

 private:
  yaml_parser_t parser_;
};

struct Event {
  yaml_event_t e{};
  bool set = false;
  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() {
    if (set) yaml_event_delete(&e);
  }
};

bool Parser::Next(Event* event) {
  if (!yaml_parser_parse(&parser_, &event->e)) return false;
  event->set = true;
  return true;
}

std::string Text(const yaml_char_t* s) {
  return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
}

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
  Parser parser(text);
  size_t aliases_left = limits.max_alias_nodes;
  try {
    std::optional<ParsedDocument> parsed;
    std::optional<JsonBuilder> builder;
    YamlLimits per_doc = limits;
    while (true) {
      Event event;
      if (!parser.Next(&event)) {
        const yaml_parser_t& p = parser.raw();
        // The problem alone, as gopkg.in/yaml.v2 reports it (decode.go fail).
        std::string problem = p.problem ? p.problem : "unknown problem parsing YAML content";
        if (p.error == YAML_READER_ERROR) {
          // NULs, other control characters and invalid UTF-8 are refused
          // before any line is read (yaml.v2 readerc.go, as kubectl does).
          return InvalidArgument(source_name + ": " + problem + " at byte " +
                                 std::to_string(p.problem_offset));
        }
        return InvalidArgument(Where(source_name, MarkOf(p.problem_mark)) + ": " + problem);
      }
      const yaml_event_t& e = event.e;
      const Mark mark = MarkOf(e.start_mark);
      switch (e.type) {
        case YAML_STREAM_END_EVENT: return docs;
        case YAML_DOCUMENT_START_EVENT:
          if (docs.size() >= max_docs) return docs;
          parsed.emplace();
          per_doc.max_alias_nodes = aliases_left;
          builder.emplace(source_name, per_doc, &parsed->doc);
          break;
        case YAML_DOCUMENT_END_EVENT:
          aliases_left = builder->aliases_left();
          parsed->has_root = builder->has_root();
          builder.reset();
          docs.push_back(std::move(*parsed));
          parsed.reset();
          break;
        case YAML_ALIAS_EVENT: builder->OnAlias(mark, Text(e.data.alias.anchor)); break;
        case YAML_SCALAR_EVENT:
          builder->OnScalar(
              mark, Text(e.data.scalar.tag), Text(e.data.scalar.anchor),
              std::string(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length),
              e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
          break;
        case YAML_SEQUENCE_START_EVENT:
          builder->OnSequenceStart(mark, Text(e.data.sequence_start.tag),
                                   Text(e.data.sequence_start.anchor));
          break;
        case YAML_SEQUENCE_END_EVENT: builder->OnSequenceEnd(); break;
        case YAML_MAPPING_START_EVENT:
          builder->OnMapStart(mark, Text(e.data.mapping_start.tag),
                              Text(e.data.mapping_start.anchor));
          break;
        case YAML_MAPPING_END_EVENT: builder->OnMapEnd(); break;
        default:  // stream start, no event
          break;
      }
    }
  } catch (const StopParsing& stop) {
    return stop.status;
  } catch (const std::exception& e) {
    return InvalidArgument(source_name + ": " + e.what());
  }
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
