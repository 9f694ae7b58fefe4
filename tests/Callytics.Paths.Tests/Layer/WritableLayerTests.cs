extern alias library;

using System.Text.Json;
using Callytics.Paths.Layer;
using Callytics.Paths.Mounts;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Layer;

/// <summary>
/// <c>callytics-paths layer</c> in a real container filesystem (<see cref="ContainerSandbox"/>: an overlay root whose
/// upper directory is the container's writable layer, <c>/.dockerenv</c> made at creation, bind-mounted volumes): a
/// shell plays the service's code, writing where the seed's code writes, then the tool reads the layer.
/// </summary>
public class WritableLayerTests
{
    /// <summary>Runs <paramref name="writes"/> (shell) in the sandbox as the service, then <c>layer --json</c>.</summary>
    private static (ProcessResult Run, JsonElement Json) Layer(ContainerSandbox sandbox, string writes)
    {
        string tool = string.Join(' ', ContainerSandbox.ToolCommand.Select(w => $"'{w}'"));
        sandbox.Command = ["/bin/sh", "-c", $"{writes} && exec {tool} layer --json"];
        ProcessResult run = sandbox.Run();
        run.StandardOutput.Should().StartWith("{", run.ToString());
        return (run, JsonDocument.Parse(run.StandardOutput).RootElement);
    }

    private const string SeedWrites =
        "mkdir -p /app/.temp/session_9 /app/.cache/models /app/pkg/__pycache__ && head -c 4096 /dev/zero > /app/.temp/session_9/audio.wav"
        + " && head -c 100 /dev/zero > /app/.temp/session_9/meta.json && head -c 2000 /dev/zero > /app/.cache/models/m.bin"
        + " && head -c 300 /dev/zero > /app/pkg/__pycache__/mod.cpython-311.pyc && head -c 50 /dev/zero > /app/temp/kept.wav";

    [RootFact("unshare", "mount", "chroot")]
    public void The_seeds_temp_and_an_unmounted_cache_are_named_with_their_role_and_fix_and_exit_1()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/temp").Set("CALLYTICS_ROLES", "temp,cache").Set("TEMP_DIR", "/app/temp");

        (ProcessResult run, JsonElement json) = Layer(sandbox, SeedWrites);

        run.ExitCode.Should().Be(1, run.ToString());
        (json.GetProperty("inContainer").GetBoolean(), json.GetProperty("createdSignal").GetString(), json.GetProperty("atRisk").GetBoolean())
            .Should().Be((true, "/.dockerenv", true));
        JsonElement[] groups = [.. json.GetProperty("groups").EnumerateArray()];
        groups.Select(g => (g.GetProperty("directory").GetString(), g.GetProperty("files").GetInt64(), g.GetProperty("bytes").GetInt64()))
            .Should().Equal([("/app/.temp", 2L, 4196L), ("/app/.cache", 1L, 2000L)], "largest first; the volume's file and the bytecode are not at risk");
        JsonElement temp = groups[0];
        (temp.GetProperty("variable").GetString(), temp.GetProperty("meant").GetString(), temp.GetProperty("meantMounted").GetBoolean()).Should().Be(("TEMP_DIR", "/app/temp", true));
        temp.GetProperty("fix").GetString().Should().Contain("$TEMP_DIR").And.Contain("/app/temp");
        JsonElement cache = groups[1];
        (cache.GetProperty("role").GetString(), cache.GetProperty("variable").GetString()).Should().Be(("cache", "CACHE_DIR"));
        cache.GetProperty("fix").GetString().Should().Contain("CACHE_DIR=/app/.cache is not on a volume").And.Contain("- ./.cache:/app/.cache");
        (json.GetProperty("ignoredFiles").GetInt64(), json.GetProperty("ignoredBytes").GetInt64()).Should().Be((1L, 300L), "Python's bytecode cache is noise by default");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Health_is_degraded_naming_the_largest_directory_and_carries_the_groups()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/temp").Bind("/app/.cache").Set("CALLYTICS_ROLES", "temp,cache");
        string tool = string.Join(' ', ContainerSandbox.ToolCommand.Select(w => $"'{w}'"));
        sandbox.Command = ["/bin/sh", "-c", "mkdir -p /app/.temp/session_9 && head -c 4096 /dev/zero > /app/.temp/session_9/audio.wav"
            + $" && {tool} health; echo \"exit $?\"; exec {tool} health --json"];

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, "Degraded: Docker's HEALTHCHECK still passes");
        run.StandardOutput.Should().StartWith("Degraded: Warnings: TEMP_DIR; container layer: /app/.temp (1 file, 4096 bytes, TEMP_DIR)")
            .And.Contain("warning CP510 /app/.temp: 1 file, 4096 bytes in the container layer. Fix: The code writes to /app/.temp, not to TEMP_DIR=/app/temp")
            .And.Contain("exit 0");
        JsonElement json = JsonDocument.Parse(run.StandardOutput[run.StandardOutput.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
        json.GetProperty("status").GetString().Should().Be("Degraded");
        JsonElement layer = json.GetProperty("layer");
        (layer.GetProperty("files").GetInt64(), layer.GetProperty("signal").GetString()).Should().Be((1L, "/.dockerenv"));
        layer.GetProperty("directories")[0].GetProperty("meant").GetString().Should().Be("/app/temp");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void A_service_writing_only_into_its_volumes_reports_nothing_and_exits_0()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/temp").Bind("/app/.cache").Set("CALLYTICS_ROLES", "temp,cache");

        (ProcessResult run, JsonElement json) = Layer(sandbox,
            "mkdir -p /app/temp/s /app/.cache/models /app/pkg/__pycache__ && head -c 10 /dev/zero > /app/temp/s/a.wav && head -c 10 /dev/zero > /app/.cache/models/m"
            + " && head -c 10 /dev/zero > /app/pkg/__pycache__/m.cpython-311.pyc");

        run.ExitCode.Should().Be(0, run.ToString());
        (json.GetProperty("atRisk").GetBoolean(), json.GetProperty("files").GetInt64(), json.GetProperty("groups").GetArrayLength()).Should().Be((false, 0L, 0));
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Patterns_from_the_variable_leave_a_directory_out_and_other_files_group_by_their_first_levels()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Set("CALLYTICS_ROLES", "cache").Set(LayerIgnore.Variable, "/app/.cache, *.tmp");

        (ProcessResult run, JsonElement json) = Layer(sandbox,
            "mkdir -p /app/.cache /var/lib/postgresql/data/base && head -c 10 /dev/zero > /app/.cache/x && head -c 7 /dev/zero > /var/lib/postgresql/data/base/1"
            + " && head -c 5 /dev/zero > /var/lib/postgresql/data/x.tmp");

        run.ExitCode.Should().Be(1, run.ToString());
        JsonElement group = json.GetProperty("groups").EnumerateArray().Should().ContainSingle().Subject;
        (group.GetProperty("directory").GetString(), group.GetProperty("bytes").GetInt64()).Should().Be(("/var/lib/postgresql", 7L));
        group.GetProperty("role").ValueKind.Should().Be(JsonValueKind.Null);
        group.GetProperty("fix").GetString().Should().Contain("mount a volume there").And.Contain(LayerIgnore.Variable);
        json.GetProperty("ignoredFiles").GetInt64().Should().Be(2);
    }

    /// <summary>
    /// A pod-like container: no <c>/.dockerenv</c>, <c>KUBERNETES_SERVICE_HOST</c> set, <c>/dev</c> a tmpfs of its own
    /// with the device nodes bound in, and <c>/dev/termination-log</c> a host file bind-mounted at creation as the
    /// kubelet does; TEMP_DIR on a volume whose host folder sits where the kubelet keeps an emptyDir.
    /// </summary>
    [RootFact("unshare", "mount", "chroot")]
    public void In_a_pod_the_termination_log_tells_when_the_container_was_created()
    {
        using var sandbox = new ContainerSandbox { DockerEnv = false };
        sandbox.Set("KUBERNETES_SERVICE_HOST", "10.96.0.1").Set("CALLYTICS_ROLES", "temp").Set("TEMP_DIR", "/app/temp")
            .Shell("mkdir -p 'hostview/pods/p1/volumes/kubernetes.io~empty-dir/temp' root/app/temp && mount --bind 'hostview/pods/p1/volumes/kubernetes.io~empty-dir/temp' root/app/temp")
            .Shell("mount -t tmpfs -o size=1m tmpfs root/dev && for n in null zero random urandom tty; do touch root/dev/$n && mount --bind /dev/$n root/dev/$n; done")
            .Shell("touch hostview/termination-log root/dev/termination-log && mount --bind hostview/termination-log root/dev/termination-log");

        (ProcessResult run, JsonElement json) = Layer(sandbox, "sleep 0.01 && mkdir -p /app/.temp && head -c 64 /dev/zero > /app/.temp/x && head -c 8 /dev/zero > /app/temp/kept");

        run.ExitCode.Should().Be(1, run.ToString());
        (json.GetProperty("containerSignal").GetString(), json.GetProperty("createdSignal").GetString()).Should().Be(("KUBERNETES_SERVICE_HOST is set (a Kubernetes pod)", "/dev/termination-log"));
        JsonElement group = json.GetProperty("groups").EnumerateArray().Should().ContainSingle().Subject;
        (group.GetProperty("directory").GetString(), group.GetProperty("bytes").GetInt64(), group.GetProperty("meant").GetString()).Should().Be(("/app/.temp", 64L, "/app/temp"));
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Outside_a_container_it_says_so_and_exits_0()
    {
        using var sandbox = new ContainerSandbox { DockerEnv = false, OverlayRoot = false };
        string tool = string.Join(' ', ContainerSandbox.ToolCommand.Select(w => $"'{w}'"));
        sandbox.Command = ["/bin/sh", "-c", $"mkdir -p /app/.temp && head -c 10 /dev/zero > /app/.temp/x && exec {tool} layer"];

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().StartWith("Not in a container");
    }

    [Fact]
    public void A_walk_stops_at_its_budget_and_says_it_was_truncated_so_a_huge_layer_cannot_stall_a_health_check()
    {
        // This machine's own root taken as a layer written since the epoch: far more than a millisecond of walking.
        var signal = new LayerSignal("/.dockerenv", "Docker", 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        LayerReading reading = WritableLayer.Read(new CallyticsPaths(), MountTable.ReadCurrent(), new ContainerStatus(true, "a test"), LayerIgnore.From(null),
            TimeSpan.FromMilliseconds(1), signal);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "the budget is checked as each directory is left");
        reading.Truncated.Should().BeTrue("the figures are then a lower bound, and the reading says so");
    }

    [Theory]
    [InlineData("/app/pkg/__pycache__/m.cpython-311.pyc", null, true)]
    [InlineData("/usr/lib/python3/x.pyo", null, true)]
    [InlineData("/app/data/.callytics-probe.4026531836.7.ab", null, true)]
    [InlineData("/app/.temp/session_1/a.wav", null, false)]
    [InlineData("/app/.temp/session_1/a.wav", "/app/.temp", true)]
    [InlineData("/app/.temporary/a.wav", "/app/.temp", false)]
    [InlineData("/root/.npm/_cacache/x", "/root/.npm/", true)]
    [InlineData("/var/log/app.log", "/var/log/*.log", true)]
    [InlineData("/var/log/app.txt", "/var/log/*.log, *.tmp", false)]
    [InlineData("/srv/x.tmp", "/var/log/*.log, *.tmp", true)]
    public void Noise_is_left_out_by_name_anywhere_or_by_whole_path(string path, string? variable, bool ignored)
    {
        LayerIgnore.From(variable).Ignores(path).Should().Be(ignored);
    }

    [Theory]
    [InlineData("__pycache__", "__pycache__")]
    [InlineData("__pycache__", "__pycache__x")]
    [InlineData("*.pyc", "m.cpython-311.pyc")]
    [InlineData("*.pyc", "m.pyc.bak")]
    [InlineData("*", "anything")]
    [InlineData(".callytics-probe.*", ".callytics-probe.1.2")]
    [InlineData(".callytics-probe.*", "callytics-probe.1")]
    [InlineData("séance*", "séance_1.wav")]
    [InlineData("*.wav", "r\u00e9union.wav")]
    [InlineData("?.wav", "\u00e9.wav")]
    [InlineData("?.wav", "ab.wav")]
    [InlineData("a*b", "a_x_b")]
    [InlineData("*.tmp", "\\xff.tmp")]
    [InlineData("\u00e9*", "\\xc3")]
    public void A_listed_name_is_matched_on_its_bytes_as_its_decoded_text_is(string pattern, string listed)
    {
        // "\\xff": a byte that is not UTF-8 (the walk sees the bytes; the text keeps it as U+DCFF).
        byte[] bytes = Bytes(listed);
        LayerIgnore ignore = LayerIgnore.From(pattern);

        ignore.IgnoresName(bytes).Should().Be(ignore.IgnoresName(library::Callytics.Paths.Interop.FileName.Decode(bytes).AsSpan()), "{0} against {1}", pattern, listed);
    }

    /// <summary>The bytes a test name stands for: <c>\xHH</c> is one raw byte, any other character its UTF-8.</summary>
    private static byte[] Bytes(string listed)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < listed.Length; i++)
        {
            if (listed[i] == '\\' && listed[i + 1] == 'x')
            {
                bytes.Add(Convert.ToByte(listed.Substring(i + 2, 2), 16));
                i += 3;
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes([listed[i]]));
            }
        }

        return [.. bytes];
    }
}
