namespace Callytics.Paths.Health;

/// <summary>Settings of the <c>callytics-paths</c> health check.</summary>
public sealed class CallyticsPathsHealthCheckOptions
{
    /// <summary>Gets the free-space thresholds for every path the service writes (temp, logs, data, cache, database).</summary>
    public FreeSpaceThresholds FreeSpace { get; } = new();

    /// <summary>Gets per-role thresholds that replace <see cref="FreeSpace"/> for that role.</summary>
    public IDictionary<PathRole, FreeSpaceThresholds> FreeSpaceByRole { get; } = new Dictionary<PathRole, FreeSpaceThresholds>();

    /// <summary>Gets or sets how long a result is reused, so a busy /healthz does not hammer the disk. Default 5 seconds; zero disables it.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
