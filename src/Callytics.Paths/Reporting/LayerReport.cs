using Callytics.Paths.Configuration;
using Callytics.Paths.Layer;

namespace Callytics.Paths.Reporting;

/// <summary>
/// What a container has written into its own writable layer since it was created: data lost when it is recreated.
/// The health check's <c>Data["layer"]</c>, and <c>callytics-paths layer --json</c>'s groups.
/// </summary>
public sealed class LayerReport
{
    /// <summary>Gets the file whose status-change time says when the container was created (<c>/.dockerenv</c>).</summary>
    public required string Signal { get; init; }

    /// <summary>Gets when the container was created.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>Gets the files at risk.</summary>
    public required long Files { get; init; }

    /// <summary>Gets their bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>Gets the directories holding them, the largest first.</summary>
    public required IReadOnlyList<LayerDirectoryReport> Directories { get; init; }

    /// <summary>Gets whether the walk stopped at its time budget before the end (the figures are then a lower bound).</summary>
    public bool Truncated { get; init; }

    /// <summary>The report of a reading that found something at risk, or null.</summary>
    internal static LayerReport? From(LayerReading reading) =>
        reading is { AtRisk: true, Signal: { } signal }
            ? new LayerReport
            {
                Signal = signal.Path,
                Created = signal.Since,
                Files = reading.Files,
                Bytes = reading.Bytes,
                Directories = [.. reading.Groups.Select(LayerDirectoryReport.From)],
                Truncated = reading.Truncated,
            }
            : null;
}

/// <summary>One directory of a <see cref="LayerReport"/>: what was written there, the role it most likely belongs to, the fix.</summary>
public sealed class LayerDirectoryReport
{
    /// <summary>Gets the directory (<c>/app/.temp</c>).</summary>
    public required string Directory { get; init; }

    /// <summary>Gets the files written or changed there since the container was created.</summary>
    public required long Files { get; init; }

    /// <summary>Gets their bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>Gets the newest change.</summary>
    public required DateTimeOffset Newest { get; init; }

    /// <summary>Gets the key of the role it most likely belongs to (<c>temp</c>), or null.</summary>
    public string? Role { get; init; }

    /// <summary>Gets that role's variable (<c>TEMP_DIR</c>), or null.</summary>
    public string? Variable { get; init; }

    /// <summary>Gets the role's path when the directory only resembles it (<c>/app/temp</c> for <c>/app/.temp</c>), or null.</summary>
    public string? Meant { get; init; }

    /// <summary>Gets whether <see cref="Meant"/> is on a volume (null without it).</summary>
    public bool? MeantMounted { get; init; }

    /// <summary>Gets what to change.</summary>
    public required string Fix { get; init; }

    internal static LayerDirectoryReport From(LayerGroup group) => new()
    {
        Directory = group.Directory,
        Files = group.Files,
        Bytes = group.Bytes,
        Newest = group.Newest,
        Role = group.Role is { } role ? RoleLayout.KeyOf(role) : null,
        Variable = group.Variable,
        Meant = group.Meant,
        MeantMounted = group.Meant is null ? null : group.MeantMounted,
        Fix = group.Fix,
    };
}
