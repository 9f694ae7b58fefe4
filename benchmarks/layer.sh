#!/usr/bin/env bash
# Usage: benchmarks/layer.sh [FILES]
# `callytics-paths layer` (the NativeAOT tool) against `find / -xdev -newer /.dockerenv -type f` on the same
# container filesystem: an overlay root made with unshare and chroot, as ContainerSandbox makes it (the host's /usr,
# /etc, /bin, /lib bound read-only), holding FILES files (default 100000) written into its layer after /.dockerenv,
# spread over 1000 session folders. RUNS=N interleaved pairs (default 11); prints the medians and their ratio
# (median_ratio.py). Needs root. Builds the tool first; removes everything it made.
set -euo pipefail
if [[ ${1:-} == -h || ${1:-} == --help ]]; then sed -n '2,7s/^# \{0,1\}//p' "$0"; exit 0; fi
FILES=${1:-100000}
RUNS=${RUNS:-11}
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'umount -R "$work/root" 2>/dev/null || true; rm -rf "$work"' EXIT
echo "building the tool (NativeAOT)..." >&2
dotnet publish src/Callytics.Paths.Cli -c Release -r linux-x64 -o "$work/aot" >/dev/null
cat > "$work/inside.sh" <<INSIDE
set -e
cd "$work"
mkdir -p lower upper overlaywork root
mount -t overlay overlay -o lowerdir=lower,upperdir=upper,workdir=overlaywork root
for d in usr etc; do mkdir -p root/\$d; mount --bind /\$d root/\$d; mount -o remount,bind,ro root/\$d; done
for l in bin lib lib64 sbin; do if [ -L /\$l ]; then ln -s "\$(readlink /\$l)" root/\$l; elif [ -d /\$l ]; then mkdir -p root/\$l; mount --bind /\$l root/\$l; mount -o remount,bind,ro root/\$l; fi; done
mkdir -p root/proc root/dev root/tmp root/opt/tool
mount -t proc proc root/proc
mount --rbind /dev root/dev
mount -t tmpfs tmpfs root/tmp
mount --bind "$work/aot" root/opt/tool
touch root/.dockerenv
sleep 0.05
python3 - root/app/.temp "$FILES" <<'PY'
import os, sys
top, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    folder = os.path.join(top, f"session_{i % 1000}")
    if i < 1000:
        os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"part_{i}.wav"), "wb") as f:
        f.write(b"RIFF")
PY
sync
exec chroot root /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp CALLYTICS_ROLES=temp TEMP_DIR=/app/temp /bin/bash -c '
for i in \$(seq $RUNS); do
  for side in ours peer; do
    if (( i % 2 == 0 )); then side=\$([[ \$side == ours ]] && echo peer || echo ours); fi
    start=\${EPOCHREALTIME/[.,]/}
    if [[ \$side == ours ]]; then /opt/tool/callytics-paths layer --json >/dev/null || true; else find / -xdev -newer /.dockerenv -type f >/dev/null; fi
    end=\${EPOCHREALTIME/[.,]/}
    echo "\$side \$(( (end - start) * 1000 ))"
  done
done'
INSIDE
unshare -m --propagation private sh "$work/inside.sh" > "$work/times"
grep '^ours ' "$work/times" | cut -d' ' -f2 > "$work/a"
grep '^peer ' "$work/times" | cut -d' ' -f2 > "$work/b"
python3 benchmarks/tools/median_ratio.py "layer ($FILES files) vs find -xdev -newer" "$work/a" "$work/b"
