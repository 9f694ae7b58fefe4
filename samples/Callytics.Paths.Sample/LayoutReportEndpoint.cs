using Callytics.Paths.Reporting;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Sample;

/// <summary>
/// <c>GET /paths</c>, bounded as the health check is: one report is made at a time, on a thread of its own, and every
/// request that comes meanwhile waits for that same report, at most <see cref="Timeout"/>. A hung volume therefore
/// holds one thread however many requests come, and each of them gets a 503 naming the wait instead of a thread.
/// </summary>
internal sealed class LayoutReportEndpoint(IOptions<CallyticsPaths> paths)
{
    /// <summary>How long a request waits for the report.</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task<string>? _running;

    /// <summary>The report as JSON, or a 503 when it did not finish in time.</summary>
    internal async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        Task<string> report;
        lock (_gate)
        {
            report = _running ??= Start();
        }

        try
        {
            return Results.Text(await report.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false), "application/json");
        }
        catch (TimeoutException)
        {
            return Results.Json(new { error = $"the layout report did not finish within {Timeout.TotalSeconds} s: a volume may be hung; /healthz names the path" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private Task<string> Start()
    {
        Task<string> report = Task.Factory.StartNew(
            () => LayoutReport.Create(paths.Value, new PathValidationSettings { CreateMissingDirectories = false, WriteProbe = false }).ToJson(),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _ = report.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    if (_running == done)
                    {
                        _running = null; // the next request makes a fresh report
                    }
                }
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return report;
    }
}
