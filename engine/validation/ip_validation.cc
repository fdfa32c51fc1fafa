#include "engine/validation/ip_validation.h"

#include <algorithm>
#include <optional>

#include "engine/base/go_format.h"
#include "engine/net/cidr.h"
#include "engine/net/ip_address.h"

namespace kdual::validation {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// validOldIPs / validOldCIDRs arrived with KEP-4858 in 1.33.
bool HasRatchet(const version::Profile& profile) {
  return profile.ip_validation_ratchets_old_values;
}

// The Go release the apiserver is built with decides netip's words.
net::NetipRules NetipRulesOf(const version::Profile& profile) {
  return profile.netip_go122_rules ? net::NetipRules::kGo122 : net::NetipRules::kGo123;
}

// apimachinery parseIP with strictValidation, once the sloppy parse took
// `value`: what netip refuses (leading zeros) and the IPv4-mapped form.
void AppendStrictIPErrors(const std::string& path, const std::string& value, ErrorList* errs) {
  auto a = net::ParseAddrNetip(value);
  if (!a.ok())
    errs->push_back(Invalid(path, FieldValue::String(value), "must not have leading 0s"));
  if (a.ok() && a->is4in6) {
    errs->push_back(
        Invalid(path, FieldValue::String(value), "must not be an IPv4-mapped IPv6 address"));
  }
}

// IsValidIP / IsValidCIDR's last check: `value` as Go prints it.
void AppendCanonicalFormError(const std::string& path, const std::string& value,
                              const std::string& canonical, ErrorList* errs) {
  if (value != canonical) {
    errs->push_back(Invalid(path, FieldValue::String(value),
                            "must be in canonical form (" + GoQuote(canonical) + ")"));
  }
}

}  // namespace

ErrorList IsValidIPForLegacyField(const std::string& path, const std::string& value,
                                  const version::Profile& profile,
                                  const std::vector<std::string>& valid_old) {
  ErrorList errs;
  if (HasRatchet(profile) && Contains(valid_old, value)) return errs;
  if (!net::ParseIPSloppy(value).ok()) {
    errs.push_back(Invalid(path, FieldValue::String(value),
                           "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    return errs;
  }
  if (profile.strict_ip_cidr_validation) AppendStrictIPErrors(path, value, &errs);
  return errs;
}

namespace {

// apimachinery parseCIDR(fldPath, value, strict): the sloppy parse, then
// with `strict` the forms KEP-4858 refuses. Errors in `*errs`; the parsed
// CIDR when the sloppy parse took it.
std::optional<net::Cidr> ParseCIDRChecked(const std::string& path, const std::string& value,
                                          bool strict, ErrorList* errs) {
  auto sloppy = net::ParseCIDRSloppy(value);
  if (!sloppy.ok()) {
    errs->push_back(Invalid(path, FieldValue::String(value),
                            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    return std::nullopt;
  }
  if (strict) {
    auto p = net::ParsePrefixNetip(value);
    if (!p.ok()) {
      errs->push_back(Invalid(path, FieldValue::String(value),
                              "must not have leading 0s in IP or prefix length"));
    } else if (p->addr.is4in6) {
      errs->push_back(
          Invalid(path, FieldValue::String(value), "must not have an IPv4-mapped IPv6 address"));
    } else if (p->HasHostBits()) {
      errs->push_back(Invalid(path, FieldValue::String(value),
                              "must not have bits set beyond the prefix length"));
    }
  }
  return *sloppy;
}

}  // namespace

ErrorList IsValidCIDRForLegacyField(const std::string& path, const std::string& value,
                                    const version::Profile& profile,
                                    const std::vector<std::string>& valid_old) {
  ErrorList errs;
  if (Contains(valid_old, value)) return errs;
  ParseCIDRChecked(path, value, profile.strict_ip_cidr_validation, &errs);
  return errs;
}

ErrorList IsValidIP(const std::string& path, const std::string& value) {
  ErrorList errs;
  auto sloppy = net::ParseIPSloppy(value);
  if (!sloppy.ok()) {
    errs.push_back(Invalid(path, FieldValue::String(value),
                           "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    return errs;
  }
  AppendStrictIPErrors(path, value, &errs);
  if (!errs.empty()) return errs;
  AppendCanonicalFormError(path, value, sloppy->ToString(), &errs);
  return errs;
}

ErrorList IsValidCIDR(const std::string& path, const std::string& value) {
  ErrorList errs;
  auto sloppy = ParseCIDRChecked(path, value, true, &errs);
  if (!errs.empty()) return errs;
  // ipnet.String(): the network and prefix as Go prints them.
  AppendCanonicalFormError(path, value, sloppy->ToString(), &errs);
  return errs;
}

ErrorList ValidateNonSpecialIP(const std::string& path, const std::string& value) {
  ErrorList errs;
  auto ip = net::ParseIPSloppy(value);
  if (!ip.ok()) {
    errs.push_back(Invalid(path, FieldValue::String(value), "must be a valid IP address"));
    return errs;
  }
  // Go's net.IP predicates; an IPv4-mapped address counts as IPv4.
  const auto& b = ip->bytes();
  bool unspecified = ip->IsUnspecified();
  bool loopback = ip->is_v4() ? b[0] == 127 : ip->ToUint128() == 1;
  bool link_local =
      ip->is_v4() ? (b[0] == 169 && b[1] == 254) : (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
  bool ll_multicast = ip->is_v4() ? (b[0] == 224 && b[1] == 0 && b[2] == 0)
                                  : (b[0] == 0xff && (b[1] & 0x0f) == 0x02);
  if (unspecified)
    errs.push_back(
        Invalid(path, FieldValue::String(value), "may not be unspecified (" + value + ")"));
  if (loopback) {
    errs.push_back(Invalid(path, FieldValue::String(value),
                           "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  }
  if (link_local) {
    errs.push_back(Invalid(path, FieldValue::String(value),
                           "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  }
  if (ll_multicast) {
    errs.push_back(
        Invalid(path, FieldValue::String(value),
                "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
  return errs;
}

std::vector<std::string> GetWarningsForIP(const std::string& path, const std::string& value,
                                          const version::Profile& profile) {
  auto a = net::ParseAddrNetip(value, NetipRulesOf(profile));
  if (profile.ip_warning_style == version::IPWarningStyle::kServiceNetip) {
    // <= 1.32 pkg/api/service/warnings.go getWarningsForIP.
    if (!a.ok()) {
      return {path +
              ": IP address was accepted, but will be invalid in a future Kubernetes release: " +
              a.status().message()};
    }
    if ((a->ip.is_v6() || a->is4in6) && a->ToString() != value) {
      return {path + ": IPv6 address " + GoQuote(value) + " is not in RFC 5952 canonical format (" +
              GoQuote(a->ToString()) + "), which may cause controller apply-loops"};
    }
    return {};
  }
  auto sloppy = net::ParseIPSloppy(value);
  if (!sloppy.ok()) return {};
  if (!a.ok() || a->is4in6) {
    std::string tail = profile.ip_warning_style == version::IPWarningStyle::kApimachineryFuture
                           ? " will be considered invalid in a future Kubernetes release: use "
                           : " is invalid: use ";
    return {path + ": non-standard IP address " + GoQuote(value) + tail +
            GoQuote(sloppy->ToString())};
  }
  if (a->ip.is_v6() && a->ToString() != value) {
    return {path + ": IPv6 address " + GoQuote(value) +
            " should be in RFC 5952 canonical format (" + GoQuote(a->ToString()) + ")"};
  }
  return {};
}

std::vector<std::string> GetWarningsForCIDR(const std::string& path, const std::string& value,
                                            const version::Profile& profile) {
  auto prefix = net::ParsePrefixNetip(value, NetipRulesOf(profile));
  if (profile.ip_warning_style == version::IPWarningStyle::kServiceNetip) {
    // <= 1.32 pkg/api/service/warnings.go getWarningsForCIDR.
    if (!prefix.ok()) {
      return {path +
              ": IP prefix was accepted, but will be invalid in a future Kubernetes release: " +
              prefix.status().message()};
    }
    if ((prefix->addr.ip.is_v6() || prefix->addr.is4in6) && prefix->ToString() != value) {
      return {path + ": IPv6 prefix " + GoQuote(value) + " is not in RFC 5952 canonical format (" +
              GoQuote(prefix->ToString()) + "), which may cause controller apply-loops"};
    }
    return {};
  }
  auto ipnet = net::ParseCIDRSloppy(value);
  if (!ipnet.ok()) return {};
  std::vector<std::string> w;
  // The address as written (sloppy), before masking.
  auto ip = net::ParseIPSloppy(value.substr(0, value.find('/')));
  if (ip.ok() && !(*ip == ipnet->network())) {
    std::string single = ip->ToString() + "/" + std::to_string(ipnet->address_bits());
    w.push_back(path + ": CIDR value " + GoQuote(value) +
                " is ambiguous in this context (should be " + GoQuote(ipnet->ToString()) + " or " +
                GoQuote(single) + "?)");
  }
  if (!prefix.ok() || prefix->addr.is4in6) {
    std::string tail = profile.ip_warning_style == version::IPWarningStyle::kApimachineryFuture
                           ? " will be considered invalid in a future Kubernetes release: use "
                           : " is invalid: use ";
    w.push_back(path + ": non-standard CIDR value " + GoQuote(value) + tail +
                GoQuote(ipnet->ToString()));
  }
  if (w.empty() && prefix.ok() && prefix->addr.ip.is_v6() && prefix->ToString() != value) {
    w.push_back(path + ": IPv6 CIDR value " + GoQuote(value) +
                " should be in RFC 5952 canonical format (" + GoQuote(prefix->ToString()) + ")");
  }
  return w;
}

}  // namespace kdual::validation
