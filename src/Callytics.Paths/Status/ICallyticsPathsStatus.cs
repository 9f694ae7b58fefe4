using Callytics.Paths.Reporting;

namespace Callytics.Paths.Status;

/// <summary>
/// The layout's status as the health check and the metrics see it: one periodic reading of every used path, shared by
/// all of them, so that a status page, a health probe and a scrape agree. Registered by <c>AddCallyticsPaths()</c>.
/// </summary>
/// <remarks>
/// One reading runs at a time, on a thread of its own; every caller that comes meanwhile waits for that same reading,
/// each only as long as its own token allows. A hung volume (an NFS server gone) therefore holds one thread, however
/// many callers come, and <see cref="Checking"/> names the path it hangs on.
/// </remarks>
public interface ICallyticsPathsStatus
{
    /// <summary>Gets the variable whose path is being read now (or was last), for example <c>DATA_DIR</c>.</summary>
    string Checking { get; }

    /// <summary>
    /// Gets the report of a reading no older than <paramref name="maxAge"/>: the last one when it is recent enough,
    /// otherwise the one in flight (started when none is).
    /// </summary>
    /// <param name="maxAge">How old a reading may be.</param>
    /// <param name="cancellationToken">Stops the wait (not the reading, which the next caller may use).</param>
    /// <returns>The report.</returns>
    /// <exception cref="OperationCanceledException">The token fired before the reading finished.</exception>
    /// <exception cref="InvalidOperationException">The layout could not be read; the message says why.</exception>
    Task<LayoutReport> GetReportAsync(TimeSpan maxAge, CancellationToken cancellationToken = default);
}
