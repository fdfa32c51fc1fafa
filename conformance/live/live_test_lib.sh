# Sourced by the live tests that start a local reference control plane.
# shellcheck shell=bash

# kdual_namespaces STATE_DIR UPSTREAM TOKEN: how many kdual-* namespaces the
# control plane has (read as its admin, past any proxy).
kdual_namespaces() {
  curl -fsS --cacert "$1/certs/ca.crt" -H "Authorization: Bearer $3" "$2/api/v1/namespaces" |
    python3 -c 'import json,sys; print(sum(1 for n in json.load(sys.stdin)["items"] if n["metadata"]["name"].startswith("kdual-")))'
}
