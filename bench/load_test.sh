#!/usr/bin/env bash
# Load test of `sendtwin serve` with wrk (Debian's): concurrent API requests for 10 s each — the
# lever table (GET) and small LA runs (POST /api/run, Camden at scale 0.05, one replicate to 2027)
# — with latency percentiles; exits 1 on any error or non-2xx answer. The server takes 4 runs at once
# (--max-runs 4: one a connection), where its default of 2 would answer the others 503.
# Usage: bench/load_test.sh SENDTWIN_BINARY [SECONDS]
set -u
bin=$1
seconds=${2:-10}
work=$(mktemp -d)
"$bin" serve --port 0 --threads 1 --max-runs 4 >"$work/out" 2>"$work/err" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "http://" "$work/out" && break; sleep 0.1; done
url=$(grep -o "http://[0-9.]*:[0-9]*/" "$work/out")
cat >"$work/run.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"la": "202", "levers": {"inclusion_incentive": 0.3}, "scale": 0.05, "replicates": 1, "to": 2027}'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("wrk-summary requests=%d errors=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f\n", summary.requests, errors,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
LUA
cp "$work/run.lua" "$work/get.lua"
sed -i '1,3d' "$work/get.lua"
status=0
for what in get run; do
  path=api/levers; connections=32
  [ $what = run ] && path=api/run && connections=4
  out=$(wrk -t2 -c$connections -d${seconds}s --timeout 30s -s "$work/$what.lua" "$url$path" 2>&1)
  line=$(echo "$out" | grep wrk-summary)
  rate=$(echo "$out" | grep "Requests/sec" | awk '{print $2}')
  echo "$what $path ($connections connections, ${seconds}s): $line requests_per_s=$rate"
  echo "$line" | grep -q "errors=0 " || status=1
  echo "$line" | grep -q "requests=0 " && status=1
done
exit $status
