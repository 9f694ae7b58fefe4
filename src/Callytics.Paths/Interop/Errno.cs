namespace Callytics.Paths.Interop;

/// <summary>The Linux errno values the checks tell apart.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EACCES = 13;
    internal const int EEXIST = 17;
    internal const int EXDEV = 18;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int ENOSPC = 28;
    internal const int EROFS = 30;
    internal const int ENAMETOOLONG = 36;
    internal const int ELOOP = 40;
    internal const int EDQUOT = 122;

    /// <summary>Whether <paramref name="errno"/> means the caller lacks permission.</summary>
    internal static bool IsPermission(int errno) => errno is EACCES or EPERM;

    /// <summary>Whether <paramref name="errno"/> means the filesystem is out of space or quota.</summary>
    internal static bool IsNoSpace(int errno) => errno is ENOSPC or EDQUOT;
}
