namespace Callytics.Paths.Mounts;

/// <summary>Whether this process runs in a container, and the signal that decided it.</summary>
/// <param name="InContainer">Whether a container signal was found.</param>
/// <param name="Signal">The signal that decided, in words, for example <c>/.dockerenv exists</c>.</param>
public sealed record ContainerStatus(bool InContainer, string Signal)
{
    /// <summary>
    /// Looks for the signals in order: <c>/.dockerenv</c> (Docker), <c>/run/.containerenv</c> (Podman),
    /// <c>DOTNET_RUNNING_IN_CONTAINER=true</c> (official .NET images), <c>KUBERNETES_SERVICE_HOST</c> (a Kubernetes
    /// pod), the root mount's filesystem being overlay or aufs. Cgroup files are not read: cgroup v2 shows <c>0::/</c>
    /// inside and outside containers alike.
    /// </summary>
    /// <param name="mounts">The mount table, for the root filesystem's type; <see langword="null"/> if unknown.</param>
    /// <returns>The status.</returns>
    public static ContainerStatus Detect(MountTable? mounts) =>
        Detect(mounts, Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Detect(MountTable?)"/>, reading the variables through <paramref name="variable"/>.</summary>
    /// <param name="mounts">The mount table, or null when it cannot be read.</param>
    /// <param name="variable">Reads an environment variable (a tool passes the variables of its run).</param>
    /// <returns>Whether this is a container, and what said so.</returns>
    public static ContainerStatus Detect(MountTable? mounts, Func<string, string?> variable) =>
        Detect(mounts, MarkerFileExists, variable);

    // The marker files cannot appear or vanish under a running process in any way that matters: looked for once.
    // Bit 0: the answer is known; bit 1: /.dockerenv; bit 2: /run/.containerenv.
    private static int _markerFiles;

    private static bool MarkerFileExists(string path)
    {
        int markers = Volatile.Read(ref _markerFiles);
        if (markers == 0)
        {
            markers = 1 | (File.Exists("/.dockerenv") ? 2 : 0) | (File.Exists("/run/.containerenv") ? 4 : 0);
            Volatile.Write(ref _markerFiles, markers);
        }

        return path switch
        {
            "/.dockerenv" => (markers & 2) != 0,
            "/run/.containerenv" => (markers & 4) != 0,
            _ => File.Exists(path),
        };
    }

    internal static ContainerStatus Detect(MountTable? mounts, Func<string, bool> fileExists, Func<string, string?> variable)
    {
        if (fileExists("/.dockerenv"))
        {
            return new(true, "/.dockerenv exists (Docker)");
        }

        if (fileExists("/run/.containerenv"))
        {
            return new(true, "/run/.containerenv exists (Podman)");
        }

        if (string.Equals(variable("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new(true, "DOTNET_RUNNING_IN_CONTAINER=true (a .NET container image)");
        }

        if (!string.IsNullOrEmpty(variable("KUBERNETES_SERVICE_HOST")))
        {
            return new(true, "KUBERNETES_SERVICE_HOST is set (a Kubernetes pod)");
        }

        string? rootType = mounts?.Root?.FileSystemType;
        if (rootType is "overlay" or "aufs")
        {
            return new(true, $"the root filesystem is {rootType}");
        }

        return new(false, $"no container signal (no /.dockerenv or /run/.containerenv, DOTNET_RUNNING_IN_CONTAINER and KUBERNETES_SERVICE_HOST unset, root filesystem {rootType ?? "unknown"})");
    }
}
