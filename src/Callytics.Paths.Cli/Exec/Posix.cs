using System.Runtime.InteropServices;

namespace Callytics.Paths.Cli.Exec;

/// <summary>
/// The system calls <c>exec</c> needs beyond the library's: identity (glibc applies setgroups, setresgid and setresuid
/// to every thread of the process), ownership, signals and execve. Source-generated: NativeAOT and trim safe.
/// </summary>
internal static unsafe partial class Posix
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "setgroups", SetLastError = true)]
    internal static partial int SetGroups(nuint size, uint* groups);

    [LibraryImport(Library, EntryPoint = "getgroups", SetLastError = true)]
    internal static partial int GetGroups(int size, uint* groups);

    [LibraryImport(Library, EntryPoint = "setresgid", SetLastError = true)]
    internal static partial int SetResGid(uint real, uint effective, uint saved);

    [LibraryImport(Library, EntryPoint = "setresuid", SetLastError = true)]
    internal static partial int SetResUid(uint real, uint effective, uint saved);

    [LibraryImport(Library, EntryPoint = "getresuid", SetLastError = true)]
    internal static partial int GetResUid(out uint real, out uint effective, out uint saved);

    [LibraryImport(Library, EntryPoint = "getresgid", SetLastError = true)]
    internal static partial int GetResGid(out uint real, out uint effective, out uint saved);

    [LibraryImport(Library, EntryPoint = "fchown", SetLastError = true)]
    internal static partial int FChown(int fd, uint owner, uint group);

    [LibraryImport(Library, EntryPoint = "execve", SetLastError = true)]
    internal static partial int ExecVe(byte* path, byte** argv, byte** envp);

    [LibraryImport(Library, EntryPoint = "signal")]
    internal static partial nint Signal(int signal, nint handler);

    [LibraryImport(Library, EntryPoint = "pthread_sigmask")]
    internal static partial int PthreadSigMask(int how, byte* set, byte* old);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    /// <summary>LOCK_EX (the same on every Linux architecture).</summary>
    internal const int LockExclusive = 2;

    /// <summary>LOCK_NB.</summary>
    internal const int LockNonBlocking = 4;

    /// <summary>SIGPIPE, which the .NET runtime ignores and a service must get back at its default.</summary>
    internal const int SigPipe = 13;

    /// <summary>SIG_SETMASK.</summary>
    internal const int SetMask = 2;
}
