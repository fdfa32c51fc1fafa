#include "engine/registry/cluster_ip_allocation.h"

#include "engine/base/explain_trace.h"
#include "engine/base/go_format.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

namespace {

// allocIPs: the families in ipFamilies order (the server walks a Go map, so
// the order between two families is random there).
std::optional<Answer> AllocIPsInOrder(
    Service& svc, const std::vector<std::pair<std::string, std::string>>& to_alloc, bool dry_run,
    std::map<net::Family, DeepCopyPtr<alloc::ClusterIPAllocator>>& allocs,
    const std::map<net::Family, alloc::LegacyBitmap>& bitmaps, const version::Profile& profile,
    IPTxn* txn, std::map<std::string, std::string>* allocated,
    const std::vector<alloc::ClusterIPAllocator*>& extra) {
  for (const auto& fam_ip : to_alloc) {
    // Named copies, not a structured binding: the fail_static lambda below
    // captures `ip`, and clang-14 (the asan and fuzz presets) refuses a
    // lambda capture of a structured binding.
    const std::string& fam = fam_ip.first;
    const std::string& ip = fam_ip.second;
    net::Family f = fam == "IPv4" ? net::Family::kIPv4 : net::Family::kIPv6;
    auto it = allocs.find(f);
    // The allocator of the family's ServiceCIDR: none when the default
    // ServiceCIDR kept another family.
    alloc::ClusterIPAllocator* a = it == allocs.end() ? nullptr : it->second.get();
    auto lb = bitmaps.find(f);
    const alloc::LegacyBitmap* bitmap = lb == bitmaps.end() ? nullptr : &lb->second;
    if (ip.empty()) {
      alloc::IPAllocResult r;
      bool decided = false;
      if (bitmap != nullptr && !bitmap->stale() && !dry_run) {
        // cidrallocator.go AllocateNextService (1.33): the flag's bitmap
        // first; its pick must lie in a ServiceCIDR, or the call fails with
        // the pick left taken in the bitmap. A full bitmap falls through.
        auto picked = bitmap->stored->AllocateNext();
        if (picked.ok()) {
          decided = true;
          if (a == nullptr || !a->cidr().Contains(picked.value)) {
            KDUAL_TRACE("cidrallocator.go AllocateNextService",
                        fam + " address " + picked.value.ToString() + " from the bitmap of " +
                            bitmap->flag_range.ToString() +
                            " lies in no ServiceCIDR: it stays taken in the bitmap");
            r.error = alloc::AllocError::kMismatchedNetwork;
            r.message = "the provided network does not match the current range";
          } else {
            r = a->Allocate(picked.value);
          }
        }
      }
      if (!decided) {
        if (a == nullptr) {
          // No ServiceCIDR of that family: MetaAllocator.AllocateNextService
          // finds no allocator to try.
          r.error = alloc::AllocError::kFull;
          r.message = "range is full";
        } else {
          r = a->AllocateNext(dry_run);
        }
      }
      if (r.ok() && !dry_run && a->mode() != alloc::IPAllocatorMode::kBitmap && svc.name.empty()) {
        // As for a static address: the IPAddress object for the chosen
        // address fails validation (no parentRef name), and AllocateNext
        // returns that error instead of trying another address.
        // Unlike a static address, 1.33's bitmap does not keep it either
        // (captured: a named create afterwards gets the same address).
        a->Release(r.value);
        if (a->mode() == alloc::IPAllocatorMode::kMeta && !profile.ip_address_create_errors_abort) {
          // ipallocator.go allocateFromRange (<= 1.34): the refused create is
          // logged and the next address tried; every one fails alike, so
          // both bands run out and the answer is ErrFull.
          r.error = alloc::AllocError::kFull;
          r.message = "range is full";
        } else {
          r.error = alloc::AllocError::kNotReady;
          r.message = "IPAddress.networking.k8s.io " + GoQuote(r.value.ToString()) +
                      " is invalid: spec.parentRef.name: Required value";
        }
      }
      if (!r.ok()) {
        // storage/alloc.go allocIPs: from 1.35 an error other than ErrFull
        // is 422 on spec.clusterIPs; from 1.36 the 500 names the Service.
        if (profile.dynamic_alloc_errors_invalid && r.error != alloc::AllocError::kFull) {
          ErrorList el = {validation::Invalid("spec.clusterIPs", ClusterIPsValue(svc),
                                              "failed to allocate IP: " + r.message)};
          return FromStatusJson(validation::InvalidStatus("Service", svc.name, el,
                                                          profile.field_error_values_as_json));
        }
        if (profile.range_full_message_names_service) {
          return FromStatusJson(
              validation::InternalErrorStatus("failed to allocate a serviceIP for Service " +
                                              GoQuote(svc.name) + ": " + r.message));
        }
        return FromStatusJson(
            validation::InternalErrorStatus("failed to allocate a serviceIP: " + r.message));
      }
      if (!dry_run) txn->allocated.emplace_back(f, r.value);
      (*allocated)[fam] = r.value.ToString();
    } else {
      auto parsed = net::ParseIPSloppy(ip);
      if (!parsed.ok()) {
        return FromStatusJson(
            validation::InternalErrorStatus("failed to parse service IP " + GoQuote(ip)));
      }
      // MetaAllocator.AllocateService: any ready ServiceCIDR whose prefix
      // holds the address (getAllocator); the default's first, then the
      // others a client created (service_cidrs.h).
      if (a == nullptr || !a->cidr().Contains(*parsed)) {
        for (alloc::ClusterIPAllocator* e : extra) {
          if (e->cidr().family() == f && e->cidr().Contains(*parsed)) {
            a = e;
            bitmap = nullptr;  // 1.33's bitmap holds the flag's range only
            break;
          }
        }
      }
      auto fail_static = [&](const std::string& why) {
        ErrorList el = {validation::Invalid("spec.clusterIPs", ClusterIPsValue(svc),
                                            "failed to allocate IP " + ip + ": " + why)};
        return FromStatusJson(
            validation::InvalidStatus("Service", svc.name, el, profile.field_error_values_as_json));
      };
      if (a == nullptr) {
        // MetaAllocator.AllocateService: getAllocator finds no ServiceCIDR
        // holding the address (captured on 1.33 and 1.37:
        // golden/<minor>/restart/primary-family-changed-default-servicecidr-kept.yaml).
        KDUAL_TRACE("cidrallocator.go getAllocator",
                    fam + " address " + ip + ": no ServiceCIDR of that family");
        return fail_static("the provided network does not match the current range");
      }
      if (bitmap != nullptr && !dry_run && a->cidr().Contains(*parsed) &&
          bitmap->flag_range.Contains(*parsed)) {
        // cidrallocator.go AllocateService (1.33): the flag's bitmap is
        // written first when its CIDR holds the address.
        if (bitmap->stale()) return fail_static(alloc::kErrRangeMismatch);
        auto b = bitmap->stored->Allocate(*parsed);
        if (!b.ok()) return fail_static(b.message);
      }
      auto r = a->Allocate(*parsed, dry_run);
      KDUAL_TRACE("alloc.go allocClusterIPs",
                  fam + " address " + ip + " asked for: taken as given, from either band" +
                      (r.ok() ? std::string(dry_run ? " (dry run: only the range is checked)" : "")
                              : ": " + r.message));
      if (!r.ok() && r.error != alloc::AllocError::kAllocated) return fail_static(r.message);
      if (!dry_run && a->mode() != alloc::IPAllocatorMode::kBitmap && svc.name.empty()) {
        // ipallocator.go createIPAddress: the IPAddress object names the
        // Service as its parentRef, and the apiserver validates it before it
        // checks whether the address is taken; a Service with neither name
        // nor generateName (expanded earlier, in Store.create) fails.
        // The IPAddress object was never created; in 1.33 the legacy bitmap,
        // written first, keeps the address (cidrallocator.go does not undo it).
        if (r.ok() && a->mode() == alloc::IPAllocatorMode::kMeta) a->Release(*parsed);
        return fail_static("IPAddress.networking.k8s.io " + GoQuote(parsed->ToString()) +
                           " is invalid: spec.parentRef.name: Required value");
      }
      if (!r.ok() && r.error == alloc::AllocError::kAllocated && !dry_run &&
          a->mode() == alloc::IPAllocatorMode::kMetaDualWrite) {
        txn->bitmap_kept.push_back(*parsed);
      }
      if (!r.ok()) return fail_static(r.message);
      if (!dry_run) txn->allocated.emplace_back(f, *parsed);
      (*allocated)[fam] = ip;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Answer> AllocIPs(
    Service& svc, const std::vector<std::pair<std::string, std::string>>& to_alloc, bool dry_run,
    std::map<net::Family, DeepCopyPtr<alloc::ClusterIPAllocator>>& allocs,
    const std::map<net::Family, alloc::LegacyBitmap>& bitmaps, const version::Profile& profile,
    IPTxn* txn, std::map<std::string, std::string>* allocated,
    const std::vector<alloc::ClusterIPAllocator*>& extra) {
  // alloc.go txnAllocClusterIPs returns allocIPs' error without reverting:
  // the families allocated before the failing one stay allocated (until the
  // repair loop frees them). Go walks a map, so which family goes first is
  // random; kdual takes ipFamilies order, which is what the captured
  // dual-stack answers show.
  const size_t before = txn->allocated.size();
  std::optional<Answer> result =
      AllocIPsInOrder(svc, to_alloc, dry_run, allocs, bitmaps, profile, txn, allocated, extra);
  if (result) {
    txn->allocated.resize(before);  // kept: not released by the caller's revert
    KDUAL_TRACE("alloc.go txnAllocClusterIPs",
                "allocation failed; addresses taken for earlier families stay allocated "
                "(not reverted) until the repair loop frees them");
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> FamiliesToAllocate(Service& svc) {
  std::vector<std::pair<std::string, std::string>> to_alloc;
  for (size_t i = 0; i < svc.ip_families.size(); ++i) {
    if (i >= svc.cluster_ips.size()) {
      svc.cluster_ips.push_back("");
      svc.cluster_ips_nil = false;
    }
    to_alloc.emplace_back(svc.ip_families[i], svc.cluster_ips[i]);
  }
  return to_alloc;
}

}  // namespace kdual::registry
