#!/usr/bin/env bash
# Durability check (DESIGN §8): a run against a standalone simulator is killed with SIGKILL at
# random moments and restarted each time, then finished. Prints whether every row ended exactly
# once, whether every paid image is in S3, and how many calls were made again (and why).
# Usage: scripts/kill-check.sh [rows] [kills] [seed]
set -euo pipefail
rows="${1:-300}"
kills="${2:-5}"
RANDOM="${3:-42}"
home="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
cleanup() { kill "$simulator" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
awk -v n="$rows" 'BEGIN { print "id,prompt,model,size,response_format";
	for (i = 1; i <= n; i++) printf "row-%d,Durable tile %d,dall-e-2,256x256,%s\n", i, i, (i % 2) ? "url" : "b64_json" }' \
	> "$work/rows.csv"
"$home/imagebatch" simulator --port "$port" --imagebatch.simulator.latency=300ms \
	--imagebatch.simulator.latency-jitter=700ms > "$work/simulator.out" 2>&1 &
simulator=$!
until grep -q listening "$work/simulator.out" 2>/dev/null; do sleep 0.2; done
props=(--imagebatch.data-dir="$work/data" --imagebatch.gateways.sim.base-url="http://127.0.0.1:$port/v1"
	--imagebatch.gateways.sim.api-key=sk-kill-check)
cd "$work"
"$home/imagebatch" generate rows.csv --concurrency 8 "${props[@]}" > gen.out 2> gen.err &
child=$!
until grep -q '^Run ' gen.err 2>/dev/null; do sleep 0.1; done
run=$(sed -n 's/^Run \([^ :]*\):.*/\1/p' gen.err | head -1)
for k in $(seq 1 "$kills"); do
	sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.1f", 3 + (r % 50) / 10 }')"
	kill -9 "$child" 2>/dev/null || true
	wait "$child" 2>/dev/null || true
	echo "kill $k: $("$home/imagebatch" status "$run" "${props[@]}" 2>/dev/null | grep '^Items')"
	"$home/imagebatch" restart "$run" "${props[@]}" > restart.out 2> restart.err &
	child=$!
done
wait "$child" || true
"$home/imagebatch" report "$run" --format json "${props[@]}" > report.json
curl -s "http://127.0.0.1:$port/admin/ledger" > ledger.json
stored=$(find "data/s3/imagebatch/$run" -name '*.png' | wc -l)
python3 "$home/scripts/durability-report.py" "$rows" "$kills" "$stored"
