#!/usr/bin/env bash
# Scale check (issue 4): one run of N rows against the in-process simulator at zero latency
# with small images, on embedded PostgreSQL and S3 in a fresh data folder. Prints wall time,
# images/s, the heap after young GCs, the live heap (what a full GC keeps, sampled every 20 s
# with jcmd: this is what must stay flat as N grows) and peak RSS.
# Usage: scripts/scale-check.sh [rows] [concurrency]
set -euo pipefail
rows="${1:-10000}"
concurrency="${2:-16}"
home="$(cd "$(dirname "$0")/.." && pwd)"
. "$home/scripts/select-jdk.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
awk -v n="$rows" 'BEGIN { print "id,prompt,model,size,response_format";
	for (i = 1; i <= n; i++) printf "tile-%d,Game tile number %d with a tiny tree,dall-e-2,256x256,b64_json\n", i, i }' \
	> "$work/rows.csv"
cd "$work"
# the in-process simulator keeps a bounded ledger so that it does not grow with the run
start=$(date +%s.%N)
# only the generate JVM logs its GCs (a later JVM would overwrite the file)
JAVA_TOOL_OPTIONS="-Xmx1g -Xlog:gc:file=$work/gc.log" /usr/bin/time -f "%M" -o "$work/rss" "$home/imagebatch" generate rows.csv --concurrency "$concurrency" \
	--imagebatch.data-dir="$work/data" --imagebatch.simulator.ledger-capacity=1000 > "$work/out" 2> "$work/err" &
runner=$!
# live heap: a class histogram of live objects forces a full GC; its last line is the total
while kill -0 "$runner" 2>/dev/null; do
	sleep 20
	pid=$(pgrep -f "imagebatch.jar generate rows.csv" | head -1 || true)
	[ -n "$pid" ] && "$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram 2>/dev/null | awk '/^Total/ { print int($3 / 1048576) }' >> "$work/live"
done
wait "$runner" || true
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
echo "heap after young GC: at most ${live:-?} MB ($gcs GC pauses, -Xmx1g)"
echo "live heap (full GC): $(tr '\n' ' ' < "$work/live" 2>/dev/null) MB, sampled every 20 s"
echo "peak RSS:            $(( $(cat "$work/rss") / 1024 )) MB"
