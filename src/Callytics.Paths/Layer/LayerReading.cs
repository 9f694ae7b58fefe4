using Callytics.Paths.Interop;

namespace Callytics.Paths.Layer;

/// <summary>What a container has written into its own writable layer since it was created, grouped by directory.</summary>
/// <param name="InContainer">Whether this process runs in a container (else nothing was read).</param>
/// <param name="ContainerSignal">What decided whether this is a container.</param>
/// <param name="Signal">What told when the container was created, or null when nothing did (then nothing was read).</param>
/// <param name="Groups">The directories holding data at risk, the largest first.</param>
/// <param name="IgnoredFiles">Files left out by <see cref="LayerIgnore"/>.</param>
/// <param name="IgnoredBytes">Their bytes.</param>
/// <param name="Unreadable">Entries that vanished or directories that could not be read during the walk.</param>
/// <param name="Truncated">Whether the walk stopped at its time budget (the figures are then a lower bound).</param>
public sealed record LayerReading(bool InContainer, string ContainerSignal, LayerSignal? Signal, IReadOnlyList<LayerGroup> Groups,
    long IgnoredFiles, long IgnoredBytes, long Unreadable, bool Truncated = false)
{
    /// <summary>Whether anything is at risk: files in the layer, which go with the container.</summary>
    public bool AtRisk => Groups.Count > 0;

    /// <summary>The files at risk.</summary>
    public long Files => Groups.Sum(g => g.Files);

    /// <summary>Their bytes.</summary>
    public long Bytes => Groups.Sum(g => g.Bytes);
}
