#include "conformance/cli/jsonpath.h"

#include <cctype>
#include <cstdio>
#include <memory>
#include <vector>

namespace kdual::cli {
namespace {

using nlohmann::json;

// One step of a path.
struct Segment {
  enum class Kind { kField, kRecursive, kIndex, kWildcard, kSlice, kFilter };
  Kind kind = Kind::kField;
  std::string name;              // kField, kRecursive
  long long start = 0, end = 0;  // kIndex (start), kSlice
  bool has_start = false, has_end = false;
  // kFilter: left path (relative to @), operator ("" = exists), literal.
  std::vector<Segment> left;
  std::string op;
  json literal;
};

// A template piece: text, an expression, or a range over one.
struct Node {
  enum class Kind { kText, kPath, kRange } kind = Kind::kText;
  std::string text;           // kText
  bool from_root = false;     // a path starting with `$`
  std::vector<Segment> path;  // kPath, kRange
  std::vector<Node> body;     // kRange
};

Status ParseError(const std::string& what) { return InvalidArgument(what); }

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/';
}

Result<std::string> ParseQuoted(const std::string& s, size_t* i) {
  char q = s[*i];
  std::string out;
  for (++*i; *i < s.size(); ++*i) {
    char c = s[*i];
    if (c == q) {
      ++*i;
      return out;
    }
    if (c == '\\' && *i + 1 < s.size()) {
      char n = s[++*i];
      switch (n) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        default: out += n;
      }
    } else {
      out += c;
    }
  }
  return ParseError("unclosed quote in " + s);
}

Result<std::vector<Segment>> ParsePath(const std::string& s, size_t* i, bool* from_root);

Result<Segment> ParseFilter(const std::string& inner) {
  // @.path [op literal]
  Segment seg;
  seg.kind = Segment::Kind::kFilter;
  size_t i = 0;
  while (i < inner.size() && inner[i] == ' ') ++i;
  if (i >= inner.size() || inner[i] != '@') return ParseError("a filter starts with @: " + inner);
  ++i;
  bool root = false;
  auto left = ParsePath(inner, &i, &root);
  if (!left.ok()) return left.status();
  seg.left = *left;
  while (i < inner.size() && inner[i] == ' ') ++i;
  if (i == inner.size()) return seg;
  for (const char* op : {"==", "!=", "<=", ">=", "<", ">"}) {
    if (inner.compare(i, std::string(op).size(), op) == 0) {
      seg.op = op;
      i += seg.op.size();
      break;
    }
  }
  if (seg.op.empty()) return ParseError("unrecognized filter operator in " + inner);
  while (i < inner.size() && inner[i] == ' ') ++i;
  if (i < inner.size() && (inner[i] == '"' || inner[i] == '\'')) {
    auto q = ParseQuoted(inner, &i);
    if (!q.ok()) return q.status();
    seg.literal = *q;
  } else {
    std::string num = inner.substr(i);
    while (!num.empty() && num.back() == ' ') num.pop_back();
    try {
      seg.literal = json::parse(num);
    } catch (const std::exception&) {
      return ParseError("unrecognized filter value " + num);
    }
  }
  return seg;
}

Result<std::vector<Segment>> ParsePath(const std::string& s, size_t* i, bool* from_root) {
  std::vector<Segment> out;
  if (*i < s.size() && (s[*i] == '$' || s[*i] == '@')) {
    *from_root = s[*i] == '$';
    ++*i;
  }
  while (*i < s.size()) {
    char c = s[*i];
    if (c == '.') {
      Segment seg;
      if (*i + 1 < s.size() && s[*i + 1] == '.') {
        seg.kind = Segment::Kind::kRecursive;
        *i += 2;
      } else {
        ++*i;
      }
      if (*i < s.size() && s[*i] == '*') {
        ++*i;
        if (seg.kind == Segment::Kind::kRecursive) return ParseError("..* is not supported");
        seg.kind = Segment::Kind::kWildcard;
        out.push_back(seg);
        continue;
      }
      size_t b = *i;
      while (*i < s.size() && IsNameChar(s[*i])) ++*i;
      seg.name = s.substr(b, *i - b);
      if (seg.name.empty()) {
        if (seg.kind == Segment::Kind::kField && (*i >= s.size() || s[*i] == ' '))
          continue;  // `.` alone: @
        if (*i < s.size() && s[*i] == '[') continue;
        return ParseError("a field name is missing at position " + std::to_string(b) + " of " + s);
      }
      out.push_back(seg);
    } else if (c == '[') {
      size_t close = std::string::npos;
      int depth = 0;
      for (size_t k = *i; k < s.size(); ++k) {
        if (s[k] == '[') ++depth;
        if (s[k] == ']' && --depth == 0) {
          close = k;
          break;
        }
      }
      if (close == std::string::npos) return ParseError("unterminated array in " + s);
      std::string inner = s.substr(*i + 1, close - *i - 1);
      *i = close + 1;
      Segment seg;
      if (inner == "*") {
        seg.kind = Segment::Kind::kWildcard;
      } else if (inner.size() >= 2 && (inner[0] == '\'' || inner[0] == '"')) {
        size_t k = 0;
        auto q = ParseQuoted(inner, &k);
        if (!q.ok()) return q.status();
        seg.name = *q;
      } else if (inner.rfind("?(", 0) == 0 && inner.back() == ')') {
        auto f = ParseFilter(inner.substr(2, inner.size() - 3));
        if (!f.ok()) return f.status();
        seg = *f;
      } else {
        size_t colon = inner.find(':');
        auto num = [&](const std::string& t, long long* v) {
          try {
            size_t used = 0;
            *v = std::stoll(t, &used);
            return used == t.size();
          } catch (const std::exception&) {
            return false;
          }
        };
        if (colon == std::string::npos) {
          seg.kind = Segment::Kind::kIndex;
          if (!num(inner, &seg.start)) return ParseError("invalid array index " + inner);
        } else {
          seg.kind = Segment::Kind::kSlice;
          std::string a = inner.substr(0, colon), b = inner.substr(colon + 1);
          if (b.find(':') != std::string::npos) b = b.substr(0, b.find(':'));
          if (!a.empty() && !(seg.has_start = num(a, &seg.start)))
            return ParseError("invalid array index " + a);
          if (!b.empty() && !(seg.has_end = num(b, &seg.end)))
            return ParseError("invalid array index " + b);
        }
      }
      out.push_back(seg);
    } else {
      break;
    }
  }
  return out;
}

void Eval(const json& v, const Segment& seg, std::vector<const json*>* out);

bool FilterHolds(const json& item, const Segment& f) {
  std::vector<const json*> cur = {&item}, next;
  for (const auto& s : f.left) {
    next.clear();
    for (const json* c : cur) Eval(*c, s, &next);
    cur.swap(next);
  }
  if (f.op.empty()) return !cur.empty();
  for (const json* c : cur) {
    const json& l = *c;
    const json& r = f.literal;
    if (f.op == "==" && l == r) return true;
    if (f.op == "!=" && l != r) return true;
    if (l.is_number() && r.is_number()) {
      double a = l.get<double>(), b = r.get<double>();
      if ((f.op == "<" && a < b) || (f.op == ">" && a > b) || (f.op == "<=" && a <= b) ||
          (f.op == ">=" && a >= b)) {
        return true;
      }
    }
  }
  return false;
}

void Recurse(const json& v, const std::string& name, std::vector<const json*>* out) {
  if (v.is_object()) {
    auto it = v.find(name);
    if (it != v.end()) out->push_back(&*it);
    for (const auto& child : v) Recurse(child, name, out);
  } else if (v.is_array()) {
    for (const auto& child : v) Recurse(child, name, out);
  }
}

void Eval(const json& v, const Segment& seg, std::vector<const json*>* out) {
  switch (seg.kind) {
    case Segment::Kind::kField:
      if (v.is_object()) {
        auto it = v.find(seg.name);
        if (it != v.end()) out->push_back(&*it);
      }
      return;
    case Segment::Kind::kRecursive: Recurse(v, seg.name, out); return;
    case Segment::Kind::kWildcard:
      if (v.is_object() || v.is_array()) {
        for (const auto& child : v) out->push_back(&child);
      }
      return;
    case Segment::Kind::kIndex: {
      if (!v.is_array()) return;
      long long n = static_cast<long long>(v.size());
      long long i = seg.start < 0 ? n + seg.start : seg.start;
      if (i >= 0 && i < n) out->push_back(&v[static_cast<size_t>(i)]);
      return;
    }
    case Segment::Kind::kSlice: {
      if (!v.is_array()) return;
      long long n = static_cast<long long>(v.size());
      long long a = seg.has_start ? (seg.start < 0 ? n + seg.start : seg.start) : 0;
      long long b = seg.has_end ? (seg.end < 0 ? n + seg.end : seg.end) : n;
      if (a < 0) a = 0;
      if (b > n) b = n;
      for (long long i = a; i < b; ++i) out->push_back(&v[static_cast<size_t>(i)]);
      return;
    }
    case Segment::Kind::kFilter:
      if (v.is_array()) {
        for (const auto& item : v) {
          if (FilterHolds(item, seg)) out->push_back(&item);
        }
      }
      return;
  }
}

// json.Marshal's escaping of <, > and & (HTML-safe output).
std::string GoMarshal(const json& v) {
  std::string s = v.dump();
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

std::string Text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "null";
  if (v.is_object() || v.is_array()) return GoMarshal(v);
  return v.dump();
}

Result<std::vector<Node>> ParseTemplate(const std::string& t, size_t* i, bool in_range) {
  std::vector<Node> nodes;
  std::string text;
  while (*i < t.size()) {
    char c = t[*i];
    if (c != '{') {
      text += c;
      ++*i;
      continue;
    }
    if (!text.empty()) {
      nodes.push_back({Node::Kind::kText, text, false, {}, {}});
      text.clear();
    }
    // The action runs to the matching '}' outside quotes.
    size_t k = *i + 1;
    char quote = 0;
    for (; k < t.size(); ++k) {
      if (quote) {
        if (t[k] == '\\')
          ++k;
        else if (t[k] == quote)
          quote = 0;
      } else if (t[k] == '"' || t[k] == '\'') {
        quote = t[k];
      } else if (t[k] == '}') {
        break;
      }
    }
    if (k >= t.size()) return ParseError("unclosed action");
    std::string action = t.substr(*i + 1, k - *i - 1);
    *i = k + 1;
    size_t a = action.find_first_not_of(' ');
    action = a == std::string::npos ? "" : action.substr(a);
    while (!action.empty() && action.back() == ' ') action.pop_back();
    if (action == "end") {
      if (!in_range) return ParseError("not in range, nothing to end");
      return nodes;
    }
    if (action.rfind("range ", 0) == 0) {
      Node n;
      n.kind = Node::Kind::kRange;
      size_t p = 0;
      std::string expr = action.substr(6);
      auto path = ParsePath(expr, &p, &n.from_root);
      if (!path.ok()) return path.status();
      n.path = *path;
      auto body = ParseTemplate(t, i, true);
      if (!body.ok()) return body.status();
      n.body = std::move(body).value();
      nodes.push_back(std::move(n));
      continue;
    }
    // Expressions separated by spaces print one after another; a quoted
    // string is a literal.
    size_t p = 0;
    while (p < action.size()) {
      if (action[p] == ' ') {
        ++p;
        continue;
      }
      if (action[p] == '"' || action[p] == '\'') {
        auto q = ParseQuoted(action, &p);
        if (!q.ok()) return q.status();
        nodes.push_back({Node::Kind::kText, *q, false, {}, {}});
        continue;
      }
      Node n;
      n.kind = Node::Kind::kPath;
      size_t before = p;
      auto path = ParsePath(action, &p, &n.from_root);
      if (!path.ok()) return path.status();
      if (p == before)
        return ParseError("unrecognized character in action: " + action.substr(p, 1));
      n.path = *path;
      nodes.push_back(std::move(n));
    }
  }
  if (in_range) return ParseError("range without end");
  if (!text.empty()) nodes.push_back({Node::Kind::kText, text, false, {}, {}});
  return nodes;
}

std::vector<const json*> Select(const Node& n, const json& root, const json& current) {
  std::vector<const json*> cur = {n.from_root ? &root : &current}, next;
  for (const auto& s : n.path) {
    next.clear();
    for (const json* c : cur) Eval(*c, s, &next);
    cur.swap(next);
  }
  return cur;
}

void Run(const std::vector<Node>& nodes, const json& root, const json& current, std::string* out) {
  for (const auto& n : nodes) {
    switch (n.kind) {
      case Node::Kind::kText: *out += n.text; break;
      case Node::Kind::kPath: {
        auto results = Select(n, root, current);
        for (size_t i = 0; i < results.size(); ++i)
          *out += Text(*results[i]) + (i + 1 < results.size() ? " " : "");
        break;
      }
      case Node::Kind::kRange:
        // Each result is one iteration: `range .items[*]` walks the
        // elements, `range .items` runs once with the whole list.
        for (const json* item : Select(n, root, current)) Run(n.body, root, *item, out);
        break;
    }
  }
}

}  // namespace

Result<std::string> JsonPathPrint(const std::string& tmpl, const json& value) {
  size_t i = 0;
  auto nodes = ParseTemplate(tmpl, &i, false);
  if (!nodes.ok()) return nodes.status();
  std::string out;
  Run(*nodes, value, value, &out);
  return out;
}

}  // namespace kdual::cli
