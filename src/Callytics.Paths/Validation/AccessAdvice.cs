using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>Turns an errno from a real attempt (mkdir, a probe write, opening a directory) into the words and the fix an operator needs.</summary>
public static class AccessAdvice
{
    /// <summary>The cause in words, for example "permission denied" or "read-only filesystem".</summary>
    /// <param name="errno">The error number a system call returned (EACCES, EROFS, ...).</param>
    /// <returns>The words every reader of the layout uses for it.</returns>
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
    /// The first name on the way to a missing <paramref name="path"/> (absolute) that is a link leading nowhere, with
    /// its target; null when the path is simply missing from some point on. Validation says "a link leads nowhere"
    /// with it, and so does <c>callytics-paths usage</c>.
    /// </summary>
    /// <param name="path">An absolute path that does not exist.</param>
    /// <returns>The dangling link and its target, or null.</returns>
    public static (string Link, string Target)? DanglingLinkOnTheWay(string path) => DirectoryInspector.DanglingLinkOnTheWay(path);

    /// <summary>
    /// Explains a permission failure on <paramref name="directory"/> while <paramref name="variable"/>'s
    /// <paramref name="rolePath"/> was checked: who we are, who owns it, and the fix. A recursive chown is suggested
    /// only for the role's own folder (<paramref name="directory"/> is <paramref name="rolePath"/>), never for <c>/</c>
    /// or a folder above the role, which holds more than the role: there the fix gives the role a folder of its own.
    /// </summary>
    internal static (string Detail, string Fix) Permission(ProcessIdentity identity, string variable, string rolePath, string directory, FileStatus owner, string need)
    {
        string detail = owner.Exists
            ? $"the process runs as {identity} and {directory} is {owner.OwnerAndMode}"
            : $"the process runs as {identity}";
        string user = $"{identity.Uid}:{identity.Gid}";
        string runAsOwner = $"or run the container as the folder's owner (compose `user: \"{owner.Uid}:{owner.Gid}\"`)";
        if (directory == rolePath && directory != "/")
        {
            return (detail, $"Give {directory} to the service's user: on the host, `sudo chown -R {user} HOST_FOLDER` (or `chmod -R {need}` on it), " +
                $"where HOST_FOLDER is the folder mounted at {directory} (`docker inspect -f '{{{{range .Mounts}}}}{{{{if eq .Destination \"{directory}\"}}}}{{{{.Source}}}}{{{{end}}}}{{{{end}}}}' CONTAINER` prints it); {runAsOwner}.");
        }

        string name = Configuration.RoleLayout.ForVariable(variable)?.DefaultName.TrimStart('.') ?? "data";
        return (detail, $"Leave {directory} as it is: it holds more than {variable}'s folder. Give the service a folder of its own at {rolePath}: " +
            $"mount a host folder there that {user} owns (`mkdir -p ./{name} && sudo chown {user} ./{name}`, then `- ./{name}:{rolePath}` under the service's volumes), " +
            $"or create it in the image (`RUN mkdir -p {rolePath} && chown {user} {rolePath}`); {runAsOwner}.");
    }

    /// <summary>The fix for a read-only filesystem under <paramref name="directory"/>.</summary>
    internal static string ReadOnlyFix(string directory) =>
        $"Mount {directory} read-write: drop ':ro' (or 'read_only: true') from its compose volume line, or mount a writable volume there.";

    /// <summary>The fix for a full filesystem under <paramref name="directory"/>.</summary>
    internal static string NoSpaceFix(string directory) =>
        $"Free space on the filesystem holding {directory} (`df -h {directory}`; `callytics-paths usage` shows what is large), or give it a larger volume.";
}
