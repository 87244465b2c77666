#!/usr/bin/env bash
# The MPI build against the normal one: a sweep and replications under `mpirun -np 2` must
# write byte-identical JSON to a single process. Builds build-mpi/ (-DSLSIM_MPI=ON) if needed.
#
#   tools/mpi_test.sh [RANKS]
set -euo pipefail
cd "$(dirname "$0")/.."
ranks=${1:-2}
command -v mpirun >/dev/null || { echo "mpi_test: needs mpirun (tools/setup.sh installs openmpi-bin)" >&2; exit 2; }
[ -x build/slsim ] || { echo "mpi_test: build first (tools/setup.sh)" >&2; exit 2; }
if [ ! -f build-mpi/CMakeCache.txt ]; then
  cmake -S . -B build-mpi -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLSIM_MPI=ON \
    -DSLSIM_BUILD_TESTS=OFF >/dev/null
fi
cmake --build build-mpi --target slsim
# As root OpenMPI refuses to start without these (they are harmless otherwise).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sweep=(sweep scenarios/hello-api.yaml --vary functions.hello.memory=128..640:128
  --vary functions.hello.reserved_concurrency=5,50 --run-for 5m --quiet)
build/slsim "${sweep[@]}" -j 1 --json "$tmp/single.json"
mpirun -np "$ranks" --oversubscribe build-mpi/slsim "${sweep[@]}" -j 1 --json "$tmp/mpi.json"
cmp "$tmp/single.json" "$tmp/mpi.json"
replications=(run scenarios/hello-api.yaml --replications 5 --run-for 5m --quiet)
build/slsim "${replications[@]}" -j 1 --json "$tmp/single-r.json"
mpirun -np "$ranks" --oversubscribe build-mpi/slsim "${replications[@]}" -j 1 --json "$tmp/mpi-r.json"
cmp "$tmp/single-r.json" "$tmp/mpi-r.json"
# A bad --vary fails on every rank with exit 2, not a hang.
if mpirun -np "$ranks" --oversubscribe build-mpi/slsim sweep scenarios/hello-api.yaml \
    --vary functions.hello.memory=abc --quiet 2>/dev/null; then
  echo "mpi_test: a bad --vary did not fail" >&2
  exit 1
fi
echo "mpi_test: $ranks ranks, sweep and replications identical to one process"
