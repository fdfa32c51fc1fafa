#include "conformance/diff/shrink.h"

#include <set>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"

namespace kdual::diff {
namespace {

using golden::GoldenCase;
using golden::StepOp;
using nlohmann::json;

// Parts of a request object a shrink keeps: without them the request is
// not a Service at all, and the divergence would be about that.
bool Protected(const std::string& pointer, bool is_object_field) {
  if (!is_object_field) return false;
  static const std::set<std::string> kKept = {"/apiVersion", "/kind", "/metadata", "/metadata/name",
                                              "/metadata/namespace"};
  return kKept.count(pointer) > 0;
}

// A key as a JSON pointer token (RFC 6901: ~ as ~0, / as ~1).
std::string PointerToken(const std::string& key) {
  std::string out;
  for (char ch : key) {
    if (ch == '~')
      out += "~0";
    else if (ch == '/')
      out += "~1";
    else
      out.push_back(ch);
  }
  return out;
}

// Every container member's JSON pointer, depth first, parents before children.
void Pointers(const json& value, const std::string& at, std::vector<std::string>* out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      std::string child = at + "/" + PointerToken(it.key());
      out->push_back(child);
      Pointers(it.value(), child, out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      std::string child = at + "/" + std::to_string(i);
      out->push_back(child);
      Pointers(value[i], child, out);
    }
  }
}

// Variants of one request document: a member removed, a list cut to its
// first item, a boolean made false.
std::vector<json> SmallerDocuments(const json& doc, bool is_object_field) {
  std::vector<json> out;
  std::vector<std::string> pointers;
  Pointers(doc, "", &pointers);
  for (const auto& p : pointers) {
    if (Protected(p, is_object_field)) continue;
    json::json_pointer ptr(p);
    json copy = doc;
    json& parent = copy[ptr.parent_pointer()];
    const std::string last = ptr.back();
    if (parent.is_object()) {
      parent.erase(last);
    } else if (parent.is_array()) {
      parent.erase(parent.begin() + static_cast<std::ptrdiff_t>(std::stoul(last)));
    }
    out.push_back(std::move(copy));
  }
  for (const auto& p : pointers) {
    json::json_pointer ptr(p);
    const json& v = doc[ptr];
    if (v.is_array() && v.size() > 1) {
      json copy = doc;
      copy[ptr] = json::array({v[0]});
      out.push_back(std::move(copy));
    } else if (v.is_boolean() && v.get<bool>()) {
      json copy = doc;
      copy[ptr] = false;
      out.push_back(std::move(copy));
    }
  }
  return out;
}

// The flags with the secondary service range dropped, if there is one.
bool DropSecondaryRange(flags::ComponentFlags* flags) {
  auto component = flags->components.find(flags::kApiserver);
  if (component == flags->components.end()) return false;
  auto range = component->second.find("service-cluster-ip-range");
  if (range == component->second.end()) return false;
  size_t comma = range->second.find(',');
  if (comma == std::string::npos) return false;
  range->second = range->second.substr(0, comma);
  return true;
}

bool DropNodePortRange(flags::ComponentFlags* flags) {
  auto component = flags->components.find(flags::kApiserver);
  if (component == flags->components.end()) return false;
  return component->second.erase("service-node-port-range") > 0;
}

bool Readable(const GoldenCase& candidate) {
  return golden::ParseCase(golden::WriteCase(candidate), candidate.name + ".yaml").ok();
}

size_t CountNodes(const json& value) {
  size_t n = 0;
  if (value.is_object() || value.is_array()) {
    for (const auto& child : value) n += 1 + CountNodes(child);
  }
  return n;
}

}  // namespace

GoldenCase WithoutExpectations(const GoldenCase& golden_case) {
  GoldenCase out = golden_case;
  for (auto& step : out.steps) step.expect.reset();
  return out;
}

std::vector<GoldenCase> ShrinkCandidates(const GoldenCase& golden_case, bool change_cluster) {
  const GoldenCase base = WithoutExpectations(golden_case);
  std::vector<GoldenCase> out;
  auto add = [&](GoldenCase candidate) {
    if (Readable(candidate)) out.push_back(std::move(candidate));
  };
  // Fewer steps, the last ones first (later steps depend on earlier ones).
  bool lone_start = base.steps.size() == 1 && base.steps[0].op == StepOp::kStart;
  if (!lone_start && base.steps.size() > 1) {
    for (size_t i = base.steps.size(); i-- > 0;) {
      GoldenCase c = base;
      c.steps.erase(c.steps.begin() + static_cast<std::ptrdiff_t>(i));
      add(std::move(c));
    }
  }
  // Fewer ranges, in the case's cluster and every restart together.
  for (auto drop : {DropSecondaryRange, DropNodePortRange}) {
    if (!change_cluster) break;
    GoldenCase c = base;
    bool changed = drop(&c.cluster);
    for (auto& step : c.steps) {
      if (step.cluster) changed = drop(&*step.cluster) || changed;
    }
    if (changed) add(std::move(c));
  }
  if (!base.requires_.empty() && change_cluster) {
    GoldenCase c = base;
    c.requires_.clear();
    add(std::move(c));
  }
  // Fewer fields and simpler values, step by step.
  for (size_t i = 0; i < base.steps.size(); ++i) {
    const auto& step = base.steps[i];
    if (!step.object.is_null()) {
      for (auto& doc : SmallerDocuments(step.object, true)) {
        GoldenCase c = base;
        c.steps[i].object = std::move(doc);
        add(std::move(c));
      }
    }
    if (!step.patch.is_null()) {
      for (auto& doc : SmallerDocuments(step.patch, false)) {
        GoldenCase c = base;
        c.steps[i].patch = std::move(doc);
        add(std::move(c));
      }
    }
    if (step.dry_run) {
      GoldenCase c = base;
      c.steps[i].dry_run = false;
      add(std::move(c));
    }
    if (step.patch_type_given) {
      GoldenCase c = base;
      c.steps[i].patch_type = registry::PatchType::kMerge;
      c.steps[i].patch_type_given = false;
      add(std::move(c));
    }
  }
  return out;
}

ShrinkResult Shrink(const GoldenCase& start,
                    const std::function<bool(const GoldenCase&)>& still_diverges,
                    const ShrinkOptions& options) {
  ShrinkResult result;
  result.smallest = WithoutExpectations(start);
  bool progressed = true;
  while (progressed) {
    progressed = false;
    for (auto& candidate : ShrinkCandidates(result.smallest, options.change_cluster)) {
      if (result.attempts >= options.max_attempts) {
        result.budget_exhausted = true;
        return result;
      }
      ++result.attempts;
      if (still_diverges(candidate)) {
        result.smallest = std::move(candidate);
        ++result.accepted;
        progressed = true;
        break;
      }
    }
  }
  return result;
}

size_t CaseSize(const GoldenCase& golden_case) {
  size_t n = 0;
  for (const auto& step : golden_case.steps) {
    n += 1 + CountNodes(step.object) + CountNodes(step.patch);
  }
  return n;
}

}  // namespace kdual::diff
