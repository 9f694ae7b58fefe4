using System.Text.Json;
using Callytics.Paths.Engine.Tests.Support;
using Callytics.Paths.Tests.Rules;

namespace Callytics.Paths.Engine.Tests.Rules;

/// <summary>
/// The agreement corpus (<see cref="AgreementLayouts"/>) on the real engine: each layout a running container (host
/// folders bound, read-only binds, <c>--tmpfs</c>, a single-file bind, <c>--read-only</c>), read twice. Inside, the
/// runtime's validator (<c>callytics-paths check --json</c> in the Python sample's image, on the container's own mount
/// table); from the host, <c>callytics-paths audit</c> on the engine's inspect. Every role must get the same verdicts,
/// and as many as the corpus says; the unit tests hold the same corpus to the parsed tables, compose and Kubernetes.
/// </summary>
public sealed class PathRuleAgreementTests
{
    [EngineFact]
    public void Check_inside_each_container_and_audit_from_the_host_give_every_role_the_same_verdicts()
    {
        DockerEngine.Require();
        string image = SampleImages.RequirePython();
        using var folder = new HostFolder();
        string project = "callytics-agree-" + Guid.NewGuid().ToString("N")[..8];
        var layouts = new Dictionary<string, AgreementLayout>(StringComparer.Ordinal);
        var ids = new List<string>();
        try
        {
            int number = 0;
            foreach (AgreementLayout layout in AgreementLayouts.InContainers)
            {
                string service = $"layout{++number}";
                var run = new List<string>
                {
                    "run", "-d", "--network", "none", "--name", $"{project}-{service}", "--entrypoint", "sleep",
                    "--label", $"com.docker.compose.project={project}", "--label", $"com.docker.compose.service={service}",
                    "-e", $"CALLYTICS_ROLES={layout.Roles}", "-e", "CALLYTICS_MOUNT_CHECK=enforce", "-e", "CALLYTICS_LAYER_CHECK=off",
                };
                foreach (string variable in layout.Environment)
                {
                    run.AddRange(["-e", variable]);
                }

                if (layout.ReadOnlyRoot)
                {
                    run.Add("--read-only");
                }

                int mount = 0;
                foreach ((string target, Backing backing) in layout.Mounts)
                {
                    string source = $"{service}-v{++mount}";
                    if (backing == Backing.SingleFile)
                    {
                        File.WriteAllText(folder[source], string.Empty);
                    }

                    run.AddRange(backing switch
                    {
                        Backing.Tmpfs => ["--tmpfs", target],
                        Backing.ReadOnlyPersistent => ["-v", $"{folder.Folder(source, 0, 0)}:{target}:ro"],
                        Backing.SingleFile => ["-v", $"{folder[source]}:{target}"],
                        _ => ["-v", $"{folder.Folder(source, 0, 0)}:{target}"],
                    });
                }

                CommandResult started = DockerEngine.Docker([.. run, image, "infinity"]);
                started.ExitCode.Should().Be(0, started.ToString());
                ids.Add(started.Output.Trim());
                layouts[service] = layout;
            }

            CommandResult audit = DockerEngine.Run([.. Repository.Tool, "audit", "--project", project, "--json"]);
            audit.ExitCode.Should().BeOneOf([0, 1], audit.ToString());
            audit.Output.Should().Contain("\"containers\"", audit.ToString());
            JsonElement[] containers = [.. JsonDocument.Parse(audit.Output).RootElement.GetProperty("containers").EnumerateArray()];
            containers.Select(c => c.GetProperty("service").GetString()).Should().BeEquivalentTo(layouts.Keys);
            foreach (JsonElement container in containers)
            {
                string service = container.GetProperty("service").GetString()!;
                AgreementLayout layout = layouts[service];
                var fromHost = new List<string>();
                foreach (JsonElement finding in container.GetProperty("findings").EnumerateArray())
                {
                    string? verdict = AgreementLayouts.VerdictOf(finding.GetProperty("code").GetString()!, AgreementLayouts.SeverityOf(finding.GetProperty("severity").GetString()),
                        finding.GetProperty("message").GetString()!, finding.TryGetProperty("variable", out JsonElement variable) ? variable.GetString() : null);
                    verdict.Should().NotBeNull($"only catalogue rules and relative values fire on \"{layout}\", not {finding}");
                    fromHost.Add(verdict!);
                }

                CommandResult check = DockerEngine.Docker("exec", $"{project}-{service}", "callytics-paths", "check", "--json");
                check.ExitCode.Should().BeOneOf([0, 1], check.ToString());
                HashSet<string> inside = AgreementLayouts.Compared(AgreementLayouts.CheckVerdicts(check.Output));

                AgreementLayouts.Compared(fromHost).Should().BeEquivalentTo(inside,
                        $"audit reads \"{layout}\" from the engine's inspect as the validator reads it inside:\n{check.Output}\n{container}")
                    .And.HaveCount(layout.Verdicts);
            }
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
