#!/usr/bin/env bash
# Usage: startup_variants.sh DIR VARIANT...
# Host start-up of several builds side by side: DIR/VARIANT/HostStartup.dll for each VARIANT (a build or publish of
# benchmarks/HostStartup, made beforehand, for example from two commits). Every round runs each variant with
# AddCallyticsPaths ("with") and without it, in an order rotated round by round, so that all variants share the
# machine's slow spells; then prints, per variant, the medians and the ratio of "with" to "without" (median_ratio.py).
# RUNS=N rounds (default 41); TASKSET="taskset -c 0" for one processor. Runs in a fresh empty content root.
set -euo pipefail
if [[ $# -lt 2 || $1 == -h || $1 == --help ]]; then sed -n '2,7s/^# \{0,1\}//p' "$0"; exit 0; fi
dir=$(cd "$1" && pwd); shift
variants=("$@")
RUNS=${RUNS:-41}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layout=$work/layout
mkdir -p "$layout"/{audio,temp,logs,data,config,.cache} "$work/content-root" "$work/times"
export CALLYTICS_ROOT="$layout" CALLYTICS_MOUNT_CHECK=off DATABASE_URL="sqlite:///$layout/data/Callytics_new.sqlite"
timed() { local start end; start=${EPOCHREALTIME/[.,]/}; "$@" >/dev/null 2>&1 || true; end=${EPOCHREALTIME/[.,]/}; echo $(( (end - start) * 1000 )); }
series=()
for v in "${variants[@]}"; do series+=("$v with" "$v bare"); done
n=${#series[@]}
cd "$work/content-root"
for i in $(seq "$RUNS"); do
  for j in $(seq 0 $((n - 1))); do
    s=${series[$(( (i + j) % n ))]}
    v=${s% *}; kind=${s#* }
    arg=(); [[ $kind == with ]] && arg=(with)
    ${TASKSET:-} timed dotnet "$dir/$v/HostStartup.dll" "${arg[@]}" >> "$work/times/$v.$kind"
  done
done
for v in "${variants[@]}"; do python3 "$here/median_ratio.py" "host start-up $v: with vs without" "$work/times/$v.with" "$work/times/$v.bare"; done
