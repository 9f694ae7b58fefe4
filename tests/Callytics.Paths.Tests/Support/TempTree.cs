namespace Callytics.Paths.Tests.Support;

/// <summary>A fresh directory under /tmp for one test, removed afterwards (world-traversable so other users can reach it).</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "callytics-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Path.GetDirectoryName(Root)!, (UnixFileMode)0x1FF | UnixFileMode.StickyBit);
        File.SetUnixFileMode(Root, (UnixFileMode)0x1ED); // 0755
    }

    /// <summary>The absolute path of the tree's root.</summary>
    public string Root { get; }

    /// <summary>An absolute path inside the tree.</summary>
    public string this[string relative] => Path.Combine(Root, relative);

    /// <summary>Creates a directory (and parents) inside the tree and returns its absolute path.</summary>
    public string Dir(string relative, int? mode = null)
    {
        string path = this[relative];
        Directory.CreateDirectory(path);
        if (mode is not null)
        {
            File.SetUnixFileMode(path, (UnixFileMode)mode.Value);
        }

        return path;
    }

    /// <summary>Writes a file inside the tree and returns its absolute path.</summary>
    public string WriteFile(string relative, string content = "x")
    {
        string path = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// A layout whose every path lies inside this tree (the standard names under the root). The volume check is off:
    /// the test machine may itself be a container, and these paths are not volumes; the volume tests turn it on.
    /// </summary>
    public CallyticsPaths Layout(string root = "app") => new()
    {
        MountCheck = Callytics.Paths.Mounts.MountCheckMode.Off,
        AudioDir = this[$"{root}/audio"],
        TempDir = this[$"{root}/temp"],
        LogDir = this[$"{root}/logs"],
        DataDir = this[$"{root}/data"],
        ConfigDir = this[$"{root}/config"],
        CacheDir = this[$"{root}/.cache"],
        DatabaseUrl = "sqlite:///" + this[$"{root}/data/Callytics_new.sqlite"],
    };

    /// <summary>
    /// Creates the standard layout under <c>app</c> (the root included: the default database lives there), every
    /// directory 0750 and owned by uid/gid 65534, so the service can run as that user.
    /// </summary>
    public void LayoutOwnedByNobody()
    {
        foreach (string dir in new[] { "app", "app/audio", "app/temp", "app/logs", "app/data", "app/config", "app/.cache" })
        {
            Dir(dir, 0x1E8);
            Chown(dir, Machine.Nobody);
        }
    }

    /// <summary>Gives a path inside the tree to <paramref name="uid"/> (same gid).</summary>
    public void Chown(string relative, int uid) => Syscalls.Chown(this[relative], uid, uid);

    /// <summary>
    /// Removes the tree with GNU rm, which walks by descriptor and works on bytes: any depth (a hostile value makes a
    /// 2,000-level chain, which a delete by path resolves again from the top at every level: seconds of processor for
    /// one tree) and names .NET cannot spell back (bytes that are not UTF-8). A tree rm cannot remove as it stands (a
    /// directory without write or search permission, when the suite does not run as root) is made the owner's first;
    /// a tree still there afterwards fails the test that made it.
    /// </summary>
    public void Dispose()
    {
        if (!Remove())
        {
            ChildProcess.Run(["chmod", "-R", "u+rwx", Root]);
            Remove();
        }

        if (Directory.Exists(Root) || File.Exists(Root))
        {
            throw new IOException($"the test left {Root} behind and it cannot be removed");
        }
    }

    private bool Remove() => ChildProcess.Run(["rm", "-rf", "--one-file-system", Root]).ExitCode == 0;
}
