#!/usr/bin/env bash
# Plots requests/s of the four keep-alive clients (HTTP and HTTPS) from a poolscope-bench JSON file.
#   bench/plot/plot_requests.sh bench.json docs/performance-requests.png
# Needs python3 (standard library only) and gnuplot (Debian: gnuplot-nox).
set -euo pipefail
json=${1:?usage: plot_requests.sh BENCH.json OUT.png}
out=${2:?usage: plot_requests.sh BENCH.json OUT.png}
here=$(cd "$(dirname "$0")" && pwd)
data=$(mktemp)
trap 'rm -f "$data"' EXIT
python3 - "$json" >"$data" <<'PY'
import json, sys
figures = json.load(open(sys.argv[1]))
https = figures["https_keepalive_us_per_request"]
http = figures["http_keepalive_us_per_request"]
labels = [("raw_openssl", "raw OpenSSL / socket"), ("poolscope", "PoolScope"), ("libcurl", "libcurl"), ("qnam", "QNAM")]
def rps(us):
    return 0 if us in (None, 0) else 1e6 / us
for key, label in labels:
    print('"%s" %.0f %.0f' % (label, rps(https.get(key)), rps(http.get(key))))
PY
gnuplot -e "datafile='$data'; outfile='$out'" "$here/requests.gp"
echo "wrote $out"
