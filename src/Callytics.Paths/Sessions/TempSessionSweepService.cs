using Callytics.Paths.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Callytics.Paths;

/// <summary>Sweeps stale temp sessions at start and then periodically, when <see cref="TempSessionSweepOptions.Enabled"/>.</summary>
/// <remarks>
/// A plain <see cref="IHostedService"/> rather than a <c>BackgroundService</c>: when the sweep is off (the default) it
/// starts and stops nothing, so a service that does not sweep pays for no task, timer or async machinery at start-up.
/// </remarks>
internal sealed class TempSessionSweepService : IHostedService, IDisposable
{
    private readonly ITempSessions _sessions;
    private readonly TempSessionSweepOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stopping;
    private Task _sweeping = Task.CompletedTask;

    public TempSessionSweepService(ITempSessions sessions, IOptions<TempSessionSweepOptions> options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _sessions = sessions;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _logger = loggers?.CreateLogger(Log.Category) ?? NullLogger.Instance;
    }

    /// <summary>When enabled (and the service uses the temp role), sweeps once now and then on every interval until stopped.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled && _stopping is null && _sessions is not TempSessions { UsesTemp: false })
        {
            _stopping = new CancellationTokenSource();
            _sweeping = SweepPeriodicallyAsync(_stopping.Token);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops the sweeping; returns when the sweep in progress ends or <paramref name="cancellationToken"/> gives up on it.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return Task.CompletedTask;
        }

        _stopping.Cancel();
        return Task.WhenAny(_sweeping, Task.Delay(Timeout.Infinite, cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stopping is { } stopping)
        {
            _stopping = null;
            stopping.Cancel();
            stopping.Dispose();
        }
    }

    private async Task SweepPeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do
            {
                SweepOnce();
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped between sweeps.
        }
    }

    /// <summary>One sweep; a failure is logged, never thrown, so the next tick tries again.</summary>
    internal void SweepOnce()
    {
        try
        {
            TempSessionSweepResult result = _sessions.Sweep(_options.MaxAge);
            Log.SessionsSwept(_logger, result.Sessions.Count, result.BytesFreed);
            foreach (SkippedTempSession skipped in result.Skipped)
            {
                Log.SessionLeftAlone(_logger, Interop.FileName.Escape(skipped.Path), Interop.FileName.Escape(skipped.Reason));
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Log.SweepFailed(_logger, exception.Message);
        }
    }
}
