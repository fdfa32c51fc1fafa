#include "conformance/golden/comparator.h"

#include <algorithm>
#include <climits>

#include "conformance/golden/normalize.h"
#include "conformance/golden/placeholder.h"
#include "engine/net/ip_address.h"

namespace kdual::golden {
namespace {

using nlohmann::json;

constexpr size_t kShownChars = 160;

std::string Dump(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > kShownChars) s = s.substr(0, kShownChars) + "...";
  return s;
}

// Two long values that differ, as a person can read the difference: when
// both are over the limit, the same window of each around the first
// differing character ("...", context before, the difference, "..."),
// instead of two identical prefixes.
std::pair<std::string, std::string> DumpDifference(const json& expected, const json& actual) {
  std::string e = expected.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string a = actual.dump(-1, ' ', false, json::error_handler_t::replace);
  if (e.size() <= kShownChars && a.size() <= kShownChars) return {e, a};
  size_t first = 0;
  while (first < e.size() && first < a.size() && e[first] == a[first]) ++first;
  const size_t before = 60;
  size_t start = first > before ? first - before : 0;
  auto window = [&](const std::string& s) {
    if (start >= s.size()) return std::string("...");
    std::string w = (start > 0 ? "..." : "") + s.substr(start, kShownChars);
    if (start + kShownChars < s.size()) w += "...";
    return w;
  };
  return {window(e), window(a)};
}

// An answer value as a person reads it: addresses bare with their family.
std::string Shown(const json& v) {
  if (v.is_string()) {
    auto ip = net::ParseIPSloppy(v.get<std::string>());
    if (ip.ok()) return v.get<std::string>() + " (" + net::FamilyName(ip->family()) + ")";
  }
  return Dump(v);
}

std::string ShownExpected(const json& v) {
  if (v.is_string() && LooksLikePlaceholder(v.get<std::string>())) return v.get<std::string>();
  return Dump(v);
}

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

bool NumbersEqual(const json& a, const json& b) {
  if (a.is_number_integer() && b.is_number_integer()) return a.get<int64_t>() == b.get<int64_t>();
  if (a.is_number_unsigned() && b.is_number_unsigned())
    return a.get<uint64_t>() == b.get<uint64_t>();
  return a.get<double>() == b.get<double>();
}

class ValueComparer {
 public:
  ValueComparer(const MatchContext& context, std::map<std::string, std::string>* bindings,
                Match match)
      : context_(context), bindings_(bindings), match_(match) {}

  void Value(const json& expected, const json& actual, const std::string& path) {
    if (expected.is_string()) {
      const std::string& e = expected.get_ref<const std::string&>();
      if (LooksLikePlaceholder(e)) {
        auto ph = ParsePlaceholder(e);
        if (ph.ok()) {
          PlaceholderValue(*ph, actual, path);
          return;
        }
      }
      if (GeneratedNameTemplate(e, actual, path)) return;
      auto expanded = ExpandTemplate(e, *bindings_);
      if (!expanded.ok()) {
        unbound_ = true;
        Add(path + ": " + expanded.status().message());
        return;
      }
      if (!actual.is_string()) {
        Add(path + ": expected " + Dump(json(*expanded)) + ", got " + Shown(actual));
      } else if (actual.get<std::string>() != *expanded) {
        auto [want, got] = DumpDifference(json(*expanded), actual);
        Add(path + ": expected " + want + ", got " +
            (got.size() <= kShownChars ? Shown(actual) : got));
      }
      return;
    }
    if (expected.is_object()) {
      if (!actual.is_object()) {
        Add(path + ": expected a mapping, got " + Dump(actual));
        return;
      }
      for (auto it = expected.begin(); it != expected.end(); ++it) {
        std::string child = Join(path, it.key());
        if (it.value() == "~absent") {
          if (actual.contains(it.key()))
            Add(child + ": expected ~absent, got " + Shown(actual[it.key()]));
          continue;
        }
        if (!actual.contains(it.key())) {
          Add(child + ": missing, expected " + ShownExpected(it.value()));
          continue;
        }
        Value(it.value(), actual[it.key()], child);
      }
      if (match_ == Match::kExact) {
        for (auto it = actual.begin(); it != actual.end(); ++it) {
          if (!expected.contains(it.key())) {
            Add(Join(path, it.key()) + ": unexpected field, got " + Shown(it.value()));
          }
        }
      }
      return;
    }
    if (expected.is_array()) {
      if (!actual.is_array()) {
        Add(path + ": expected a list, got " + Dump(actual));
        return;
      }
      size_t n = std::min(expected.size(), actual.size());
      for (size_t i = 0; i < n; ++i)
        Value(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
      if (expected.size() != actual.size()) {
        Add(path + ": expected " + std::to_string(expected.size()) + " items, got " +
            std::to_string(actual.size()) + ": " + Dump(actual));
      }
      return;
    }
    bool equal = (expected.is_number() && actual.is_number()) ? NumbersEqual(expected, actual)
                                                              : expected == actual;
    if (!equal) Add(path + ": expected " + Dump(expected) + ", got " + Shown(actual));
  }

  std::vector<std::string> Take() { return std::move(mismatches_); }
  // Whether a ${name} met no binding (it may be bound later in this answer).
  bool unbound() const { return unbound_; }

  // An expected string that quotes ${generatedName} (and it is not bound
  // as a name of its own): each occurrence must be one name the server
  // generated from this step's generateName, the same everywhere. Returns
  // false when `e` quotes none.
  bool GeneratedNameTemplate(const std::string& e, const json& actual, const std::string& path) {
    auto refs = TemplateReferences(e);
    if (std::find(refs.begin(), refs.end(), kGeneratedNameReference) == refs.end() ||
        bindings_->count(kGeneratedNameReference))
      return false;
    // Expanded around a marker no message holds, then matched piece by piece.
    static const std::string kMark = std::string(1, '\x01');
    std::map<std::string, std::string> values = *bindings_;
    values[kGeneratedNameReference] = kMark;
    auto expanded = ExpandTemplate(e, values);
    if (!expanded.ok()) {
      unbound_ = true;
      Add(path + ": " + expanded.status().message());
      return true;
    }
    auto fail = [&](const std::string& why) {
      Add(path + ": expected " + Dump(json(e)) + ", got " + Shown(actual) + why);
    };
    if (context_.generate_name.empty()) {
      fail(" (${generatedName}, but the request has no generateName)");
      return true;
    }
    if (!actual.is_string()) {
      fail("");
      return true;
    }
    const std::string& a = actual.get_ref<const std::string&>();
    const size_t length =
        GeneratedNamePrefix(context_.generate_name).size() + kGeneratedSuffixLength;
    std::string generated;
    size_t pos = 0, piece = 0;
    while (true) {
      size_t mark = expanded->find(kMark, piece);
      std::string literal =
          expanded->substr(piece, mark == std::string::npos ? mark : mark - piece);
      if (a.compare(pos, literal.size(), literal) != 0) break;
      pos += literal.size();
      if (mark == std::string::npos) {
        if (pos == a.size()) return true;
        break;
      }
      std::string name = a.substr(pos, length);
      if (!IsGeneratedName(name, context_.generate_name) ||
          (!generated.empty() && name != generated))
        break;
      generated = name;
      pos += length;
      piece = mark + kMark.size();
    }
    fail("");
    return true;
  }
  void Add(std::string m) { mismatches_.push_back(std::move(m)); }

 private:
  void PlaceholderValue(const Placeholder& ph, const json& actual, const std::string& path) {
    std::string shown = ph.ToString();
    std::string value;
    if (ph.kind == PlaceholderKind::kAbsent) {
      Add(path + ": expected ~absent, got " + Shown(actual));
      return;
    }
    if (ph.kind == PlaceholderKind::kTimestamp) {
      // Normalization writes a server time as the placeholder itself.
      if (!actual.is_string() || (actual != shown && !IsApiTimestamp(actual.get<std::string>())))
        Add(path + ": expected a time (~timestamp), got " + Shown(actual));
      return;
    }
    if (ph.kind == PlaceholderKind::kGeneratedName) {
      if (!actual.is_string() ||
          !IsGeneratedName(actual.get<std::string>(), context_.generate_name)) {
        Add(path + ": expected " + shown +
            (context_.generate_name.empty()
                 ? " (but the request has no generateName)"
                 : " (" + GeneratedNamePrefix(context_.generate_name) + " and 5 characters)") +
            ", got " + Dump(actual));
        return;
      }
      value = actual.get<std::string>();
    } else if (ph.kind == PlaceholderKind::kPort) {
      if (!actual.is_number_integer()) {
        Add(path + ": expected " + shown + ", got " + Dump(actual));
        return;
      }
      int64_t port = actual.get<int64_t>();
      bool in_range = std::any_of(
          context_.node_port_ranges.begin(), context_.node_port_ranges.end(),
          [&](const flags::PortRange& r) { return port >= r.base && port <= r.last(); });
      if (!in_range) {
        Add(path + ": expected " + shown + ", got " + std::to_string(port) +
            " (outside the node-port range" + PortRanges() + ")");
        return;
      }
      value = std::to_string(port);
    } else {
      if (!actual.is_string()) {
        Add(path + ": expected " + shown + ", got " + Dump(actual));
        return;
      }
      auto ip = net::ParseIPSloppy(actual.get<std::string>());
      if (!ip.ok()) {
        Add(path + ": expected " + shown + ", got " + Dump(actual) + " (not an IP address)");
        return;
      }
      bool family_ok =
          ph.kind == PlaceholderKind::kIP || (ph.kind == PlaceholderKind::kIPv4) == ip->is_v4();
      if (!family_ok) {
        Add(path + ": expected " + shown + ", got " + Shown(actual));
        return;
      }
      bool in_range = std::any_of(context_.service_ranges.begin(), context_.service_ranges.end(),
                                  [&](const net::Cidr& c) { return c.Contains(*ip); });
      if (!in_range) {
        Add(path + ": expected " + shown + ", got " + Shown(actual) +
            ", outside the service ranges" + ServiceRanges());
        return;
      }
      value = actual.get<std::string>();
    }
    if (ph.binding.empty()) return;
    auto bound = bindings_->find(ph.binding);
    if (bound == bindings_->end()) {
      (*bindings_)[ph.binding] = value;
    } else if (bound->second != value) {
      Add(path + ": expected " + shown + " (= " + bound->second + "), got " + Shown(actual));
    }
  }

  std::string ServiceRanges() const {
    std::string s;
    for (const auto& c : context_.service_ranges) s += (s.empty() ? " " : ", ") + c.ToString();
    return s;
  }
  std::string PortRanges() const {
    std::string s;
    for (const auto& r : context_.node_port_ranges) {
      s += (s.empty() ? " " : ", ") + std::to_string(r.base) + "-" + std::to_string(r.last());
    }
    return s;
  }

  const MatchContext& context_;
  std::map<std::string, std::string>* bindings_;
  Match match_;
  std::vector<std::string> mismatches_;
  bool unbound_ = false;
};

std::string AnswerSummary(const StepAnswer& a) {
  switch (a.kind) {
    case StepAnswer::Kind::kStarted: return "the control plane started";
    case StepAnswer::Kind::kStartupError: return "start-up error " + Dump(json(a.startup_error));
    case StepAnswer::Kind::kAnswer: break;
  }
  if (a.answer.is_error()) {
    const json& b = a.answer.body;
    std::string reason = b.is_object() && b.contains("reason") && b["reason"].is_string()
                             ? b["reason"].get<std::string>()
                             : "";
    std::string message = b.is_object() && b.contains("message") && b["message"].is_string()
                              ? b["message"].get<std::string>()
                              : Dump(b);
    return "error " + std::to_string(a.answer.code) + " " + reason + ": " + Dump(json(message));
  }
  return "an object (HTTP " + std::to_string(a.answer.code) + ")";
}

std::optional<std::string> StringField(const json& object, const char* key) {
  if (object.is_object() && object.contains(key) && object[key].is_string()) {
    return object[key].get<std::string>();
  }
  return std::nullopt;
}

void CompareError(const ExpectedError& e, const registry::Answer& a, ValueComparer* cmp,
                  Match match) {
  const json& body = a.body;
  if (e.code != a.code) {
    cmp->Add("error.code: expected " + std::to_string(e.code) + ", got " + std::to_string(a.code));
  }
  std::string reason = StringField(body, "reason").value_or("");
  if (e.reason != reason) {
    cmp->Add("error.reason: expected " + Dump(json(e.reason)) + ", got " + Dump(json(reason)));
  }
  if (e.message)
    cmp->Value(json(*e.message), json(StringField(body, "message").value_or("")), "error.message");
  json causes = json::array();
  if (body.is_object() && body.contains("details") && body["details"].is_object() &&
      body["details"].contains("causes") && body["details"]["causes"].is_array()) {
    causes = body["details"]["causes"];
  }
  if (!e.causes) {
    if (match == Match::kExact && !causes.empty()) {
      cmp->Add("error.causes: expected none, got " + Dump(causes));
    }
    return;
  }
  size_t n = std::min(e.causes->size(), causes.size());
  for (size_t i = 0; i < n; ++i) {
    std::string path = "error.causes[" + std::to_string(i) + "]";
    const ExpectedCause& want = (*e.causes)[i];
    const json& got = causes[i];
    const std::pair<const char*, const std::optional<std::string>*> fields[] = {
        {"field", &want.field}, {"reason", &want.reason}, {"message", &want.message}};
    for (const auto& [key, value] : fields) {
      std::optional<std::string> actual = StringField(got, key);
      if (*value) {
        if (!actual)
          cmp->Add(path + "." + key + ": missing, expected " + Dump(json(**value)));
        else
          cmp->Value(json(**value), json(*actual), path + "." + key);
      } else if (actual && match == Match::kExact) {
        cmp->Add(path + "." + key + ": unexpected, got " + Dump(json(*actual)));
      }
    }
  }
  if (e.causes->size() != causes.size()) {
    cmp->Add("error.causes: expected " + std::to_string(e.causes->size()) + " causes, got " +
             std::to_string(causes.size()) + (causes.size() > n ? ": " + Dump(causes) : ""));
  }
}

std::vector<std::string> CompareOne(const Expectation& e, const StepAnswer& a,
                                    const MatchContext& context,
                                    std::map<std::string, std::string>* bindings,
                                    bool* unbound = nullptr) {
  ValueComparer cmp(context, bindings, e.match);
  struct ReportUnbound {
    ValueComparer& cmp;
    bool* out;
    ~ReportUnbound() {
      if (out) *out = cmp.unbound();
    }
  } report{cmp, unbound};
  switch (e.kind) {
    case Expectation::Kind::kStartupError:
      if (a.kind != StepAnswer::Kind::kStartupError) {
        cmp.Add("expected startupError " + Dump(json(e.startup_error)) + ", got " +
                AnswerSummary(a));
      } else {
        cmp.Value(json(e.startup_error), json(a.startup_error), "startupError");
      }
      return cmp.Take();
    case Expectation::Kind::kObject:
      if (a.kind != StepAnswer::Kind::kAnswer || a.answer.is_error()) {
        cmp.Add("expected an object, got " + AnswerSummary(a));
        return cmp.Take();
      }
      cmp.Value(e.object, NormalizeObject(a.answer.body), "");
      break;
    case Expectation::Kind::kError:
      if (a.kind != StepAnswer::Kind::kAnswer || !a.answer.is_error()) {
        cmp.Add("expected error " + std::to_string(e.error.code) + " " + e.error.reason + ", got " +
                AnswerSummary(a));
        return cmp.Take();
      }
      CompareError(e.error, a.answer, &cmp, e.match);
      break;
    case Expectation::Kind::kAnyOf: break;  // handled by the caller
  }
  const std::vector<std::string>& got = a.answer.warnings;
  if (e.warnings) {
    size_t n = std::min(e.warnings->size(), got.size());
    for (size_t i = 0; i < n; ++i) {
      cmp.Value(json((*e.warnings)[i]), json(got[i]), "warnings[" + std::to_string(i) + "]");
    }
    for (size_t i = n; i < e.warnings->size(); ++i) {
      cmp.Add("warnings[" + std::to_string(i) + "]: missing, expected " +
              Dump(json((*e.warnings)[i])));
    }
    for (size_t i = n; i < got.size(); ++i) {
      cmp.Add("warnings[" + std::to_string(i) + "]: unexpected, got " + Dump(json(got[i])));
    }
  } else if (e.match == Match::kExact) {
    for (size_t i = 0; i < got.size(); ++i) {
      cmp.Add("warnings[" + std::to_string(i) + "]: unexpected, got " + Dump(json(got[i])));
    }
  }
  return cmp.Take();
}

std::string StepLabel(const GoldenCase& c, size_t i) {
  return "steps[" + std::to_string(i) + "] " + StepOpName(c.steps[i].op);
}

json Substitute(const json& v, const std::map<std::string, std::string>& bindings, Status* error) {
  if (v.is_object()) {
    json out = json::object();
    for (auto it = v.begin(); it != v.end(); ++it)
      out[it.key()] = Substitute(it.value(), bindings, error);
    return out;
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& item : v) out.push_back(Substitute(item, bindings, error));
    return out;
  }
  if (!v.is_string()) return v;
  const std::string& s = v.get_ref<const std::string&>();
  if (LooksLikePlaceholder(s)) {
    auto ph = ParsePlaceholder(s);
    if (ph.ok() && !ph->binding.empty()) {
      auto it = bindings.find(ph->binding);
      if (it == bindings.end()) {
        *error = NotFound("\"" + s + "\" is not bound (its step did not match)");
        return v;
      }
      if (ph->kind == PlaceholderKind::kPort) return json(std::stoll(it->second));
      return json(it->second);
    }
  }
  // An object no answer has shown (its create was refused) has no uid or
  // resourceVersion to send: the reference goes as written, so both a
  // server and the engine answer the same request (a 404, a 409).
  std::map<std::string, std::string> with_unseen;
  const std::map<std::string, std::string>* values = &bindings;
  for (const auto& name : TemplateReferences(s)) {
    if (IsObjectReference(name) && !bindings.count(name)) {
      if (values == &bindings) {
        with_unseen = bindings;
        values = &with_unseen;
      }
      with_unseen[name] = "${" + name + "}";
    }
  }
  auto expanded = ExpandTemplate(s, *values);
  if (!expanded.ok()) {
    *error = expanded.status();
    return v;
  }
  return json(*expanded);
}

}  // namespace

void BindObjectReferences(const json& body, std::map<std::string, std::string>* bindings) {
  if (!body.is_object()) return;
  auto meta = body.find("metadata");
  if (meta == body.end() || !meta->is_object()) return;
  auto name = meta->find("name");
  if (name == meta->end() || !name->is_string() || name->get_ref<const std::string&>().empty())
    return;
  const std::string& n = name->get_ref<const std::string&>();
  auto uid = meta->find("uid");
  if (uid != meta->end() && uid->is_string()) (*bindings)[kUidReference + n] = *uid;
  auto rv = meta->find("resourceVersion");
  if (rv != meta->end() && rv->is_string()) (*bindings)[kResourceVersionReference + n] = *rv;
}

std::string Verdict::FirstLine() const {
  if (mismatches.empty()) return "";
  const std::string& m = mismatches.front();
  return m.substr(0, m.find('\n'));
}

std::vector<std::string> CompareExpectation(const Expectation& expected, const StepAnswer& answer,
                                            const MatchContext& context,
                                            std::map<std::string, std::string>* bindings) {
  if (expected.kind != Expectation::Kind::kAnyOf) {
    // Two passes when needed: the first binds every placeholder it can, so
    // that a ${a} met before ~IPv4:a in traversal order still expands. When
    // every ${name} expanded in the first pass, a second would say the same.
    std::map<std::string, std::string> trial = *bindings;
    bool unbound = false;
    std::vector<std::string> mismatches = CompareOne(expected, answer, context, &trial, &unbound);
    if (unbound) mismatches = CompareOne(expected, answer, context, &trial);
    // Bindings are kept even on a mismatch, so that later steps can still send
    // back the values this answer holds and be compared.
    *bindings = trial;
    return mismatches;
  }
  std::vector<std::string> closest;
  std::map<std::string, std::string> closest_bindings = *bindings;
  size_t closest_index = 0, fewest = SIZE_MAX;
  for (size_t i = 0; i < expected.any_of.size(); ++i) {
    std::map<std::string, std::string> trial = *bindings;
    std::vector<std::string> m = CompareExpectation(expected.any_of[i], answer, context, &trial);
    if (m.empty()) {
      *bindings = trial;
      return {};
    }
    if (m.size() < fewest) {
      fewest = m.size();
      closest = m;
      closest_index = i;
      closest_bindings = trial;
    }
  }
  *bindings = closest_bindings;
  std::vector<std::string> out;
  out.push_back("none of the " + std::to_string(expected.any_of.size()) +
                " anyOf answers matched; closest is anyOf[" + std::to_string(closest_index) + "]:");
  for (auto& m : closest) out.push_back("  " + m);
  return out;
}

CaseMatcher::CaseMatcher(const GoldenCase& golden_case, MatchContext context)
    : case_(golden_case), context_(std::move(context)) {}

Result<PreparedRequest> CaseMatcher::RequestFor(size_t index) const {
  const Step& s = case_.steps.at(index);
  PreparedRequest prepared;
  registry::Request& r = prepared.request;
  switch (s.op) {
    case StepOp::kCreate: r.op = registry::Op::kCreate; break;
    case StepOp::kUpdate: r.op = registry::Op::kUpdate; break;
    case StepOp::kPatch: r.op = registry::Op::kPatch; break;
    case StepOp::kApply: r.op = registry::Op::kApply; break;
    case StepOp::kDelete: r.op = registry::Op::kDelete; break;
    case StepOp::kGet: r.op = registry::Op::kGet; break;
    case StepOp::kList: r.op = registry::Op::kList; break;
    case StepOp::kWait: r.op = registry::Op::kWait; break;
    default: return InvalidArgument(std::string("op ") + StepOpName(s.op) + " sends no request");
  }
  Status error;
  json object = Substitute(s.object, bindings_, &error);
  json patch = Substitute(s.patch, bindings_, &error);
  json delete_options = Substitute(s.delete_options, bindings_, &error);
  // A later step names an object by what an answer bound (a generated name).
  json name = Substitute(json(s.TargetName()), bindings_, &error);
  if (!error.ok()) return error;
  r.name = name.is_string() ? name.get<std::string>() : s.TargetName();
  r.namespace_name = s.TargetNamespace();
  if (s.TargetKind() == "Node") r.resource = registry::Resource::kNodes;
  if (s.TargetKind() == "ServiceCIDR") r.resource = registry::Resource::kServiceCIDRs;
  if (s.TargetKind() == "IPAddress") r.resource = registry::Resource::kIPAddresses;
  r.wait_for = s.wait_for;
  r.subresource = s.subresource;
  if (s.label_selector) r.label_selector = *s.label_selector;
  if (s.field_selector) r.field_selector = *s.field_selector;
  r.dry_run = s.dry_run;
  r.field_validation = s.field_validation;
  r.patch_type = s.patch_type;
  if (s.field_manager) r.field_manager = *s.field_manager;
  if (s.force) r.force = *s.force;
  // An update with a patch is GET, merge, PUT: the runner does the GET, so
  // the request carries the merge patch and the runner builds the object.
  prepared.merge_into_current = s.op == StepOp::kUpdate && !patch.is_null();
  r.body = s.op == StepOp::kPatch || prepared.merge_into_current ? patch : object;
  // A delete's body is its DeleteOptions; its object only names the target.
  if (s.op == StepOp::kDelete) r.body = delete_options;
  return prepared;
}

std::vector<std::string> CaseMatcher::Observe(size_t index, const StepAnswer& answer) {
  const Step& s = case_.steps.at(index);
  std::vector<std::string> mismatches;
  if (s.expect) {
    // The step's own generateName, read from the request as written: a name
    // written as ${g} is still a name, so nothing needs substituting.
    context_.generate_name = s.op == StepOp::kCreate ? GenerateNameOf(s.object) : "";
    mismatches = CompareExpectation(*s.expect, answer, context_, &bindings_);
  } else if ((s.op == StepOp::kRestart || s.op == StepOp::kStart) &&
             answer.kind == StepAnswer::Kind::kStartupError) {
    mismatches.push_back("the control plane failed to start: " + answer.startup_error);
  }
  for (auto& m : mismatches) {
    m = StepLabel(case_, index) + ": " + m;
    verdict_.mismatches.push_back(m);
  }
  if (!mismatches.empty()) verdict_.passed = false;
  BindObjectReferences(answer.answer.body, &bindings_);
  return mismatches;
}

Verdict Compare(const GoldenCase& golden_case, const std::vector<StepAnswer>& answers,
                const MatchContext& context) {
  CaseMatcher matcher(golden_case, context);
  for (size_t i = 0; i < golden_case.steps.size(); ++i) {
    if (i >= answers.size()) {
      Verdict v = matcher.verdict();
      v.passed = false;
      v.mismatches.push_back(StepLabel(golden_case, i) + ": no answer");
      return v;
    }
    matcher.Observe(i, answers[i]);
  }
  return matcher.verdict();
}

}  // namespace kdual::golden
