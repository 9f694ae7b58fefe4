using System.Diagnostics;
using Callytics.Paths.Reporting;
using Callytics.Paths.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Callytics.Paths.Tests.Health;

public class CallyticsPathsHealthCheckTests
{
    private static (ServiceProvider Provider, HealthCheckService Health) Build(TempTree tree, FakeTimeProvider? time = null,
        Action<CallyticsPaths>? configure = null, Action<Callytics.Paths.Health.CallyticsPathsHealthCheckOptions>? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("CALLYTICS_MOUNT_CHECK", "off"), new("CALLYTICS_LAYER_CHECK", "off"), new("CALLYTICS_ROOT", tree["app"]),
            new("DATABASE_URL", "sqlite:///" + tree["app/data/Callytics_new.sqlite"]),
        ]).Build();
        services.AddCallyticsPaths(configuration);
        if (configure is not null)
        {
            services.AddCallyticsPaths(configure);
        }

        // Thresholds of zero: the test filesystem's free space is not what these tests are about.
        services.AddHealthChecks().AddCallyticsPaths(configure: o =>
        {
            o.FreeSpace.DegradedBytes = 0;
            o.FreeSpace.DegradedRatio = 0;
            o.FreeSpace.UnhealthyBytes = 0;
            o.FreeSpace.UnhealthyRatio = 0;
            options?.Invoke(o);
        });
        ServiceProvider provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<HealthCheckService>());
    }

    private static async Task<HealthReportEntry> Check(HealthCheckService health) =>
        (await health.CheckHealthAsync()).Entries["callytics-paths"];

    [Fact]
    public async Task A_good_layout_is_healthy_with_a_report_per_path()
    {
        using var tree = new TempTree();
        (ServiceProvider provider, HealthCheckService health) = Build(tree);
        using (provider)
        {
            HealthReportEntry entry = await Check(health);

            entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
            entry.Data.Keys.Should().BeEquivalentTo(["audio", "temp", "logs", "data", "config", "cache", "database"]);
            PathReport temp = entry.Data["temp"].Should().BeOfType<PathReport>().Subject;
            temp.Path.Should().Be(tree["app/temp"]);
            temp.FreeBytes.Should().BePositive();
        }
    }

    [Fact]
    public async Task Roles_the_service_does_not_use_are_not_checked_even_when_broken()
    {
        using var tree = new TempTree();
        tree.WriteFile("app/data", "a file where DATA_DIR would be");
        tree.WriteFile("app/temp", "a file where TEMP_DIR would be");
        (ServiceProvider provider, HealthCheckService health) = Build(tree, configure: p => p.Roles = PathRoles.Logs | PathRoles.Cache);
        using (provider)
        {
            HealthReportEntry entry = await Check(health);

            entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
            entry.Data["data"].Should().BeOfType<PathReport>().Which.Used.Should().BeFalse();
            entry.Data["logs"].Should().BeOfType<PathReport>().Which.FreeBytes.Should().BePositive();
        }
    }

    [Fact]
    public async Task A_vanished_directory_is_unhealthy_once_the_cached_result_expires()
    {
        using var tree = new TempTree();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (ServiceProvider provider, HealthCheckService health) = Build(tree, time);
        using (provider)
        {
            (await Check(health)).Status.Should().Be(HealthStatus.Healthy);
            Directory.Delete(tree["app/logs"]);

            (await Check(health)).Status.Should().Be(HealthStatus.Healthy, "the result is reused for 5 seconds");
            time.Advance(TimeSpan.FromSeconds(6));
            HealthReportEntry entry = await Check(health);

            entry.Status.Should().Be(HealthStatus.Unhealthy);
            entry.Description.Should().Contain("LOG_DIR");
            ((PathReport)entry.Data["logs"]).Problems.Should().ContainSingle(p => p.Code == "CP604");
            Directory.Exists(tree["app/logs"]).Should().BeFalse("the health check never creates anything");
        }
    }

    [Fact]
    public async Task Warnings_make_it_degraded()
    {
        using var tree = new TempTree();
        tree.Dir("app/temp", 0x1FF);
        (ServiceProvider provider, HealthCheckService health) = Build(tree);
        using (provider)
        {
            HealthReportEntry entry = await Check(health);
            entry.Status.Should().Be(HealthStatus.Degraded);
            entry.Description.Should().Contain("TEMP_DIR");
        }
    }

    [Fact]
    public async Task Low_free_space_is_degraded_and_critical_free_space_unhealthy()
    {
        using var tree = new TempTree();
        (ServiceProvider degradedProvider, HealthCheckService degraded) = Build(tree, options: o => o.FreeSpace.DegradedRatio = 1.01);
        using (degradedProvider)
        {
            HealthReportEntry entry = await Check(degraded);
            entry.Status.Should().Be(HealthStatus.Degraded);
            ((PathReport)entry.Data["data"]).Problems.Should().Contain(p => p.Code == "CP601");
        }

        (ServiceProvider unhealthyProvider, HealthCheckService unhealthy) = Build(tree, options: o => o.FreeSpaceByRole[PathRole.Cache] = new() { UnhealthyRatio = 1.01 });
        using (unhealthyProvider)
        {
            HealthReportEntry entry = await Check(unhealthy);
            entry.Status.Should().Be(HealthStatus.Unhealthy);
            entry.Description.Should().Be("Failing: CACHE_DIR");
        }
    }

    [Fact]
    public async Task A_layout_that_cannot_even_be_bound_is_the_failure_status_not_an_exception()
    {
        using var tree = new TempTree();
        (ServiceProvider provider, HealthCheckService health) = Build(tree, configure: p => p.DatabaseUrl = "postgresql://calls:hunter2@db:bad/calls");
        using (provider)
        {
            HealthReportEntry entry = await Check(health);

            entry.Status.Should().Be(HealthStatus.Unhealthy);
            entry.Description.Should().NotContain("hunter2");
            (entry.Exception?.Message ?? string.Empty).Should().NotContain("hunter2");
        }
    }

    [RootFact("setpriv")]
    public void A_directory_turning_unwritable_for_the_service_user_makes_it_unhealthy()
    {
        using var tree = new TempTree();
        Process process = ChildProcess.StartTestHost(NobodyLayout(tree), asNobody: true, tree: tree, arguments: ["health"]);
        process.StandardInput.Should().NotBeNull();
        string first = string.Empty;
        while (!first.StartsWith("health:", StringComparison.Ordinal) && process.StandardOutput.ReadLine() is { } line)
        {
            first = line;
        }

        File.SetUnixFileMode(tree["app/logs"], (UnixFileMode)0x16D);
        tree.Chown("app/logs", 0);
        process.StandardInput.WriteLine("again");
        process.StandardInput.Close();
        ProcessResult rest = ChildProcess.Wait(process);

        first.Should().StartWith("health: Healthy");
        rest.StandardOutput.Should().Contain("health: Unhealthy Failing: LOG_DIR", rest.ToString());
    }

    [RootFact("unshare", "mount", "fallocate")]
    public void A_nearly_full_tmpfs_is_degraded_and_a_full_one_unhealthy_with_the_default_thresholds()
    {
        foreach ((string fill, string status) in new[] { ("1200M", "Degraded"), ("1990M", "Unhealthy") })
        {
            using var tree = new TempTree();
            string data = tree.Dir("app/data");
            string script = $"set -e\nmount -t tmpfs -o size=2g tmpfs '{data}'\nfallocate -l {fill} '{data}/filler'\n"
                + $"exec \"$0\" \"$1\" health < /dev/null";
            ProcessResult run = ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, .. ChildProcess.TestHost],
                new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] });

            run.ExitCode.Should().Be(0, run.ToString());
            run.StandardOutput.Should().Contain($"health: {status}", run.ToString()).And.Contain("DATA_DIR");
        }
    }

    [RootFact("unshare", "mount", "mkfifo")]
    public void A_volume_going_away_after_start_is_unhealthy_as_a_changed_mount()
    {
        using var tree = new TempTree();
        string data = tree.Dir("app/data");
        string script = $"set -e\ncd '{tree.Root}'\nmount -t tmpfs -o size=4g tmpfs '{data}'\nmkfifo in\n"
            + $"\"$0\" \"$1\" health < in > out 2>&1 &\nexec 3> in\n"
            + "for i in $(seq 1 200); do grep -q 'health:' out 2>/dev/null && break; sleep 0.05; done\n"
            + $"umount '{data}'\necho again >&3\nexec 3>&-\nwait\ncat out";
        ProcessResult run = ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, .. ChildProcess.TestHost],
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] });

        run.ExitCode.Should().Be(0, run.ToString());
        string[] lines = [.. run.StandardOutput.Split('\n').Where(l => l.StartsWith("health:", StringComparison.Ordinal))];
        lines.Should().HaveCount(2, run.ToString());
        lines[0].Should().StartWith("health: Healthy");
        lines[1].Should().StartWith("health: Unhealthy").And.Contain("DATA_DIR");
    }

    private static Dictionary<string, string> NobodyLayout(TempTree tree)
    {
        tree.LayoutOwnedByNobody();
        return new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] };
    }

    [RootFact("python3")]
    public async Task A_hung_volume_makes_each_check_fail_within_its_timeout_naming_the_path_and_holds_one_thread()
    {
        using var tree = new TempTree();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddCallyticsPaths(new ConfigurationBuilder().AddInMemoryCollection([
            new("CALLYTICS_MOUNT_CHECK", "off"), new("CALLYTICS_LAYER_CHECK", "off"), new("CALLYTICS_ROOT", tree["app"]),
            new("DATABASE_URL", "sqlite:///" + tree["app/data/Callytics_new.sqlite"]),
        ]).Build());
        services.AddHealthChecks().AddCallyticsPaths(timeout: TimeSpan.FromSeconds(2), configure: o => o.FreeSpace.DegradedRatio = o.FreeSpace.UnhealthyRatio = 0);
        using ServiceProvider provider = services.BuildServiceProvider();
        HealthCheckService health = provider.GetRequiredService<HealthCheckService>();
        (await Check(health)).Status.Should().Be(HealthStatus.Healthy, "the layout is good before its volume hangs");
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;

        using Process listener = ChildProcess.Start(["python3", Path.Combine(AppContext.BaseDirectory, "Support", "hang_opens.py"), tree["app/temp"]],
            new Dictionary<string, string>());
        try
        {
            string? ready = await listener.StandardOutput.ReadLineAsync();
            ready.Should().Be("ready", "the listener holds every open in TEMP_DIR from now on");
            time.Advance(TimeSpan.FromMinutes(1));

            var clock = Stopwatch.StartNew();
            // Bounded from outside too: a check that ignored its timeout would otherwise hang the test, not fail it.
            HealthReportEntry[] entries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Check(health)))).WaitAsync(TimeSpan.FromSeconds(10));
            TimeSpan first = clock.Elapsed;
            HealthReportEntry again = await Check(health).WaitAsync(TimeSpan.FromSeconds(10));

            first.Should().BeLessThan(TimeSpan.FromSeconds(5), "each check gives up at its 2 s timeout");
            entries.Append(again).Should().AllSatisfy(entry =>
            {
                entry.Status.Should().Be(HealthStatus.Unhealthy);
                entry.Description.Should().Be("The check of TEMP_DIR did not finish within 2 s: the volume may be hung.");
            });
            Process.GetCurrentProcess().Threads.Count.Should().BeLessThanOrEqualTo(threadsBefore + 2, "one refresh is blocked, not one per check");
        }
        finally
        {
            listener.Kill();
            await listener.WaitForExitAsync();
        }

        time.Advance(TimeSpan.FromMinutes(1));
        HealthReportEntry recovered = await Check(health);
        recovered.Status.Should().Be(HealthStatus.Healthy, "once the volume answers, the shared refresh ends and the next check runs: " + recovered.Description);
    }
}
