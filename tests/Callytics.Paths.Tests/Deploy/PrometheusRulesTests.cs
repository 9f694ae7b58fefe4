using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Callytics.Paths.Tests.Samples;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Deploy;

/// <summary>
/// Issue #32 §4: the rules in deploy/prometheus pass <c>promtool check rules</c> and their own unit tests
/// (<c>promtool test rules</c>), and a real Prometheus (Debian's) on loopback, scraping the .NET sample and loading
/// them, sees every series the README documents under its name, takes the low-free-space alert to firing when the
/// sample's temp tmpfs fills, and answers every query of the Grafana dashboard with series.
/// </summary>
[LongRunning(75)] // mostly waiting: the alert's minute, then its firing
public class PrometheusRulesTests
{
    private static string Rules => Checkout.Path("deploy/prometheus/callytics-paths.rules.yml");

    [ToolFact("promtool")]
    public void The_rules_pass_promtool_check_and_their_unit_tests()
    {
        ProcessResult check = ChildProcess.Run(["promtool", "check", "rules", Rules]);
        check.ExitCode.Should().Be(0, check.ToString());
        check.StandardOutput.Should().Contain("SUCCESS: 7 rules found");

        ProcessResult test = ChildProcess.Run(["promtool", "test", "rules", "callytics-paths.rules.test.yml"], workingDirectory: Checkout.Path("deploy/prometheus"));
        test.ExitCode.Should().Be(0, test.ToString());
        test.StandardOutput.Should().Contain("SUCCESS");
    }

    [RootFact("prometheus", "mount", "umount")]
    public async Task A_real_prometheus_scrapes_the_sample_fires_the_low_free_space_alert_and_answers_every_dashboard_query()
    {
        using var tree = new TempTree();
        string temp = Directory.CreateDirectory(tree["app/temp"]).FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=1100m,mode=0755", "callytics-test-temp", temp);
        try
        {
            // A session abandoned two hours ago, for the sweep to remove: its counters are series the README documents.
            string stale = Directory.CreateDirectory(Path.Combine(temp, "session_stale")).FullName;
            File.WriteAllBytes(Path.Combine(stale, "part.wav"), new byte[4096]);
            File.SetLastWriteTimeUtc(Path.Combine(stale, "part.wav"), DateTime.UtcNow.AddHours(-2));
            Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
            Dictionary<string, string> layout = new()
            {
                ["CALLYTICS_ROOT"] = tree["app"],
                ["DATABASE_URL"] = "sqlite:///" + tree["app/data/Callytics_new.sqlite"],
                ["CALLYTICS_ROLES"] = "temp,logs,data,cache,database",
                ["CallyticsPaths__SessionSweep__Enabled"] = "true",
                ["CallyticsPaths__SessionSweep__Interval"] = "00:00:01",
                ["CallyticsPaths__SessionSweep__MaxAge"] = "00:10:00",
            };
            (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(layout);
            sample.Should().NotBeNull(exited?.ToString());
            await using (sample!)
            {
                using HttpResponseMessage created = await sample.Client.PostAsync("/calls", SampleServiceTests.Upload(SampleServiceTests.Wav(1)));
                created.StatusCode.Should().Be(HttpStatusCode.Created);

                int port = FreePort();
                string config = tree.WriteFile("prometheus/prometheus.yml", $"""
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - {Rules}
                    scrape_configs:
                      - job_name: callytics-sample
                        static_configs:
                          - targets: ["{sample.Address.Authority}"]
                    """);
                using Process prometheus = ChildProcess.Start(
                    ["prometheus", "--config.file=" + config, "--storage.tsdb.path=" + tree["prometheus/data"], $"--web.listen-address=127.0.0.1:{port}"],
                    new Dictionary<string, string>(), tree.Root);
                try
                {
                    using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
                    await Until(async () => await Query(client, "callytics_paths:filesystem_free:bytes{callytics_path_role=\"temp\"}") > 0, TimeSpan.FromSeconds(60),
                        "Prometheus scrapes the sample and records the temp role's free bytes");

                    // Every series of the README's table, under the name it gives: the sweep's once it removed the stale
                    // session. The layer's are served only by a container whose root is the engine's overlay, which
                    // this sample process is not: the engine tests scrape them there (Layer/ContainerLayerTests).
                    string[] documented = [.. File.ReadAllLines(Checkout.Path("README.md"))
                        .Where(l => l.StartsWith("| `callytics.paths.", StringComparison.Ordinal))
                        .Select(l => l.TrimEnd().TrimEnd('|').TrimEnd().Split('|')[^1].Trim().Trim('`'))
                        .Where(s => !s.StartsWith("callytics_paths_layer_", StringComparison.Ordinal))];
                    documented.Should().HaveCount(8);
                    foreach (string series in documented)
                    {
                        await Until(async () => await Query(client, series) > 0, TimeSpan.FromSeconds(30), $"Prometheus scrapes {series}");
                    }

                    (await AlertState(client, "CallyticsPathFreeSpaceLow", "temp")).Should().BeNull("the temp tmpfs has 1100 MiB free, above the 1 GiB threshold");

                    await using (FileStream fill = File.Create(Path.Combine(temp, "fill")))
                    {
                        await fill.WriteAsync(new byte[150 << 20]);
                    }

                    await Until(async () => await AlertState(client, "CallyticsPathFreeSpaceLow", "temp") == "firing", TimeSpan.FromSeconds(150),
                        "150 MiB written leaves the temp tmpfs under 1 GiB free: the alert is pending, then firing after its minute");

                    var dashboard = JsonDocument.Parse(File.ReadAllText(Checkout.Path("deploy/grafana/callytics-paths.json")));
                    string[] queries = [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
                        .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)];
                    queries.Should().HaveCountGreaterThan(5);
                    foreach (string query in queries)
                    {
                        (await Query(client, query)).Should().BeGreaterThan(0, $"the dashboard's query returns series: {query}");
                    }
                }
                finally
                {
                    prometheus.Kill(entireProcessTree: true);
                    await prometheus.WaitForExitAsync();
                }
            }
        }
        finally
        {
            Run("umount", temp);
        }
    }

    /// <summary>How many series <paramref name="query"/> returns now.</summary>
    private static async Task<int> Query(HttpClient client, string query)
    {
        using JsonDocument answer = JsonDocument.Parse(await client.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query)));
        answer.RootElement.GetProperty("status").GetString().Should().Be("success", query);
        return answer.RootElement.GetProperty("data").GetProperty("result").GetArrayLength();
    }

    /// <summary>The state (pending, firing) of <paramref name="alert"/> for <paramref name="role"/>, or null when it is not active.</summary>
    private static async Task<string?> AlertState(HttpClient client, string alert, string role)
    {
        using JsonDocument answer = JsonDocument.Parse(await client.GetStringAsync("/api/v1/alerts"));
        foreach (JsonElement active in answer.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray())
        {
            JsonElement labels = active.GetProperty("labels");
            if (labels.GetProperty("alertname").GetString() == alert && labels.TryGetProperty("callytics_path_role", out JsonElement r) && r.GetString() == role)
            {
                return active.GetProperty("state").GetString();
            }
        }

        return null;
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < limit)
            {
                // Prometheus is still starting
            }

            clock.Elapsed.Should().BeLessThan(limit, what);
            await Task.Delay(500);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(params string[] command)
    {
        ProcessResult result = ChildProcess.Run(command);
        result.ExitCode.Should().Be(0, result.ToString());
    }
}
