using Callytics.Paths.Health;
using Callytics.Paths.Logging;
using Callytics.Paths.Metrics;
using Callytics.Paths.Reporting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Status;

/// <summary>
/// The one periodic reading of the layout (<see cref="LayoutSnapshot"/>): one cache, one reading in flight, one bound
/// on a hung volume, for the health check, the metrics and the status report alike. The start-up validation's
/// filesystem readings stand in until the first reading lands, so the first scrape has every series.
/// </summary>
internal sealed class LayoutMonitor : ICallyticsPathsStatus
{
    /// <summary>How old a reading the metrics report before they start a new one (as the health check caches by default).</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly IOptions<CallyticsPaths> _paths;
    private readonly LayoutBaseline _baseline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<CallyticsPaths, Action<string>, LayoutSnapshot> _take;
    private readonly Lock _gate = new();
    private LayoutSnapshot? _latest;
    private Task<LayoutSnapshot>? _refresh;
    private DateTimeOffset _refreshStarted;
    private bool _stallLogged;
    private volatile string _checking = "the layout";

    public LayoutMonitor(IOptions<CallyticsPaths> paths, LayoutBaseline baseline, TimeProvider? time = null, ILoggerFactory? loggers = null)
        : this(paths, baseline, time, loggers, null)
    {
    }

    /// <summary>As the public constructor, with the reading replaceable (tests: a reading that hangs).</summary>
    internal LayoutMonitor(IOptions<CallyticsPaths> paths, LayoutBaseline baseline, TimeProvider? time, ILoggerFactory? loggers, Func<CallyticsPaths, Action<string>, LayoutSnapshot>? take)
    {
        _paths = paths;
        _baseline = baseline;
        _time = time ?? TimeProvider.System;
        _logger = loggers?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _take = take ?? ((layout, checking) => LayoutSnapshot.Take(layout, _baseline, _time.GetUtcNow(), checking));
    }

    /// <inheritdoc/>
    public string Checking => _checking;

    /// <summary>Gets or sets what is told each variable before its path is read (the tool's bounded child reports it to its parent).</summary>
    internal Action<string>? Progress { get; set; }

    /// <summary>Whether a reading has landed since the monitor was made (before that, the start-up readings stand in).</summary>
    internal bool HasReading
    {
        get
        {
            lock (_gate)
            {
                return _latest is not null;
            }
        }
    }

    /// <summary>
    /// The filesystem readings to report now: the last reading's, or the start-up's before the first lands. Starts a
    /// reading when they are older than <paramref name="maxAge"/> and none is in flight. Never waits on the disk.
    /// </summary>
    internal IReadOnlyList<FilesystemReading> CurrentReadings(TimeSpan maxAge)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (_refresh is not null)
            {
                if (!_stallLogged && now - _refreshStarted > RefreshInterval)
                {
                    _stallLogged = true;
                    Log.StatusRefreshStalled(_logger, (long)(now - _refreshStarted).TotalSeconds, _checking);
                }
            }
            else if (_latest is null || now - _latest.TakenAt >= maxAge)
            {
                StartRefresh(now);
            }

            return _latest?.Readings ?? _baseline.StartupReadings ?? [];
        }
    }

    /// <summary>A reading no older than <paramref name="maxAge"/>, waited for until <paramref name="cancellationToken"/> fires.</summary>
    internal Task<LayoutSnapshot> GetAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        Task<LayoutSnapshot> refresh;
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (_latest is { } latest && now - latest.TakenAt < maxAge)
            {
                return Task.FromResult(latest);
            }

            refresh = _refresh ?? StartRefresh(now);
        }

        return refresh.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// One reading on the caller's own thread, for a process that reads once (the tool's <c>health</c>): it needs no
    /// refresh thread and no thread pool, which cost it more than the reading itself.
    /// </summary>
    internal LayoutSnapshot TakeNow()
    {
        LayoutSnapshot snapshot = Read();
        lock (_gate)
        {
            _latest = snapshot;
        }

        return snapshot;
    }

    /// <inheritdoc/>
    public async Task<LayoutReport> GetReportAsync(TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        LayoutSnapshot snapshot = await GetAsync(maxAge, cancellationToken).ConfigureAwait(false);
        return snapshot.Report ?? throw new InvalidOperationException(snapshot.Failure, snapshot.Exception);
    }

    private Task<LayoutSnapshot> StartRefresh(DateTimeOffset now)
    {
        _refreshStarted = now;
        _refresh = Task.Factory.StartNew(Refresh, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return _refresh;
    }

    private LayoutSnapshot Refresh()
    {
        LayoutSnapshot snapshot = Read();
        lock (_gate)
        {
            _latest = snapshot;
            _refresh = null;
            _stallLogged = false;
        }

        return snapshot;
    }

    private LayoutSnapshot Read()
    {
        try
        {
            return _take(_paths.Value, variable =>
            {
                _checking = variable;
                Progress?.Invoke(variable);
            });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return LayoutSnapshot.Failed(_time.GetUtcNow(), exception); // the options themselves failed (OptionsValidationException)
        }
    }
}
