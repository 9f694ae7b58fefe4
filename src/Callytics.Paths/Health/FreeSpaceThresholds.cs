namespace Callytics.Paths.Health;

/// <summary>
/// When free space makes a path Degraded or Unhealthy: below the larger of a share of the filesystem and a number
/// of bytes. Defaults: Degraded below max(10%, 1 GiB), Unhealthy below max(2%, 100 MiB).
/// </summary>
public sealed class FreeSpaceThresholds
{
    /// <summary>Gets or sets the share of the filesystem below which the path is Degraded. Default 0.10.</summary>
    public double DegradedRatio { get; set; } = 0.10;

    /// <summary>Gets or sets the bytes below which the path is Degraded. Default 1 GiB.</summary>
    public long DegradedBytes { get; set; } = 1L << 30;

    /// <summary>Gets or sets the share of the filesystem below which the path is Unhealthy. Default 0.02.</summary>
    public double UnhealthyRatio { get; set; } = 0.02;

    /// <summary>Gets or sets the bytes below which the path is Unhealthy. Default 100 MiB.</summary>
    public long UnhealthyBytes { get; set; } = 100L << 20;

    internal bool IsUnhealthy(long free, long total) => free < Math.Max(UnhealthyRatio * total, UnhealthyBytes);

    internal bool IsDegraded(long free, long total) => free < Math.Max(DegradedRatio * total, DegradedBytes);
}
