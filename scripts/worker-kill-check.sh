#!/usr/bin/env bash
# Durability with workers (DESIGN §8): three 'worker' processes share a run; at random moments
# one of them (the run's owner included) is killed with SIGKILL and a fresh worker started in its
# place. Nobody types 'restart'. Prints whether every row ended exactly once, whether every paid
# image is in S3, and how many calls were made again.
# Usage: scripts/worker-kill-check.sh [rows] [kills] [seed]
set -euo pipefail
rows="${1:-300}"
kills="${2:-5}"
RANDOM="${3:-42}"
home="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
workers=()
cleanup() {
	kill "$simulator" "${workers[@]}" 2>/dev/null || true
	sleep 2
	pkill -f "postgres -D $work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
awk -v n="$rows" 'BEGIN { print "id,prompt,model,size,response_format";
	for (i = 1; i <= n; i++) printf "row-%d,Durable tile %d,dall-e-2,256x256,%s\n", i, i, (i % 2) ? "url" : "b64_json" }' \
	> "$work/rows.csv"
"$home/imagebatch" simulator --port "$port" --imagebatch.simulator.latency=300ms \
	--imagebatch.simulator.latency-jitter=700ms > "$work/simulator.out" 2>&1 &
simulator=$!
until grep -q listening "$work/simulator.out" 2>/dev/null; do sleep 0.2; done
props=(--imagebatch.data-dir="$work/data" --imagebatch.gateways.sim.base-url="http://127.0.0.1:$port/v1"
	--imagebatch.gateways.sim.api-key=sk-kill-check --imagebatch.worker.concurrency=6)
cd "$work"
start_worker() {
	"$home/imagebatch" worker "${props[@]}" >> workers.log 2>&1 &
	workers+=($!)
}
start_worker
sleep 8 # the first one starts the embedded PostgreSQL the others share
start_worker
start_worker
run=$("$home/imagebatch" submit rows.csv --concurrency 12 "${props[@]}" 2> /dev/null)
for k in $(seq 1 "$kills"); do
	sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.1f", 2 + (r % 40) / 10 }')"
	owner=$("$home/imagebatch" status "$run" "${props[@]}" 2>/dev/null | sed -n 's/^Owner *\([^ ]*\).*/\1/p')
	victim=${workers[$((RANDOM % ${#workers[@]}))]}
	if [ "$k" = 1 ]; then
		# the first kill is the run's owner, the worker whose job must be adopted
		for pid in "${workers[@]}"; do [[ "$owner" == *"-$pid-"* ]] && victim=$pid; done
	fi
	kill -9 "$victim" 2>/dev/null || true
	what=$([[ "$owner" == *"-$victim-"* ]] && echo "the run's owner" || echo "a worker")
	echo "kill $k: $what (pid $victim); $("$home/imagebatch" status "$run" "${props[@]}" 2>/dev/null | grep '^Items')"
	alive=()
	for pid in "${workers[@]}"; do [ "$pid" != "$victim" ] && alive+=("$pid"); done
	workers=("${alive[@]}")
	start_worker
done
"$home/imagebatch" wait "$run" "${props[@]}" > wait.out 2> wait.err || true
"$home/imagebatch" report "$run" --format json "${props[@]}" > report.json
curl -s "http://127.0.0.1:$port/admin/ledger" > ledger.json
stored=$(find "data/s3/imagebatch/$run" -name '*.png' | wc -l)
python3 "$home/scripts/durability-report.py" "$rows" "$kills" "$stored"
