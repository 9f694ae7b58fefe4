using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Samples;

/// <summary>The sample service end to end, as a process on a free port.</summary>
public class SampleServiceTests
{
    private static Dictionary<string, string> Layout(TempTree tree) => new()
    {
        ["CALLYTICS_ROOT"] = tree["app"],
        ["DATABASE_URL"] = "sqlite:///" + tree["app/data/Callytics_new.sqlite"],
    };

    /// <summary>A PCM WAV file: RIFF header, fmt chunk, data chunk of silence.</summary>
    internal static byte[] Wav(double seconds, int rate = 16000, short channels = 1, short bits = 16)
    {
        int data = (int)(seconds * rate) * channels * (bits / 8);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + data);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write(channels);
        writer.Write(rate);
        writer.Write(rate * channels * bits / 8);
        writer.Write((short)(channels * bits / 8));
        writer.Write(bits);
        writer.Write("data"u8);
        writer.Write(data);
        writer.Write(new byte[data]);
        return stream.ToArray();
    }

    internal static MultipartFormDataContent Upload(byte[] content, string name = "call-001.wav")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return new MultipartFormDataContent { { file, "audio", name } };
    }

    [Fact]
    public async Task Under_the_demo_settings_a_variable_set_in_the_shell_still_wins()
    {
        using var tree = new TempTree();
        Dictionary<string, string> layout = Layout(tree);
        layout["CALLYTICS_DEMO"] = "true"; // what the launch profile sets under `dotnet run`
        layout["CALLYTICS_MOUNT_CHECK"] = "warn";
        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(layout);
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            JsonElement report = JsonDocument.Parse(await sample.Client.GetStringAsync("/paths")).RootElement;

            report.GetProperty("mountCheck").GetString().Should().Be("warn", "the demo's `off` applies only where the shell set nothing");
            report.GetProperty("paths").GetProperty("temp").GetProperty("path").GetString().Should().Be(tree["app/temp"]);
        }
    }

    [Fact]
    public async Task Metrics_serves_free_space_per_role_and_the_session_counters_for_prometheus()
    {
        using var tree = new TempTree();
        Dictionary<string, string> layout = Layout(tree);
        layout["CALLYTICS_ROLES"] = "temp,logs,data,cache,database";
        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(layout);
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            using HttpResponseMessage created = await sample.Client.PostAsync("/calls", Upload(Wav(1)));
            created.StatusCode.Should().Be(HttpStatusCode.Created);

            // The first scrape starts the refresh; its readings appear in a later one.
            string metrics = string.Empty;
            for (int i = 0; i < 50 && !metrics.Contains("callytics_paths_filesystem_usage_bytes{", StringComparison.Ordinal); i++)
            {
                metrics = await sample.Client.GetStringAsync("/metrics");
                await Task.Delay(200);
            }

            metrics.Should().Contain("callytics_paths_filesystem_usage_bytes{").And.Contain("callytics_paths_filesystem_limit_bytes{")
                .And.Contain("callytics_paths_sessions_created_total{").And.Contain("callytics_paths_path_usable");
            string[] usage = [.. metrics.Split('\n').Where(l => l.StartsWith("callytics_paths_filesystem_usage_bytes{", StringComparison.Ordinal))];
            usage.Should().Contain(l => l.Contains("callytics_path_role=\"temp\"", StringComparison.Ordinal) && l.Contains("system_filesystem_state=\"free\"", StringComparison.Ordinal));
            usage.Select(l => l[(l.IndexOf("callytics_path_role=\"", StringComparison.Ordinal) + 21)..].Split('"')[0]).Distinct()
                .Should().BeEquivalentTo(["temp", "logs", "data", "cache", "database"], "audio and config are not used");
            metrics.Split('\n').Single(l => l.StartsWith("callytics_paths_sessions_created_total{", StringComparison.Ordinal)).Should().EndWith(" 1");

            // Every series the README's table names is what the scrape serves, under that exact name (the sweep's
            // counters appear once a sweep has removed something, which this run does not do; the layer's only in a
            // container with the layer check on, which the engine tests scrape: Layer/ContainerLayerTests).
            string[] documented = [.. File.ReadAllLines(Checkout.Path("README.md"))
                .Where(l => l.StartsWith("| `callytics.paths.", StringComparison.Ordinal))
                .Select(l => l.TrimEnd().TrimEnd('|').TrimEnd().Split('|')[^1].Trim().Trim('`'))];
            documented.Should().HaveCount(10);
            string[] served = [.. metrics.Split('\n').Where(l => l.StartsWith("callytics_", StringComparison.Ordinal)).Select(l => l.Split('{', ' ')[0]).Distinct()];
            served.Should().BeSubsetOf(documented, "every series served is documented");
            documented.Where(d => !d.StartsWith("callytics_paths_sweep_", StringComparison.Ordinal) && !d.StartsWith("callytics_paths_layer_", StringComparison.Ordinal))
                .Should().BeSubsetOf(served, "every documented series is served");
        }
    }

    [Fact]
    public async Task The_first_scrape_after_start_has_every_filesystem_series_the_readme_uses()
    {
        using var tree = new TempTree();
        Dictionary<string, string> layout = Layout(tree);
        layout["CALLYTICS_ROLES"] = "temp,logs,data,cache,database";
        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(layout);
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            // The very first scrape: the start-up validation's readings, before any refresh.
            string metrics = await sample.Client.GetStringAsync("/metrics");

            foreach (string series in new[] { "callytics_paths_filesystem_usage_bytes{", "callytics_paths_filesystem_limit_bytes{", "callytics_paths_filesystem_utilization{", "callytics_paths_path_usable{" })
            {
                string[] lines = [.. metrics.Split('\n').Where(l => l.StartsWith(series, StringComparison.Ordinal))];
                lines.Select(l => l[(l.IndexOf("callytics_path_role=\"", StringComparison.Ordinal) + 21)..].Split('"')[0]).Distinct()
                    .Should().BeEquivalentTo(["temp", "logs", "data", "cache", "database"], $"{series} for every used role, in the first scrape");
            }
        }
    }

    [Fact]
    public async Task A_call_is_stored_cached_logged_and_read_back_leaving_no_session()
    {
        using var tree = new TempTree();
        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(Layout(tree));
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            using HttpResponseMessage created = await sample.Client.PostAsync("/calls", Upload(Wav(2.5, 8000, 2)));
            string body = await created.Content.ReadAsStringAsync();

            created.StatusCode.Should().Be(HttpStatusCode.Created, body);
            JsonElement call = JsonDocument.Parse(body).RootElement;
            string id = call.GetProperty("id").GetString()!;
            call.GetProperty("sampleRate").GetInt32().Should().Be(8000);
            call.GetProperty("channels").GetInt32().Should().Be(2);
            call.GetProperty("durationSeconds").GetDouble().Should().Be(2.5);
            created.Headers.Location!.ToString().Should().Be($"/calls/{id}");

            (await sample.Client.GetStringAsync($"/calls/{id}")).Should().Contain(id).And.Contain("call-001.wav");
            (await sample.Client.GetAsync("/calls/nope")).StatusCode.Should().Be(HttpStatusCode.NotFound);

            // The row, as the Python services would read it, with Python's own sqlite3.
            ProcessResult row = ChildProcess.Run(["/usr/bin/python3", "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select id, sample_rate, channels, duration_seconds from calls').fetchall())",
                tree["app/data/Callytics_new.sqlite"]]);
            row.StandardOutput.Should().Contain($"('{id}', 8000, 2, 2.5)");
            Directory.GetFileSystemEntries(tree["app/temp"]).Should().BeEmpty("the session is deleted once the call is stored");
            Directory.GetFiles(tree["app/.cache/audio"], "*.json").Should().ContainSingle();
            File.ReadAllText(tree["app/logs/calls.log"]).Should().Contain($"call {id} call-001.wav 2.5s");
        }
    }

    [Fact]
    public async Task Anything_but_one_wav_file_is_a_400_with_a_reason()
    {
        using var tree = new TempTree();
        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(Layout(tree));
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            using HttpResponseMessage notWav = await sample.Client.PostAsync("/calls", Upload(Encoding.ASCII.GetBytes("ID3 this is an mp3")));
            notWav.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await notWav.Content.ReadAsStringAsync()).Should().Contain("not a WAV file");

            byte[] truncated = Wav(1)[..20];
            using HttpResponseMessage cut = await sample.Client.PostAsync("/calls", Upload(truncated));
            cut.StatusCode.Should().Be(HttpStatusCode.BadRequest);

            using var two = new MultipartFormDataContent { { new ByteArrayContent(Wav(1)), "a", "a.wav" }, { new ByteArrayContent(Wav(1)), "b", "b.wav" } };
            using HttpResponseMessage twoFiles = await sample.Client.PostAsync("/calls", two);
            twoFiles.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await twoFiles.Content.ReadAsStringAsync()).Should().Contain("exactly one");

            Directory.GetFileSystemEntries(tree["app/temp"]).Should().BeEmpty("a refused upload leaves no session either");
        }
    }

    [Fact]
    public async Task Health_paths_and_details_report_the_layout()
    {
        using var tree = new TempTree();
        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(Layout(tree));
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            using HttpResponseMessage health = await sample.Client.GetAsync("/healthz");
            health.StatusCode.Should().Be(HttpStatusCode.OK);
            (await health.Content.ReadAsStringAsync()).Should().Be("Healthy");

            JsonElement details = JsonDocument.Parse(await sample.Client.GetStringAsync("/healthz/details")).RootElement;
            details.GetProperty("checks").GetProperty("callytics-paths").GetProperty("paths").GetProperty("temp").GetProperty("path").GetString()
                .Should().Be(tree["app/temp"]);

            JsonElement report = JsonDocument.Parse(await sample.Client.GetStringAsync("/paths")).RootElement;
            report.GetProperty("ok").GetBoolean().Should().BeTrue();
            report.GetProperty("paths").GetProperty("database").GetProperty("path").GetString().Should().Be(tree["app/data/Callytics_new.sqlite"]);
        }
    }

    [Fact]
    public async Task A_broken_layout_stops_it_before_it_listens_with_the_librarys_message()
    {
        using var tree = new TempTree();
        Dictionary<string, string> environment = Layout(tree);
        environment["TEMP_DIR"] = "C:\\callytics\\temp";
        tree.WriteFile("app/logs", "a file where a directory belongs");

        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(environment);

        sample.Should().BeNull();
        exited!.ExitCode.Should().NotBe(0);
        exited.StandardError.Should().Contain("2 problems").And.Contain("TEMP_DIR").And.Contain("LOG_DIR").And.Contain("Fix:");
        exited.StandardOutput.Should().NotContain("Now listening");
    }

    [RootFact("setpriv")]
    public async Task Healthz_answers_503_once_a_directory_turns_unwritable_for_the_user_running_it()
    {
        using var tree = new TempTree();
        tree.LayoutOwnedByNobody();

        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(Layout(tree), asNobody: true, tree: tree);
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            (await sample.Client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);

            tree.Chown("app/logs", 0);
            File.SetUnixFileMode(tree["app/logs"], (UnixFileMode)0x16D); // 0555 root

            using HttpResponseMessage health = await sample.Client.GetAsync("/healthz");
            health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await health.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
            using HttpResponseMessage details = await sample.Client.GetAsync("/healthz/details");
            details.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await details.Content.ReadAsStringAsync()).Should().Contain("LOG_DIR").And.Contain("permission denied");
        }
    }

    [Fact]
    public void The_sample_compose_file_lints_clean()
    {
        string compose = Checkout.Path("samples/docker/docker-compose.yml");

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "compose", "lint", compose, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("findings").GetArrayLength().Should().Be(0);
    }

    [RootFact("python3")]
    public async Task Paths_on_a_hung_volume_holds_one_thread_and_answers_503_on_time()
    {
        using var tree = new TempTree();
        Dictionary<string, string> layout = Layout(tree);
        layout["CALLYTICS_ROLES"] = "temp,logs";
        (SampleService? sample, ProcessResult? exited) = await SampleService.StartAsync(layout);
        sample.Should().NotBeNull(exited?.ToString());
        await using (sample!)
        {
            (await sample.Client.GetAsync("/paths")).StatusCode.Should().Be(HttpStatusCode.OK);
            int before = sample.Threads;
            using System.Diagnostics.Process listener = ChildProcess.Start(
                ["python3", Path.Combine(AppContext.BaseDirectory, "Support", "hang_fuse.py"), tree["app/temp"]], new Dictionary<string, string>());
            try
            {
                (await listener.StandardOutput.ReadLineAsync()).Should().Be("ready", "TEMP_DIR is now a FUSE mount that answers nothing");
                await Task.Delay(TimeSpan.FromSeconds(5.5)); // the reading the first request made is now too old (5 s): the next one hangs
                var clock = System.Diagnostics.Stopwatch.StartNew();

                HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => sample.Client.GetAsync("/paths")));

                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "every request waits for the one report, at most 5 s");
                answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
                (await answers[0].Content.ReadAsStringAsync()).Should().Contain("while reading TEMP_DIR", "the 503 names the path the reading hangs on");
                sample.Threads.Should().BeLessThanOrEqualTo(before + 4, "one report is blocked, not one thread per request (19 to 32 before)");
                clock.Restart();
                using HttpResponseMessage health = await sample.Client.GetAsync("/healthz");
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the health check is not starved of threads (22.9 s before)");
                foreach (HttpResponseMessage answer in answers)
                {
                    answer.Dispose();
                }
            }
            finally
            {
                listener.Kill(); // its /dev/fuse closes: every waiting request ends
                await listener.WaitForExitAsync();
                ChildProcess.Run(["umount", "-l", tree["app/temp"]]);
            }
        }
    }
}
