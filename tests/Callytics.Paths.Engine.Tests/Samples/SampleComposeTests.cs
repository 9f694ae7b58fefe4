using System.Text.RegularExpressions;
using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Samples;

/// <summary>
/// samples/docker/docker-compose.yml brought up on the engine as its header says (Debian's docker-compose, v1.29),
/// with the images built from the repository's Dockerfiles: both services answer, store a call on the host, and turn
/// healthy by their own HEALTHCHECK.
/// </summary>
public sealed partial class SampleComposeTests
{
    [EngineFact]
    public async Task The_sample_compose_file_comes_up_as_its_header_says_and_each_service_stores_its_calls_on_the_host()
    {
        SampleImages.RequireDotnet();
        SampleImages.RequirePython();
        using var folder = new HostFolder();
        File.Copy(Repository.Path("samples/docker/docker-compose.yml"), folder["docker-compose.yml"]);
        // cp .env.example .env, then adjust: the ports on 127.0.0.1 only (the file's "${SAMPLE_PORT:-8080}:8080").
        int dotnetPort = HostTools.FreePort(), pythonPort = HostTools.FreePort();
        string env = File.ReadAllText(Repository.Path("samples/docker/.env.example"));
        env = SamplePort().Replace(env, $"SAMPLE_PORT=127.0.0.1:{dotnetPort}");
        env = PythonPort().Replace(env, $"PYTHON_PORT=127.0.0.1:{pythonPort}");
        File.WriteAllText(folder[".env"], env);
        // mkdir -p audio temp logs data config .cache && chown -R 10001:10001 …
        foreach (string name in new[] { "audio", "temp", "logs", "data", "config", ".cache" })
        {
            folder.Folder(name);
        }

        // The images' own HEALTHCHECKs, probed every 2 s instead of 30 (Docker runs the first probe one interval
        // after the start): an override of the interval only, so the command is each image's.
        File.WriteAllText(folder["health.yml"], "services:\n  callytics-sample:\n    healthcheck:\n      interval: 2s\n  callytics-python:\n    healthcheck:\n      interval: 2s\n");
        string project = "callytics-engine-test-" + Guid.NewGuid().ToString("N")[..8];
        string[] compose = ["docker-compose", "--project-name", project, "--file", "docker-compose.yml", "--file", "health.yml"];
        try
        {
            // `up` without --build: the images were just built from the same Dockerfiles with the stand-in base
            // images (no registry serves the real ones here), under the names the file's image: keys give.
            CommandResult up = DockerEngine.Run([.. compose, "up", "-d", "--no-build"], workingDirectory: folder.Root);
            up.ExitCode.Should().Be(0, up.ToString());

            var dotnet = new Uri($"http://127.0.0.1:{dotnetPort}");
            var python = new Uri($"http://127.0.0.1:{pythonPort}");
            await Http.WaitUntilAnsweringAsync(dotnet, "/healthz", () => Logs(compose, folder.Root));
            await Http.WaitUntilAnsweringAsync(python, "/healthz", () => Logs(compose, folder.Root));

            // The same upload forms on both: a multipart file (curl -F) and a raw body (curl --data-binary).
            foreach (Uri service in new[] { dotnet, python })
            {
                foreach (bool multipart in new[] { true, false })
                {
                    (int status, string body) = await Http.PostCallAsync(service, Wav.Silence(seed: multipart ? 1 : 2), multipart);
                    status.Should().Be(201, $"{service} ({(multipart ? "multipart" : "raw body")}) answered {body}\n{Logs(compose, folder.Root)}");
                }
            }

            HostTools.CallRows(folder["data/Callytics_new.sqlite"]).Should().Be(2, "the .NET sample's rows are in ./data on the host");
            HostTools.CallRows(folder["data/calls.sqlite"]).Should().Be(2, "the Python sample's rows are in ./data on the host");
            File.ReadAllLines(folder["logs/calls.log"]).Should().HaveCount(4, "each service logs a line per call into ./logs on the host");

            // Each image's own HEALTHCHECK command.
            foreach (string service in new[] { "callytics-sample", "callytics-python" })
            {
                string id = DockerEngine.Run([.. compose, "ps", "-q", service], workingDirectory: folder.Root).Output.Trim();
                string status = "";
                for (DateTime end = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < end; await Task.Delay(500))
                {
                    status = DockerEngine.Docker("inspect", "--format", "{{.State.Health.Status}}", id).Output.Trim();
                    if (status is "healthy" or "unhealthy")
                    {
                        break;
                    }
                }

                status.Should().Be("healthy", $"{service}'s HEALTHCHECK:\n{DockerEngine.Docker("inspect", "--format", "{{json .State.Health}}", id).Output}");
                DockerEngine.Docker("inspect", "--format", "{{json .Config.Healthcheck.Test}}", id).Output.Should()
                    .Contain(service == "callytics-sample" ? "--healthcheck" : "callytics-paths\",\"health", "the command is the image's own");
            }
        }
        finally
        {
            DockerEngine.Run([.. compose, "down", "--volumes", "--timeout", "5"], workingDirectory: folder.Root);
        }
    }

    private static string Logs(string[] compose, string folder) => DockerEngine.Run([.. compose, "logs", "--no-color"], workingDirectory: folder).All;

    [GeneratedRegex("^SAMPLE_PORT=.*$", RegexOptions.Multiline)]
    private static partial Regex SamplePort();

    [GeneratedRegex("^PYTHON_PORT=.*$", RegexOptions.Multiline)]
    private static partial Regex PythonPort();
}
