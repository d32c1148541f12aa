#!/usr/bin/env bash
# Scale check (issue 4): one run of N rows against the in-process simulator at zero latency
# with small images, on embedded PostgreSQL and S3 in a fresh data folder. Prints wall time,
# images/s, the live heap after each GC (its peak is what must stay flat as N grows) and
# peak RSS. Usage: scripts/scale-check.sh [rows] [concurrency]
set -euo pipefail
rows="${1:-10000}"
concurrency="${2:-16}"
home="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
awk -v n="$rows" 'BEGIN { print "id,prompt,model,size,response_format";
	for (i = 1; i <= n; i++) printf "tile-%d,Game tile number %d with a tiny tree,dall-e-2,256x256,b64_json\n", i, i }' \
	> "$work/rows.csv"
cd "$work"
# the in-process simulator keeps a bounded ledger so that it does not grow with the run
export JAVA_TOOL_OPTIONS="-Xmx1g -Xlog:gc:file=$work/gc.log"
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/rss" "$home/imagebatch" generate rows.csv --concurrency "$concurrency" \
	--imagebatch.data-dir="$work/data" --imagebatch.simulator.ledger-capacity=1000 > "$work/out" 2> "$work/err" || true
end=$(date +%s.%N)
run=$(sed -n 's/^Run \([^ :]*\):.*/\1/p' "$work/err" | head -1)
"$home/imagebatch" status "$run" --imagebatch.data-dir="$work/data" > "$work/status" 2>/dev/null || true
succeeded=$(grep -o '[0-9]* succeeded' "$work/out" | head -1 | cut -d' ' -f1)
# live heap after GC, in MB, from lines like "Pause Young (Normal) ... 150M->40M(256M)"
live=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | sed 's/.*->\([0-9]*\)M/\1/' | sort -n | tail -1)
gcs=$(grep -c 'Pause' "$work/gc.log" || true)
echo "rows:                $rows (concurrency $concurrency)"
echo "succeeded:           ${succeeded:-?}"
echo "process wall time:   $(echo "$end - $start" | bc) s (JVM start, load, generate, finish)"
started=$(sed -n 's/.*started \([^ ]*\) .*/\1/p' "$work/status")
ended=$(sed -n 's/.*ended \([^ ]*\)$/\1/p' "$work/status")
seconds=$(echo "$(date -d "$ended" +%s.%N) - $(date -d "$started" +%s.%N)" | bc)
echo "run (job start-end): $seconds s -> $(echo "scale=1; ${succeeded:-0} / $seconds" | bc) images/s end to end"
echo "peak live heap:      ${live:-?} MB after GC ($gcs GC pauses, -Xmx1g)"
echo "peak RSS:            $(( $(cat "$work/rss") / 1024 )) MB"
