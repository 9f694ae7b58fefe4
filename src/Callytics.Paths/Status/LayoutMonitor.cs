using Callytics.Paths.Health;
using Callytics.Paths.Layer;
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
public sealed class LayoutMonitor : ICallyticsPathsStatus
{
    /// <summary>How old a reading the metrics report before they start a new one (as the health check caches by default).</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often a reading walks the container layer again (a walk of the whole root mount costs more than the rest).</summary>
    internal static readonly TimeSpan LayerInterval = TimeSpan.FromSeconds(60);

    /// <summary>How long one walk of the container layer may take before it stops and says it was truncated.</summary>
    internal static readonly TimeSpan LayerBudget = TimeSpan.FromSeconds(2);

    private readonly IOptions<CallyticsPaths> _paths;
    private readonly LayoutBaseline _baseline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<CallyticsPaths, Action<string>, LayoutSnapshot> _take;
    private readonly Func<CallyticsPaths, Validation.PathValidationResult, LayerReading?> _readLayer;
    private readonly Lock _gate = new();
    private readonly Lock _layerGate = new();
    private LayerReading? _layer;
    private DateTimeOffset _layerAt;
    private LayoutSnapshot? _latest;
    private Task<LayoutSnapshot>? _refresh;
    private DateTimeOffset _refreshStarted;
    private bool _stallLogged;
    private volatile string _checking = "the layout";

    /// <summary>
    /// A monitor of <paramref name="paths"/> of its own, outside the DI container (a command-line tool's one reading):
    /// <c>AddCallyticsPaths()</c> registers the one a service shares with its start-up validation.
    /// </summary>
    /// <param name="paths">The layout.</param>
    /// <param name="time">The clock; the system's by default.</param>
    /// <param name="loggers">Where its warnings go; none by default.</param>
    public LayoutMonitor(IOptions<CallyticsPaths> paths, TimeProvider? time = null, ILoggerFactory? loggers = null)
        : this(paths, new LayoutBaseline(), time, loggers, null)
    {
    }

    /// <summary>The monitor DI registers, sharing the start-up validation's baseline.</summary>
    internal LayoutMonitor(IOptions<CallyticsPaths> paths, LayoutBaseline baseline, TimeProvider? time = null, ILoggerFactory? loggers = null)
        : this(paths, baseline, time, loggers, null)
    {
    }

    /// <summary>
    /// As the public constructor, with the reading replaceable (tests: a reading that hangs) and the walk of the
    /// container layer (tests: a layer as a container would give it, wherever the tests run).
    /// </summary>
    internal LayoutMonitor(IOptions<CallyticsPaths> paths, LayoutBaseline baseline, TimeProvider? time, ILoggerFactory? loggers, Func<CallyticsPaths, Action<string>, LayoutSnapshot>? take,
        Func<CallyticsPaths, Validation.PathValidationResult, LayerReading?>? readLayer = null)
    {
        _readLayer = readLayer ?? ReadLayer;
        _paths = paths;
        _baseline = baseline;
        _time = time ?? TimeProvider.System;
        _logger = loggers?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _take = take ?? ((layout, checking) => LayoutSnapshot.Take(layout, _baseline, _time.GetUtcNow(), checking));
    }

    /// <inheritdoc/>
    public string Checking => _checking;

    /// <summary>Gets or sets what is told each variable before its path is read (the tool's bounded child reports it to its parent).</summary>
    public Action<string>? Progress { get; set; }

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

    /// <summary>What the last reading found in the container layer (null outside a container or before a reading). Never waits.</summary>
    internal LayerReading? CurrentLayer
    {
        get
        {
            lock (_gate)
            {
                return _latest?.Layer;
            }
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
        void Checking(string variable)
        {
            _checking = variable;
            Progress?.Invoke(variable);
        }

        try
        {
            CallyticsPaths paths = _paths.Value;
            LayoutSnapshot snapshot = _take(paths, Checking);
            return snapshot.Validation is { } validation ? snapshot.WithLayer(Layer(paths, validation, Checking)) : snapshot;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return LayoutSnapshot.Failed(_time.GetUtcNow(), exception); // the options themselves failed (OptionsValidationException)
        }
    }

    /// <summary>What the container wrote into its own layer (see <see cref="ReadLayer"/>), walked again when the last walk is older than <see cref="LayerInterval"/>.</summary>
    private LayerReading? Layer(CallyticsPaths paths, Validation.PathValidationResult validation, Action<string> checking)
    {
        lock (_layerGate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (_layer is null || now - _layerAt >= LayerInterval)
            {
                checking("the container layer");
                _layer = _readLayer(paths, validation);
                _layerAt = now;
            }

            return _layer;
        }
    }

    /// <summary>
    /// The walk of the container layer, in a container only, bounded by <see cref="LayerBudget"/>;
    /// <c>CALLYTICS_LAYER_IGNORE</c> is read from the process's environment.
    /// </summary>
    private static LayerReading? ReadLayer(CallyticsPaths paths, Validation.PathValidationResult validation)
    {
        if (!paths.CheckContainerLayer || validation.Container is not { InContainer: true } container)
        {
            return null;
        }

        try
        {
            return WritableLayer.Read(paths, validation.Mounts, container, LayerIgnore.From(Environment.GetEnvironmentVariable(LayerIgnore.Variable)), LayerBudget);
        }
        catch (IOException)
        {
            return null; // the root cannot be opened: nothing to say about the layer
        }
    }
}
