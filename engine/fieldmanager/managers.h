// Who owns which fields of an object, and how a write changes that: the
// apiserver's field manager (k8s.io/apiserver endpoints/handlers/
// fieldmanager in 1.23–1.26, apimachinery util/managedfields/internal from
// 1.27) over structured-merge-diff's merge.Updater (merge/update.go).
//
// A manager is named by its identifier (BuildManagerIdentifier): the name,
// the operation (Apply or Update), the apiVersion for an Update, and the
// subresource. So an Update by "kdual" and an Apply by "kdual" are two
// managers, and an apply by the one can conflict with the other.
//
// Every write that is not an apply is an Update: its manager takes the
// fields it changed or added, and every manager loses the fields that went
// (Updater.Update). An apply merges the configuration into the live object,
// prunes what the applier applied last time and no longer does (when no
// one else owns it), and fails with conflicts where another manager owns a
// field whose value the apply changes, unless forced (Updater.Apply).
//
// Fields the Service registry fills after the field manager ran (cluster
// IPs, families, node ports, status) are owned by nobody: the managers see
// the request's object after decoding and defaulting, not the stored one.
#ifndef KDUAL_ENGINE_FIELDMANAGER_MANAGERS_H_
#define KDUAL_ENGINE_FIELDMANAGER_MANAGERS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/fieldmanager/field_set.h"
#include "engine/fieldmanager/schema.h"
#include "engine/fieldmanager/typed_value.h"

namespace kdual::fieldmanager {

struct ManagerId {
  std::string manager;
  bool apply = false;  // operation Apply, else Update
  std::string api_version = "v1";
  std::string subresource;

  // BuildManagerIdentifier: the JSON of the entry's identity (an Apply has
  // no apiVersion). The managers sort by it.
  std::string Identifier() const;
  // printManager: "\"kdual\" using v1" for an Update, "\"kdual\"" for an Apply.
  std::string Print() const;
};

struct ManagedEntry {
  ManagerId id;
  FieldSet fields;
};

// By identifier.
using Managers = std::map<std::string, ManagedEntry>;

// An Update's bookkeeping (Updater.Update, then stripMeta and the
// managedFieldsUpdater's union): `live` null for a create. An object the
// server stored without managed fields stays without them
// (skipNonAppliedManager).
void RecordUpdate(const Schema& schema, Managers& managers, const ManagerId& who,
                  const nlohmann::json& live, const nlohmann::json& next);

// An object's managers as it is stored. Most objects never meet an apply,
// so an Update's bookkeeping waits until one does: DeferUpdate keeps the
// write's two objects (shared, so copies of the object stay cheap) and
// Resolve folds them in, in order, with RecordUpdate.
class ManagedFields {
 public:
  ManagedFields() = default;
  explicit ManagedFields(Managers settled) : managers_(std::move(settled)) {}

  void Clear() {
    managers_.clear();
    deferred_.clear();
  }
  // `live` null for a create.
  void DeferUpdate(const ManagerId& who, nlohmann::json live, nlohmann::json next);
  const Managers& Resolve(const Schema& schema);

 private:
  struct Deferred {
    ManagerId who;
    std::shared_ptr<const nlohmann::json> live, next;
  };
  Managers managers_;
  std::vector<Deferred> deferred_;
};

struct Conflict {
  ManagerId manager;
  Path path;
};

struct ApplyOutcome {
  // The merged and pruned object, before the scheme's defaulting; null
  // when the apply changes nothing (Updater.Apply returns nil).
  std::optional<nlohmann::json> object;
  std::vector<Conflict> conflicts;  // not forced: the apply fails
  Managers managers;                // the managers after the apply
};

// `live` null when the object does not exist yet (the apply creates it).
// `value_equality_noop`: 1.29+ (structured-merge-diff v4.4.1) tells a
// no-op by the objects' equality; before, by a comparison that ignores
// list order and the reset fields.
ApplyOutcome Apply(const Schema& schema, Managers managers, const ManagerId& applier,
                   const nlohmann::json& live, const nlohmann::json& config, bool force,
                   bool value_equality_noop);

// NewConflictError's Status: 409 Conflict, one FieldManagerConflict cause a
// conflict, and "Apply failed with N conflict(s): ...".
nlohmann::json ConflictStatus(const std::vector<Conflict>& conflicts);

}  // namespace kdual::fieldmanager

#endif  // KDUAL_ENGINE_FIELDMANAGER_MANAGERS_H_
