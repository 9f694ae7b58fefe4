using System.Diagnostics.CodeAnalysis;
using Callytics.Paths.Configuration;
using Callytics.Paths.Health;
using Callytics.Paths.Metrics;
using Callytics.Paths.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Validation;

/// <summary>
/// Runs the start-up path once, read-only, on a thread of its own as soon as the library is registered, while the host
/// is still being built, so that its first-call costs (the native library, the mount table, the meter's plumbing and
/// what the runtime compiles) are paid beside the host's thread rather than on it.
/// </summary>
/// <remarks>
/// It calls the code start-up calls, not a copy of it: the one binding step (<see cref="CallyticsPathsBinder"/>), the
/// normalizer, the validator in a read-only mode, the filesystem readings that seed the metrics (one <c>statvfs</c>
/// per role), the probe's system calls with arguments the kernel refuses, and the meter through a factory of its own
/// under another name. It changes nothing: no directory is created, no probe is
/// written, nothing is logged, and whatever it finds is thrown away; the start-up validation still runs in full and
/// alone decides. Once per process, only with more than one processor (with one it could only take turns with the
/// host's thread). Kept because the host start-up benchmark shows it still pays on two processors (benchmarks/STARTUP.md).
/// </remarks>
internal static class StartupWarmUp
{
    private static int _started;

    /// <summary>Starts the warm-up unless it already ran in this process.</summary>
    internal static void Begin()
    {
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

    /// <summary>The warm-up itself, over <paramref name="configuration"/>; never throws.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A warm-up must never fail anything; the real validation reports every problem.")]
    internal static void Run(IConfiguration configuration)
    {
        try
        {
            var paths = new CallyticsPaths();
            CallyticsPathsBinder.Bind(configuration, paths);
            PathNormalizer.NormalizeInWorkingDirectory(paths);
            PathValidationResult result = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { CreateMissingDirectories = false, WriteProbe = false });
            _ = FilesystemReading.From(paths, result);
            ProbeFile.WarmUp(AppContext.BaseDirectory);

            using var meters = new WarmUpMeterFactory();
            using var metrics = new CallyticsPathsMetrics(meters, new LayoutMonitor(Options.Create(paths), new LayoutBaseline()));
            metrics.SessionCreated();
            metrics.SessionEnded();
        }
        catch (Exception)
        {
            // Nothing to do: this only prepares the real validation.
        }
    }
}
