#include "conformance/golden/expectation_merge.h"

#include <algorithm>
#include <map>
#include <utility>

#include "conformance/golden/case_writer.h"

namespace kdual::golden {
namespace {

// The case with every expectation and the source removed: what it asks.
nlohmann::json Questions(const GoldenCase& golden_case) {
  GoldenCase stripped = golden_case;
  for (auto& step : stripped.steps) step.expect.reset();
  nlohmann::json j = CaseToJson(stripped);
  j.erase("source");
  j.erase("description");  // a reworded description asks the same thing
  return j;
}

void Flatten(const Expectation& e, std::vector<Expectation>* out) {
  if (e.kind == Expectation::Kind::kAnyOf) {
    for (const auto& alt : e.any_of) Flatten(alt, out);
  } else {
    out->push_back(e);
  }
}

}  // namespace

Expectation MergeAlternatives(const std::vector<Expectation>& alternatives) {
  std::vector<Expectation> flat;
  for (const auto& e : alternatives) Flatten(e, &flat);
  // Keyed by the written form: sorted, and equal answers collapse.
  std::map<std::string, Expectation> distinct;
  for (auto& e : flat) distinct.emplace(ExpectationToJson(e).dump(), std::move(e));
  if (distinct.size() == 1) return distinct.begin()->second;
  Expectation merged;
  merged.kind = Expectation::Kind::kAnyOf;
  for (auto& [key, e] : distinct) merged.any_of.push_back(std::move(e));
  return merged;
}

bool SameQuestions(const GoldenCase& a, const GoldenCase& b) {
  return Questions(a) == Questions(b);
}

Result<GoldenCase> MergeRuns(const std::vector<GoldenCase>& runs) {
  if (runs.empty()) return InvalidArgument("no captures to merge");
  GoldenCase merged = runs.front();
  for (size_t r = 1; r < runs.size(); ++r) {
    if (!SameQuestions(runs[r], merged)) {
      return InvalidArgument("capture " + std::to_string(r + 1) + " of case " + merged.name +
                             " asked different questions than the first");
    }
  }
  for (size_t i = 0; i < merged.steps.size(); ++i) {
    std::vector<Expectation> seen;
    for (const auto& run : runs) {
      if (run.steps[i].expect) seen.push_back(*run.steps[i].expect);
    }
    if (seen.empty()) {
      merged.steps[i].expect.reset();
    } else {
      merged.steps[i].expect = MergeAlternatives(seen);
    }
  }
  return merged;
}

GoldenCase MergeWithExisting(const GoldenCase& existing, const GoldenCase& fresh,
                             std::string* replaced_why) {
  replaced_why->clear();
  if (existing.source != fresh.source || existing.kubernetes != fresh.kubernetes) {
    *replaced_why = "the earlier answers came from " + std::string(SourceName(existing.source)) +
                    " " + existing.kubernetes + ", these from " + SourceName(fresh.source) + " " +
                    fresh.kubernetes;
    return fresh;
  }
  if (!SameQuestions(existing, fresh)) {
    *replaced_why = "the case's questions changed";
    return fresh;
  }
  GoldenCase merged = fresh;
  for (size_t i = 0; i < merged.steps.size(); ++i) {
    std::vector<Expectation> seen;
    if (existing.steps[i].expect) seen.push_back(*existing.steps[i].expect);
    if (fresh.steps[i].expect) seen.push_back(*fresh.steps[i].expect);
    if (!seen.empty()) merged.steps[i].expect = MergeAlternatives(seen);
  }
  return merged;
}

int CountAnyOfSteps(const GoldenCase& golden_case) {
  int n = 0;
  for (const auto& step : golden_case.steps) {
    if (step.expect && step.expect->kind == Expectation::Kind::kAnyOf) ++n;
  }
  return n;
}

}  // namespace kdual::golden
