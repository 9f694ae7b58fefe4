using System.CommandLine;
using System.Text.Json;
using Callytics.Paths.Cli.Audit;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Configuration;
using Callytics.Paths.Layer;
using Callytics.Paths.Linting;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Cli.Commands;

/// <summary>
/// <c>audit [--project NAME] [--json]</c>: from the host, over the Docker Engine API, every running container (or one
/// compose project's) linted as it really runs, and what its writable layer holds.
/// </summary>
internal static class AuditCommand
{
    internal static Command Create(Invocation invocation)
    {
        var project = new Option<string?>("--project") { Description = "Only the containers of this compose project (their com.docker.compose.project label)." };
        var json = new Option<bool>("--json") { Description = "Print { engine, atRisk, containers: [ { name, service, sizeRw, atRisk, findings: [ { severity, code, variable, message, fix } ], layer: [ { directory, entries, role, variable, meant, meantMounted, fix } ] } ] }." };
        var command = new Command("audit", "From the host, over the Docker Engine API (DOCKER_HOST, else /var/run/docker.sock): lint every running container as it really runs (its environment with the image's ENV, its mounts) with compose lint's rules, and list what each wrote into its writable layer. Exit 1 when something is at risk.") { project, json };
        command.SetAction(result => Run(invocation, result.GetValue(project), result.GetValue(json)));
        return command;
    }

    private static int Run(Invocation invocation, string? project, bool json)
    {
        Terminal terminal = invocation.Terminal;
        using DockerApi engine = DockerApi.Connect(invocation.Variable("DOCKER_HOST"));
        List<ContainerAudit> audits = [.. engine.Containers(project).Select(c => ContainerAudit.Of(engine, c)).OrderBy(a => a.Name, StringComparer.Ordinal)];
        bool atRisk = audits.Exists(a => a.AtRisk);
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new AuditOutput(engine.Socket, atRisk, [.. audits.Select(a => new AuditContainer(a.Name, a.Service, a.SizeRw, a.AtRisk,
                [.. a.Findings.Select(f => new AuditFinding(Finding.SeverityWord(f.Severity), f.Code, f.Variable, f.Message, f.Fix))],
                [.. a.Layer.Select(g => new AuditLayerGroup(g.Directory, g.Files, g.Role is { } role ? RoleLayout.KeyOf(role) : null, g.Variable, g.Meant, g.Meant is null ? null : g.MeantMounted, g.Fix))]))]),
                CliJsonContext.Readable.AuditOutput));
        }
        else
        {
            foreach (ContainerAudit audit in audits)
            {
                string size = audit.SizeRw is { } bytes ? $", writable layer {Sizes.Human(bytes)}" : string.Empty;
                terminal.Out.WriteLine($"{(audit.AtRisk ? terminal.Bad("✗") : terminal.Good("✓"))} {Finding.Escape(audit.Name)} (service {Finding.Escape(audit.Service)}{size})");
                foreach (Finding finding in audit.Findings)
                {
                    terminal.Out.WriteLine($"  {Finding.SeverityWord(finding.Severity)} {finding.Code}: {Finding.Escape(finding.Message)}");
                    terminal.Out.WriteLine($"    fix: {Finding.Escape(finding.Fix)}");
                }

                foreach (LayerGroup group in audit.Layer)
                {
                    terminal.Out.WriteLine($"  layer {Finding.Escape(group.Directory)}: {group.Files} entr{(group.Files == 1 ? "y" : "ies")} in the writable layer{(group.Variable is null ? string.Empty : $" ({group.Variable})")}");
                    terminal.Out.WriteLine($"    fix: {Finding.Escape(group.Fix)}");
                }
            }

            int risky = audits.Count(a => a.AtRisk);
            terminal.Out.WriteLine($"{audits.Count} container{(audits.Count == 1 ? string.Empty : "s")}, {risky} at risk.");
        }

        terminal.Out.Flush();
        return atRisk ? 1 : 0;
    }
}
