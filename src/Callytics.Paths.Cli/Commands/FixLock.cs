using Callytics.Paths.Cli.Exec;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Cli.Commands;

/// <summary>
/// An exclusive lock on a compose project's folder (flock on the directory itself: it stays the same inode while the
/// file in it is replaced), held by <c>compose fix --write</c> from before it reads the file until after it is
/// replaced, so that two runs take turns. Waits up to a minute for another run to finish.
/// </summary>
internal sealed class FixLock : IDisposable
{
    private readonly int _descriptor;

    private FixLock(int descriptor) => _descriptor = descriptor;

    /// <summary>Takes the lock on <paramref name="directory"/>, or throws <see cref="IOException"/> saying why not.</summary>
    internal static FixLock Take(string directory)
    {
        int fd = Libc.Open(directory, Libc.ORead | Libc.ODirectory | Libc.OCloseOnExec, 0);
        if (fd < 0)
        {
            throw new IOException($"{directory}: {Libc.Describe(Libc.LastErrno).ToLowerInvariant()}");
        }

        DateTime until = DateTime.UtcNow.AddMinutes(1);
        while (Posix.Flock(fd, Posix.LockExclusive | Posix.LockNonBlocking) != 0)
        {
            if (DateTime.UtcNow > until)
            {
                _ = Libc.Close(fd);
                throw new IOException($"another compose fix --write has held {directory} for a minute; nothing was written.");
            }

            Thread.Sleep(20);
        }

        return new FixLock(fd);
    }

    public void Dispose() => _ = Libc.Close(_descriptor);
}
