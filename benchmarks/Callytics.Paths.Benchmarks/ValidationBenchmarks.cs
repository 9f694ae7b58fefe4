using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Callytics.Paths.Mounts;
using Callytics.Paths.Reporting;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Benchmarks;

/// <summary>
/// Start-up validation of the full layout (7 paths, mount lookup, write probes) against a hand-written floor doing
/// only the unavoidable system calls for the same checks: stat (or mkdir), one write probe per writable path, statvfs,
/// one read of the mount table. The layout root is CALLYTICS_BENCH_ROOT (run.sh mounts a volume at each path).
/// </summary>
[MemoryDiagnoser]
public partial class ValidationBenchmarks
{
    private static readonly string[] Writable = ["temp", "logs", "data", ".cache"];
    private static readonly string[] Readable = ["audio", "config"];
    private CallyticsPaths _paths = null!;
    private string _root = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Environment.GetEnvironmentVariable("CALLYTICS_BENCH_ROOT") ?? Path.Combine(Path.GetTempPath(), "callytics-bench");
        foreach (string dir in Writable.Concat(Readable))
        {
            Directory.CreateDirectory(Path.Combine(_root, dir));
        }

        _paths = new CallyticsPaths
        {
            AudioDir = Path.Combine(_root, "audio"), TempDir = Path.Combine(_root, "temp"), LogDir = Path.Combine(_root, "logs"),
            DataDir = Path.Combine(_root, "data"), ConfigDir = Path.Combine(_root, "config"), CacheDir = Path.Combine(_root, ".cache"),
            DatabaseUrl = "sqlite:///" + Path.Combine(_root, "data", "Callytics_new.sqlite"),
            MountCheck = Environment.GetEnvironmentVariable("CALLYTICS_BENCH_MOUNTED") == "1" ? MountCheckMode.Enforce : MountCheckMode.Warn,
        };
        PathValidationResult result = CallyticsPathsValidator.Validate(_paths);
        if (result.HasErrors)
        {
            throw new InvalidOperationException(string.Join('\n', result.Errors));
        }
    }

    [Benchmark(Baseline = true, Description = "floor: stat, probe, statvfs, mountinfo")]
    public unsafe long Floor()
    {
        long total = File.ReadAllBytes("/proc/self/mountinfo").Length;
        Span<byte> statx = stackalloc byte[256];
        Span<byte> statvfs = stackalloc byte[112];
        byte one = (byte)'1';
        foreach (string dir in Readable)
        {
            string path = Path.Combine(_root, dir);
            total += Stat(path, statx) + StatVfs(path, statvfs);
        }

        foreach (string dir in Writable)
        {
            string path = Path.Combine(_root, dir);
            total += Stat(path, statx) + StatVfs(path, statvfs);
            string probe = Path.Combine(path, ".floor-probe-" + Environment.ProcessId);
            int fd = Open(probe, 0x1 | 0x40 | 0x80 | 0x80000, 0x180);
            total += Write(fd, &one, 1);
            _ = Close(fd);
            _ = Unlink(probe);
        }

        string database = Path.Combine(_root, "data", "Callytics_new.sqlite");
        return total + Stat(database, statx);
    }

    [Benchmark(Description = "CallyticsPathsValidator.Validate")]
    public int Validate() => CallyticsPathsValidator.Validate(_paths).Findings.Count;

    [Benchmark(Description = "LayoutReport.Create (validate + statvfs + report)")]
    public int Report() => LayoutReport.Create(_paths).Paths.Count;

    private static int Stat(string path, Span<byte> buffer) => StatxNative(-100, path, 0, 0x7ff, ref MemoryMarshal.GetReference(buffer));

    private static int StatVfs(string path, Span<byte> buffer) => StatVfsNative(path, ref MemoryMarshal.GetReference(buffer));

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirfd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatVfsNative(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write")]
    private static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);
}
