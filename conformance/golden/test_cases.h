// Case texts shared by the golden tests and the golden-case parse benchmark.
#ifndef KDUAL_CONFORMANCE_GOLDEN_TEST_CASES_H_
#define KDUAL_CONFORMANCE_GOLDEN_TEST_CASES_H_

namespace kdual::golden::samples {

// A well-formed case using most of the format.
inline constexpr const char* kFullCase = R"(apiVersion: kdual/v1
kind: GoldenCase
name: prefer-dual
description: PreferDualStack on a dual cluster.
source:
  from: handwritten
  kubernetes: v1.33.13
cluster:
  kube-apiserver:
    service-cluster-ip-range: 10.96.0.0/16,fd00:10:96::/112
    service-node-port-range: 30000-32767
requires: [fresh-cluster]
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec:
        ipFamilyPolicy: PreferDualStack
        ports: [{port: 80}]
    expect:
      object:
        metadata: {name: web, namespace: default}
        spec:
          clusterIP: ~IPv4:a
          clusterIPs: [~IPv4:a, ~IPv6:b]
          ports: [{port: 80, nodePort: ~port:p}]
  - op: update
    name: web
    patch: {spec: {clusterIPs: ["~IPv4:a"]}}
    expect:
      error:
        code: 422
        reason: Invalid
        message: "Service \"web\" is invalid: ${a}"
        causes:
          - field: spec.ipFamilyPolicy
            reason: FieldValueInvalid
            message: "Invalid value"
  - op: patch
    name: web
    patchType: json
    patch: [{op: replace, path: /spec/type, value: NodePort}]
    dryRun: true
    expect:
      match: subset
      object:
        spec: {healthCheckNodePort: ~absent}
      warnings: ["a warning"]
  - op: get
    name: web
    expect:
      anyOf:
        - object: {spec: {clusterIP: ~IPv4:a}}
        - error: {code: 404, reason: NotFound}
  - op: restart
    cluster:
      kube-apiserver:
        service-cluster-ip-range: 10.96.0.0/16
  - op: delete
    name: web
)";

}  // namespace kdual::golden::samples

#endif  // KDUAL_CONFORMANCE_GOLDEN_TEST_CASES_H_
