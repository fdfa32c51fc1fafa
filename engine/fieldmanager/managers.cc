#include "engine/fieldmanager/managers.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/base/go_format.h"

namespace kdual::fieldmanager {

using nlohmann::json;

namespace {

Path P(std::initializer_list<const char*> names) {
  Path p;
  for (const char* n : names) p.push_back(PathElement::Field(n));
  return p;
}

// stripmeta.go: the paths taken off the current manager's set (exactly
// these, not their subtrees).
FieldSet StripMeta(const FieldSet& set) {
  static const std::vector<Path> kStripped = {
      P({"apiVersion"}),
      P({"kind"}),
      P({"metadata"}),
      P({"metadata", "name"}),
      P({"metadata", "namespace"}),
      P({"metadata", "creationTimestamp"}),
      P({"metadata", "selfLink"}),
      P({"metadata", "uid"}),
      P({"metadata", "clusterName"}),
      P({"metadata", "generation"}),
      P({"metadata", "managedFields"}),
      P({"metadata", "resourceVersion"}),
  };
  FieldSet out = set;
  FieldSet drop;
  for (const auto& p : kStripped) drop.Insert(p);
  return out.Difference(drop);
}

// The reset fields of the main resource (strategy.go GetResetFields).
const Path& StatusPath() {
  static const Path p = P({"status"});
  return p;
}

// A Go Service struct as runtime.DefaultUnstructuredConverter gives it:
// what creater.New makes for a create (the empty object an Update of a
// create compares with).
json EmptyService() {
  return json{{"metadata", {{"creationTimestamp", nullptr}}},
              {"spec", json::object()},
              {"status", {{"loadBalancer", json::object()}}}};
}

// Updater.update: conflicts of every other manager with what changed, the
// losses of fields that changed hands (forced) or went.
std::vector<Conflict> UpdateOthers(const Comparison& c, Managers& managers, const std::string& self,
                                   bool force) {
  std::vector<Conflict> conflicts;
  FieldSet changed = c.modified.Union(c.added);
  for (auto& [id, entry] : managers) {
    if (id == self) continue;
    FieldSet conflict = entry.fields.Intersection(changed);
    for (const auto& p : conflict.paths()) conflicts.push_back({entry.id, p});
  }
  if (!force && !conflicts.empty()) return conflicts;
  for (auto& [id, entry] : managers) {
    if (id == self) continue;
    entry.fields = entry.fields.Difference(changed.Intersection(entry.fields));
    entry.fields = entry.fields.Difference(c.removed);
  }
  for (auto it = managers.begin(); it != managers.end();) {
    it = it->second.fields.Empty() ? managers.erase(it) : std::next(it);
  }
  return {};
}

}  // namespace

std::string ManagerId::Identifier() const {
  // json.Marshal of ManagedFieldsEntry: manager, operation, apiVersion,
  // (time, fieldsType, fieldsV1 cleared), subresource; empty ones omitted.
  std::string out = "{\"manager\":" + GoJSONString(manager) + ",\"operation\":\"" +
                    (apply ? "Apply" : "Update") + "\"";
  if (!apply && !api_version.empty()) out += ",\"apiVersion\":" + GoJSONString(api_version);
  if (!subresource.empty()) out += ",\"subresource\":" + GoJSONString(subresource);
  return out + "}";
}

std::string ManagerId::Print() const {
  std::string out = GoQuote(manager);
  if (!subresource.empty()) out += " with subresource " + GoQuote(subresource);
  if (!apply) out += " using " + api_version;
  return out;
}

void RecordUpdate(const Schema& schema, Managers& managers, const ManagerId& who, const json& live,
                  const json& next) {
  const bool create = live.is_null();
  // skipNonAppliedManager: an existing object without managed fields is
  // not tracked.
  if (managers.empty() && !create) return;
  Comparison c = Compare(schema, create ? EmptyService() : live, next).Excluding(StatusPath());
  // Updater.Update runs for "current-operation", so the manager's own
  // previous entry counts among the others.
  UpdateOthers(c, managers, "", true);
  FieldSet current = StripMeta(c.modified.Union(c.added).Difference(c.removed));
  if (current.Empty()) return;
  const std::string id = who.Identifier();
  auto it = managers.find(id);
  if (it == managers.end()) it = managers.emplace(id, ManagedEntry{who, {}}).first;
  it->second.fields = it->second.fields.Union(current);
}

void ManagedFields::DeferUpdate(const ManagerId& who, json live, json next) {
  deferred_.push_back({who, std::make_shared<const json>(std::move(live)),
                       std::make_shared<const json>(std::move(next))});
}

const Managers& ManagedFields::Resolve(const Schema& schema) {
  for (const auto& d : deferred_) RecordUpdate(schema, managers_, d.who, *d.live, *d.next);
  deferred_.clear();
  return managers_;
}

ApplyOutcome Apply(const Schema& schema, Managers managers, const ManagerId& applier,
                   const json& live_in, const json& config, bool force, bool value_equality_noop) {
  ApplyOutcome out;
  const json live = live_in.is_null() ? EmptyService() : live_in;
  // skipNonAppliedManager: the fields of an object stored without managed
  // fields go to "before-first-apply" first.
  if (managers.empty() && !live_in.is_null()) {
    ManagerId before{"before-first-apply", false, "v1", ""};
    Managers seeded;
    RecordUpdate(schema, seeded, before, nullptr, live);
    managers = std::move(seeded);
  }
  const std::string self = applier.Identifier();
  json merged = Merge(schema, live, config);
  FieldSet last;
  if (auto it = managers.find(self); it != managers.end()) last = it->second.fields;
  FieldSet set = ToFieldSet(schema, config).WithoutSubtree(StatusPath());
  managers[self] = ManagedEntry{applier, set};

  // prune: what the applier applied last time and not now, owned by no one.
  if (!last.Empty()) {
    const FieldSet e_last = EnsureNamedFieldsAreMembers(schema, last);
    json p1 = RemoveItems(schema, merged, e_last);
    FieldSet owned;
    for (const auto& [id, entry] : managers) owned = owned.Union(entry.fields);
    const FieldSet e_merged = EnsureNamedFieldsAreMembers(schema, ToFieldSet(schema, merged));
    const FieldSet e_p1 = EnsureNamedFieldsAreMembers(schema, ToFieldSet(schema, p1));
    json p2 =
        RemoveItems(schema, merged,
                    e_merged.Difference(e_p1.Union(EnsureNamedFieldsAreMembers(schema, owned))));
    const FieldSet e_p2 = EnsureNamedFieldsAreMembers(schema, ToFieldSet(schema, p2));
    merged = RemoveItems(schema, merged, e_merged.Difference(e_p2).Intersection(e_last));
  }

  Comparison full = Compare(schema, live, merged);
  Comparison c = full.Excluding(StatusPath());
  out.conflicts = UpdateOthers(c, managers, self, force);
  if (!out.conflicts.empty()) return out;
  // stripMeta on the applier's set; an empty set leaves no entry.
  if (auto it = managers.find(self); it != managers.end()) {
    it->second.fields = StripMeta(it->second.fields);
    if (it->second.fields.Empty()) managers.erase(it);
  }
  out.managers = std::move(managers);
  const bool same = value_equality_noop ? live == merged : c.IsSame();
  if (!same || live_in.is_null()) out.object = std::move(merged);
  return out;
}

json ConflictStatus(const std::vector<Conflict>& conflicts) {
  json causes = json::array();
  for (const auto& c : conflicts) {
    causes.push_back({{"reason", "FieldManagerConflict"},
                      {"message", "conflict with " + c.manager.Print()},
                      {"field", PathString(c.path)}});
  }
  std::string message;
  if (conflicts.size() == 1) {
    message = "Apply failed with 1 conflict: conflict with " + conflicts[0].manager.Print() + ": " +
              PathString(conflicts[0].path);
  } else {
    std::map<std::string, std::pair<ManagerId, std::vector<std::string>>> by;
    for (const auto& c : conflicts) {
      auto& slot = by[c.manager.Identifier()];
      slot.first = c.manager;
      slot.second.push_back(PathString(c.path));
    }
    std::string body;
    for (const auto& [id, entry] : by) {
      if (!body.empty()) body += "\n";
      body += "conflicts with " + entry.first.Print() + ":";
      for (const auto& p : entry.second) body += "\n- " + p;
    }
    message = "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: " + body;
  }
  return json{{"kind", "Status"},
              {"apiVersion", "v1"},
              {"metadata", json::object()},
              {"status", "Failure"},
              {"message", message},
              {"reason", "Conflict"},
              {"details", {{"causes", causes}}},
              {"code", 409}};
}

}  // namespace kdual::fieldmanager
