// Turns a real server's answers into a golden case's expectations: objects
// normalized, errors as code/reason/message/causes, and the values the
// server chose (cluster IPs, node ports not in the request) as bound
// placeholders, the same value always under the same name.
#ifndef KDUAL_CONFORMANCE_LIVE_CAPTURE_H_
#define KDUAL_CONFORMANCE_LIVE_CAPTURE_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "conformance/golden/comparator.h"
#include "conformance/golden/golden_case.h"
#include "conformance/runner/target.h"

namespace kdual::live {

class ExpectationRecorder {
 public:
  // `original` is the case as written; where it has expectations that
  // match the real answers, their binding names are kept.
  ExpectationRecorder(const golden::GoldenCase& original, golden::MatchContext context);

  // The expectation of step `index` for `answer`. `sent` is the request
  // as sent for the step (placeholders replaced; for an update by merge
  // patch, the patch): a value asked for by it or an earlier step's request
  // stays literal, one the server chose becomes a placeholder (not in a
  // dry-run answer, unless bound already). Transport failures (code 0) are
  // an error.
  Result<golden::Expectation> Record(size_t index, const registry::Request& sent,
                                     const golden::StepAnswer& answer);

  const std::map<std::string, std::string>& bindings() const { return name_of_; }
  // Values the target chose for one step (an address, a node port) that
  // another request of the case names: a later one (which then asks
  // something that depends on the choice), or an earlier one (a create
  // given that value by the target's pick).
  const std::set<std::string>& picked_and_named() const { return picked_and_named_; }

 private:
  Result<golden::Expectation> RecordAnswer(size_t index, const registry::Request& sent,
                                           const golden::StepAnswer& answer);
  std::string BindingFor(const std::string& value, bool is_port);
  // `text` with the values the target chose written as ${name}: bound
  // addresses and ports, and the uids and resourceVersions of the objects
  // earlier answers carried (${uid:web}, ${resourceVersion:web}), and the
  // name generated for this step's request as ${generatedName}.
  std::string Substitute(const std::string& text) const;

  const golden::GoldenCase& original_;
  golden::MatchContext context_;
  std::map<std::string, std::string> original_bindings_;  // name -> value
  std::map<std::string, std::string> name_of_;            // value -> name
  std::map<std::string, std::string> value_of_;           // name -> value
  // Addresses and node ports the case's requests asked for so far.
  std::set<std::string> requested_strings_;
  std::set<std::string> requested_ports_;
  std::set<std::string> requested_canonical_;  // addresses as the server writes them, and ports
  std::set<std::string> picked_and_named_;
  // ${uid:NAME} and ${resourceVersion:NAME} as the answers so far bound them.
  std::map<std::string, std::string> object_refs_;
  // The name the server generated for the step being recorded, or "".
  std::string generated_name_;
};

// Whether a list's field selector holds the term metadata.name!=kubernetes:
// a list of `default` that leaves out the one Service a fresh control plane
// has there answers the same in a run namespace.
bool ExcludesKubernetesService(const std::string& field_selector);

// What capturing one case gave: the case with expectations, or why not.
struct CaptureResult {
  golden::GoldenCase captured;
  std::vector<std::string> notes;  // non-fatal remarks, one line each
  // See ExpectationRecorder::picked_and_named (sorted).
  std::vector<std::string> picked_and_named;
};

// Why a case cannot be captured through run namespaces, or nothing: a step
// on the default/kubernetes Service would reach a copy that does not exist
// in the run namespace (the server's own lives in the real `default`, which
// kdual never writes), so the server's answer would not be the one the case
// asks for.
std::optional<std::string> UncapturableStep(const golden::GoldenCase& c);

// Starts `target` with the case's flags, sends every step and records each
// answer as the step's expectation (a successful restart gets none). The
// result has source.from: apiserver; source.kubernetes is the caller's to
// set. Each recorded expectation is checked against its own answer with
// the comparator; a disagreement is a note, not an error.
Result<CaptureResult> CaptureCase(const golden::GoldenCase& original, runner::Target& target,
                                  const golden::MatchContext& context);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_CAPTURE_H_
