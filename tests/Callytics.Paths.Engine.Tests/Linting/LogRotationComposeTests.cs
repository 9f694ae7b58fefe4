using System.Text.Json;
using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Linting;

/// <summary>
/// Issue #32 §1, with the real tools: the file <c>compose fix</c> caps (one <c>x-logging</c> anchor for several
/// services) is accepted by Debian's <c>docker-compose config</c>, and the containers <c>docker-compose up</c> makes
/// from it are created by the engine with json-file, max-size 100m and max-file 3.
/// </summary>
public sealed class LogRotationComposeTests
{
    [EngineFact]
    public void The_capped_file_is_accepted_by_docker_compose_and_the_engine_creates_its_containers_with_those_options()
    {
        DockerEngine.Require();
        using var folder = new HostFolder();
        string compose = folder["docker-compose.yml"];
        File.WriteAllText(compose, $"""
            version: "3.8"
            services:
              api:
                image: {DockerEngine.DebianImage}
                command: ["sleep", "60"]
                network_mode: none
              worker:
                image: {DockerEngine.DebianImage}
                command: ["sleep", "60"]
                network_mode: none
              db:
                image: {DockerEngine.DebianImage}
                command: ["sleep", "60"]
                network_mode: none
                logging:
                  driver: json-file
                  options:
                    max-file: "5"

            """);

        CommandResult before = DockerEngine.Run([.. Repository.Tool, "compose", "lint", "--format", "json", compose], workingDirectory: folder.Root);
        CodesOf(before).Should().Equal("CC116", "CC116", "CC116");

        CommandResult fix = DockerEngine.Run([.. Repository.Tool, "compose", "fix", "--write", compose], workingDirectory: folder.Root);
        fix.ExitCode.Should().Be(0, fix.ToString());
        File.ReadAllText(compose).Should().Contain("x-logging: &default-logging").And.Contain("    logging: *default-logging");
        CodesOf(DockerEngine.Run([.. Repository.Tool, "compose", "lint", "--format", "json", compose], workingDirectory: folder.Root)).Should().BeEmpty();

        string project = "callytics-logs-" + Guid.NewGuid().ToString("N")[..8];
        string[] up = ["docker-compose", "--project-name", project, "--file", compose];
        CommandResult config = DockerEngine.Run([.. up, "config"], workingDirectory: folder.Root);
        config.ExitCode.Should().Be(0, config.ToString());
        try
        {
            CommandResult started = DockerEngine.Run([.. up, "up", "-d", "--no-build"], workingDirectory: folder.Root);
            started.ExitCode.Should().Be(0, started.ToString());
            var logConfigs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string service in new[] { "api", "worker", "db" })
            {
                string id = DockerEngine.Run([.. up, "ps", "-q", service], workingDirectory: folder.Root).Output.Trim();
                CommandResult inspect = DockerEngine.Docker("inspect", "--format", "{{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config \"max-size\"}} {{index .HostConfig.LogConfig.Config \"max-file\"}}", id);
                inspect.ExitCode.Should().Be(0, inspect.ToString());
                logConfigs[service] = inspect.Output.Trim();
            }

            logConfigs.Should().BeEquivalentTo(new Dictionary<string, string>
            {
                ["api"] = "json-file 100m 3",
                ["worker"] = "json-file 100m 3",
                ["db"] = "json-file 100m 5",
            }, "the engine creates each container with the options the fixed file gives it (db keeps its own max-file)");
        }
        finally
        {
            DockerEngine.Run([.. up, "down", "--timeout", "1"], workingDirectory: folder.Root);
        }
    }

    private static List<string> CodesOf(CommandResult lint) =>
        [.. JsonDocument.Parse(lint.Output).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!)];
}
