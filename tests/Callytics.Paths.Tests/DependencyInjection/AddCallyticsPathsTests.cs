using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.DependencyInjection;

public class AddCallyticsPathsTests
{
    // The volume check is off: the test machine may itself be a container, and these layouts are not volumes.
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([new("CALLYTICS_MOUNT_CHECK", "off"), .. values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))])
            .Build();

    [Fact]
    public void Binds_from_the_configuration_registered_in_the_container()
    {
        using var tree = new TempTree();
        var services = new ServiceCollection();
        services.AddSingleton(Configuration(("CALLYTICS_ROOT", tree["app"]), ("TEMP_DIR", tree["custom/temp/"])));
        services.AddCallyticsPaths();
        using ServiceProvider provider = services.BuildServiceProvider();

        CallyticsPaths paths = provider.GetRequiredService<IOptions<CallyticsPaths>>().Value;

        paths.TempDir.Should().Be(tree["custom/temp"], "the value is normalized: no trailing separator");
        paths.DataDir.Should().Be(tree["app/data"]);
        Directory.Exists(paths.TempDir).Should().BeTrue();
    }

    [Fact]
    public void The_session_sweep_is_bound_from_the_same_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration(("CallyticsPaths:SessionSweep:Enabled", "true"), ("CallyticsPaths:SessionSweep:MaxAge", "06:00:00")));
        services.AddCallyticsPaths();
        using ServiceProvider provider = services.BuildServiceProvider();

        TempSessionSweepOptions sweep = provider.GetRequiredService<IOptions<TempSessionSweepOptions>>().Value;

        sweep.Enabled.Should().BeTrue();
        sweep.MaxAge.Should().Be(TimeSpan.FromHours(6));
        sweep.Interval.Should().Be(TimeSpan.FromHours(1), "unset: the default");
    }

    [Fact]
    public void The_configuration_overload_uses_the_given_configuration()
    {
        using var tree = new TempTree();
        var services = new ServiceCollection();
        services.AddSingleton(Configuration(("CALLYTICS_ROOT", "/must/not/be/used")));
        services.AddCallyticsPaths(Configuration(("CALLYTICS_ROOT", tree["given"])));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<CallyticsPaths>>().Value.LogDir.Should().Be(tree["given/logs"]);
    }

    [Fact]
    public void The_delegate_runs_after_binding_and_before_normalization()
    {
        using var tree = new TempTree();
        var services = new ServiceCollection();
        services.AddSingleton(Configuration(("CALLYTICS_ROOT", tree["app"]), ("CACHE_DIR", "/bound/cache")));
        string? seen = null;
        services.AddCallyticsPaths(paths =>
        {
            seen = paths.CacheDir;
            paths.CacheDir = tree["override/cache/./x/.."];
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        CallyticsPaths value = provider.GetRequiredService<IOptions<CallyticsPaths>>().Value;

        seen.Should().Be("/bound/cache");
        value.CacheDir.Should().Be(tree["override/cache"]);
    }

    [Fact]
    public void Calling_it_twice_registers_once()
    {
        var services = new ServiceCollection();
        services.AddCallyticsPaths();
        int count = services.Count;

        services.AddCallyticsPaths().AddCallyticsPaths(Configuration());

        services.Count.Should().Be(count);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<CallyticsPaths>)).Should().Be(1);
    }

    [Fact]
    public void A_plain_service_provider_fails_on_the_first_value_with_every_problem()
    {
        using var tree = new TempTree();
        tree.WriteFile("app/logs");
        var services = new ServiceCollection();
        services.AddCallyticsPaths(Configuration(("CALLYTICS_ROOT", tree["app"]), ("TEMP_DIR", "C:\\temp")));
        using ServiceProvider provider = services.BuildServiceProvider();
        IOptions<CallyticsPaths> options = provider.GetRequiredService<IOptions<CallyticsPaths>>();

        CallyticsPathsValidationException failure = FluentActions.Invoking(() => options.Value)
            .Should().Throw<CallyticsPathsValidationException>().Which;

        failure.Should().BeAssignableTo<OptionsValidationException>();
        failure.Failures.Should().HaveCount(2);
        failure.Message.Should().Contain("2 problems").And.Contain("TEMP_DIR=C:\\temp").And.Contain("LOG_DIR=" + tree["app/logs"]).And.Contain("Fix:");
        failure.Result.Errors.Select(e => e.Code).Should().BeEquivalentTo([FindingCodes.ValueWindowsPath, FindingCodes.NotADirectory]);
    }

    [Fact]
    public async Task A_generic_host_with_two_broken_paths_fails_in_StartAsync_listing_both_and_logging_them()
    {
        using var tree = new TempTree();
        tree.WriteFile("app/data");
        var logs = new ListLoggerProvider();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([
            new("CALLYTICS_MOUNT_CHECK", "off"),
            new("CALLYTICS_ROOT", tree["app"]),
            new("CACHE_DIR", "~/.cache"),
            new("DATABASE_URL", "postgresql://calls:hunter2@db/calls"),
        ]);
        builder.Logging.AddProvider(logs);
        builder.Services.AddCallyticsPaths();
        bool served = false;
        builder.Services.AddHostedService(_ => new CallbackService(() => served = true));
        using IHost host = builder.Build();

        CallyticsPathsValidationException failure = (await FluentActions.Awaiting(() => host.StartAsync())
            .Should().ThrowAsync<CallyticsPathsValidationException>()).Which;

        failure.Failures.Should().HaveCount(2);
        failure.Message.Should().Contain("DATA_DIR").And.Contain("CACHE_DIR");
        served.Should().BeFalse("validation runs before any hosted service starts");
        logs.Lines.Where(l => l.Category == "Callytics.Paths" && l.Level == LogLevel.Error).Should().HaveCount(2);
        logs.Lines.Should().ContainSingle(l => l.Category == "Callytics.Paths" && l.Level == LogLevel.Information)
            .Which.Message.Should().Contain("DATABASE_URL=postgresql://calls:***@db/calls");
        logs.Lines.Select(l => l.Message).Should().NotContain(m => m.Contains("hunter2"));
        failure.ToString().Should().NotContain("hunter2");
    }

    public static TheoryData<string> SecretShapes => [.. SecretScan.SecretShapes];

    [Theory]
    [MemberData(nameof(SecretShapes))]
    public async Task No_log_line_or_exception_shows_a_secret_of_any_connection_string_shape(string url)
    {
        using var tree = new TempTree();
        tree.WriteFile("app/data");
        var logs = new ListLoggerProvider(); // fails the test on any line showing a test password
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([
            new("CALLYTICS_MOUNT_CHECK", "off"),
            new("CALLYTICS_ROOT", tree["app"]),
            new("DATABASE_URL", url),
        ]);
        builder.Logging.AddProvider(logs);
        builder.Services.AddCallyticsPaths();
        using IHost host = builder.Build();

        CallyticsPathsValidationException failure = (await FluentActions.Awaiting(() => host.StartAsync())
            .Should().ThrowAsync<CallyticsPathsValidationException>()).Which;

        SecretScan.Checked(failure.ToString(), "the exception");
        SecretScan.Checked(new CallyticsPaths { DatabaseUrl = url }.ToString(), "CallyticsPaths.ToString()");
        logs.Lines.Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_start_up_summary_masks_a_url_set_in_a_directory_variable_and_cannot_be_used_to_forge_log_lines()
    {
        using var tree = new TempTree();
        var logs = new ListLoggerProvider(); // fails the test on any line showing the password
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([
            new("CALLYTICS_MOUNT_CHECK", "off"),
            new("CALLYTICS_ROOT", tree["app"]),
            new("LOG_DIR", "ftp://calls:hunter2@host/logs"),
            new("AUDIO_DIR", "/app/audio\nfail: Callytics.Paths[3] forged line"),
        ]);
        builder.Logging.AddProvider(logs);
        builder.Services.AddCallyticsPaths();
        using IHost host = builder.Build();

        await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<CallyticsPathsValidationException>();

        string summary = logs.Lines.Single(l => l.Level == LogLevel.Information).Message;
        summary.Should().Contain("LOG_DIR=ftp://calls:***@host/logs").And.Contain("AUDIO_DIR=/app/audio\\nfail: Callytics.Paths[3] forged line");
        logs.Lines.Should().OnlyContain(l => !l.Message.Contains('\n', StringComparison.Ordinal), "a value's newline is shown escaped, never written");
    }

    [Fact]
    public async Task A_valid_layout_starts_logs_one_summary_and_validates_once()
    {
        using var tree = new TempTree();
        string relative = "rel-audio-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(relative); // a relative directory is checked where it resolves, never created there
        var logs = new ListLoggerProvider();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("CALLYTICS_MOUNT_CHECK", "off"), new("CALLYTICS_ROOT", tree["app"]), new("AUDIO_DIR", relative)]);
        builder.Logging.AddProvider(logs);
        builder.Services.AddCallyticsPaths();
        using IHost host = builder.Build();

        await host.StartAsync();
        CallyticsPaths paths = host.Services.GetRequiredService<IOptions<CallyticsPaths>>().Value;
        _ = host.Services.GetRequiredService<IOptionsMonitor<CallyticsPaths>>().CurrentValue;
        await host.StopAsync();

        Directory.Delete(relative);
        paths.AudioDir.Should().Be(Path.Combine(Environment.CurrentDirectory, relative));
        logs.Lines.Count(l => l.Level == LogLevel.Information && l.Category == "Callytics.Paths").Should().Be(1, "IOptions and the monitor share one validated value");
        logs.Lines.Should().ContainSingle(l => l.Level == LogLevel.Warning).Which.Message.Should().Contain($"AUDIO_DIR={relative} is relative");
    }

    private sealed class CallbackService(Action started) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            started();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
