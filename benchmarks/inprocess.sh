#!/usr/bin/env bash
# Runs the BenchmarkDotNet suite (validation against the floor, mount-table growth) with every layout path a bind
# mount, as in production: inside a private mount namespace (needs root).
# Usage: bash benchmarks/inprocess.sh [FILTER [BENCHMARKDOTNET OPTIONS...]], for example '*Validation*' --affinity 2
#
# VOLUME_FS says what the volumes' host directories live on:
#   ext4  (default) a fresh journaled ext4 filesystem in a loop-mounted image, as on a Docker host's disk;
#   disk  plain directories on this machine's own disk (here an ext4 without a journal: see README.md, where a new
#         file skips every inode deleted in the last minutes, so a probe costs more the more probes ran before it);
#   tmpfs a tmpfs.
set -euo pipefail
if [[ ${1:-} == -h || ${1:-} == --help ]]; then awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0; fi
cd "$(dirname "$0")/.."
fs=${VOLUME_FS:-ext4}
case "$fs" in ext4 | disk | tmpfs) ;; *) echo "VOLUME_FS must be ext4, disk or tmpfs" >&2; exit 2 ;; esac
root=$(mktemp -d)
host=$(mktemp -d)
image=$(mktemp)
trap 'rm -rf "$root" "$host" "$image"' EXIT
dotnet build -c Release benchmarks/Callytics.Paths.Benchmarks >/dev/null
unshare -m --propagation private bash -c '
  set -e
  case "$4" in
    ext4) truncate -s 1G "$5"; mkfs.ext4 -q -F "$5"; mount -o loop "$5" "$2" ;;
    tmpfs) mount -t tmpfs -o size=256m tmpfs "$2" ;;
  esac
  echo "volumes on: $(findmnt -no FSTYPE,OPTIONS --target "$2")" >&2
  for d in audio temp logs data config .cache; do
    mkdir -p "$1/$d" "$2/$d"
    mount --bind "$2/$d" "$1/$d"
  done
  CALLYTICS_BENCH_ROOT="$1" CALLYTICS_BENCH_MOUNTED=1 \
    dotnet run -c Release --no-build --project benchmarks/Callytics.Paths.Benchmarks -- --filter "$3" "${@:6}"
' _ "$root" "$host" "${1:-*}" "$fs" "$image" "${@:2}"
