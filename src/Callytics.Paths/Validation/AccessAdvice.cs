using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>Turns an errno from a real attempt (mkdir, a probe write, opening a directory) into the words and the fix an operator needs.</summary>
public static class AccessAdvice
{
    /// <summary>The cause in words, for example "permission denied" or "read-only filesystem".</summary>
    public static string Cause(int errno) => errno switch
    {
        Errno.EACCES or Errno.EPERM => "permission denied",
        Errno.EROFS => "read-only filesystem",
        Errno.ENOSPC => "no space left on device",
        Errno.EDQUOT => "disk quota exceeded",
        Errno.ENOTDIR => "a path component is a file, not a directory",
        Errno.ENAMETOOLONG => "file name too long",
        Errno.ELOOP => "too many levels of symbolic links",
        _ => Libc.Describe(errno).ToLowerInvariant(),
    };

    /// <summary>
    /// Explains a permission failure on <paramref name="directory"/>: who we are, who owns it, and the chown/chmod that fixes it.
    /// </summary>
    internal static (string Detail, string Fix) Permission(ProcessIdentity identity, string directory, FileStatus owner, string need)
    {
        string detail = owner.Exists
            ? $"the process runs as {identity} and {directory} is {owner.OwnerAndMode}"
            : $"the process runs as {identity}";
        string fix = $"Give the directory to the service's user: on the host, `sudo chown -R {identity.Uid}:{identity.Gid} <host folder mounted at {directory}>` " +
            $"(or `chmod -R {need} ...` on it), or run the container as the folder's owner (compose `user: \"{owner.Uid}:{owner.Gid}\"`).";
        return (detail, fix);
    }

    /// <summary>The fix for a read-only filesystem under <paramref name="directory"/>.</summary>
    internal static string ReadOnlyFix(string directory) =>
        $"Mount {directory} read-write: drop ':ro' (or 'read_only: true') from its compose volume line, or mount a writable volume there.";

    /// <summary>The fix for a full filesystem under <paramref name="directory"/>.</summary>
    internal static string NoSpaceFix(string directory) =>
        $"Free space on the filesystem holding {directory} (`df -h {directory}`; `callytics-paths usage` shows what is large), or give it a larger volume.";
}
