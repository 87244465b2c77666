#!/usr/bin/env bash
# Determinism across compilers: runs every scenario in scenarios/ and scenarios/bench/ with the
# g++ build (build/slsim) and the clang build (build-clang/slsim) and fails if any JSON
# document differs byte for byte. The benchmark scenarios (millions of invocations) are cut to
# `--run-for 10m`; the lessons run in full. Both builds must exist (see .ci/run).
#
#   tools/ci_compare_builds.sh [A/slsim B/slsim]     default build/slsim build-clang/slsim
#   SLSIM_COMPARE_RUN_FOR=1h                         another cap for scenarios/bench/
set -euo pipefail
cd "$(dirname "$0")/.."

first=${1:-build/slsim}
second=${2:-build-clang/slsim}
cap=${SLSIM_COMPARE_RUN_FOR:-10m}
for binary in "$first" "$second"; do
  [ -x "$binary" ] || {
    echo "compare: $binary is missing: build it first" >&2
    exit 1
  }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

differ=0
count=0
for file in scenarios/*.yaml scenarios/bench/*.yaml; do
  args=(run "$file" --quiet)
  case "$file" in scenarios/bench/*) args+=(--run-for "$cap") ;; esac
  name=$(echo "$file" | tr '/' '_')
  "$first" "${args[@]}" --json "$out/$name.first.json"
  "$second" "${args[@]}" --json "$out/$name.second.json"
  count=$((count + 1))
  if cmp -s "$out/$name.first.json" "$out/$name.second.json"; then
    echo "same     $file ($(wc -c <"$out/$name.first.json") bytes)"
  else
    differ=$((differ + 1))
    echo "DIFFERS  $file: $first vs $second"
    diff "$out/$name.first.json" "$out/$name.second.json" | head -20 || true
  fi
done

if [ "$differ" -gt 0 ]; then
  echo "compare: $differ of $count scenarios give different JSON with $first and $second" >&2
  exit 1
fi
echo "compare: $count scenarios, byte-identical JSON from $first and $second"
