using System.Text.Json;
using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Layer;

/// <summary>
/// The seed's failure the variables cannot show, on the real engine: <c>TEMP_DIR=/app/temp</c> is mounted, but the
/// code writes <c>/app/.temp/session_9/audio.wav</c>, which <c>docker diff</c> lists and a recreate loses. The tool
/// inside the Python sample (<c>layer</c>, <c>health</c>) and the .NET sample's health and metrics must name it.
/// </summary>
public sealed class ContainerLayerTests
{
    private const string ServiceUser = "10001:10001";
    private const string SeedWrite = "mkdir -p /app/.temp/session_9 && head -c 4096 /dev/zero > /app/.temp/session_9/audio.wav";

    private static ServiceSpec WithVolumes(ServiceSpec spec, HostFolder folder, params string[] names)
    {
        foreach (string name in names)
        {
            spec.Binds.Add((Directory.Exists(folder[name]) ? folder[name] : folder.Folder(name), "/app/" + name, false));
        }

        return spec;
    }

    [EngineFact]
    public async Task Layer_and_health_in_the_python_sample_name_the_dot_temp_with_the_mounted_temp_as_the_fix_and_nothing_before_it()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = WithVolumes(new ServiceSpec(SampleImages.RequirePython()) { Environment = { ["CALLYTICS_MOUNT_CHECK"] = "enforce" } }, folder, "temp", "logs", "data")
            .Set("TEMP_DIR", "/app/temp");
        await using Service service = await Service.StartAsync(spec);
        await service.WaitForLogAsync("listening on");

        CommandResult clean = service.Exec(ServiceUser, "callytics-paths", "layer", "--json");
        clean.ExitCode.Should().Be(0, $"a service writing only into its volumes (Python importing its modules) has nothing at risk:\n{clean}");

        // As root: the Python image's /app is root's (its WORKDIR), as in the fleet's images whose code runs as root.
        service.Exec("0:0", "sh", "-c", SeedWrite).ExitCode.Should().Be(0);
        service.Diff().Should().Contain("A /app/.temp/session_9/audio.wav", "the engine's own view agrees");
        CommandResult layer = service.Exec(ServiceUser, "callytics-paths", "layer", "--json");
        CommandResult health = service.Exec(ServiceUser, "callytics-paths", "health");

        layer.ExitCode.Should().Be(1, layer.ToString());
        JsonElement group = JsonDocument.Parse(layer.Output).RootElement.GetProperty("groups").EnumerateArray().Should().ContainSingle().Subject;
        (group.GetProperty("directory").GetString(), group.GetProperty("bytes").GetInt64(), group.GetProperty("variable").GetString(), group.GetProperty("meant").GetString(), group.GetProperty("meantMounted").GetBoolean())
            .Should().Be(("/app/.temp", 4096L, "TEMP_DIR", "/app/temp", true));
        health.ExitCode.Should().Be(0, "Degraded: the HEALTHCHECK still passes");
        health.Output.Should().StartWith("Degraded:").And.Contain("container layer: /app/.temp").And.Contain("CP510");
    }

    [EngineFact]
    public async Task The_dotnet_samples_health_details_and_metrics_carry_the_layer()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = WithVolumes(new ServiceSpec(SampleImages.RequireDotnet()) { Environment = { ["CALLYTICS_MOUNT_CHECK"] = "enforce" }, Port = 8080 },
            folder, "audio", "temp", "logs", "data", "config", ".cache");
        await using Service service = await Service.StartAsync(spec);
        await service.WaitForLogAsync("Application started");

        // Written before anything asks for a reading: the first reading walks the layer.
        service.Exec(ServiceUser, "sh", "-c", SeedWrite).ExitCode.Should().Be(0);
        string details = await Http.GetStringAsync(service.BaseAddress, "/healthz/details");

        JsonElement check = JsonDocument.Parse(details).RootElement.GetProperty("checks").GetProperty("callytics-paths");
        check.GetProperty("status").GetString().Should().Be("Degraded", details);
        check.GetProperty("description").GetString().Should().Contain("container layer: /app/.temp");
        check.GetProperty("layer").GetProperty("directories")[0].GetProperty("meant").GetString().Should().Be("/app/temp");

        string metrics = string.Empty;
        for (int i = 0; i < 50 && !metrics.Contains("callytics_paths_layer_bytes", StringComparison.Ordinal); i++)
        {
            metrics = await Http.GetStringAsync(service.BaseAddress, "/metrics");
            await Task.Delay(200);
        }

        metrics.Split('\n').Should().Contain(l => l.StartsWith("callytics_paths_layer_files", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal), metrics)
            .And.Contain(l => l.StartsWith("callytics_paths_layer_bytes", StringComparison.Ordinal));
    }
}
