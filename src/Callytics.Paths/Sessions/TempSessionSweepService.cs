using Callytics.Paths.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Callytics.Paths;

/// <summary>Sweeps stale temp sessions at start and then periodically, when <see cref="TempSessionSweepOptions.Enabled"/>.</summary>
internal sealed class TempSessionSweepService : BackgroundService
{
    private readonly ITempSessions _sessions;
    private readonly TempSessionSweepOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TempSessionSweepService(ITempSessions sessions, IOptions<TempSessionSweepOptions> options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _sessions = sessions;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _logger = loggers?.CreateLogger(Log.Category) ?? NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Interval, _time);
        do
        {
            SweepOnce();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One sweep; a failure is logged, never thrown, so the next tick tries again.</summary>
    internal void SweepOnce()
    {
        try
        {
            TempSessionSweepResult result = _sessions.Sweep(_options.MaxAge);
            Log.SessionsSwept(_logger, result.Sessions.Count, result.BytesFreed);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Log.SweepFailed(_logger, exception.Message);
        }
    }
}
