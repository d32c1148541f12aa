#!/usr/bin/env bash
# Median wall and CPU time of short imagebatch commands, from the jar and from the start-up
# cache, measured alternately so that both see the same machine (docs/benchmarks.md,
# "CLI start-up (issue 10)").
# Usage: scripts/startup-bench.sh [runs] [command...]   (default: 5 runs each of --help, runs, status latest)
# Run it from a scratch directory with data: 'imagebatch generate samples/prompts.csv' there once.
set -uo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
launcher="${IMAGEBATCH:-$home/imagebatch}"
n="${1:-5}"
shift || true
if [ $# -gt 0 ]; then
	commands=("$*")
else
	commands=("--help" "runs" "status latest")
fi
variants=("${VARIANTS:-jar cache}")
read -r -a variants <<<"${variants[0]}"
timing="$(mktemp -d)"
trap 'rm -rf "$timing"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# one untimed run first: it makes the cache if the build is new
"$launcher" --version >/dev/null 2>&1
for i in $(seq "$n"); do
	for c in "${!commands[@]}"; do
		for variant in "${variants[@]}"; do
			case "$variant" in
				jar) env=(IMAGEBATCH_STARTUP_CACHE=off) ;;
				cache) env=(IMAGEBATCH_STARTUP_CACHE=on) ;;
				cache-c1) env=(IMAGEBATCH_STARTUP_CACHE=on JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1) ;;
			esac
			# shellcheck disable=SC2086 # a command is words
			env "${env[@]}" /usr/bin/time -o "$timing/t" -f '%e %U %S' "$launcher" ${commands[$c]} >/dev/null 2>&1
			read -r wall user sys <"$timing/t"
			echo "$wall" >>"$timing/wall.$c.$variant"
			awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f\n", u + s}' >>"$timing/cpu.$c.$variant"
		done
	done
done
for c in "${!commands[@]}"; do
	for variant in "${variants[@]}"; do
		printf '%-14s %-9s wall %5.2f s  cpu %5.2f s   (walls %s; cpu %s)\n' "${commands[$c]}" "$variant" \
			"$(median <"$timing/wall.$c.$variant")" "$(median <"$timing/cpu.$c.$variant")" \
			"$(tr '\n' ' ' <"$timing/wall.$c.$variant")" "$(tr '\n' ' ' <"$timing/cpu.$c.$variant")"
	done
done
