using System.Collections.Immutable;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Layer;

/// <summary>
/// When the container was created, as seen from inside it: the status-change time (ctime) of a file the platform makes
/// at creation and nobody changes afterwards. ctime cannot be set back by any call (<c>touch -d</c> moves mtime, not
/// ctime), and a file the container writes or copies up from the image gets a ctime after it.
/// </summary>
/// <param name="Path">The file read: <c>/.dockerenv</c>, <c>/run/.containerenv</c> or <c>/dev/termination-log</c>.</param>
/// <param name="Platform">Who made it: Docker, Podman or Kubernetes.</param>
/// <param name="ChangedNanoseconds">Its ctime, nanoseconds since the epoch.</param>
public sealed record LayerSignal(string Path, string Platform, long ChangedNanoseconds)
{
    /// <summary>
    /// The files tried, in order: Docker writes <c>/.dockerenv</c> into the container's init layer when it creates the
    /// container; Podman writes <c>/run/.containerenv</c>; the kubelet creates each container's termination-log file
    /// (bind-mounted at <c>/dev/termination-log</c>) when it creates the container.
    /// </summary>
    public static ImmutableArray<(string Path, string Platform)> Candidates { get; } =
    [
        ("/.dockerenv", "Docker"),
        ("/run/.containerenv", "Podman"),
        ("/dev/termination-log", "Kubernetes"),
    ];

    /// <summary>When the container was created (to the millisecond).</summary>
    public DateTimeOffset Since => DateTimeOffset.FromUnixTimeMilliseconds(ChangedNanoseconds / 1_000_000);

    /// <summary>The first candidate that exists, or null: then nothing tells when the container was created.</summary>
    internal static LayerSignal? Find()
    {
        foreach ((string path, string platform) in Candidates)
        {
            FileStatus status = FileStatus.Of(path, followLinks: false);
            if (status.Exists && status.ChangedSeconds > 0)
            {
                return new LayerSignal(path, platform, status.ChangedNanosecondsSinceEpoch);
            }
        }

        return null;
    }
}
