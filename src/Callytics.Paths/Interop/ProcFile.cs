using System.Buffers;

namespace Callytics.Paths.Interop;

/// <summary>Reads a /proc file with plain open/read/close: no locks or size queries, which /proc files do not honour anyway.</summary>
internal static class ProcFile
{
    internal static unsafe byte[] ReadBytes(string path)
    {
        int fd = Libc.Open(path, Libc.ORead | Libc.OCloseOnExec, 0);
        if (fd < 0)
        {
            int errno = Libc.LastErrno;
            throw errno is Errno.EACCES or Errno.EPERM
                ? new UnauthorizedAccessException($"{path}: {Libc.Describe(errno)}")
                : new IOException($"{path}: {Libc.Describe(errno)}", errno);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                nint read;
                fixed (byte* start = &buffer[length])
                {
                    read = Libc.Read(fd, start, (nuint)(buffer.Length - length));
                }

                if (read < 0)
                {
                    throw new IOException($"{path}: {Libc.Describe(Libc.LastErrno)}");
                }

                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += (int)read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = Libc.Close(fd);
        }
    }
}
