#!/usr/bin/env bash
# Whole-process benchmark: runs each scenario in scenarios/bench/, the trace replay
# scenarios/azure-trace.yaml (100 Azure functions, 8 h, 340 k invocations) and a per-invocation
# trace replay (trace-replay: a generated Azure-2021-format trace of SLSIM_BENCH_TRACE_ROWS rows,
# default 1,000,000, 100 functions, written by tools/trace_gen.py and imported with
# `slsim import azure2021`) (or the files given) several times and prints, per scenario, the
# median wall time, simulated invocations per wall second, events per wall second and peak RSS.
# One core: slsim runs single-threaded.
#
#   tools/bench.sh [-n RUNS] [scenario.yaml ...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
if [ "${1:-}" = "-n" ]; then runs=$2; shift 2; fi
files=("$@")
replay=0
[ ${#files[@]} -gt 0 ] || { files=(scenarios/bench/*.yaml scenarios/azure-trace.yaml); replay=1; }
for tool in jq /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool (tools/setup.sh installs it)" >&2; exit 2; }
done
[ -x build/slsim ] || { echo "bench: build first (tools/setup.sh)" >&2; exit 2; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

printf '%-32s %9s %14s %14s %10s\n' scenario wall_s invocations/s events/s peak_MiB
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $replay = 1 ]; then
  python3 tools/trace_gen.py --rows "${SLSIM_BENCH_TRACE_ROWS:-1000000}" --functions 100 \
    --rate 200 -o "$tmp/trace.csv"
  build/slsim import azure2021 "$tmp/trace.csv" -o "$tmp/trace-replay.yaml" >/dev/null
  files+=("$tmp/trace-replay.yaml")
fi
for f in "${files[@]}"; do
  : > "$tmp/wall"; : > "$tmp/rss"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" build/slsim run "$f" --json "$tmp/out.json" --quiet
    read -r wall rss < "$tmp/time"
    echo "$wall" >> "$tmp/wall"; echo "$rss" >> "$tmp/rss"
  done
  wall=$(median < "$tmp/wall")
  rss=$(median < "$tmp/rss")
  invocations=$(jq '[.functions[].invocations] | add' "$tmp/out.json")
  events=$(jq '.engine.events' "$tmp/out.json")
  awk -v n="$(basename "$f" .yaml)" -v w="$wall" -v inv="$invocations" -v ev="$events" -v r="$rss" \
    'BEGIN { printf "%-32s %9.2f %14.0f %14.0f %10.1f\n", n, w, inv / w, ev / w, r / 1024 }'
done
