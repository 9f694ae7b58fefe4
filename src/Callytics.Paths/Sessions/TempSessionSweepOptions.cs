namespace Callytics.Paths;

/// <summary>
/// The optional background sweep of stale temp sessions (configuration section <c>CallyticsPaths:SessionSweep</c>,
/// keys <c>Enabled</c>, <c>Interval</c>, <c>MaxAge</c> as <c>hh:mm:ss</c>).
/// </summary>
public sealed class TempSessionSweepOptions
{
    /// <summary>Gets or sets whether the sweep runs (at start, then every <see cref="Interval"/>). Default <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the time between sweeps. Default one hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long a session must have been idle to be removed. Default 24 hours.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);
}
