// Generated golden cases (format v1, no expectations) for the differential
// runner: a menu of at most eight flag sets per run, and Services of every
// type, policy and family list with cluster IPs in and out of band and range,
// None, empty or malformed, sent through sequences of create, update, patch,
// delete, get, dry-run writes and restarts. One update, patch or delete in
// three goes beyond the spec, drawn from the types a client sends rather
// than from what the engine models: JSON patches (every operation, paths
// that are not there, values of the wrong type), metadata edits (finalizers,
// ownerReferences, the fields the server owns), strategic merge directives,
// fieldValidation with unknown fields, and DeleteOptions bodies
// (preconditions, propagation, dryRun, malformed fields). Everything is
// drawn from seeded choosers, so a seed and a count give the same cases
// every time.
#ifndef KDUAL_CONFORMANCE_DIFF_CASE_GENERATOR_H_
#define KDUAL_CONFORMANCE_DIFF_CASE_GENERATOR_H_

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "conformance/golden/golden_case.h"
#include "engine/flags/apiserver_flags.h"
#include "engine/flags/component_flags.h"
#include "engine/net/cidr.h"
#include "engine/version/release.h"

namespace kdual::diff {

// A chooser (the interface of engine/shapes/shapes.h) over std::mt19937_64:
// choice 0 is always the plainest option.
class SeededChooser {
 public:
  explicit SeededChooser(uint64_t seed) : rng_(seed) {}
  // A number in [0, n); n >= 1.
  uint64_t Below(uint64_t n);
  // Printable text of at most `max_len` characters.
  std::string Text(size_t max_len);

 private:
  std::mt19937_64 rng_;
};

// One control-plane configuration the cases of a run are sent to.
struct FlagSet {
  std::string label;  // "dual IPv6 first /112,/20", "rejected: ..."
  flags::ComponentFlags flags;
  std::vector<net::Cidr> ranges;  // service ranges, primary first (none when rejected)
  flags::PortRange node_ports;
  bool rejected = false;  // expected to be refused at start-up
  // Too few addresses or node ports for concurrent cases not to meet (one
  // case's static addresses, another's exhaustion): such cases run alone.
  bool small = false;
};

// The flag set of a cluster that is already running, from the flags it was
// started with (kube-apiserver's service-cluster-ip-range and
// service-node-port-range). Errors name the flag that does not parse.
Result<FlagSet> FlagSetOf(const flags::ComponentFlags& flags, const version::Release& release);

struct GeneratorOptions {
  uint64_t seed = 1;
  size_t cases = 100;
  version::Release release;
  // A cluster that is already running: every case uses its flags; no
  // restarts, no fresh-cluster and no start-up cases.
  std::optional<FlagSet> fixed_flag_set;
  // One case in 25 creates Nodes (node IPAM's answers); off for runs whose
  // cases were fixed before Node cases existed (the same seed then draws
  // the same Service cases as before).
  bool nodes = true;
  // With `nodes`, one case in 25 of the others creates ServiceCIDRs; off
  // for runs whose cases were fixed before ServiceCIDR cases existed.
  bool service_cidrs = true;
};

struct GeneratedCase {
  golden::GoldenCase golden_case;
  size_t flag_set = 0;  // index into Generation::flag_sets
  // Must run alone on its control plane: fresh-cluster, restart or start
  // steps, or a small flag set. Other cases of one flag set may run
  // concurrently: each draws its static addresses and node ports from a
  // slot of its own in the static bands.
  bool exclusive = false;
};

struct Generation {
  std::vector<FlagSet> flag_sets;    // at most 8
  std::vector<GeneratedCase> cases;  // grouped by flag set, exclusive ones last in each group
};

// The menu of flag sets for one run: IPv4, IPv6 and both dual orders with
// range sizes from small to large for `release`, the default or a small
// node-port range, and two flag sets the API server refuses.
std::vector<FlagSet> FlagSetMenu(SeededChooser& chooser, const version::Release& release);

// `options.cases` cases named "gen-<seed>-<n>", reproducible from the seed.
Generation GenerateCases(const GeneratorOptions& options);

}  // namespace kdual::diff

#endif  // KDUAL_CONFORMANCE_DIFF_CASE_GENERATOR_H_
