#!/usr/bin/env bash
# The issue 10 service measurements (docs/benchmarks.md), on embedded defaults in a fresh folder:
#  1. GET /api/runs/{id} latency (p50/p99 of N requests) while three runs execute;
#  2. a 100,000-row CSV upload: time to 202 and the serve JVM's heap before and after.
# Usage: scripts/serve-bench.sh [requests, default 1000]
set -euo pipefail
requests="${1:-1000}"
port=18080
. "$(dirname "$0")/demo-serve.sh" --imagebatch.simulator.latency=2s --imagebatch.simulator.latency-jitter=2s
rows() {
	echo "id,prompt,model,size"
	for i in $(seq 1 "$1"); do echo "row-$i,A catalog picture number $i of a small lamp,dall-e-2,256x256"; done
}
rows 400 >runs.csv
ids=()
for _ in 1 2 3; do
	ids+=("$(curl -sf "${auth[@]}" -F file=@runs.csv "localhost:$port/api/runs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
done
sleep 5
echo "== GET /api/runs/{id}, $requests requests while 3 runs execute"
for _ in $(seq 1 "$requests"); do
	curl -s -o /dev/null -w '%{time_total}\n' "${auth[@]}" "localhost:$port/api/runs/${ids[0]}"
done | python3 -c '
import sys
t = sorted(float(x) * 1000 for x in sys.stdin)
p = lambda q: t[min(len(t) - 1, int(q * len(t)))]
print(f"n={len(t)} p50={p(0.5):.1f} ms p90={p(0.9):.1f} ms p99={p(0.99):.1f} ms max={t[-1]:.1f} ms")'
curl -s "${auth[@]}" "localhost:$port/api/runs/${ids[0]}" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("run still", r["status"], r["items"])'
heap() {
	curl -s "${auth[@]}" "localhost:$port/actuator/prometheus" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%.0f MB\n", s / 1048576}'
}
echo "== a 100,000-row upload"
rows 100000 >big.csv
ls -l big.csv | awk '{printf "file: %.1f MB\n", $5 / 1048576}'
echo "heap before: $(heap)"
curl -s -o upload.json -w 'time to %{http_code}: %{time_total} s\n' "${auth[@]}" -F file=@big.csv -F name=bench-100k "localhost:$port/api/runs"
echo "heap after: $(heap)"
big="$(python3 -c 'import json; print(json.load(open("upload.json"))["id"])')"
for _ in $(seq 1 120); do
	total="$(curl -s "${auth[@]}" "localhost:$port/api/runs/$big" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"]["total"])')"
	[ "$total" -ge 100000 ] && break
	sleep 1
done
echo "loaded: $total items; heap now: $(heap)"
curl -s -o /dev/null "${auth[@]}" -X POST "localhost:$port/api/runs/$big/stop"
for id in "${ids[@]}"; do curl -s -o /dev/null "${auth[@]}" -X POST "localhost:$port/api/runs/$id/stop"; done
