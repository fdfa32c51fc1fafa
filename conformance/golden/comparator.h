// The one comparator: a golden case and the answers a target gave (the
// engine, a live cluster, another version) -> verdict and mismatches, one
// readable line each, by path:
//   steps[1] update: spec.clusterIPs[1]: expected ~IPv6:b, got 10.96.0.12 (IPv4)
//   steps[0] create: error.causes[0].message: expected "...", got "..."
#ifndef KDUAL_CONFORMANCE_GOLDEN_COMPARATOR_H_
#define KDUAL_CONFORMANCE_GOLDEN_COMPARATOR_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/golden/golden_case.h"
#include "engine/base/status.h"
#include "engine/flags/apiserver_flags.h"
#include "engine/net/cidr.h"
#include "engine/registry/request.h"

namespace kdual::golden {

// What a target did with one step.
struct StepAnswer {
  enum class Kind {
    kAnswer,        // a request's answer (object or Status)
    kStarted,       // start/restart succeeded
    kStartupError,  // start/restart failed; `startup_error` holds the message
  };
  Kind kind = Kind::kAnswer;
  registry::Answer answer;
  std::string startup_error;

  static StepAnswer FromAnswer(registry::Answer a) { return {Kind::kAnswer, std::move(a), ""}; }
  static StepAnswer Started() { return {Kind::kStarted, {}, ""}; }
  static StepAnswer StartupError(std::string m) { return {Kind::kStartupError, {}, std::move(m)}; }
};

// Where placeholders may point: every service range and node-port range the
// case's control plane had, before or after any restart.
struct MatchContext {
  std::vector<net::Cidr> service_ranges;
  std::vector<flags::PortRange> node_port_ranges;
  // The metadata.generateName of the compared step's create when it names
  // no object: ~generatedName and ${generatedName} match a name the server
  // made from it. Set per step (GenerateNameOf, placeholder.h).
  std::string generate_name;
};

struct Verdict {
  bool passed = true;
  std::vector<std::string> mismatches;
  // The first line of the first mismatch (the KNOWN_FAILURES key), or "".
  std::string FirstLine() const;
};

// A step's request. For an update written as a merge patch, the runner
// GETs the object, applies `request.body` to it as a JSON merge patch, and
// PUTs the result, as a person with kubectl edit would.
struct PreparedRequest {
  registry::Request request;
  bool merge_into_current = false;
};

// Compares answers step by step, carrying placeholder bindings from one step
// to the next so later requests can send back values the server chose.
class CaseMatcher {
 public:
  CaseMatcher(const GoldenCase& golden_case, MatchContext context);

  // Step `index`'s request with bound placeholders and ${a} replaced.
  Result<PreparedRequest> RequestFor(size_t index) const;

  // Compares step `index`'s answer with its expectation (if it has one),
  // records new bindings, and returns this step's mismatches.
  std::vector<std::string> Observe(size_t index, const StepAnswer& answer);

  const Verdict& verdict() const { return verdict_; }
  const std::map<std::string, std::string>& bindings() const { return bindings_; }

 private:
  const GoldenCase& case_;
  MatchContext context_;
  std::map<std::string, std::string> bindings_;
  Verdict verdict_;
};

// The whole case at once: answers[i] is step i's answer.
Verdict Compare(const GoldenCase& golden_case, const std::vector<StepAnswer>& answers,
                const MatchContext& context);

// Compares one expectation with one answer under `bindings` (updated on a
// match). Exposed for unit tests and the differential runner.
std::vector<std::string> CompareExpectation(const Expectation& expected, const StepAnswer& answer,
                                            const MatchContext& context,
                                            std::map<std::string, std::string>* bindings);

// Binds ${uid:NAME} and ${resourceVersion:NAME} from an answer that is an
// object (a Status or a list binds nothing).
void BindObjectReferences(const nlohmann::json& body, std::map<std::string, std::string>* bindings);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_COMPARATOR_H_
