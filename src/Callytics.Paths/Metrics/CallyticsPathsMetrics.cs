using System.Diagnostics.Metrics;
using Callytics.Paths.Status;

namespace Callytics.Paths.Metrics;

/// <summary>
/// The <c>Callytics.Paths</c> meter: free space and usability of every used role's filesystem, and the temp
/// sessions, as <see cref="System.Diagnostics.Metrics"/> instruments named after the OpenTelemetry semantic
/// conventions (<c>system.filesystem.*</c> attributes), so that dashboards built for them apply.
/// </summary>
/// <remarks>
/// The observable callbacks never touch the disk: they report the layout's one periodic reading
/// (<see cref="LayoutMonitor"/>, shared with the health check and the status report), and before the first the
/// start-up validation's (so that the first scrape has every series). A collection finding the reading older than
/// <see cref="LayoutMonitor.RefreshInterval"/> starts one on a thread of its own and reports what it has; a reading
/// that hangs (<c>statvfs</c> on a dead NFS server) blocks neither the collection nor the host, is logged once, and no
/// other starts while it lasts. Nothing is read, and no thread runs, until a listener collects an observable instrument.
/// </remarks>
internal sealed class CallyticsPathsMetrics : IDisposable
{
    /// <summary>The meter's name, for <c>AddMeter("Callytics.Paths")</c>.</summary>
    internal const string MeterName = "Callytics.Paths";

    private readonly Meter _meter;
    private readonly LayoutMonitor _monitor;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _created;
    private readonly Counter<long> _removed;
    private readonly Counter<long> _freed;

    /// <summary>Creates the meter through <paramref name="meters"/> (the host's factory: disposed with the container).</summary>
    public CallyticsPathsMetrics(IMeterFactory meters, LayoutMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _monitor = monitor;
        _meter = meters.Create(new MeterOptions(MeterName));
        _meter.CreateObservableUpDownCounter("callytics.paths.filesystem.usage", ObserveUsage, "By",
            "Bytes of the filesystem holding each used role, by state: used, free (to an unprivileged user) and reserved (for root).");
        _meter.CreateObservableUpDownCounter("callytics.paths.filesystem.limit", () => Observe(r => r.Limit), "By",
            "The size of the filesystem holding each used role.");
        _meter.CreateObservableGauge("callytics.paths.filesystem.utilization", () => Observe(r => r.Limit == 0 ? 0d : (double)r.Used / r.Limit), "1",
            "The used fraction of the filesystem holding each used role.");
        _meter.CreateObservableGauge("callytics.paths.path.usable", ObserveUsable, "1",
            "1 when the last check found the role's path usable for its role (there, writable or readable, on a volume as required), else 0.");
        _meter.CreateObservableGauge("callytics.paths.layer.files", () => ObserveLayer(l => l.Files), "{file}",
            "Files the container wrote into its own writable layer since it was created (lost when it is recreated); only in a container.");
        _meter.CreateObservableGauge("callytics.paths.layer.bytes", () => ObserveLayer(l => l.Bytes), "By",
            "Bytes of those files.");
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

    /// <summary>The readings to report now; starts a reading when they are stale and none is in flight. Never blocks.</summary>
    internal IReadOnlyList<FilesystemReading> Readings() => _monitor.CurrentReadings(LayoutMonitor.RefreshInterval);

    /// <summary>The layer's files or bytes at risk from the last reading (the other instruments start the readings), or nothing outside a container.</summary>
    private IEnumerable<Measurement<long>> ObserveLayer(Func<Layer.LayerReading, long> value)
    {
        if (_monitor.CurrentLayer is { Signal: not null } layer)
        {
            yield return new Measurement<long>(value(layer));
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
