#!/usr/bin/env bash
# Builds the libFuzzer targets (tools/fuzz/*_fuzz.cpp, with ASan + UBSan) into build-fuzz/ and
# runs each for a given time, one after the other.
#
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   tools/fuzz.sh                          # every target, 60 s each
#   tools/fuzz.sh 600 scenario_loader_fuzz # one target for 10 minutes
#
# Needs clang++ and libFuzzer (Debian: clang, libclang-rt-14-dev; tools/setup.sh installs them).
# The corpus of each target lives in build-fuzz/corpus/<target>/ and grows from run to run; it
# is seeded every time from the example scenarios, the price books, tests/bad/ and the kept
# reproducers in tests/fuzz/<target>/. A crash, hang, leak, out-of-memory or sanitizer report
# is written to build-fuzz/crashes/<target>/ and the script exits 1 after running the rest.
# Fix the bug, copy the file to tests/fuzz/<target>/ with a telling name (tests/
# fuzz_regression_test.cpp replays it) and re-run. Replay one file: build-fuzz/<target> FILE.
#
# Environment: SLSIM_FUZZ_BUILD (an existing -DSLSIM_FUZZ=ON build directory to use),
# SLSIM_FUZZ_JOBS (build parallelism, default: all cores),
# SLSIM_FUZZ_RUNS (a fixed number of executions per target with a fixed seed, the time then
# being only a cap: the run is reproducible, so a clean result here is a clean result in CI),
# SLSIM_FUZZ_ARGS (extra libFuzzer flags, e.g. "-seed=1").
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi

all_targets=()
for source in tools/fuzz/*_fuzz.cpp; do
  all_targets+=("$(basename "$source" .cpp)")
done
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  if [ ! -f "tools/fuzz/$target.cpp" ]; then
    echo "fuzz: unknown target '$target' (targets: ${all_targets[*]})" >&2
    exit 2
  fi
done

# SLSIM_FUZZ_BUILD names a build directory already configured with -DSLSIM_FUZZ=ON (CI's
# clang build, which also runs the test suite); otherwise build-fuzz/ is configured here.
build=${SLSIM_FUZZ_BUILD:-build-fuzz}
if [ -z "${SLSIM_FUZZ_BUILD:-}" ]; then
  # RelWithDebInfo: optimised (more executions per second) with symbols for readable reports.
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSLSIM_FUZZ=ON -DSLSIM_BUILD_TESTS=OFF >/dev/null
elif ! grep -q '^SLSIM_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "fuzz: SLSIM_FUZZ_BUILD=$build is not a build configured with -DSLSIM_FUZZ=ON" >&2
  exit 2
fi
cmake --build "$build" -j "${SLSIM_FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}"

# Seeds: the files as they are, named after their origin so that re-seeding overwrites them
# instead of piling up copies.
seed_files() {  # seed_files TARGET FILE...
  local dir=$build/corpus/$1 file
  shift
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "$dir/seed-$(echo "$file" | tr '/' '_')"
  done
  return 0
}
seed_strings() {  # seed_strings TARGET STRING...: one seed per string (no trailing newline)
  local dir=$build/corpus/$1 text i=0
  shift
  for text in "$@"; do
    printf '%s' "$text" >"$dir/seed-string-$((i++))"
  done
}

make_corpus() {
  local target=$1
  mkdir -p "$build/corpus/$target"
  case $target in
    scenario_loader_fuzz)
      seed_files "$target" scenarios/*.yaml scenarios/bench/*.yaml tests/bad/*.yaml ;;
    price_book_fuzz)
      seed_files "$target" scenarios/pricing/*.yaml ;;
    azure2021_fuzz)
      seed_files "$target" scenarios/traces/azure2021-sample/*.csv ;;
    trace_csv_fuzz)
      seed_strings "$target" $'timestamp,target\n0,a\n1.5,b\n1.5,a\n' \
        $'target,timestamp,payload,duration\nx,2,10,0.25\nx,1,0,1e-3\n' ;;
    set_option_fuzz)
      # The --set options of tests/bad and typical edits; two options are separated by a NUL.
      mapfile -t bad_sets < <(sed -n 's/^# set: //p' tests/bad/*.yaml)
      seed_strings "$target" "${bad_sets[@]}" \
        "functions.hello.memory=1024" "functions.hello.memory=512MB" \
        "functions.hello.duration={dist: exponential, mean: 50ms}" \
        "functions.worker.cold_start={dist: lognormal, mu: 4.5, sigma: 0.3}" \
        "functions.extra.duration=10ms" "sources.api.arrivals.rate=2000/s" \
        "sources.api.arrivals={process: constant, rate: 1/ms}" "sources.batch.mode=sync" \
        "sources.new={type: invoke, target: hello, arrivals: {rate: 5/s}}" \
        "account.scaling=legacy" "account.concurrency_limit=200" "account.request_rate=10/1s" \
        "pricing=[aws-x86]" "run_for=500ms" "seed=99" "functions.hello.async.retries=0"
      # Written directly: a shell string cannot hold the NUL.
      printf 'functions.hello.reserved_concurrency=0\0sources.api.flavor=http' \
        >"$build/corpus/$target/seed-two-options"
      ;;
    units_fuzz)
      seed_strings "$target" 0.5 1000 0.0000166667 250us 1.5s 10m 2min 1h 7d 80ms \
        50/s 3000/min 2/h 0.0019/s 1000/10s 10000/1s 1/1.5ms 512B 64KB 6MB 1GB 512 512MB 42 \
        106751991d 999999999999999999us 0.000000001s 9223372036/s 9223372036854775807 ;;
  esac
  # The kept reproducers, so a fixed bug stays fixed while fuzzing goes on around it.
  if [ -d "tests/fuzz/$target" ]; then
    seed_files "$target" "tests/fuzz/$target"/*
  fi
}

# ASan/UBSan report with a stack; libFuzzer sets the rest (abort on error, leak checks).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
summary=()
for target in "${targets[@]}"; do
  make_corpus "$target"
  crashes=$build/crashes/$target
  logs=$build/logs
  mkdir -p "$crashes" "$logs"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$crashes/")
  # libFuzzer's mutations follow its seed: with a fixed seed, a fixed number of runs and a
  # corpus seeded from the repository alone, every run executes the same inputs in the same
  # order (a slower machine may only stop earlier, at the time cap).
  if [ -n "${SLSIM_FUZZ_RUNS:-}" ]; then
    args+=(-runs="$SLSIM_FUZZ_RUNS" -seed=1)
  fi
  case $target in
    units_fuzz) args+=(-max_len=256 -dict=tools/fuzz/units.dict) ;;
    *) args+=(-max_len=65536 -dict=tools/fuzz/yaml.dict) ;;
  esac
  # shellcheck disable=SC2206  # SLSIM_FUZZ_ARGS is a list of flags
  args+=(${SLSIM_FUZZ_ARGS:-})
  log=$logs/$target.log
  echo "fuzz: $target for ${seconds}s (log: $log)" >&2
  set +e
  "$build/$target" "${args[@]}" "$build/corpus/$target" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  corpus=$(find "$build/corpus/$target" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    summary+=("$target: ok, ${runs:-?} executions (cap ${seconds}s), corpus $corpus files")
  else
    status=1
    summary+=("$target: FAILED (exit $rc) after ${runs:-?} executions; see $log and $crashes/")
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" \
      | head -n 8 >&2 || true
  fi
done

printf '%s\n' "${summary[@]}"
exit "$status"
