using System.Globalization;

namespace Callytics.Paths.Interop;

/// <summary>
/// Reads a whole file with plain open/read/close: a /proc file (no locks or size queries, which /proc files do not
/// honour anyway), or a saved file the user names, which must be a regular file of bounded size.
/// </summary>
internal static class ProcFile
{

    /// <summary>Reads a /proc file.</summary>
    internal static byte[] ReadBytes(string path) => Read(Open(path, Libc.ORead | Libc.OCloseOnExec), path, int.MaxValue);

    /// <summary>
    /// Reads the regular file <paramref name="path"/>, refusing anything else: a named pipe (which would wait for a
    /// writer forever; it is opened without blocking and never read), a device such as <c>/dev/zero</c> (endless), a
    /// directory, or a file larger than <paramref name="maxBytes"/>.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read, is not a regular file, or is too large; the message says which.</exception>
    internal static byte[] ReadRegularFile(string path, int maxBytes, string holds = "a mount table",
        string hint = "save the table to a file first (cat /proc/self/mountinfo > FILE)")
    {
        int fd = Open(path, Libc.ORead | Libc.OCloseOnExec | Libc.ONonBlock);
        FileStatus status = FileStatus.OfDescriptor(fd);
        string? refusal = !status.Exists ? Libc.Describe(status.Errno)
            : !status.IsRegularFile ? $"{path} is {status.Kind}, not a regular file; {hint}"
            : status.Size > (ulong)maxBytes ? string.Create(CultureInfo.InvariantCulture, $"{path} holds {status.Size} bytes, more than the {maxBytes} {holds} may have")
            : null;
        if (refusal is not null)
        {
            _ = Libc.Close(fd);
            throw new IOException(refusal);
        }

        return Read(fd, path, maxBytes, status.Size, holds);
    }

    private static int Open(string path, int flags)
    {
        int fd = Libc.Open(path, flags, 0);
        if (fd < 0)
        {
            int errno = Libc.LastErrno;
            throw errno is Errno.EACCES or Errno.EPERM
                ? new UnauthorizedAccessException($"{path}: {Libc.Describe(errno)}")
                : new IOException($"{path}: {Libc.Describe(errno)}", errno);
        }

        return fd;
    }

    /// <summary>
    /// Reads <paramref name="fd"/> to its end and closes it; more than <paramref name="maxBytes"/> is an error. A
    /// regular file's size (<paramref name="expected"/>) sizes the one array it is read into, with no copy; a /proc file
    /// reports no size and is read into a growing buffer. A 6 MB saved table read through a buffer doubling from 16 KiB
    /// spent half of <c>mounts --mountinfo</c> copying and faulting in pages, twice the parse itself.
    /// </summary>
    private static unsafe byte[] Read(int fd, string path, int maxBytes, ulong expected = 0, string holds = "a mount table")
    {
        try
        {
            byte[] buffer = GC.AllocateUninitializedArray<byte>(expected is > 0 and <= int.MaxValue ? (int)expected : 16 * 1024);
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Full: either at the end (the common case for a regular file, read with no copy) or still growing.
                    byte probe;
                    nint more = Libc.Read(fd, &probe, 1);
                    if (more == 0)
                    {
                        return buffer;
                    }

                    Check(more, length + 1, path, maxBytes, holds);
                    byte[] larger = GC.AllocateUninitializedArray<byte>((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan().CopyTo(larger);
                    larger[length++] = probe;
                    buffer = larger;
                }

                nint read;
                fixed (byte* start = &buffer[length])
                {
                    read = Libc.Read(fd, start, (nuint)(buffer.Length - length));
                }

                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                Check(read, length += (int)Math.Max(read, 0), path, maxBytes, holds);
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    private static void Check(nint read, int length, string path, int maxBytes, string holds)
    {
        if (read < 0)
        {
            throw new IOException($"{path}: {Libc.Describe(Libc.LastErrno)}");
        }

        if (length > maxBytes)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"{path} holds more than the {maxBytes} bytes {holds} may have"));
        }
    }
}
