#!/usr/bin/env bash
# Installs every build and test dependency of slsim with apt-get (idempotent),
# then configures and builds into build/ (Release).
#
#   tools/setup.sh            install + configure + build
#   SLSIM_SKIP_BUILD=1 tools/setup.sh   install only
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev libyaml-cpp-dev libfmt-dev catch2 libcli11-dev nlohmann-json3-dev
  clang-format time jq libbenchmark-dev
  # .ci/run: the clang build, sanitizers and libFuzzer with clang, tools/tidy.sh
  clang libclang-rt-14-dev clang-tidy
  # the HTML report: Chart.js inlined at build time, Graphviz for the diagram, Chromium for
  # the headless-browser test (README "Reports")
  libjs-chart.js graphviz chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${SLSIM_SKIP_BUILD:-0}" != 1 ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build
fi
