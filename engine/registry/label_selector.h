// Label selectors as the API server reads `?labelSelector=` on a list
// (apimachinery pkg/labels/selector.go Parse): the lexer and the recursive
// descent parser with their exact error texts, requirement validation
// (NewRequirement: label keys and values, Gt/Lt integers), requirements
// sorted by key, and Matches.
//
// The handler turns a parse error into 400 BadRequest with the error as
// the message (apiserver handlers/get.go ListResource: the query is decoded
// into ListOptions, whose labelSelector conversion calls labels.Parse).
#ifndef KDUAL_ENGINE_REGISTRY_LABEL_SELECTOR_H_
#define KDUAL_ENGINE_REGISTRY_LABEL_SELECTOR_H_

#include <map>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/version/profile.h"

namespace kdual::registry {

class LabelSelector {
 public:
  enum class Operator {
    kIn,
    kNotIn,
    kEquals,
    kDoubleEquals,
    kNotEquals,
    kExists,
    kDoesNotExist,
    kGreaterThan,
    kLessThan
  };
  struct Requirement {
    std::string key;
    Operator op = Operator::kExists;
    std::vector<std::string> values;  // sorted, distinct (sets.String.List())

    bool Matches(const std::map<std::string, std::string>& labels) const;
  };

  // Everything: no requirement.
  LabelSelector() = default;

  // labels.Parse. The error's message is the server's text, e.g.
  //   unable to parse requirement: <nil>: Invalid value: "a b": name part ...
  //   found ')', expected: ',', or identifier
  // Key and value messages follow `profile` (content.IsLabelKey from 1.35);
  // so does the parser's handling of ",," inside "( )" (from 1.35 the
  // second comma is no longer swallowed with the token after it).
  static Result<LabelSelector> Parse(const std::string& text, const version::Profile& profile);

  bool Matches(const std::map<std::string, std::string>& labels) const;
  bool Empty() const { return requirements_.empty(); }
  const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_LABEL_SELECTOR_H_
