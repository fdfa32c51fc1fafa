# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: Certificates, the
# kubeconfig, and requests to the API server.

make_certs() {
  local dir=$1/certs token
  mkdir -p "$dir"
  (
    cd "$dir"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=kdual-local-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver"
    printf '%s\n' \
      "basicConstraints=CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth" \
      "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc" \
      >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -out apiserver.crt -days 3650 -extfile apiserver.ext
    openssl genrsa -traditional -out sa.key 2048
  ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; die_infra "openssl failed"; }
  token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s,kdual-admin,kdual-admin,"system:masters"\n' "$token" >"$dir/tokens.csv"
  chmod 600 "$dir/tokens.csv"
}

write_kubeconfig() {
  local dir=$1 name=$2 port=$3 token ca
  token=$(cut -d, -f1 "$dir/certs/tokens.csv")
  ca=$(base64 -w0 <"$dir/certs/ca.crt")
  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kdual-$name
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $ca
users:
- name: kdual-admin
  user:
    token: $token
contexts:
- name: kdual-$name
  context:
    cluster: kdual-$name
    user: kdual-admin
current-context: kdual-$name
EOF
  chmod 600 "$dir/kubeconfig"
}

# api DIR PATH: GET an apiserver path as the admin; prints the HTTP code
# and leaves the body in DIR/last-response.json.
api() {
  local dir=$1 path=$2 port token
  port=$(state_get "$dir" APISERVER_PORT)
  token=$(cut -d, -f1 "$dir/certs/tokens.csv")
  curl -sS -o "$dir/last-response.json" -w '%{http_code}' --max-time 5 \
    --cacert "$dir/certs/ca.crt" -H "Authorization: Bearer $token" \
    "https://127.0.0.1:$port$path" 2>/dev/null || true
}
