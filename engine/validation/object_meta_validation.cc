#include "engine/validation/object_meta_validation.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/base/go_format.h"
#include "engine/base/json_access.h"
#include "engine/validation/name_validation.h"

namespace kdual::validation {
namespace {

// time.Time.String() of an RFC 3339 UTC timestamp ("2024-01-01T00:00:00Z"
// -> "2024-01-01 00:00:00 +0000 UTC"), fractional seconds kept without
// trailing zeros; other spellings are printed as given.
std::string GoTimeString(const std::string& rfc3339) {
  if (rfc3339.size() < 20 || rfc3339[10] != 'T' || rfc3339.back() != 'Z') return rfc3339;
  std::string date = rfc3339.substr(0, 10);
  std::string clock = rfc3339.substr(11, rfc3339.size() - 12);
  size_t dot = clock.find('.');
  if (dot != std::string::npos) {
    while (!clock.empty() && clock.back() == '0') clock.pop_back();
    if (clock.back() == '.') clock.pop_back();
  }
  return date + " " + clock + " +0000 UTC";
}

using nlohmann::json;

constexpr int64_t kTotalAnnotationSizeLimitB = 256 * (1 << 10);

const json& Metadata(const api::Service& svc) {
  static const json kEmpty = json::object();
  auto it = svc.raw.find("metadata");
  if (it == svc.raw.end() || !it->is_object()) return kEmpty;
  return *it;
}

std::vector<std::string> StringList(const json& meta, const char* key) {
  std::vector<std::string> out;
  auto it = meta.find(key);
  if (it == meta.end() || !it->is_array()) return out;
  for (const auto& e : *it) out.push_back(e.is_string() ? e.get<std::string>() : "");
  return out;
}

// schema.FromAPIVersionAndKind's ParseGroupVersion: "" and "/" are empty,
// "v" is a version, "g/v" a group and version, more slashes an error.
void SplitGroupVersion(const std::string& gv, std::string* group, std::string* version) {
  group->clear();
  version->clear();
  if (gv.empty() || gv == "/") return;
  auto slashes = std::count(gv.begin(), gv.end(), '/');
  if (slashes == 0) {
    *version = gv;
  } else if (slashes == 1) {
    size_t i = gv.find('/');
    *group = gv.substr(0, i);
    *version = gv.substr(i + 1);
  }
}

// A metav1.OwnerReference as the release prints it in a field error.
FieldValue OwnerReferenceValue(const json& ref) {
  auto ptr_bool_go = [&](const char* key) -> std::string {
    auto it = ref.find(key);
    if (it == ref.end() || !it->is_boolean()) return "(*bool)(nil)";
    return "(*bool)(0x0)";  // an address in Go; never the same twice
  };
  std::string go = "v1.OwnerReference{APIVersion:" + GoQuote(StringField(ref, "apiVersion")) +
                   ", Kind:" + GoQuote(StringField(ref, "kind")) +
                   ", Name:" + GoQuote(StringField(ref, "name")) +
                   ", UID:" + GoQuote(StringField(ref, "uid")) +
                   ", Controller:" + ptr_bool_go("controller") +
                   ", BlockOwnerDeletion:" + ptr_bool_go("blockOwnerDeletion") + "}";
  std::string js = "{\"apiVersion\":" + GoJSONString(StringField(ref, "apiVersion")) +
                   ",\"kind\":" + GoJSONString(StringField(ref, "kind")) +
                   ",\"name\":" + GoJSONString(StringField(ref, "name")) +
                   ",\"uid\":" + GoJSONString(StringField(ref, "uid"));
  for (const char* key : {"controller", "blockOwnerDeletion"}) {
    auto it = ref.find(key);
    if (it != ref.end() && it->is_boolean())
      js += std::string(",\"") + key + "\":" + (it->get<bool>() ? "true" : "false");
  }
  js += "}";
  return FieldValue::Raw(go, js);
}

ErrorList ValidateOwnerReferences(const json& meta, const std::string& path,
                                  const version::Profile& profile) {
  ErrorList errs;
  auto it = meta.find("ownerReferences");
  if (it == meta.end() || !it->is_array()) return errs;
  const bool v137 = profile.owner_reference_errors_indexed;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& ref = (*it)[i];
    // Before 1.37 every reference's errors name the list itself, no index.
    std::string p = v137 ? path + "[" + std::to_string(i) + "]" : path;
    std::string api_version = StringField(ref, "apiVersion"), kind = StringField(ref, "kind"),
                name = StringField(ref, "name"), uid = StringField(ref, "uid");
    std::string group, version;
    SplitGroupVersion(api_version, &group, &version);
    if (v137) {
      // apimachinery 0.37 validateOwnerReference.
      if (api_version.empty()) {
        errs.push_back(Required(p + ".apiVersion", "must not be empty"));
      } else if (version.empty()) {
        errs.push_back(Invalid(p + ".apiVersion", FieldValue::String(api_version),
                               "must be <group>/<version> or <version>"));
      }
      if (kind.empty()) errs.push_back(Required(p + ".kind", "must not be empty"));
      if (name.empty()) errs.push_back(Required(p + ".name", "must not be empty"));
      if (uid.empty()) errs.push_back(Required(p + ".uid", "must not be empty"));
    } else {
      if (version.empty())
        errs.push_back(Invalid(p + ".apiVersion", FieldValue::String(api_version),
                               "version must not be empty"));
      // apimachinery 0.34 dropped the field name from these three messages.
      const std::string kind_msg = profile.owner_reference_messages_unprefixed
                                       ? "must not be empty"
                                       : "kind must not be empty";
      const std::string name_msg = profile.owner_reference_messages_unprefixed
                                       ? "must not be empty"
                                       : "name must not be empty";
      const std::string uid_msg = profile.owner_reference_messages_unprefixed
                                      ? "must not be empty"
                                      : "uid must not be empty";
      if (kind.empty()) errs.push_back(Invalid(p + ".kind", FieldValue::String(kind), kind_msg));
      if (name.empty()) errs.push_back(Invalid(p + ".name", FieldValue::String(name), name_msg));
      if (uid.empty()) errs.push_back(Invalid(p + ".uid", FieldValue::String(uid), uid_msg));
    }
    // BannedOwners: core/v1 Event.
    if (group.empty() && version == "v1" && kind == "Event") {
      errs.push_back(Invalid(p, OwnerReferenceValue(ref),
                             "/v1, Kind=Event is disallowed from being an owner"));
    }
  }
  return errs;
}

// apimachinery ValidateFinalizers: every name a qualified name (the path has
// no index), and not both orphan and foregroundDeletion.
ErrorList ValidateFinalizers(const std::vector<std::string>& finalizers, const std::string& path,
                             const version::Profile& profile) {
  ErrorList errs;
  bool orphan = false, foreground = false;
  for (const auto& f : finalizers) {
    for (const auto& m : IsQualifiedName(f, profile))
      errs.push_back(Invalid(path, FieldValue::String(f), m));
    orphan = orphan || f == "orphan";
    foreground = foreground || f == "foregroundDeletion";
  }
  if (orphan && foreground) {
    errs.push_back(Invalid(path, FieldValue::List(finalizers, "[]string"),
                           "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

// core validateKubeFinalizerName, per finalizer with its index.
ErrorList ValidateKubeFinalizerNames(const std::vector<std::string>& finalizers,
                                     const std::string& path) {
  ErrorList errs;
  for (size_t i = 0; i < finalizers.size(); ++i) {
    const auto& f = finalizers[i];
    if (f.find('/') == std::string::npos && f != "kubernetes" && f != "orphan" &&
        f != "foregroundDeletion") {
      errs.push_back(
          Invalid(path + "[" + std::to_string(i) + "]", FieldValue::String(f),
                  "name is neither a standard finalizer name nor is it fully qualified"));
    }
  }
  return errs;
}

void Append(ErrorList& to, ErrorList from) { to.insert(to.end(), from.begin(), from.end()); }

}  // namespace

ErrorList ValidateLabels(const std::map<std::string, std::string>& labels, const std::string& path,
                         const version::Profile& profile) {
  ErrorList errs;
  for (const auto& [k, v] : labels) {
    for (const auto& m : IsQualifiedName(k, profile))
      errs.push_back(Invalid(path, FieldValue::String(k), m));
    for (const auto& m : IsValidLabelValue(v, profile))
      errs.push_back(Invalid(path, FieldValue::String(v), m));
  }
  return errs;
}

ErrorList ValidateAnnotations(const std::map<std::string, std::string>& annotations,
                              const std::string& path, const version::Profile& profile) {
  ErrorList errs;
  int64_t total = 0;
  for (const auto& [k, v] : annotations) {
    std::string lower = k;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const auto& m : IsQualifiedName(lower, profile))
      errs.push_back(Invalid(path, FieldValue::String(k), m));
    total += static_cast<int64_t>(k.size() + v.size());
  }
  if (total > kTotalAnnotationSizeLimitB) {
    FieldError e = TooLong(path, static_cast<int>(kTotalAnnotationSizeLimitB));
    // apimachinery 0.29 worded TooLong as "must have at most N bytes".
    if (!profile.too_long_says_may_not_be_more)
      e.detail = "must have at most " + std::to_string(kTotalAnnotationSizeLimitB) + " bytes";
    errs.push_back(e);
  }
  return errs;
}

ErrorList ValidateObjectMetaAccessor(const api::Service& svc, const NameFunc& name_fn,
                                     const version::Profile& profile) {
  ErrorList errs;
  const json& meta = Metadata(svc);
  if (!svc.generate_name.empty()) {
    for (const auto& m : name_fn(svc.generate_name, true)) {
      errs.push_back(Invalid("metadata.generateName", FieldValue::String(svc.generate_name), m));
    }
  }
  if (svc.name.empty()) {
    errs.push_back(Required("metadata.name", "name or generateName is required"));
  } else {
    for (const auto& m : name_fn(svc.name, false))
      errs.push_back(Invalid("metadata.name", FieldValue::String(svc.name), m));
  }
  if (svc.namespace_name.empty()) {
    errs.push_back(Required("metadata.namespace"));
  } else {
    for (const auto& m : IsDNS1123Label(svc.namespace_name, profile.dns_label_dots_message)) {
      errs.push_back(Invalid("metadata.namespace", FieldValue::String(svc.namespace_name), m));
    }
  }
  auto gen = meta.find("generation");
  if (gen != meta.end() && gen->is_number_integer() && gen->get<int64_t>() < 0) {
    errs.push_back(Invalid("metadata.generation", FieldValue::Int(gen->get<int64_t>()),
                           "must be greater than or equal to 0"));
  }
  Append(errs, ValidateLabels(svc.labels, "metadata.labels", profile));
  Append(errs, ValidateAnnotations(svc.annotations, "metadata.annotations", profile));
  Append(errs, ValidateOwnerReferences(meta, "metadata.ownerReferences", profile));
  Append(errs, ValidateFinalizers(StringList(meta, "finalizers"), "metadata.finalizers", profile));
  return errs;
}

ErrorList ValidateObjectMeta(const api::Service& svc, const NameFunc& name_fn,
                             const version::Profile& profile) {
  ErrorList errs = ValidateObjectMetaAccessor(svc, name_fn, profile);
  Append(errs, ValidateKubeFinalizerNames(StringList(Metadata(svc), "finalizers"),
                                          "metadata.finalizers"));
  return errs;
}

ErrorList ValidateObjectMetaAccessorUpdate(const api::Service& svc, const api::Service& old,
                                           const version::Profile& profile) {
  ErrorList errs;
  const json& meta = Metadata(svc);
  const json& old_meta = Metadata(old);
  auto deleting = old_meta.find("deletionTimestamp");
  if (deleting != old_meta.end() && !deleting->is_null()) {
    // ValidateNoNewFinalizers: sets.NewString(new).Difference(old).List(),
    // sorted, printed with %#v.
    std::vector<std::string> old_f = StringList(old_meta, "finalizers");
    std::set<std::string> extra;
    for (const auto& f : StringList(meta, "finalizers")) {
      if (std::find(old_f.begin(), old_f.end(), f) == old_f.end()) extra.insert(f);
    }
    if (!extra.empty()) {
      std::string list = "[]string{";
      bool first = true;
      for (const auto& f : extra) {
        if (!first) list += ", ";
        list += GoQuote(f);
        first = false;
      }
      errs.push_back(Forbidden(
          "metadata.finalizers",
          "no new finalizers can be added if the object is being deleted, found new finalizers " +
              list + "}"));
    }
  }
  if (svc.resource_version.empty()) {
    errs.push_back(Invalid("metadata.resourceVersion", FieldValue::String(""),
                           "must be specified for an update"));
  }
  // Name and namespace must match the request's before the registry gets
  // here. rest.BeforeUpdate has copied the stored uid (when the request gave
  // none), creationTimestamp, and deletionTimestamp and grace period (when
  // the stored object has them); what remains different is immutable
  // (apimachinery ValidateObjectMetaAccessorUpdate, in its order).
  if (svc.uid != old.uid) {
    errs.push_back(Invalid("metadata.uid", FieldValue::Named(svc.uid), "field is immutable"));
  }
  for (const char* key : {"deletionTimestamp", "deletionGracePeriodSeconds"}) {
    auto now = meta.find(key);
    auto was = old_meta.find(key);
    const bool has_now = now != meta.end() && !now->is_null();
    const bool had = was != old_meta.end() && !was->is_null();
    if (has_now == had && (!has_now || *now == *was)) continue;
    std::string field = std::string("metadata.") + key;
    if (!has_now) {
      errs.push_back(Invalid(field, FieldValue::Raw("null", "null"), "field is immutable"));
    } else if (std::string(key) == "deletionTimestamp") {
      // *metav1.Time: Go prints its time.Time String(), in UTC (the server
      // runs in UTC); 1.37 prints it as JSON.
      std::string text = now->is_string() ? now->get<std::string>() : now->dump();
      errs.push_back(Invalid(field, FieldValue::Raw(GoTimeString(text), "\"" + text + "\""),
                             "field is immutable"));
    } else {
      errs.push_back(
          Invalid(field, FieldValue::Raw(now->dump(), now->dump()), "field is immutable"));
    }
  }
  Append(errs, ValidateLabels(svc.labels, "metadata.labels", profile));
  Append(errs, ValidateAnnotations(svc.annotations, "metadata.annotations", profile));
  Append(errs, ValidateOwnerReferences(meta, "metadata.ownerReferences", profile));
  return errs;
}

ErrorList ValidateObjectMetaUpdate(const api::Service& svc, const api::Service& old,
                                   const version::Profile& profile) {
  ErrorList errs = ValidateObjectMetaAccessorUpdate(svc, old, profile);
  Append(errs, ValidateKubeFinalizerNames(StringList(Metadata(svc), "finalizers"),
                                          "metadata.finalizers"));
  return errs;
}

ErrorList ValidateSubdomainName(const std::string& name) {
  ErrorList errs;
  if (name.empty()) {
    errs.push_back(Required("metadata.name", "name or generateName is required"));
    return errs;
  }
  for (const auto& msg : IsDNS1123Subdomain(name)) {
    errs.push_back(Invalid("metadata.name", FieldValue::String(name), msg));
  }
  return errs;
}

}  // namespace kdual::validation
