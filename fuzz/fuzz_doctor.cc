// kdual doctor on any text pasted as `ps` output: it is read or refused with
// a message, never crashes; every report renders (JSON too, whatever bytes
// the text held); and a cluster found consistently single-stack, with
// every component's flags known, gets a plan that checks out.
#include <cstdint>
#include <string>

#include "conformance/doctor/diagnosis.h"
#include "conformance/doctor/doctor_report.h"
#include "conformance/doctor/dual_stack_plan.h"
#include "conformance/doctor/process_listing.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto inputs = kdual::doctor::ParseProcessListing(text, "fuzz");
  if (!inputs.ok()) {
    KDUAL_FUZZ_CHECK(!inputs.status().message().empty(), "a refusal without a message");
    return 0;
  }
  KDUAL_FUZZ_CHECK(!inputs->components.empty(), "accepted a listing without components");
  auto diagnosis = kdual::doctor::Diagnose(*inputs, std::nullopt);
  KDUAL_FUZZ_CHECK(!diagnosis.verdict.empty(), "no verdict");
  auto plan = kdual::doctor::PlanDualStack(*inputs, diagnosis, std::nullopt);
  (void)kdual::doctor::ReportText(diagnosis, plan);
  std::string json = kdual::doctor::ReportJson(diagnosis, plan)
                         .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  KDUAL_FUZZ_CHECK(!json.empty(), "empty JSON report");
  bool all_known = true;
  for (const auto& r : diagnosis.components) {
    all_known = all_known && r.known && r.refusal.empty() && !r.instance->truncated;
  }
  if (all_known && diagnosis.verdict.rfind("consistently single-stack", 0) == 0) {
    KDUAL_FUZZ_CHECK(plan.checked,
                     "the plan for a consistent single-stack cluster does not check out: " +
                         plan.checked_verdict + "\n" + text);
  }
  return 0;
}
