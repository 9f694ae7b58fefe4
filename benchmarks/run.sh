#!/usr/bin/env bash
# Whole-process comparisons, each against a peer in the same run: pairs run side by side, interleaved, and the
# ratio of their medians reported (the machines are shared and noisy: absolute times alone mean little).
# Generates its own layouts, tables and trees in a temporary folder and removes them. RUNS=N sets the pair count;
# PAIRS=REGEX runs only the comparisons whose label matches (for example PAIRS=host).
set -euo pipefail
if [[ ${1:-} == -h || ${1:-} == --help ]]; then awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0; fi
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building (Release; the tool as a NativeAOT binary)..." >&2
dotnet build -c Release benchmarks/HostStartup -o "$work/host" >/dev/null
dotnet publish -c Release benchmarks/HostStartup -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/host-r2r" >/dev/null
# The host built just in time with the library's ReadyToRun image, as a portable service gets it from the package
# (runtimes/linux-x64/lib, which the host picks on this machine).
dotnet publish -c Release src/Callytics.Paths -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/lib-r2r" >/dev/null
cp -r "$work/host" "$work/host-libr2r" && cp "$work/lib-r2r/Callytics.Paths.dll" "$work/host-libr2r/"
dotnet publish src/Callytics.Paths.Cli -c Release -r linux-x64 -o "$work/aot" >/dev/null
dotnet publish benchmarks/BareAot -c Release -r linux-x64 -p:PublishAot=true -o "$work/bare" >/dev/null
dotnet publish benchmarks/BareAot -c Release -r linux-x64 -p:PublishAot=true -p:PositionIndependentExecutable=false -p:IlcDehydrate=false -o "$work/bare-fixed" >/dev/null
tool="$work/aot/callytics-paths"
echo "machine: $(nproc) cores, $(uname -r), tool binary $(stat -c %s "$tool") bytes" >&2

# The clock is bash's own (no date process inside the timed span), read in microseconds.
timed() { local start end; start=${EPOCHREALTIME/[.,]/}; "$@" >/dev/null 2>&1 || true; end=${EPOCHREALTIME/[.,]/}; echo $(( (end - start) * 1000 )); }

# A command with no shell syntax runs directly (split on spaces); one with a pipe, redirection, cd or quotes through
# bash -c, whose own start is then in the time.
run() { if [[ "$1" =~ [\;\&\|\<\>\'\"] || "$1" == cd\ * ]]; then timed bash -c "$1"; else timed $1; fi; }

# pair LABEL SETUP OURS PEER: SETUP (untimed) runs before each timed command. The pairs alternate which side runs
# first (ours-peer, then peer-ours), so that neither always runs just after the other or just after a setup.
pair() {
  local label=$1 setup=$2 ours=$3 peer=$4 i
  [[ "$label" =~ ${PAIRS:-.} ]] || return 0
  : > "$work/a"; : > "$work/b"
  for i in $(seq "$RUNS"); do
    if (( i % 2 )); then
      eval "$setup"; run "$ours" >> "$work/a"
      eval "$setup"; run "$peer" >> "$work/b"
    else
      eval "$setup"; run "$peer" >> "$work/b"
      eval "$setup"; run "$ours" >> "$work/a"
    fi
  done
  python3 benchmarks/tools/median_ratio.py "$label" "$work/a" "$work/b"
}

layout="$work/layout"
mkdir -p "$layout"/{audio,temp,logs,data,config,.cache}
export CALLYTICS_ROOT="$layout" CALLYTICS_MOUNT_CHECK=off DATABASE_URL="sqlite:///$layout/data/Callytics_new.sqlite"

# The hosts start in an empty directory, as a service starts in its own folder: the Generic Host watches its content
# root (the working directory) recursively for appsettings changes, and in this repository that is some 570
# inotify watches over bin/, obj/ and .git/, which cost both sides more than the library does and vary run to run.
mkdir -p "$work/content-root"
pair "host start-up (JIT): Generic Host + AddCallyticsPaths vs without" ":" \
  "cd $work/content-root && dotnet $work/host/HostStartup.dll with" "cd $work/content-root && dotnet $work/host/HostStartup.dll"

pair "host start-up (JIT, the package's ReadyToRun library): Generic Host + AddCallyticsPaths vs without" ":" \
  "cd $work/content-root && dotnet $work/host-libr2r/HostStartup.dll with" "cd $work/content-root && dotnet $work/host-libr2r/HostStartup.dll"

pair "host start-up (ReadyToRun publish): Generic Host + AddCallyticsPaths vs without" ":" \
  "cd $work/content-root && dotnet $work/host-r2r/HostStartup.dll with" "cd $work/content-root && dotnet $work/host-r2r/HostStartup.dll"

# Not targets: the same two pairs on one processor (taskset), as in a container limited to one CPU, where no work can
# run beside the host's own thread.
pair "host start-up, one processor (JIT)" ":" \
  "cd $work/content-root && taskset -c 0 dotnet $work/host/HostStartup.dll with" "cd $work/content-root && taskset -c 0 dotnet $work/host/HostStartup.dll"

pair "host start-up, one processor (ReadyToRun publish)" ":" \
  "cd $work/content-root && taskset -c 0 dotnet $work/host-r2r/HostStartup.dll with" "cd $work/content-root && taskset -c 0 dotnet $work/host-r2r/HostStartup.dll"

# Start-up of the NativeAOT tool against a bare NativeAOT program that prints one line: as published by default, and
# with the tool's own link settings (position-dependent, data not dehydrated).
pair "--version (AOT) vs a bare NativeAOT program" ":" "$tool --version" "$work/bare/BareAot"
pair "--version (AOT) vs a bare NativeAOT program, the tool's link settings" ":" "$tool --version" "$work/bare-fixed/BareAot"
pair "check --json (AOT) vs a bare NativeAOT program" ":" "$tool check --json" "$work/bare/BareAot"

pair "check --json (AOT) vs python3 old check" ":" \
  "$tool check --json" "python3 benchmarks/tools/old_check.py"

# exec as a container entrypoint: as root, prepare the layout, drop to 65534, validate with real probes and execve,
# against dropping alone with setpriv. The layout must be reachable by that user.
chmod o+rx "$work" "$layout"
pair "exec --user 65534 -- /bin/true (AOT) vs setpriv --reuid=65534 --regid=65534 --clear-groups /bin/true" ":" \
  "$tool exec --user 65534 -- /bin/true" "setpriv --reuid=65534 --regid=65534 --clear-groups /bin/true"

# health as a HEALTHCHECK or Kubernetes exec probe (default timeout 1 s), against starting a Python interpreter.
python=$(command -v /usr/bin/python3 || command -v python3) # the system interpreter: a version manager's shim would add its own start-up
pair "health (AOT) vs python3 -c pass" ":" "$tool health" "$python -c pass"

python3 benchmarks/tools/make_mountinfo.py 20000 > "$work/mountinfo"
pair "mounts on a 20,000-entry table vs findmnt --tab-file" ":" \
  "$tool mounts --mountinfo $work/mountinfo --target /mnt/d19999" "findmnt --tab-file $work/mountinfo --mountpoint /mnt/d19999"

# A busy Kubernetes node's own table: long kubelet and containerd mount points, shared:N/master:N, tmpfs size=...k.
python3 benchmarks/tools/make_mountinfo.py 20000 kubelet > "$work/mountinfo-kubelet"
pair "mounts on a 20,000-entry kubelet-shaped table vs findmnt --tab-file" ":" \
  "$tool mounts --mountinfo $work/mountinfo-kubelet --target /app/temp" "findmnt --tab-file $work/mountinfo-kubelet --mountpoint /app/temp"
pod_mount=$(grep -m1 'kubernetes.io~empty-dir' "$work/mountinfo-kubelet" | cut -d' ' -f5)
pair "mounts on the kubelet-shaped table, a pod's emptyDir" ":" \
  "$tool mounts --mountinfo $work/mountinfo-kubelet --target $pod_mount" "findmnt --tab-file $work/mountinfo-kubelet --mountpoint $pod_mount"

make_files() { # DIR COUNT: COUNT files of 1..4 KiB in folders of 1,000
  python3 - "$1" "$2" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    folder = os.path.join(root, f"d{i // 1000}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i}"), "wb") as f:
        f.write(b"x" * (1024 + i % 3072))
PY
}

for files in 10000 100000; do
  rm -rf "$layout/data" && mkdir -p "$layout/data" && make_files "$layout/data" "$files"
  pair "usage over $files files vs du -sb" ":" \
    "$tool usage --json" "du -sb $layout/audio $layout/temp $layout/logs $layout/data $layout/config $layout/.cache"
done
rm -rf "$layout/data" && mkdir -p "$layout/data"

make_sessions() { # COUNT stale sessions, one small file each, idle for two days
  rm -rf "$layout/temp" && mkdir -p "$layout/temp"
  python3 - "$layout/temp" "$1" <<'PY'
import os, sys, time
root, count = sys.argv[1], int(sys.argv[2])
old = time.time() - 2 * 86400
for i in range(count):
    folder = os.path.join(root, f"session_{i:06d}")
    os.mkdir(folder)
    path = os.path.join(folder, "part.wav")
    with open(path, "wb") as f:
        f.write(b"x" * 2048)
    os.utime(path, (old, old))
    os.utime(folder, (old, old))
PY
}

for sessions in 1000 5000; do
  RUNS=$(( RUNS < 9 ? RUNS : 9 )) pair "sweep of $sessions stale sessions vs find -exec rm -rf" "make_sessions $sessions" \
    "$tool sessions sweep --older-than 24h" \
    "find $layout/temp -mindepth 1 -maxdepth 1 -name 'session_*' -mmin +1440 -exec rm -rf {} +"
done
