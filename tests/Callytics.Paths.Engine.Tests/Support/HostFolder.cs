namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>A folder on the host for a test's bind mounts, removed with everything in it (root made some of it) on dispose.</summary>
public sealed class HostFolder : IDisposable
{
    /// <summary>Initializes a new folder under the system's temporary directory.</summary>
    public HostFolder() => Root = System.IO.Directory.CreateTempSubdirectory("callytics-engine-").FullName;

    /// <summary>Gets the folder's path.</summary>
    public string Root { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the folder.</summary>
    public string this[string relative] => Path.Combine(Root, relative);

    /// <summary>Creates <paramref name="relative"/> (and its parents) owned by <paramref name="uid"/>:<paramref name="gid"/>, and returns its path.</summary>
    public string Folder(string relative, int uid = 10001, int gid = 10001)
    {
        string path = this[relative];
        System.IO.Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        DockerEngine.Run(["chown", $"{uid}:{gid}", path]).ExitCode.Should().Be(0);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            DockerEngine.Run(["rm", "-rf", "--one-file-system", Root]);
        }
        catch (UnauthorizedAccessException)
        {
            DockerEngine.Run(["rm", "-rf", "--one-file-system", Root]);
        }
    }
}
