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

golden::Verdict RunCase(const golden::GoldenCase& golden_case, Target& target,
                        const golden::MatchContext& context) {
  golden::CaseMatcher matcher(golden_case, context);
  const auto& steps = golden_case.steps;
  size_t first = 0;
  if (!steps.empty() && steps[0].op == StepOp::kStart) {
    matcher.Observe(0, Lifecycle(target.Start(golden_case.cluster)));
    return matcher.verdict();
  }
  Status started = target.Start(golden_case.cluster);
  if (!started.ok()) {
    golden::Verdict v;
    v.passed = false;
    v.mismatches.push_back("the control plane did not start: " + started.message());
    return v;
  }
  for (size_t i = first; i < steps.size(); ++i) {
    const golden::Step& step = steps[i];
    if (step.op == StepOp::kRestart) {
      matcher.Observe(i, Lifecycle(target.Restart(*step.cluster)));
      continue;
    }
    if (step.op == StepOp::kStart) {
      matcher.Observe(i, Transport("op start is only valid as the first and only step"));
      continue;
    }
    auto prepared = matcher.RequestFor(i);
    if (!prepared.ok()) {
      matcher.Observe(i, Transport("cannot send this step: " + prepared.status().message()));
      continue;
    }
    matcher.Observe(i, StepAnswer::FromAnswer(SendPrepared(target, *prepared)));
  }
  return matcher.verdict();
}

}  // namespace kdual::runner
