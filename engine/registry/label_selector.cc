#include "engine/registry/label_selector.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <set>

#include "engine/validation/field_error.h"
#include "engine/validation/name_validation.h"

namespace kdual::registry {
namespace {

using validation::FieldError;
using validation::FieldValue;

// The lexer's tokens (selector.go Token). kError is 0, as in Go: the
// special-symbol scanner tests "no token yet" against it.
enum class Tok {
  kError,
  kEndOfString,
  kClosedPar,
  kComma,
  kDoesNotExist,
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

bool Keyword(const std::string& s, Tok* tok) {
  static const std::map<std::string, Tok> kTokens = {
      {")", Tok::kClosedPar},     {",", Tok::kComma},    {"!", Tok::kDoesNotExist},
      {"==", Tok::kDoubleEquals}, {"=", Tok::kEquals},   {">", Tok::kGreaterThan},
      {"in", Tok::kIn},           {"<", Tok::kLessThan}, {"!=", Tok::kNotEquals},
      {"notin", Tok::kNotIn},     {"(", Tok::kOpenPar},
  };
  auto it = kTokens.find(s);
  if (it == kTokens.end()) return false;
  *tok = it->second;
  return true;
}

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsSpecialSymbol(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

struct Item {
  Tok tok;
  std::string literal;
};

class Lexer {
 public:
  explicit Lexer(const std::string& s) : s_(s) {}

  Item Lex() {
    char ch = SkipWhiteSpaces(Read());
    if (ch == 0) return {Tok::kEndOfString, ""};
    Unread();
    return IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdOrKeyword();
  }

 private:
  // Go's read(): 0 past the end, and a NUL byte reads as 0 too, so the
  // string ends there for the lexer.
  char Read() {
    char b = 0;
    if (pos_ < s_.size()) b = s_[pos_++];
    return b;
  }
  // Go's unread() steps back even after reading past the end (pos was not
  // advanced then): reproduced, since it decides where the next read starts.
  void Unread() { --pos_; }

  char SkipWhiteSpaces(char ch) {
    while (IsWhitespace(ch)) ch = Read();
    return ch;
  }

  Item ScanIdOrKeyword() {
    std::string buffer;
    while (true) {
      char ch = Read();
      if (ch == 0) break;
      if (IsSpecialSymbol(ch) || IsWhitespace(ch)) {
        Unread();
        break;
      }
      buffer += ch;
    }
    Tok tok;
    if (Keyword(buffer, &tok)) return {tok, buffer};
    return {Tok::kIdentifier, buffer};
  }

  Item ScanSpecialSymbol() {
    Item last{Tok::kError, ""};
    std::string buffer;
    while (true) {
      char ch = Read();
      if (ch == 0) break;
      if (IsSpecialSymbol(ch)) {
        buffer += ch;
        Tok tok;
        if (Keyword(buffer, &tok)) {
          last = {tok, buffer};
        } else if (last.tok != Tok::kError) {
          Unread();
          break;
        }
      } else {
        Unread();
        break;
      }
    }
    if (last.tok == Tok::kError)
      return {Tok::kError, "error expected: keyword found '" + buffer + "'"};
    return last;
  }

  const std::string& s_;
  size_t pos_ = 0;
};

enum class Context { kKeyAndOperator, kValues };

// strconv.ParseInt(s, 10, 64) succeeds.
bool ParseInt64(const std::string& s, int64_t* out) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return false;
  }
  errno = 0;
  long long v = std::strtoll(s.c_str(), nullptr, 10);
  if (errno == ERANGE) return false;
  *out = v;
  return true;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

class Parser {
 public:
  Parser(const std::string& text, const version::Profile& profile)
      : profile_(profile), json_values_(profile.field_error_values_as_json) {
    Lexer l(text);
    while (true) {
      Item item = l.Lex();
      items_.push_back(item);
      if (item.tok == Tok::kEndOfString) break;
    }
  }

  Result<std::vector<LabelSelector::Requirement>> Parse() {
    std::vector<LabelSelector::Requirement> requirements;
    while (true) {
      Item next = Lookahead(Context::kValues);
      switch (next.tok) {
        case Tok::kIdentifier:
        case Tok::kDoesNotExist: {
          auto r = ParseRequirement();
          if (!r.ok())
            return InvalidArgument("unable to parse requirement: " + r.status().message());
          requirements.push_back(*r);
          Item t = Consume(Context::kValues);
          if (t.tok == Tok::kEndOfString) return requirements;
          if (t.tok == Tok::kComma) {
            Item t2 = Lookahead(Context::kValues);
            if (t2.tok != Tok::kIdentifier && t2.tok != Tok::kDoesNotExist) {
              return InvalidArgument("found '" + t2.literal + "', expected: identifier after ','");
            }
          } else {
            return InvalidArgument("found '" + t.literal + "', expected: ',' or 'end of string'");
          }
          break;
        }
        case Tok::kEndOfString: return requirements;
        default:
          return InvalidArgument("found '" + next.literal +
                                 "', expected: !, identifier, or 'end of string'");
      }
    }
  }

 private:
  Item Lookahead(Context context) const { return InContext(items_[position_], context); }
  Item Consume(Context context) { return InContext(items_[position_++], context); }
  static Item InContext(Item item, Context context) {
    if (context == Context::kValues && (item.tok == Tok::kIn || item.tok == Tok::kNotIn))
      item.tok = Tok::kIdentifier;
    return item;
  }

  Result<LabelSelector::Requirement> ParseRequirement() {
    using Op = LabelSelector::Operator;
    bool does_not_exist = false, exists = false;
    Item key = Consume(Context::kValues);
    if (key.tok == Tok::kDoesNotExist) {
      does_not_exist = true;
      key = Consume(Context::kValues);
    }
    if (key.tok != Tok::kIdentifier)
      return InvalidArgument("found '" + key.literal + "', expected: identifier");
    // validateLabelKey with the parser's nil path.
    auto key_errors = validation::IsQualifiedName(key.literal, profile_);
    if (!key_errors.empty()) {
      return InvalidArgument(
          validation::Invalid("<nil>", FieldValue::String(key.literal), Join(key_errors))
              .Message(json_values_));
    }
    Tok after = Lookahead(Context::kValues).tok;
    if (after == Tok::kEndOfString || after == Tok::kComma) exists = !does_not_exist;
    if (does_not_exist || exists) {
      return NewRequirement(key.literal, does_not_exist ? Op::kDoesNotExist : Op::kExists, {});
    }
    // A "!key" followed by anything but the end or a comma: the operator
    // stays DoesNotExist only when nothing follows; here parseOperator runs.
    Item op_item = Consume(Context::kKeyAndOperator);
    Op op;
    switch (op_item.tok) {
      case Tok::kIn: op = Op::kIn; break;
      case Tok::kEquals: op = Op::kEquals; break;
      case Tok::kDoubleEquals: op = Op::kDoubleEquals; break;
      case Tok::kGreaterThan: op = Op::kGreaterThan; break;
      case Tok::kLessThan: op = Op::kLessThan; break;
      case Tok::kNotIn: op = Op::kNotIn; break;
      case Tok::kNotEquals: op = Op::kNotEquals; break;
      default:
        return InvalidArgument("found '" + op_item.literal +
                               "', expected: in, notin, =, ==, !=, gt, lt");
    }
    std::set<std::string> values;
    if (op == Op::kIn || op == Op::kNotIn) {
      KDUAL_ASSIGN_OR_RETURN(values, ParseValues());
    } else {
      KDUAL_ASSIGN_OR_RETURN(values, ParseExactValue());
    }
    return NewRequirement(key.literal, op, std::vector<std::string>(values.begin(), values.end()));
  }

  Result<std::set<std::string>> ParseValues() {
    Item open = Consume(Context::kValues);
    if (open.tok != Tok::kOpenPar)
      return InvalidArgument("found '" + open.literal + "' expected: '('");
    Item next = Lookahead(Context::kValues);
    switch (next.tok) {
      case Tok::kIdentifier:
      case Tok::kComma: {
        KDUAL_ASSIGN_OR_RETURN(auto s, ParseIdentifiersList());
        if (Consume(Context::kValues).tok != Tok::kClosedPar)
          return InvalidArgument("found '" + next.literal + "', expected: ')'");
        return s;
      }
      case Tok::kClosedPar: Consume(Context::kValues); return std::set<std::string>{""};
      default:
        return InvalidArgument("found '" + next.literal + "', expected: ',', ')' or identifier");
    }
  }

  Result<std::set<std::string>> ParseIdentifiersList() {
    std::set<std::string> s;
    while (true) {
      Item item = Consume(Context::kValues);
      if (item.tok == Tok::kIdentifier) {
        s.insert(item.literal);
        Item next = Lookahead(Context::kValues);
        if (next.tok == Tok::kComma) continue;
        if (next.tok == Tok::kClosedPar) return s;
        return InvalidArgument("found '" + next.literal + "', expected: ',' or ')'");
      }
      if (item.tok == Tok::kComma) {  // "(," is a list starting with ""
        if (s.empty()) s.insert("");
        Tok next = Lookahead(Context::kValues).tok;
        if (next == Tok::kClosedPar) {
          s.insert("");
          return s;
        }
        if (next == Tok::kComma) {
          // Before 1.35 the second comma was consumed here too, so the
          // token after ",," was read as the start of the next value.
          if (!profile_.label_selector_keeps_second_comma) Consume(Context::kValues);
          s.insert("");
        }
        continue;
      }
      return InvalidArgument("found '" + item.literal + "', expected: ',', or identifier");
    }
  }

  Result<std::set<std::string>> ParseExactValue() {
    Tok next = Lookahead(Context::kValues).tok;
    if (next == Tok::kEndOfString || next == Tok::kComma) return std::set<std::string>{""};
    Item item = Consume(Context::kValues);
    if (item.tok == Tok::kIdentifier) return std::set<std::string>{item.literal};
    return InvalidArgument("found '" + item.literal + "', expected: identifier");
  }

  // NewRequirement's checks; its errors aggregate (ToAggregate) as one
  // message.
  Result<LabelSelector::Requirement> NewRequirement(const std::string& key,
                                                    LabelSelector::Operator op,
                                                    std::vector<std::string> values) {
    using Op = LabelSelector::Operator;
    validation::ErrorList errs;
    auto key_errors = validation::IsQualifiedName(key, profile_);
    if (!key_errors.empty())
      errs.push_back(validation::Invalid("key", FieldValue::String(key), Join(key_errors)));
    switch (op) {
      case Op::kIn:
      case Op::kNotIn:
        if (values.empty()) {
          errs.push_back(
              validation::Invalid("values", FieldValue::List(values),
                                  "for 'in', 'notin' operators, values set can't be empty"));
        }
        break;
      case Op::kEquals:
      case Op::kDoubleEquals:
      case Op::kNotEquals:
        if (values.size() != 1) {
          errs.push_back(
              validation::Invalid("values", FieldValue::List(values),
                                  "exact-match compatibility requires one single value"));
        }
        break;
      case Op::kExists:
      case Op::kDoesNotExist:
        if (!values.empty()) {
          errs.push_back(
              validation::Invalid("values", FieldValue::List(values),
                                  "values set must be empty for exists and does not exist"));
        }
        break;
      case Op::kGreaterThan:
      case Op::kLessThan:
        if (values.size() != 1) {
          errs.push_back(
              validation::Invalid("values", FieldValue::List(values),
                                  "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (size_t i = 0; i < values.size(); ++i) {
          int64_t unused;
          if (!ParseInt64(values[i], &unused)) {
            errs.push_back(validation::Invalid(
                "values[" + std::to_string(i) + "]", FieldValue::String(values[i]),
                "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
        break;
    }
    for (size_t i = 0; i < values.size(); ++i) {
      auto value_errors = validation::IsValidLabelValue(values[i], profile_);
      if (!value_errors.empty()) {
        errs.push_back(validation::Invalid("values[" + std::to_string(i) + "][" + key + "]",
                                           FieldValue::String(values[i]), Join(value_errors)));
      }
    }
    if (!errs.empty()) return InvalidArgument(validation::AggregateMessage(errs, json_values_));
    return LabelSelector::Requirement{key, op, std::move(values)};
  }

  const version::Profile& profile_;
  bool json_values_;
  std::vector<Item> items_;
  size_t position_ = 0;
};

}  // namespace

bool LabelSelector::Requirement::Matches(const std::map<std::string, std::string>& labels) const {
  auto it = labels.find(key);
  const bool has = it != labels.end();
  auto has_value = [&](const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
  };
  switch (op) {
    case Operator::kIn:
    case Operator::kEquals:
    case Operator::kDoubleEquals: return has && has_value(it->second);
    case Operator::kNotIn:
    case Operator::kNotEquals: return !has || !has_value(it->second);
    case Operator::kExists: return has;
    case Operator::kDoesNotExist: return !has;
    case Operator::kGreaterThan:
    case Operator::kLessThan: {
      int64_t label_value, wanted;
      if (!has || !ParseInt64(it->second, &label_value) || values.size() != 1 ||
          !ParseInt64(values[0], &wanted))
        return false;
      return op == Operator::kGreaterThan ? label_value > wanted : label_value < wanted;
    }
  }
  return false;
}

Result<LabelSelector> LabelSelector::Parse(const std::string& text,
                                           const version::Profile& profile) {
  Parser parser(text, profile);
  KDUAL_ASSIGN_OR_RETURN(auto requirements, parser.Parse());
  // sort.Sort(ByKey): not stable; requirements with one key all match
  // together, so their order does not change an answer.
  std::stable_sort(requirements.begin(), requirements.end(),
                   [](const Requirement& a, const Requirement& b) { return a.key < b.key; });
  LabelSelector s;
  s.requirements_ = std::move(requirements);
  return s;
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const Requirement& r) { return r.Matches(labels); });
}

}  // namespace kdual::registry
