using System.Runtime.InteropServices;

namespace Callytics.Paths.Interop;

/// <summary>
/// The few Linux system calls the checks need, called directly so that each answer carries its real errno
/// (EACCES, EROFS, ENOSPC, ...) rather than a translated exception. All are source-generated: trim and AOT safe.
/// </summary>
internal static partial class Libc
{
    internal const int AtFdCwd = -100;
    internal const int AtSymlinkNoFollow = 0x100;
    internal const int AtEAccess = 0x200;

    internal const int ReadOk = 4;
    internal const int WriteOk = 2;
    internal const int ExecuteOk = 1;

    // The open flags differ between architectures: read from the table of the one this process runs on.
    internal static int OWriteOnly => LinuxAbi.Current.OWriteOnly;
    internal static int OCreate => LinuxAbi.Current.OCreate;
    internal static int OExclusive => LinuxAbi.Current.OExclusive;
    internal static int ODirectory => LinuxAbi.Current.ODirectory;
    internal static int ONoFollow => LinuxAbi.Current.ONoFollow;
    internal static int OCloseOnExec => LinuxAbi.Current.OCloseOnExec;
    internal static int ONonBlock => LinuxAbi.Current.ONonBlock;

    internal const int AtRemoveDir = 0x200;
    internal static int ORead => LinuxAbi.Current.ORead;

    internal const uint StatxBasicStats = 0x7ff;
    internal const uint StatxMountId = 0x1000;
    internal const uint StatxType = 0x1;
    internal const uint StatxSize = 0x200;

    /// <summary>The library every import here asks for.</summary>
    internal const string Library = "libc";

    /// <summary>glibc's file name, which the loader finds at once.</summary>
    private const string GlibcSoName = "libc.so.6";

    static Libc()
    {
        // "libc" is not a file name: left to itself, the runtime tries a dozen names and folders (libc.so, liblibc.so,
        // in the application's, the runtime's and the system's folders) before the loader finds it, and one of them
        // is glibc's linker script, which the loader reads and rejects. Ask for glibc's soname first; elsewhere
        // (musl) the runtime's own search runs as before.
        NativeLibrary.SetDllImportResolver(typeof(Libc).Assembly, static (name, _, _) =>
            name == Library && NativeLibrary.TryLoad(GlibcSoName, out nint handle) ? handle : 0);
    }

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(Library, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mkdir(string path, uint mode);

    [LibraryImport(Library, EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chmod(string path, uint mode);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlink(string path);

    [LibraryImport(Library, EntryPoint = "faccessat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FAccessAt(int dirfd, string path, int mode, int flags);

    [LibraryImport(Library, EntryPoint = "faccessat", SetLastError = true)]
    internal static unsafe partial int FAccessAtBytes(int dirfd, byte* path, int mode, int flags);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true)]
    internal static unsafe partial int StatxAt(int dirfd, byte* name, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(Library, EntryPoint = "openat", SetLastError = true)]
    internal static unsafe partial int OpenAt(int dirfd, byte* name, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAtName(int dirfd, string name, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "unlinkat", SetLastError = true)]
    internal static unsafe partial int UnlinkAt(int dirfd, byte* name, int flags);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    internal static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport(Library, EntryPoint = "getdents64", SetLastError = true)]
    internal static unsafe partial nint GetDents64(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MkdirAt(int dirfd, string name, uint mode);

    [LibraryImport(Library, EntryPoint = "fchmod", SetLastError = true)]
    internal static partial int FChmod(int fd, uint mode);

    [LibraryImport(Library, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UnlinkAt(int dirfd, string name, int flags);

    [LibraryImport(Library, EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int StatVfs(string path, out StatVfsBuffer buffer);

    [LibraryImport(Library, EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial byte* RealPath(string path, byte* resolved);

    [LibraryImport(Library, EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();

    [LibraryImport(Library, EntryPoint = "getegid")]
    internal static partial uint GetEffectiveGroupId();

    [LibraryImport(Library, EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);

    /// <summary>
    /// <paramref name="count"/> bytes from the kernel's cryptographically secure generator (getrandom(2)). Not .NET's
    /// RandomNumberGenerator, which on Linux loads OpenSSL: an image without libssl (a minimal arm64 image) would abort.
    /// </summary>
    internal static unsafe byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        fixed (byte* buffer = bytes)
        {
            int filled = 0;
            while (filled < count)
            {
                nint read = GetRandom(buffer + filled, (nuint)(count - filled), 0);
                if (read < 0)
                {
                    int errno = LastErrno;
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw new IOException($"getrandom failed: {Describe(errno)}");
                }

                filled += (int)read;
            }
        }

        return bytes;
    }

    /// <summary>The errno of the last call made with <c>SetLastError</c>.</summary>
    internal static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>The C library's text for an errno, for example "Permission denied".</summary>
    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
