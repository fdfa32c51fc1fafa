#include "conformance/cli/kubectl_print.h"

#include <algorithm>
#include <sstream>

#include "conformance/golden/yaml_writer.h"

namespace kdual::cli {
namespace {

using nlohmann::json;

std::string Scalar(const json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    return golden::NeedsQuotes(s) ? golden::DoubleQuoted(s) : s;
  }
  if (v.is_null()) return "null";
  return v.dump();
}

bool IsEmptyCollection(const json& v) { return (v.is_object() || v.is_array()) && v.empty(); }

void Emit(const json& v, int indent, std::ostringstream& out);

// A value after "key:" or "- ": inline when scalar or empty, else on the
// next lines. yaml.v2 writes a sequence under a key at the key's own
// indentation and a mapping two spaces deeper.
void EmitValue(const json& v, int indent, bool after_dash, std::ostringstream& out) {
  if (!v.is_structured() || IsEmptyCollection(v)) {
    out << ' ' << (v.is_object() ? "{}" : v.is_array() ? "[]" : Scalar(v)) << '\n';
    return;
  }
  (void)after_dash;
  out << '\n';
  Emit(v, v.is_array() ? indent : indent + 2, out);
}

void Emit(const json& v, int indent, std::ostringstream& out) {
  const std::string pad(indent, ' ');
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {  // nlohmann keeps keys sorted
      out << pad << Scalar(json(it.key())) << ':';
      EmitValue(it.value(), indent, false, out);
    }
  } else if (v.is_array()) {
    for (const json& item : v) {
      if (item.is_object() && !item.empty()) {
        // "- first: x" then the other keys two spaces deeper.
        std::ostringstream inner;
        Emit(item, indent + 2, inner);
        std::string text = inner.str();
        out << pad << "- " << text.substr(indent + 2);
      } else if (item.is_array() && !item.empty()) {
        out << pad << "-\n";
        Emit(item, indent + 2, out);
      } else {
        out << pad << '-';
        EmitValue(item, indent, true, out);
      }
    }
  } else {
    out << pad << Scalar(v) << '\n';
  }
}

std::string PortsColumn(const json& spec) {
  if (!spec.contains("ports") || !spec["ports"].is_array() || spec["ports"].empty())
    return "<none>";
  std::string out;
  for (const json& p : spec["ports"]) {
    if (!out.empty()) out += ",";
    out += p.value("port", json(0)).dump();
    if (p.contains("nodePort")) out += ":" + p["nodePort"].dump();
    out += "/" + p.value("protocol", std::string("TCP"));
  }
  return out;
}

}  // namespace

std::string KubectlYaml(const json& value) {
  std::ostringstream out;
  if (!value.is_structured() || IsEmptyCollection(value)) {
    out << (value.is_object() ? "{}" : value.is_array() ? "[]" : Scalar(value)) << '\n';
  } else {
    Emit(value, 0, out);
  }
  return out.str();
}

std::string KubectlJson(const json& value) { return value.dump(4) + "\n"; }

namespace {

std::string Table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 3, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string Joined(const json& list) {
  std::string out;
  if (!list.is_array()) return out;
  for (const json& v : list) {
    if (!v.is_string()) continue;
    if (!out.empty()) out += ",";
    out += v.get<std::string>();
  }
  return out;
}

// kubectl's getServiceExternalIP (pkg/printers/internalversion/printers.go).
std::string ExternalIPColumn(const json& s, const json& spec, const std::string& type) {
  std::string external = Joined(spec.value("externalIPs", json::array()));
  if (type == "ExternalName") return spec.value("externalName", std::string("<none>"));
  if (type == "LoadBalancer") {
    std::string lb;
    json ingress = s.value("status", json::object())
                       .value("loadBalancer", json::object())
                       .value("ingress", json::array());
    for (const json& i : ingress) {
      std::string v = i.value("ip", i.value("hostname", std::string()));
      if (v.empty()) continue;
      lb += (lb.empty() ? "" : ",") + v;
    }
    if (!external.empty()) lb += (lb.empty() ? "" : ",") + external;
    return lb.empty() ? "<pending>" : lb;
  }
  return external.empty() ? "<none>" : external;
}

// labels.FormatLabels: k=v pairs sorted by key, "<none>" when empty.
std::string SelectorColumn(const json& spec) {
  json sel = spec.value("selector", json::object());
  std::string out;
  if (sel.is_object()) {
    for (auto it = sel.begin(); it != sel.end(); ++it) {
      out += (out.empty() ? "" : ",") + it.key() + "=" +
             (it->is_string() ? it->get<std::string>() : it->dump());
    }
  }
  return out.empty() ? "<none>" : out;
}

}  // namespace

std::string ServiceTable(const std::vector<json>& services, const TableOptions& options) {
  std::vector<std::string> head = {"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)"};
  if (options.with_namespace) head.insert(head.begin(), "NAMESPACE");
  if (options.wide) head.push_back("SELECTOR");
  std::vector<std::vector<std::string>> rows = {head};
  for (const json& s : services) {
    json spec = s.value("spec", json::object());
    json meta = s.value("metadata", json::object());
    std::string type = spec.value("type", std::string("ClusterIP"));
    std::string cluster_ip = spec.value("clusterIP", std::string("<none>"));
    if (cluster_ip.empty()) cluster_ip = "<none>";
    std::vector<std::string> row = {meta.value("name", std::string()), type, cluster_ip,
                                    ExternalIPColumn(s, spec, type), PortsColumn(spec)};
    if (options.with_namespace) row.insert(row.begin(), meta.value("namespace", std::string()));
    if (options.wide) row.push_back(SelectorColumn(spec));
    rows.push_back(row);
  }
  return Table(rows);
}

std::string NamespaceTable(const std::vector<json>& namespaces) {
  std::vector<std::vector<std::string>> rows = {{"NAME", "STATUS"}};
  for (const json& n : namespaces) {
    rows.push_back({n.value("metadata", json::object()).value("name", std::string()),
                    n.value("status", json::object()).value("phase", std::string())});
  }
  return Table(rows);
}

std::string NodeTable(const std::vector<json>& nodes, bool wide) {
  // pkg/printers/internalversion printNode: STATUS from the Ready
  // condition ("Unknown" without one), ROLES from node-role labels, AGE
  // from creationTimestamp (the engine's objects have none).
  std::vector<std::vector<std::string>> rows = {{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}};
  if (wide) {
    for (const char* c :
         {"INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"}) {
      rows[0].push_back(c);
    }
  }
  for (const json& n : nodes) {
    const json meta = n.value("metadata", json::object());
    const json status = n.value("status", json::object());
    std::string state = "Unknown";
    for (const auto& c : status.value("conditions", json::array())) {
      if (c.value("type", "") == "Ready")
        state = c.value("status", "") == "True" ? "Ready" : "NotReady";
    }
    if (n.value("spec", json::object()).value("unschedulable", false))
      state += ",SchedulingDisabled";
    std::vector<std::string> roles;
    const json labels = meta.value("labels", json::object());
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      const std::string prefix = "node-role.kubernetes.io/";
      if (it.key().rfind(prefix, 0) == 0 && it.key().size() > prefix.size())
        roles.push_back(it.key().substr(prefix.size()));
    }
    std::string role_text;
    for (size_t i = 0; i < roles.size(); ++i) role_text += (i ? "," : "") + roles[i];
    const json info = status.value("nodeInfo", json::object());
    std::vector<std::string> row = {meta.value("name", std::string()), state,
                                    roles.empty() ? "<none>" : role_text,
                                    meta.contains("creationTimestamp") ? "0s" : "<unknown>",
                                    info.value("kubeletVersion", std::string())};
    if (wide) {
      std::string internal = "<none>", external = "<none>";
      for (const auto& a : status.value("addresses", json::array())) {
        if (a.value("type", "") == "InternalIP" && internal == "<none>")
          internal = a.value("address", "");
        if (a.value("type", "") == "ExternalIP" && external == "<none>")
          external = a.value("address", "");
      }
      std::string os = info.value("osImage", std::string());
      std::string kernel = info.value("kernelVersion", std::string());
      std::string runtime = info.value("containerRuntimeVersion", std::string());
      row.insert(row.end(),
                 {internal, external, os.empty() ? "<unknown>" : os,
                  kernel.empty() ? "<unknown>" : kernel, runtime.empty() ? "<unknown>" : runtime});
    }
    rows.push_back(row);
  }
  return Table(rows);
}

// k8s.io/kubectl/pkg/cmd/util/helpers.go StandardErrorMessage and
// MultilineError: Invalid answers list their causes; others print
// "Error from server (Reason): message".
std::string KubectlError(const registry::Answer& answer, const std::string& when) {
  const json& b = answer.body;
  std::string reason = b.is_object() ? b.value("reason", std::string()) : "";
  std::string message = b.is_object() ? b.value("message", std::string()) : b.dump();
  if (answer.code == 0) return "Unable to connect to the server: " + message;
  if (reason == "Invalid" && b.contains("details") && b["details"].is_object()) {
    const json& d = b["details"];
    std::string kind = d.value("kind", std::string()), name = d.value("name", std::string());
    std::string head = "The request is invalid";
    if (!kind.empty() || !name.empty())
      head = "The " + kind + " " + golden::DoubleQuoted(name) + " is invalid";
    if (d.contains("causes") && d["causes"].is_array() && !d["causes"].empty()) {
      // statusCausesToAggrError: "field: message", duplicates dropped.
      std::vector<std::string> causes;
      for (const json& c : d["causes"]) {
        std::string line =
            c.value("field", std::string()) + ": " + c.value("message", std::string());
        if (std::find(causes.begin(), causes.end(), line) == causes.end()) causes.push_back(line);
      }
      if (causes.size() == 1) return head + ": " + causes[0];
      std::string out = head + ": \n";
      for (const auto& c : causes) out += "* " + c + "\n";
      out.pop_back();
      return out;
    }
    return head;
  }
  // cmdutil.AddSourceToErr puts "error when creating \"FILE\": " first.
  if (!when.empty()) message = "error when " + when + ": " + message;
  if (reason.empty()) return "Error from server: " + message;
  return "Error from server (" + reason + "): " + message;
}

}  // namespace kdual::cli
