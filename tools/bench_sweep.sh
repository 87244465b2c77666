#!/usr/bin/env bash
# Sweep benchmark: a 100-point sweep of scenarios/hello-api.yaml (10 memory sizes x 10
# reserved concurrencies, an hour of 50 requests/s each) run several times with -j JOBS;
# prints the median wall time, points per second and simulated invocations per wall second.
#
#   tools/bench_sweep.sh [-n RUNS] [-j JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
jobs=2
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    *) echo "usage: tools/bench_sweep.sh [-n RUNS] [-j JOBS]" >&2; exit 2 ;;
  esac
done
[ -x build/slsim ] || { echo "bench_sweep: build first (tools/setup.sh)" >&2; exit 2; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for ((i = 0; i < runs; i++)); do
  /usr/bin/time -f '%e' -o "$tmp/time" build/slsim sweep scenarios/hello-api.yaml \
    --vary functions.hello.memory=128..1280:128 --vary functions.hello.reserved_concurrency=10..100:10 \
    --metric functions.hello.invocations -j "$jobs" --quiet --json "$tmp/sweep.json"
  cat "$tmp/time" >> "$tmp/wall"
done
wall=$(median < "$tmp/wall")
points=$(jq '.points | length' "$tmp/sweep.json")
invocations=$(jq '[.points[].metrics."functions.hello.invocations"] | add' "$tmp/sweep.json")
awk -v w="$wall" -v p="$points" -v inv="$invocations" -v j="$jobs" -v n="$runs" \
  'BEGIN { printf "sweep of %d points, -j %d: median %.2f s wall over %d runs, %.1f points/s, %.0f invocations/s\n", p, j, w, n, p / w, inv / w }'
