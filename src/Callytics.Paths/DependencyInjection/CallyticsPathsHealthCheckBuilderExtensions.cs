using Callytics.Paths.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Callytics.Paths.Status;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>callytics-paths</c> health check.</summary>
public static class CallyticsPathsHealthCheckBuilderExtensions
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Adds a health check that re-checks every Callytics path after start: still there, still writable (a real
    /// probe), still on the same mount, enough free space. Unhealthy on any error, Degraded on warnings; the result's
    /// <c>Data</c> holds each path's report and its <c>Description</c> names the failing variables. Needs
    /// <c>services.AddCallyticsPaths()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The registration name. Default <c>callytics-paths</c>.</param>
    /// <param name="failureStatus">The status reported on failure; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">
    /// How long a caller waits for the disk; <see langword="null"/> for 10 seconds. A check still running then (a hung
    /// volume) reports the failure status naming the path it was checking, and later calls share that one check.
    /// </param>
    /// <param name="configure">Thresholds and caching.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IHealthChecksBuilder AddCallyticsPaths(this IHealthChecksBuilder builder, string name = "callytics-paths",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null,
        Action<CallyticsPathsHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = new CallyticsPathsHealthCheckOptions();
        configure?.Invoke(options);
        CallyticsPathsHealthCheck? check = null;
        var gate = new object();
        return builder.Add(new HealthCheckRegistration(name, provider =>
        {
            lock (gate)
            {
                // One instance per registration (its own thresholds), over the one shared reading of the layout.
                return check ??= new CallyticsPathsHealthCheck(provider.GetRequiredService<LayoutMonitor>(), options);
            }
        }, failureStatus, tags, timeout ?? DefaultTimeout));
    }
}
