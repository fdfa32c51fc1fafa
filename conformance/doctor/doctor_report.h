// `kdual doctor`'s report: the same content as readable text (a person at
// a terminal) or as JSON and YAML (scripts, CI).
#ifndef KDUAL_CONFORMANCE_DOCTOR_DOCTOR_REPORT_H_
#define KDUAL_CONFORMANCE_DOCTOR_DOCTOR_REPORT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "conformance/doctor/diagnosis.h"
#include "conformance/doctor/dual_stack_plan.h"

namespace kdual::doctor {

std::string ReportText(const Diagnosis& diagnosis, const DualStackPlan& plan);
nlohmann::ordered_json ReportJson(const Diagnosis& diagnosis, const DualStackPlan& plan);

}  // namespace kdual::doctor

#endif  // KDUAL_CONFORMANCE_DOCTOR_DOCTOR_REPORT_H_
