using System.Diagnostics.Metrics;

namespace Callytics.Paths.Metrics;

/// <summary>
/// The meter factory the start-up warm-up makes <see cref="CallyticsPathsMetrics"/> with: its meters are named
/// <c>Callytics.Paths.WarmUp</c>, so that no listener of <c>Callytics.Paths</c> sees them, and are disposed with it.
/// </summary>
internal sealed class WarmUpMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(options.Name + ".WarmUp", options.Version);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (Meter meter in _meters)
        {
            meter.Dispose();
        }
    }
}
