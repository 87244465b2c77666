#!/usr/bin/env bash
# Builds slsim if needed (Release, into build/) and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
