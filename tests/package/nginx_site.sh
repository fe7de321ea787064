#!/usr/bin/env bash
# deploy/nginx/kb.conf, run by a real nginx on loopback in front of a real kb-searchd: only
# what a machine-specific install changes is substituted (ports, the certificate pair,
# the cache folder; the rate, so that the limit is reached without depending on speed),
# each substitution checked to have happened. `nginx -t` passes; searches come back over
# TLS with nginx's and kb's headers; HTTP redirects to HTTPS; /metrics and /api/v1/stats
# are not public; widget.js is cached; the per-client limit answers 429.
# Usage: nginx_site.sh KB_INDEX_BIN KB_SEARCHD_BIN SOURCE_DIR
source "$(dirname "$0")/lib.sh"
kb_index=$1 kb_searchd=$2 source_dir=$3
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x "$nginx" ]] || fail "nginx is not installed (scripts/setup.sh --test installs it)"

"$kb_index" --quiet "$source_dir/corpus" --out "$scratch/index" >"$scratch/index.log" 2>&1 ||
  fail "kb-index: $(tail "$scratch/index.log")"
start_searchd "$scratch/searchd.log" "$kb_searchd" --index "$scratch/index"
kb_port=$port
http_port=$(free_port)
https_port=$(free_port)
while [[ "$https_port" == "$http_port" ]]; do https_port=$(free_port); done

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=kb.example.org" \
  -keyout "$scratch/tls.key" -out "$scratch/tls.pem" >/dev/null 2>&1 || fail "openssl req"

site="$scratch/kb.conf"
cp "$source_dir/deploy/nginx/kb.conf" "$site"
substitute() {  # substitute FROM TO: exactly as in the site file, which must contain FROM
  grep -qF -- "$1" "$site" || fail "deploy/nginx/kb.conf no longer contains: $1"
  FROM="$1" TO="$2" python3 -c 'import os,sys; p=sys.argv[1]; s=open(p).read(); open(p,"w").write(s.replace(os.environ["FROM"], os.environ["TO"]))' "$site"
}
substitute "listen 80;" "listen 127.0.0.1:$http_port;"
substitute "listen [::]:80;" ""
substitute "listen 443 ssl http2;" "listen 127.0.0.1:$https_port ssl http2;"
substitute "listen [::]:443 ssl http2;" ""
substitute "/etc/ssl/certs/ssl-cert-snakeoil.pem" "$scratch/tls.pem"
substitute "/etc/ssl/private/ssl-cert-snakeoil.key" "$scratch/tls.key"
substitute "server 127.0.0.1:8080" "server 127.0.0.1:$kb_port"
substitute "/var/cache/nginx/kb" "$scratch/cache"
substitute "rate=20r/s" "rate=1r/m"

user_line=""
[[ $(id -u) == 0 ]] && user_line="user root;"
cat >"$scratch/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes 1;
pid $scratch/nginx.pid;
error_log $scratch/error.log;
events { worker_connections 256; }
http {
  access_log $scratch/access.log;
  client_body_temp_path $scratch/body;
  proxy_temp_path $scratch/proxy;
  fastcgi_temp_path $scratch/fastcgi;
  uwsgi_temp_path $scratch/uwsgi;
  scgi_temp_path $scratch/scgi;
  include $site;
}
CONF

echo "== nginx -t"
"$nginx" -t -p "$scratch" -c "$scratch/nginx.conf" -e "$scratch/error.log" ||
  fail "nginx -t refuses the site: $(cat "$scratch/error.log")"

"$nginx" -p "$scratch" -c "$scratch/nginx.conf" -e "$scratch/error.log" >"$scratch/nginx.out" 2>&1 &
pids+=("$!")
https="https://127.0.0.1:$https_port"
wait_http "$https/readyz"

echo "== a search over TLS"
body=$(curl -sk -D "$scratch/headers" "$https/api/v1/search?q=DNS+abuse") || fail "search through nginx"
head -1 "$scratch/headers" | grep -q " 200" || fail "search status: $(head -1 "$scratch/headers")"
header() { grep -i "^$1:" "$scratch/headers" | tr -d '\r' | cut -d' ' -f2-; }
[[ $(header Server) == nginx* ]] || fail "no nginx Server header: $(cat "$scratch/headers")"
[[ $(header X-Content-Type-Options) == nosniff ]] || fail "kb's X-Content-Type-Options missing"
[[ $(header Vary) == *Origin* ]] || fail "kb's Vary: Origin missing"
[[ $(header Content-Type) == application/json* ]] || fail "not JSON: $(header Content-Type)"
[[ -n $(header Strict-Transport-Security) ]] || fail "no Strict-Transport-Security"
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["total"] > 0 and r["hits"], r' "$body" ||
  fail "no results through nginx"
echo "search: $(header Server), $(header Content-Type)"

echo "== HTTP redirects to HTTPS"
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/?q=x")
[[ "$redirect" == "301 https://127.0.0.1/?q=x" ]] || fail "http answered: $redirect"

echo "== operators' endpoints are not public"
for path in /metrics /api/v1/stats; do
  status=$(curl -sk -o /dev/null -w '%{http_code}' "$https$path")
  [[ "$status" == 404 ]] || fail "$path through nginx answered $status"
done
curl -sf "http://127.0.0.1:$kb_port/metrics" | grep -q "^kb_" || fail "kb's own /metrics is not served"

echo "== widget.js is cached"
first=$(curl -sk -D - -o "$scratch/widget1" "$https/widget.js" | tr -d '\r' | grep -i '^X-Cache-Status:' | cut -d' ' -f2)
second=$(curl -sk -D - -o "$scratch/widget2" "$https/widget.js" | tr -d '\r' | grep -i '^X-Cache-Status:' | cut -d' ' -f2)
[[ "$first" == MISS && "$second" == HIT ]] || fail "widget.js cache: $first then $second"
cmp -s "$scratch/widget2" "$source_dir/ui/widget.js" || fail "cached widget.js differs from ui/widget.js"

echo "== the per-client limit"
# One request a minute after a burst of 40: of 60 requests, at most 41 pass, the rest 429.
urls=()
for i in $(seq 1 60); do urls+=(-o /dev/null -w '%{http_code}\n' "$https/api/v1/suggest?q=dn$i"); done
codes=$(curl -sk "${urls[@]}")
ok=$(grep -c '^200$' <<<"$codes" || true)
limited=$(grep -c '^429$' <<<"$codes" || true)
echo "200: $ok, 429: $limited"
((ok >= 1 && ok <= 41 && limited >= 19 && ok + limited == 60)) || fail "limit: $ok ok, $limited limited"
echo "PASS"
