"""Usage: host_phases.py HOST_DLL PAIRS CONTENT_ROOT

Where the library's share of a host start goes. Runs benchmarks/HostStartup (a build of it, HOST_DLL) PAIRS times
with AddCallyticsPaths ("with") and without, interleaved, in the empty folder CONTENT_ROOT, and prints each phase's
median for both and their difference: process start to Main, Main to the host built (CreateApplicationBuilder,
AddCallyticsPaths, Build), StartAsync, StopAsync, StopAsync's end to the process's exit, and the whole. The program
prints its CLOCK_MONOTONIC timestamps (Stopwatch) when CALLYTICS_BENCH_PHASES=1; this script reads the same clock
around the process. Set the layout's variables first (CALLYTICS_ROOT, CALLYTICS_MOUNT_CHECK=off, DATABASE_URL), as
run.sh does."""
import os, statistics, subprocess, sys, time
if len(sys.argv) != 4 or sys.argv[1] in ("-h", "--help"):
    print(__doc__)
    sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 2)
host, n, cwd = sys.argv[1], int(sys.argv[2]), sys.argv[3]
env = dict(os.environ, CALLYTICS_BENCH_PHASES="1")
res = {"with": [], "bare": []}
def one(kind):
    args = ["dotnet", host] + (["with"] if kind == "with" else [])
    t0 = time.monotonic_ns()
    out = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True).stdout
    t1 = time.monotonic_ns()
    ts = dict(kv.split("=") for kv in out.split())
    m, b, s, p = (int(ts[k]) for k in ("main", "built", "started", "stopped"))
    res[kind].append((m - t0, b - m, s - b, p - s, t1 - p, t1 - t0))
for i in range(n):
    for kind in (("with", "bare") if i % 2 else ("bare", "with")):
        one(kind)
names = ["to Main", "built", "start", "stop", "exit", "whole"]
for j, name in enumerate(names):
    w = statistics.median(r[j] for r in res["with"]) / 1e6
    b = statistics.median(r[j] for r in res["bare"]) / 1e6
    print(f"{name:8} with {w:8.2f}  bare {b:8.2f}  diff {w-b:+7.2f} ms")
pr = statistics.median(a[5] / b[5] for a, b in zip(res["with"], res["bare"]))
print(f"pair ratio (whole) {pr:.3f}  n={n}")
