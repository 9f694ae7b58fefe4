using System.Diagnostics.Metrics;
using Callytics.Paths.Health;
using Callytics.Paths.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Metrics;

/// <summary>
/// The <c>Callytics.Paths</c> meter: free space and usability of every used role's filesystem, and the temp
/// sessions, as <see cref="System.Diagnostics.Metrics"/> instruments named after the OpenTelemetry semantic
/// conventions (<c>system.filesystem.*</c> attributes), so that dashboards built for them apply.
/// </summary>
/// <remarks>
/// The observable callbacks never touch the disk: they report the readings a refresh keeps, and before the first
/// refresh the start-up validation's (so that the first scrape has every series). A collection finding the
/// readings older than <see cref="RefreshInterval"/> starts one refresh on a thread of its own and reports what it
/// has; a refresh that hangs (<c>statvfs</c> on a dead NFS server) blocks neither the collection nor the host, is
/// logged once, and no other refresh starts while it lasts. Nothing is measured, and no thread runs, until a
/// listener collects an observable instrument.
/// </remarks>
internal sealed class CallyticsPathsMetrics : IDisposable
{
    /// <summary>The meter's name, for <c>AddMeter("Callytics.Paths")</c>.</summary>
    internal const string MeterName = "Callytics.Paths";

    /// <summary>How old the readings may be before a collection starts a refresh (as the health check caches).</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly Meter _meter;
    private readonly IOptions<CallyticsPaths> _paths;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<CallyticsPaths, IReadOnlyList<FilesystemReading>> _measure;
    private readonly LayoutBaseline? _baseline;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _created;
    private readonly Counter<long> _removed;
    private readonly Counter<long> _freed;
    private readonly Lock _gate = new();
    private IReadOnlyList<FilesystemReading> _readings = [];
    private DateTimeOffset? _measuredAt;
    private DateTimeOffset? _refreshStarted;
    private bool _stallLogged;

    /// <summary>Creates the meter through <paramref name="meters"/> (the host's factory: disposed with the container).</summary>
    /// <remarks>The start-up validation's readings (<paramref name="baseline"/>) are reported until the first refresh lands.</remarks>
    public CallyticsPathsMetrics(IMeterFactory meters, IOptions<CallyticsPaths> paths, ILoggerFactory? loggers = null, LayoutBaseline? baseline = null)
        : this(meters, paths, loggers, TimeProvider.System, FilesystemReading.Measure, baseline)
    {
    }

    /// <summary>As the public constructor, with the clock and the filesystem query replaceable (tests).</summary>
    internal CallyticsPathsMetrics(IMeterFactory meters, IOptions<CallyticsPaths> paths, ILoggerFactory? loggers, TimeProvider time,
        Func<CallyticsPaths, IReadOnlyList<FilesystemReading>> measure, LayoutBaseline? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _baseline = baseline;
        _paths = paths;
        _time = time;
        _measure = measure;
        _logger = loggers?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _meter = meters.Create(new MeterOptions(MeterName));
        _meter.CreateObservableUpDownCounter("callytics.paths.filesystem.usage", ObserveUsage, "By",
            "Bytes of the filesystem holding each used role, by state: used, free (to an unprivileged user) and reserved (for root).");
        _meter.CreateObservableUpDownCounter("callytics.paths.filesystem.limit", () => Observe(r => r.Limit), "By",
            "The size of the filesystem holding each used role.");
        _meter.CreateObservableGauge("callytics.paths.filesystem.utilization", () => Observe(r => r.Limit == 0 ? 0d : (double)r.Used / r.Limit), "1",
            "The used fraction of the filesystem holding each used role.");
        _meter.CreateObservableGauge("callytics.paths.path.usable", ObserveUsable, "1",
            "1 when the last check found the role's path usable for its role (there, writable or readable, on a volume as required), else 0.");
        _active = _meter.CreateUpDownCounter<long>("callytics.paths.sessions.active", "{session}", "Temp sessions created and not yet disposed.");
        _created = _meter.CreateCounter<long>("callytics.paths.sessions.created", "{session}", "Temp sessions created.");
        _removed = _meter.CreateCounter<long>("callytics.paths.sweep.removed", "{session}", "Stale temp sessions the sweep removed whole.");
        _freed = _meter.CreateCounter<long>("callytics.paths.sweep.freed", "By", "Bytes the sweep freed.");
    }

    /// <summary>A temp session was created.</summary>
    internal void SessionCreated()
    {
        _created.Add(1);
        _active.Add(1);
    }

    /// <summary>A temp session was disposed.</summary>
    internal void SessionEnded() => _active.Add(-1);

    /// <summary>A sweep removed <paramref name="sessions"/> sessions whole and freed <paramref name="bytes"/>.</summary>
    internal void Swept(int sessions, long bytes)
    {
        _removed.Add(sessions);
        _freed.Add(bytes);
    }

    /// <summary>Whether a refresh has landed since the meter was made (before that, the start-up readings are reported).</summary>
    internal bool Refreshed
    {
        get
        {
            lock (_gate)
            {
                return _measuredAt is not null;
            }
        }
    }

    /// <summary>The readings to report now; starts a refresh when they are stale and none is running. Never blocks.</summary>
    internal IReadOnlyList<FilesystemReading> Readings()
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_measuredAt is null && _readings.Count == 0 && _baseline?.StartupReadings is { } startup)
            {
                _readings = startup; // until the first refresh, started below, lands
            }

            if (_refreshStarted is { } started)
            {
                if (!_stallLogged && now - started > RefreshInterval)
                {
                    _stallLogged = true;
                    Log.MetricsRefreshStalled(_logger, (long)(now - started).TotalSeconds);
                }
            }
            else if (_measuredAt is not { } measured || now - measured >= RefreshInterval)
            {
                _refreshStarted = now;
                new Thread(Refresh) { IsBackground = true, Name = "Callytics.Paths metrics" }.Start();
            }

            return _readings;
        }
    }

    private void Refresh()
    {
        IReadOnlyList<FilesystemReading> readings;
        try
        {
            readings = _measure(_paths.Value);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or OptionsValidationException)
        {
            readings = [];
        }

        lock (_gate)
        {
            _readings = readings;
            _measuredAt = _time.GetUtcNow();
            _refreshStarted = null;
            _stallLogged = false;
        }
    }

    private IEnumerable<Measurement<long>> ObserveUsage()
    {
        foreach (FilesystemReading reading in Readings())
        {
            yield return new Measurement<long>(reading.Used, Tags(reading, "used"));
            yield return new Measurement<long>(reading.Free, Tags(reading, "free"));
            yield return new Measurement<long>(reading.Reserved, Tags(reading, "reserved"));
        }
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<FilesystemReading, T> value)
        where T : struct
    {
        foreach (FilesystemReading reading in Readings())
        {
            yield return new Measurement<T>(value(reading), Tags(reading, null));
        }
    }

    private IEnumerable<Measurement<int>> ObserveUsable()
    {
        foreach (FilesystemReading reading in Readings())
        {
            yield return new Measurement<int>(reading.Usable ? 1 : 0, new KeyValuePair<string, object?>("callytics.path.role", reading.Role));
        }
    }

    private static KeyValuePair<string, object?>[] Tags(FilesystemReading reading, string? state)
    {
        var tags = new List<KeyValuePair<string, object?>>(6)
        {
            new("callytics.path.role", reading.Role),
            new("system.filesystem.mountpoint", reading.MountPoint ?? string.Empty),
            new("system.filesystem.type", reading.FileSystemType ?? string.Empty),
            new("system.filesystem.mode", reading.ReadOnly ? "ro" : "rw"),
        };
        if (state is not null)
        {
            tags.Add(new("system.filesystem.state", state));
        }

        return [.. tags];
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
