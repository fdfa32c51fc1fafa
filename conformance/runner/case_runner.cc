#include "conformance/runner/case_runner.h"

#include "engine/flags/apiserver_flags.h"

namespace kdual::runner {

using golden::StepAnswer;
using golden::StepOp;

golden::MatchContext MatchContextFor(const golden::GoldenCase& golden_case,
                                     const version::Profile& profile) {
  golden::MatchContext context;
  auto add = [&](const flags::ComponentFlags& f) {
    auto network = flags::ParseServiceNetwork(f, profile);
    if (!network.ok()) return;  // a control plane that does not start
    for (const auto& cidr : network->service_cidrs) context.service_ranges.push_back(cidr);
    context.node_port_ranges.push_back(network->node_ports);
  };
  add(golden_case.cluster);
  for (const auto& step : golden_case.steps) {
    if (step.cluster) add(*step.cluster);
  }
  return context;
}

namespace {

StepAnswer Lifecycle(const Status& status) {
  return status.ok() ? StepAnswer::Started() : StepAnswer::StartupError(status.message());
}

StepAnswer Transport(const std::string& message) {
  registry::Answer a;
  a.code = 0;
  a.body = {{"message", message}};
  return StepAnswer::FromAnswer(a);
}

}  // namespace

registry::Answer SendPrepared(Target& target, const golden::PreparedRequest& prepared) {
  registry::Request request = prepared.request;
  if (prepared.merge_into_current) {
    registry::Request get;
    get.resource = request.resource;  // a Node, ServiceCIDR or IPAddress too
    get.op = registry::Op::kGet;
    get.name = request.name;
    get.namespace_name = request.namespace_name;
    registry::Answer current = target.Send(get);
    if (current.is_error()) return current;
    nlohmann::json merged = current.body;
    merged.merge_patch(request.body);
    request.body = merged;
  }
  return target.Send(request);
}

CaseRecording RecordCase(const golden::GoldenCase& golden_case, Target& target,
                         const golden::MatchContext& context) {
  CaseRecording rec;
  // The matcher binds the placeholders later requests send back.
  golden::CaseMatcher matcher(golden_case, context);
  const auto& steps = golden_case.steps;
  auto observe = [&](size_t i, golden::StepAnswer answer) {
    matcher.Observe(i, answer);
    rec.answers.push_back(std::move(answer));
  };
  if (!steps.empty() && steps[0].op == StepOp::kStart) {
    observe(0, Lifecycle(target.Start(golden_case.cluster)));
    return rec;
  }
  rec.started = target.Start(golden_case.cluster);
  if (!rec.started.ok()) return rec;
  for (size_t i = 0; i < steps.size(); ++i) {
    const golden::Step& step = steps[i];
    if (step.op == StepOp::kRestart) {
      observe(i, Lifecycle(target.Restart(*step.cluster)));
      continue;
    }
    if (step.op == StepOp::kStart) {
      observe(i, Transport("op start is only valid as the first and only step"));
      continue;
    }
    auto prepared = matcher.RequestFor(i);
    if (!prepared.ok()) {
      observe(i, Transport("cannot send this step: " + prepared.status().message()));
      continue;
    }
    observe(i, golden::StepAnswer::FromAnswer(SendPrepared(target, *prepared)));
  }
  return rec;
}

golden::Verdict RunCase(const golden::GoldenCase& golden_case, Target& target,
                        const golden::MatchContext& context) {
  CaseRecording rec = RecordCase(golden_case, target, context);
  if (!rec.started.ok()) {
    golden::Verdict v;
    v.passed = false;
    v.mismatches.push_back("the control plane did not start: " + rec.started.message());
    return v;
  }
  return golden::Compare(golden_case, rec.answers, context);
}

}  // namespace kdual::runner
