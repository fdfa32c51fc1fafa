// Every client-visible change in the behaviour kdual models between the
// oldest and the newest supported minor, each with the first release that
// shows it, what a user sees, and the upstream change behind it. A release's
// profile (profile.h) is the oldest behaviour with every change that holds in
// that release applied, in table order: this table is the one place where
// the engine's behaviour depends on the version number, which is what lets
// `kdual versions diff` name the change behind each difference and
// `kdual versions matrix` print the table.
#ifndef KDUAL_ENGINE_VERSION_BEHAVIOUR_CHANGES_H_
#define KDUAL_ENGINE_VERSION_BEHAVIOUR_CHANGES_H_

#include <string>
#include <vector>

#include "engine/version/release.h"

namespace kdual::version {

struct Profile;

// What kind of change a user meets (the groups of `kdual versions diff`).
enum class ChangeKind {
  kFeatureGateDefault,  // a gate's default or lock changed
  kValidationRule,      // a request refused or accepted anew
  kErrorText,           // only the words of an answer changed
  kAllocator,           // how addresses or ports are handed out
  kDefaulting,          // what the server fills in
  kWarning,             // the warnings an answer carries
  kStartup,             // which component flags start
  kNodeIpam,            // Nodes and their pod CIDRs
  kPatch,               // how a patch applies to the stored object
};
const char* ChangeKindName(ChangeKind kind);  // "validation rule", ...

// The first patch of an older minor that got the change as a backport.
struct Backport {
  int minor = 0;
  int patch = 0;
};

struct BehaviourChange {
  const char* id;  // stable, kebab-case: "strict-ip-cidr-validation"
  ChangeKind kind;
  int since_minor;  // the first minor (1.since_minor.0) with the change
  std::vector<Backport> backports;
  const char* statement;  // one line: what the newer release does
  const char* upstream;   // PR, KEP or file: where it comes from
  void (*apply)(Profile&);

  // Whether `release` has the change (its minor, or a backport patch).
  bool HoldsIn(const Release& release) const;
};

// The table, oldest change first.
const std::vector<BehaviourChange>& BehaviourChanges();

// The change called `id`, or nullptr.
const BehaviourChange* FindBehaviourChange(const std::string& id);

}  // namespace kdual::version

#endif  // KDUAL_ENGINE_VERSION_BEHAVIOUR_CHANGES_H_
