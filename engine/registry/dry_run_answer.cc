// What a dry run (?dryRun=All) answers on a Service write. The API server
// runs the whole write path and stops short of etcd: the generic store wraps
// its storage in DryRunnableStorage
// (k8s.io/apiserver/pkg/registry/generic/registry/dryrun.go), and the Service
// REST gives its allocators a dry-run mode
// (pkg/registry/core/service/storage/alloc.go, ipallocator's and
// portallocator's DryRun). So, compared with the same write without dryRun:
//   - defaulting, families, validation and warnings are the same, and so is
//     every error: a dry run is refused exactly as the write would be;
//   - allocation checks and holds nothing: a literal ClusterIP must be in
//     range but may be taken already (ClusterIPAllocator::Allocate), a
//     dynamic one answers the range's network address (AllocateNext);
//     node ports the other way round (portallocator/operation.go): a literal
//     port is refused only when already allocated, never for its range, and
//     a dynamic pick answers 32769, 32770, ... whatever the range
//     (alloc::PortOperation);
//   - a create's resourceVersion is not refused (the store's Create, which
//     refuses it, is not reached; DryRunnableStorage.Create only looks the key
//     up, so AlreadyExists still holds);
//   - nothing is stored, released or marked: the answer of a create carries
//     no resourceVersion, an update answers the object it would write with
//     the stored resourceVersion, a delete answers the object as stored, even
//     when finalizers would only have marked it.
// The write paths (service_create.cc, service_update.cc, service_delete.cc)
// take every step with the request's dry_run flag and end here.
#include "engine/base/explain_trace.h"
#include "engine/registry/service_cluster.h"

namespace kdual::registry {

Answer ServiceCluster::DryRunCreateAnswer(api::Service svc,
                                          std::vector<std::string> warnings) const {
  KDUAL_TRACE("dryrun.go DryRunnableStorage.Create",
              "dry run: nothing is stored; the answer has no resourceVersion");
  svc.resource_version.clear();
  return ObjectAnswer(201, std::move(svc), std::move(warnings));
}

Answer ServiceCluster::DryRunUpdateAnswer(api::Service svc,
                                          std::vector<std::string> warnings) const {
  KDUAL_TRACE("dryrun.go DryRunnableStorage.GuaranteedUpdate",
              "dry run: nothing is stored or released; the answer keeps the stored "
              "resourceVersion");
  return ObjectAnswer(200, std::move(svc), std::move(warnings));
}

Answer ServiceCluster::DryRunDeleteAnswer(api::Service svc) const {
  KDUAL_TRACE("store.go Delete", "dry run: nothing is deleted or released");
  return ObjectAnswer(200, std::move(svc), {});
}

}  // namespace kdual::registry
