using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Callytics.Paths.Mounts;
using Callytics.Paths.Reporting;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Benchmarks;

/// <summary>
/// Start-up validation of the full layout (7 paths, mount lookup, write probes) against a hand-written floor doing
/// only the unavoidable system calls for the same checks: stat (or mkdir), one write probe per writable path, statvfs,
/// one read of the mount table. The floor makes those calls and nothing else: its paths are encoded once in setup,
/// the table is read with plain open/read/close into one buffer, and no string is marshalled. The layout root is
/// CALLYTICS_BENCH_ROOT (inprocess.sh mounts a volume at each path).
/// </summary>
[MemoryDiagnoser]
public partial class ValidationBenchmarks
{
    private static readonly string[] Writable = ["temp", "logs", "data", ".cache"];
    private static readonly string[] Readable = ["audio", "config"];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private unsafe byte* _mountInfo;
    private unsafe byte* _database;
    private nint[] _directories = [];
    private nint[] _probes = [];
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
        unsafe
        {
            _mountInfo = Native(MountTable.CurrentPath);
            _directories = [.. Readable.Concat(Writable).Select(dir => (nint)Native(Path.Combine(_root, dir)))];
            _probes = [.. Writable.Select(dir => (nint)Native(Path.Combine(_root, dir, ".floor-probe-" + Environment.ProcessId)))];
            _database = Native(Path.Combine(_root, "data", "Callytics_new.sqlite"));
        }

        PathValidationResult result = CallyticsPathsValidator.Validate(_paths);
        if (result.HasErrors)
        {
            throw new InvalidOperationException(string.Join('\n', result.Errors));
        }
    }

    [GlobalCleanup]
    public unsafe void Cleanup()
    {
        foreach (nint address in _directories.Concat(_probes).Append((nint)_mountInfo).Append((nint)_database))
        {
            NativeMemory.Free((void*)address);
        }
    }

    [Benchmark(Baseline = true, Description = "floor: stat, probe, statvfs, mountinfo")]
    public unsafe long Floor()
    {
        // Nothing but the system calls: paths encoded once in Setup, one buffer, no marshalling, no FileStream.
        long total = 0;
        fixed (byte* buffer = _buffer)
        {
            int fd = OpenNative(_mountInfo, 0x80000, 0);
            for (nint read; (read = ReadNative(fd, buffer, (nuint)_buffer.Length)) > 0;)
            {
                total += read;
            }

            _ = CloseNative(fd);
            for (int i = 0; i < _directories.Length; i++)
            {
                byte* directory = (byte*)_directories[i];
                total += StatxNative(-100, directory, 0, 0x7ff, buffer) + StatVfsNative(directory, buffer);
            }

            byte one = (byte)'1';
            foreach (nint address in _probes)
            {
                byte* probe = (byte*)address;
                fd = OpenNative(probe, 0x1 | 0x40 | 0x80 | 0x80000, 0x180);
                total += WriteNative(fd, &one, 1);
                _ = CloseNative(fd);
                _ = UnlinkNative(probe);
            }

            return total + StatxNative(-100, _database, 0, 0x7ff, buffer);
        }
    }

    [Benchmark(Description = "CallyticsPathsValidator.Validate")]
    public int Validate() => CallyticsPathsValidator.Validate(_paths).Findings.Count;

    [Benchmark(Description = "LayoutReport.Create (validate + statvfs + report)")]
    public int Report() => LayoutReport.Create(_paths).Paths.Count;

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="path"/> that never moves (the floor passes it as is).</summary>
    private static unsafe byte* Native(string path)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        byte* native = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(native, bytes.Length));
        return native;
    }

    [LibraryImport("libc", EntryPoint = "statx")]
    private static unsafe partial int StatxNative(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "statvfs")]
    private static unsafe partial int StatVfsNative(byte* path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open")]
    private static unsafe partial int OpenNative(byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint ReadNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write")]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    [LibraryImport("libc", EntryPoint = "unlink")]
    private static unsafe partial int UnlinkNative(byte* path);
}
