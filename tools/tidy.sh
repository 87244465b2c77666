#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) on sim/**/*.cpp, or on the files given, with the
# compile commands of build/ (configured first if needed), one file per core at a time.
# Exits non-zero on any warning (and on any file clang-tidy cannot parse).
#
#   tools/tidy.sh                    every sim/**/*.cpp
#   tools/tidy.sh sim/cost.cpp ...   only these files
#   SLSIM_TIDY_BUILD=dir             another build directory's compile_commands.json
set -euo pipefail
cd "$(dirname "$0")/.."

build=${SLSIM_TIDY_BUILD:-build}
if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi

if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(find sim -name '*.cpp' | LC_ALL=C sort)
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# build/ is a g++ build: clang does not know some of its -Wno-* options (e.g.
# -Wno-dangling-pointer), hence -Wno-unknown-warning-option.
tidy_one() {
  local file=$1 log
  log="$2/$(echo "$file" | tr '/' '_').log"
  if clang-tidy -p "$3" --quiet --warnings-as-errors='*' \
    --extra-arg=-Wno-unknown-warning-option "$file" >"$log" 2>&1; then
    echo ok >"$log.status"
  else
    echo failed >"$log.status"
  fi
}
export -f tidy_one

# shellcheck disable=SC2016  # $1..$3 are expanded by the inner bash, on purpose
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -I{} bash -c 'tidy_one "$1" "$2" "$3"' _ {} "$logs" "$build"

failed=0
for file in "${files[@]}"; do
  log="$logs/$(echo "$file" | tr '/' '_').log"
  if [ "$(cat "$log.status")" != ok ]; then
    failed=$((failed + 1))
    echo "== clang-tidy: $file"
    # clang-tidy's own "N warnings generated" and "Suppressed" chatter is not a finding.
    grep -v -E '^[0-9]+ (warning|error)s? generated\.$|^Suppressed [0-9]+ warnings' "$log" || true
  fi
done

if [ "$failed" -gt 0 ]; then
  echo "tidy: $failed of ${#files[@]} files have findings; each one once:" >&2
  cat "$logs"/*.log | grep -E '(warning|error): .*\[[^]]+\]$' | sed "s#^$PWD/##" |
    LC_ALL=C sort -u >&2 || true
  exit 1
fi
echo "tidy: ${#files[@]} files clean"
