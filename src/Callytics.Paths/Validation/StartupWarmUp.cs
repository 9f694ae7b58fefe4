using System.Diagnostics.CodeAnalysis;
using Callytics.Paths.Configuration;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Validation;

/// <summary>
/// Runs a read-only validation of the environment's layout on a thread-pool thread as soon as the library is
/// registered, while the host is still being built, so that the code the start-up validation needs is compiled and
/// the system's first-call costs (native library lookup, the mount table) are paid off the start-up path.
/// </summary>
/// <remarks>
/// It changes nothing: no directory is created, no probe is written, nothing is logged, and whatever it finds is
/// thrown away; the start-up validation still runs in full, in order, and alone decides. Once per process.
/// </remarks>
internal static class StartupWarmUp
{
    private static int _started;

    /// <summary>Starts the warm-up unless it already ran in this process.</summary>
    internal static void Begin()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _ = ThreadPool.UnsafeQueueUserWorkItem(static _ => Run(new ConfigurationBuilder().AddEnvironmentVariables().Build()), null);
    }

    /// <summary>The warm-up itself: binds <paramref name="configuration"/> and validates it read-only; never throws.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A warm-up must never fail anything; the real validation reports every problem.")]
    internal static void Run(IConfiguration configuration)
    {
        try
        {
            var paths = new CallyticsPaths();
            CallyticsPathsBinder.Bind(configuration, paths);
            PathNormalizer.Normalize(paths, Environment.CurrentDirectory);
            _ = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { CreateMissingDirectories = false, WriteProbe = false });
        }
        catch (Exception)
        {
            // Nothing to do: this only compiles code ahead of the real validation.
        }
    }
}
