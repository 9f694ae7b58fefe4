using System.Diagnostics.CodeAnalysis;
using Callytics.Paths.Configuration;
using Callytics.Paths.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Validation;

/// <summary>
/// Runs a read-only validation of the environment's layout on a thread of its own as soon as the library is
/// registered, while the host is still being built, so that what the start-up validation needs is compiled, loaded and
/// paid for off the start-up path: the options pipeline's generic types closed over <see cref="CallyticsPaths"/>, the
/// binding, the validation, the write probe's code and the system's first-call costs (the native library, the mount
/// table).
/// </summary>
/// <remarks>
/// It changes nothing: no directory is created, no probe is written, nothing is logged, and whatever it finds is
/// thrown away; the start-up validation still runs in full, in order, and alone decides. Once per process, and only
/// with more than one processor. A thread of its own rather than the thread pool: starting the pool's workers costs
/// the host's thread 2 to 5 ms more (measured: 3 to 6 ms for queueing against about 1 ms for the thread).
/// </remarks>
internal static class StartupWarmUp
{
    private static int _started;

    /// <summary>Starts the warm-up unless it already ran in this process.</summary>
    internal static void Begin()
    {
        // With one processor the warm-up would only take turns with the host's thread: the same code compiled, plus
        // the warm-up's own work (Environment.ProcessorCount follows the affinity mask and the container's CPU limit).
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        var thread = new Thread(static () => Run(new ConfigurationBuilder().AddEnvironmentVariables().Build()))
        {
            IsBackground = true,
            Name = "Callytics.Paths warm-up",
        };
        thread.UnsafeStart();
    }

    /// <summary>
    /// The warm-up itself: the pipeline the host resolves for <c>IOptions&lt;CallyticsPaths&gt;</c>, built by hand over
    /// <paramref name="configuration"/> (bind, normalize, validate read-only), then the probe's code and the session
    /// sweep's binding, start and stop (off: nothing is swept); never throws.
    /// </summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A warm-up must never fail anything; the real validation reports every problem.")]
    internal static void Run(IConfiguration configuration)
    {
        try
        {
            // Arrays, as the container passes them: the factory then takes them as they are.
            var factory = new OptionsFactory<CallyticsPaths>(
                new IConfigureOptions<CallyticsPaths>[] { new ConfigureOptions<CallyticsPaths>(paths => CallyticsPathsBinder.Bind(configuration, paths)) },
                new IPostConfigureOptions<CallyticsPaths>[]
                {
                    new PostConfigureOptions<CallyticsPaths>(Options.DefaultName, PathNormalizer.NormalizeInWorkingDirectory),
                },
                new IValidateOptions<CallyticsPaths>[] { CallyticsPathsValidateOptions.ForWarmUp() });
            using var monitor = new OptionsMonitor<CallyticsPaths>(factory, [], new OptionsCache<CallyticsPaths>());
            CallyticsPaths paths = monitor.CurrentValue;
            ProbeFile.WarmUp(AppContext.BaseDirectory); // the read-only validation asks the kernel instead: compile the probe apart

            // The session sweep as the host starts and stops it when it is off, whatever the configuration says: it
            // is bound into a copy of its own, and the service that starts and stops is given the default (off).
            TempSessionSweepBinder.Bind(configuration, new TempSessionSweepOptions());
            using var sweep = new TempSessionSweepService(new TempSessions(Options.Create(paths)), Options.Create(new TempSessionSweepOptions()));
            _ = sweep.StartAsync(CancellationToken.None);
            _ = sweep.StopAsync(CancellationToken.None);

            // The meter as the host makes it, through a factory of its own under another name (no listener of
            // Callytics.Paths sees it, and none is listening yet while the host is built): its instruments' types are
            // loaded and its code compiled here, not on the start thread (4 % of a host start otherwise).
            using var meters = new WarmUpMeterFactory();
            using var metrics = new CallyticsPathsMetrics(meters, Options.Create(paths));
            metrics.SessionCreated();
            metrics.SessionEnded();
        }
        catch (Exception)
        {
            // Nothing to do: this only prepares the real validation.
        }
    }
}
