using Callytics.Paths;
using Callytics.Paths.Configuration;
using Callytics.Paths.Health;
using Callytics.Paths.Metrics;
using Callytics.Paths.Status;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="CallyticsPaths"/>: bound from configuration, normalized, and validated when the host starts.</summary>
public static class CallyticsPathsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CallyticsPaths"/> from the <see cref="IConfiguration"/> registered in the container (the Generic
    /// Host and ASP.NET Core register one holding the environment variables) or, when there is none, from the
    /// environment variables; validates the layout on start (<c>ValidateOnStart</c>). Calling it again registers nothing more.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddCallyticsPaths(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, null);
    }

    /// <summary>Binds <see cref="CallyticsPaths"/> from <paramref name="configuration"/> and validates it on start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the flat variables and the <c>CallyticsPaths</c> section.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddCallyticsPaths(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, configuration);
    }

    /// <summary>
    /// Binds <see cref="CallyticsPaths"/> as <see cref="AddCallyticsPaths(IServiceCollection)"/> does, then runs
    /// <paramref name="configure"/> (before normalization and validation).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes applied after binding.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddCallyticsPaths(this IServiceCollection services, Action<CallyticsPaths> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services, null);
        services.Configure(configure);
        return services;
    }

    private static IServiceCollection AddCore(IServiceCollection services, IConfiguration? configuration)
    {
        for (int i = 0; i < services.Count; i++) // a loop, not LINQ: a lambda and an enumerator fewer compiled at start-up
        {
            if (services[i].ServiceType == typeof(RegistrationMarker))
            {
                return services;
            }
        }

        services.AddSingleton<RegistrationMarker>();
        StartupWarmUp.Begin(); // read-only, on a thread of its own: the start-up path's first calls, paid while the host is built

        // Binding reads the container's IConfiguration through a factory registration rather than
        // Configure<IServiceProvider>: a dependency on IServiceProvider itself makes the container compile a resolver
        // with Reflection.Emit at start-up, which costs more than everything the validation does.
        services.AddSingleton<IConfigureOptions<CallyticsPaths>>(provider => new ConfigureOptions<CallyticsPaths>(paths => CallyticsPathsBinder.Bind(
            configuration ?? provider.GetService<IConfiguration>() ?? new ConfigurationBuilder().AddEnvironmentVariables().Build(), paths)));
        services.AddOptions<CallyticsPaths>()
            .PostConfigure(PathNormalizer.NormalizeInWorkingDirectory)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallyticsPaths>, CallyticsPathsValidateOptions>());
        services.TryAddSingleton<LayoutBaseline>();

        // The one periodic reading of the layout, which the health check, the metrics and ICallyticsPathsStatus share.
        services.TryAddSingleton(provider => new LayoutMonitor(provider.GetRequiredService<IOptions<CallyticsPaths>>(), provider.GetRequiredService<LayoutBaseline>(),
            provider.GetService<TimeProvider>(), provider.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.TryAddSingleton<ICallyticsPathsStatus>(provider => provider.GetRequiredService<LayoutMonitor>());

        // The Callytics.Paths meter, through the host's IMeterFactory (AddMetrics adds it where the host did not). It is
        // made when the host resolves the sessions (the sweep service does, at start); its observable instruments read
        // only when a listener collects them.
        services.AddMetrics();
        services.TryAddSingleton<CallyticsPathsMetrics>();
        services.TryAddSingleton<ITempSessions>(provider => new TempSessions(provider.GetRequiredService<IOptions<CallyticsPaths>>(), provider.GetService<TimeProvider>(),
            provider.GetService<CallyticsPathsMetrics>()));
        services.AddOptions<TempSessionSweepOptions>();
        services.AddSingleton<IConfigureOptions<TempSessionSweepOptions>>(provider => new ConfigureOptions<TempSessionSweepOptions>(sweep =>
            TempSessionSweepBinder.Bind(configuration ?? provider.GetService<IConfiguration>(), sweep)));
        services.AddHostedService<TempSessionSweepService>();

        // IOptions<T> and IOptionsMonitor<T> keep separate caches, so each would validate (and probe the disk) once.
        // Serve IOptions<CallyticsPaths> from the monitor: the layout is bound and validated once per process.
        services.AddSingleton<IOptions<CallyticsPaths>, MonitorBackedOptions>();
        return services;
    }

    /// <summary>An <see cref="IOptions{TOptions}"/> that reads the monitor's cached value (validated on first read).</summary>
    private sealed class MonitorBackedOptions(IOptionsMonitor<CallyticsPaths> monitor) : IOptions<CallyticsPaths>
    {
        public CallyticsPaths Value => monitor.CurrentValue;
    }

    /// <summary>Marks a collection that already holds the registration, so a second call adds nothing.</summary>
    private sealed class RegistrationMarker;
}
