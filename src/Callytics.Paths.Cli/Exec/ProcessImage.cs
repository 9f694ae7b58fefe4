using System.Runtime.InteropServices;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Cli.Exec;

/// <summary>
/// Replaces this process with the service (execve): the same PID, so signals reach the service itself. The command is
/// looked up on PATH as the service user; the environment is passed explicitly, since .NET keeps its own copy.
/// </summary>
internal static class ProcessImage
{
    /// <summary>Docker's exit code for a command found but not executable.</summary>
    internal const int NotExecutable = 126;

    /// <summary>Docker's exit code for a command not found.</summary>
    internal const int NotFound = 127;

    /// <summary>
    /// Finds <paramref name="command"/> (a path, or a name on <paramref name="path"/>): the file to run, or null with the
    /// exit code and reason when there is none that this user may execute.
    /// </summary>
    internal static string? Find(string command, string? path, out int exitCode, out string reason)
    {
        (exitCode, reason) = (NotFound, $"{command}: command not found");
        IEnumerable<string> candidates = command.Contains('/', StringComparison.Ordinal)
            ? [command]
            : (path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':').Select(d => Path.Join(d.Length == 0 ? "." : d, command));
        foreach (string candidate in candidates)
        {
            FileStatus status = Status(candidate);
            if (!status.Exists || status.IsDirectory)
            {
                if (status.IsDirectory)
                {
                    (exitCode, reason) = (NotExecutable, $"{candidate}: is a directory");
                }

                continue;
            }

            if (Executable(candidate))
            {
                return candidate;
            }

            (exitCode, reason) = (NotExecutable, $"{candidate}: {Libc.Describe(Libc.LastErrno).ToLowerInvariant()}");
        }

        return null;
    }

    /// <summary>
    /// Runs <paramref name="file"/> in place of this process with <paramref name="arguments"/> and exactly
    /// <paramref name="environment"/>; returns only when execve fails, with the exit code and reason.
    /// </summary>
    internal static unsafe int Replace(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, out string reason)
    {
        // The runtime ignores SIGPIPE and may block signals on this thread: a service starts with the defaults.
        _ = Posix.Signal(Posix.SigPipe, 0);
        byte* empty = stackalloc byte[128];
        new Span<byte>(empty, 128).Clear();
        _ = Posix.PthreadSigMask(Posix.SetMask, empty, null);

        byte* path = Utf8(file);
        byte** argv = Array(arguments);
        byte** envp = Array([.. environment.Select(p => $"{p.Key}={p.Value}")]);
        _ = Posix.ExecVe(path, argv, envp);
        int errno = Marshal.GetLastPInvokeError();
        reason = $"{file}: {Libc.Describe(errno).ToLowerInvariant()}";
        return errno == Errno.ENOENT ? NotFound : NotExecutable;
    }

    /// <summary>statx of a path given as text whose undecoded bytes (<see cref="FileName.Decode"/>) are passed as the bytes they were.</summary>
    private static unsafe FileStatus Status(string path)
    {
        fixed (byte* bytes = Bytes(path))
        {
            int result = Libc.StatxAt(Libc.AtFdCwd, bytes, 0, Libc.StatxBasicStats, out StatxBuffer buffer);
            return FileStatus.From(result, buffer);
        }
    }

    private static unsafe bool Executable(string path)
    {
        fixed (byte* bytes = Bytes(path))
        {
            return Libc.FAccessAtBytes(Libc.AtFdCwd, bytes, Libc.ExecuteOk, Libc.AtEAccess) == 0;
        }
    }

    private static byte[] Bytes(string text) => [.. FileName.Encode(text), 0];

    /// <summary>The bytes of <paramref name="text"/> (undecoded bytes as themselves), NUL-terminated, in native memory that the new image replaces.</summary>
    private static unsafe byte* Utf8(string text)
    {
        byte[] encoded = FileName.Encode(text);
        byte* bytes = (byte*)NativeMemory.Alloc((nuint)encoded.Length + 1);
        encoded.CopyTo(new Span<byte>(bytes, encoded.Length));
        bytes[encoded.Length] = 0;
        return bytes;
    }

    private static unsafe byte** Array(IReadOnlyList<string> items)
    {
        byte** array = (byte**)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < items.Count; i++)
        {
            array[i] = Utf8(items[i]);
        }

        array[items.Count] = null;
        return array;
    }
}
