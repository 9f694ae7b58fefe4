#!/usr/bin/env bash
# Runs the BenchmarkDotNet suite (validation against the floor, mount-table growth) with every layout path a bind
# mount, as in production: inside a private mount namespace (needs root). Usage: bash benchmarks/inprocess.sh [FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d)
host=$(mktemp -d)
trap 'rm -rf "$root" "$host"' EXIT
dotnet build -c Release benchmarks/Callytics.Paths.Benchmarks >/dev/null
unshare -m --propagation private bash -c '
  for d in audio temp logs data config .cache; do
    mkdir -p "$1/$d" "$2/$d"
    mount --bind "$2/$d" "$1/$d"
  done
  CALLYTICS_BENCH_ROOT="$1" CALLYTICS_BENCH_MOUNTED=1 \
    dotnet run -c Release --no-build --project benchmarks/Callytics.Paths.Benchmarks -- --filter "$3"
' _ "$root" "$host" "${1:-*}"
