using Callytics.Paths.Status;

namespace Callytics.Paths.Sample;

/// <summary>
/// <c>GET /paths</c>: the report of the layout's one periodic reading (<see cref="ICallyticsPathsStatus"/>), the same
/// the health check and the metrics report. A request waits for a fresh reading at most <see cref="Timeout"/>; a hung
/// volume holds the library's one reading thread however many requests come, and each of them gets a 503 naming the
/// path the reading hangs on.
/// </summary>
internal sealed class LayoutReportEndpoint(ICallyticsPathsStatus status)
{
    /// <summary>How long a request waits for the report.</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>How old a reading the report may be (the health check's default cache).</summary>
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>The report as JSON, or a 503 when it did not finish in time.</summary>
    internal async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return Results.Text((await status.GetReportAsync(MaxAge, timeout.Token).ConfigureAwait(false)).ToJson(), "application/json");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Results.Json(new { error = $"the layout report did not finish within {Timeout.TotalSeconds} s while reading {status.Checking}: a volume may be hung" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (InvalidOperationException exception)
        {
            return Results.Json(new { error = exception.Message }, statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
