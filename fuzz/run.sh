#!/usr/bin/env bash
# Builds the SharpFuzz harnesses, instruments the library and the tool, and runs AFL++ on each target for a bounded
# time (FUZZ_SECONDS, default 300). Prints one line per target: executions, paths found, crashes, hangs.
# Crashing inputs are copied to fuzz/findings/TARGET/ (each must then become a regular test; see README.md).
# Usage: bash fuzz/run.sh [TARGET...]   (default: every target)
set -euo pipefail
if [[ ${1:-} == -h || ${1:-} == --help ]]; then awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0; fi
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-300}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(database-url mountinfo compose-volume interpolation kube-manifest)

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building and instrumenting..." >&2
dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
dotnet publish fuzz/Callytics.Paths.Fuzz -c Release -o "$work/bin" >/dev/null
for dll in Callytics.Paths.dll Callytics.Paths.Linting.dll callytics-paths.dll; do
  "$work/tools/sharpfuzz" "$work/bin/$dll" >/dev/null
done

# AFL++ expects a native, instrumented binary and a core pattern it controls; neither applies to a .NET harness.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export DOTNET_TieredPGO=0 DOTNET_gcServer=0

printf '%-16s %12s %8s %8s %6s %8s\n' target executions paths crashes hangs seconds
for target in "${targets[@]}"; do
  out="$work/out-$target"
  afl-fuzz -V "$SECONDS_EACH" -t 5000 -m none -i "fuzz/corpus/$target" -o "$out" -- dotnet "$work/bin/Callytics.Paths.Fuzz.dll" "$target" \
    > "$work/afl-$target.log" 2>&1 || { echo "afl-fuzz failed on $target:" >&2; tail -20 "$work/afl-$target.log" >&2; exit 1; }
  stats="$out/default/fuzzer_stats"
  value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(find "$out/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$out/default/hangs" -type f -name 'id:*' | wc -l)
  printf '%-16s %12s %8s %8s %6s %8s\n' "$target" "$(value execs_done)" "$(value corpus_count)" "$crashes" "$hangs" "$(value run_time)"
  if [ "$crashes" -gt 0 ]; then
    mkdir -p "fuzz/findings/$target"
    for crash in "$out/default/crashes"/id:*; do
      cp "$crash" "fuzz/findings/$target/$(sha1sum "$crash" | cut -c1-16)"
    done
  fi
done
