using System.Text.Json;
using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Audit;

/// <summary>
/// <c>callytics-paths audit --project</c> from the host, over the real engine's API, on a project of three running
/// containers: one doing what the seed's code does (<c>TEMP_DIR=/app/temp</c> mounted, writes under
/// <c>/app/.temp</c>), one correct, and a postgres-like one with no Callytics variable writing its data directory into
/// its layer. It must name exactly the two at risk.
/// </summary>
public sealed class AuditTests
{
    [EngineFact]
    public void The_seed_like_and_the_postgres_like_containers_are_at_risk_and_the_correct_one_is_not()
    {
        DockerEngine.Require();
        using var folder = new HostFolder();
        string project = "callytics-audit-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        string Start(string service, params string[] options)
        {
            CommandResult run = DockerEngine.Docker(["run", "-d", "--network", "none", "--label", $"com.docker.compose.project={project}",
                "--label", $"com.docker.compose.service={service}", "--name", $"{project}-{service}", .. options, DockerEngine.DebianImage, "sleep", "infinity"]);
            run.ExitCode.Should().Be(0, run.ToString());
            ids.Add(run.Output.Trim());
            return run.Output.Trim();
        }

        try
        {
            string seed = Start("api", "-e", "TEMP_DIR=/app/temp", "-e", "DATABASE_URL=postgresql://calls:hunter2@db/calls", "-v", $"{folder.Folder("seed-temp", 0, 0)}:/app/temp");
            string clean = Start("worker", "-e", "TEMP_DIR=/app/temp", "-v", $"{folder.Folder("clean-temp", 0, 0)}:/app/temp");
            string postgres = Start("db");
            DockerEngine.Docker("exec", seed, "sh", "-c", "mkdir -p /app/.temp/session_9 && head -c 4096 /dev/zero > /app/.temp/session_9/audio.wav").ExitCode.Should().Be(0);
            DockerEngine.Docker("exec", clean, "sh", "-c", "mkdir -p /app/temp/session_1 && head -c 10 /dev/zero > /app/temp/session_1/audio.wav").ExitCode.Should().Be(0);
            DockerEngine.Docker("exec", postgres, "sh", "-c", "mkdir -p /var/lib/postgresql/data/base && head -c 10 /dev/zero > /var/lib/postgresql/data/base/1").ExitCode.Should().Be(0);

            CommandResult audit = DockerEngine.Run([.. Repository.Tool, "audit", "--project", project, "--json"]);

            audit.ExitCode.Should().Be(1, audit.ToString());
            audit.Output.Should().NotContain("hunter2", "the environment's passwords are masked");
            JsonElement[] containers = [.. JsonDocument.Parse(audit.Output).RootElement.GetProperty("containers").EnumerateArray()];
            containers.Select(c => (c.GetProperty("service").GetString(), c.GetProperty("atRisk").GetBoolean()))
                .Should().BeEquivalentTo([("api", true), ("db", true), ("worker", false)]);
            JsonElement api = containers.Single(c => c.GetProperty("service").GetString() == "api");
            JsonElement layer = api.GetProperty("layer").EnumerateArray().Should().ContainSingle().Subject;
            (layer.GetProperty("directory").GetString(), layer.GetProperty("variable").GetString(), layer.GetProperty("meant").GetString()).Should().Be(("/app/.temp", "TEMP_DIR", "/app/temp"));
            containers.Single(c => c.GetProperty("service").GetString() == "db").GetProperty("layer")[0].GetProperty("directory").GetString().Should().Be("/var/lib/postgresql");
            containers.Single(c => c.GetProperty("service").GetString() == "worker").GetProperty("findings").GetArrayLength().Should().Be(0);

            CommandResult text = DockerEngine.Run([.. Repository.Tool, "audit", "--project", project]);
            text.Output.Should().Contain("3 containers, 2 at risk.");
        }
        finally
        {
            if (ids.Count > 0)
            {
                DockerEngine.Docker(["rm", "-f", "-v", .. ids]);
            }
        }
    }
}
