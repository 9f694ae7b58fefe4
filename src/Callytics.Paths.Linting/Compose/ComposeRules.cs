using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// Lints a compose project: the load notes, the compose-only volume rules (Windows host paths, undeclared named
/// volumes), and for each service the shared role rules (<see cref="RolePathRules"/>) worded for compose.
/// </summary>
public static class ComposeRules
{
    /// <summary>Every finding of the project, in file order.</summary>
    public static List<Finding> Lint(ComposeProject project)
    {
        var dialect = new ComposeDialect();
        var findings = new List<Finding>();
        var workloads = new List<Workload>();
        foreach (ComposeService service in project.Services.Values)
        {
            Workload workload = ComposeWorkload.Of(service, dialect.Volumes);
            workloads.Add(workload);
            LintVolumes(project, service, workload, findings);
            RolePathRules.Check(workload, dialect, findings);
        }

        findings.AddRange(project.Notes.Select(n => new Finding(n.Position.File, n.Position.Line, n.Position.Column, n.Severity, n.Code, n.Service, null, n.Message, n.Fix)));

        RolePathRules.CheckDisagreements(workloads, dialect, findings);
        return [.. findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Code, StringComparer.Ordinal)];
    }

    /// <summary>The volume holding <paramref name="path"/> (<see cref="Workload.Holder"/>), as compose wrote it.</summary>
    internal static ServiceVolume? Holder(ComposeService service, string path)
    {
        var volumes = new Dictionary<WorkloadMount, ServiceVolume>();
        return ComposeWorkload.Of(service, volumes).Holder(path) is { } mount ? volumes[mount] : null;
    }

    /// <inheritdoc cref="Workload.ProbablyMeant"/>
    internal static string? ProbablyMeant(ComposeService service, string path) => ComposeWorkload.Of(service).ProbablyMeant(path);

    /// <summary>The value an entry resolves to, or null when it cannot be linted.</summary>
    internal static string? UsablePath(ComposeService service, EnvironmentEntry entry) =>
        RolePathRules.UsableValue(ComposeWorkload.Of(service), ComposeWorkload.Variable(entry), null, null);

    internal static bool Contains(string target, string path) => WorkloadMount.Holds(target, path);

    internal static string Normalize(string path) => Workload.Normalize(path);

    private static void LintVolumes(ComposeProject project, ComposeService service, Workload workload, List<Finding> findings)
    {
        foreach (ServiceVolume volume in service.Volumes.Values)
        {
            if (volume.Spec.WindowsSource)
            {
                findings.Add(new Finding(volume.Position, FindingSeverity.Warning, ComposeRuleSet.WindowsHostPath, workload,
                    $"The host path {volume.Spec.Source} is a Windows absolute path: this file works on one Windows machine only.",
                    $"Use a path relative to the compose file, such as ./{Path.GetFileName(volume.Spec.Target)}:{volume.Spec.Target}."));
            }

            if (volume.Spec is { Type: "volume", Source: { } name } && !project.DeclaredVolumes.Contains(name))
            {
                findings.Add(new Finding(volume.Position, FindingSeverity.Error, ComposeRuleSet.UndeclaredVolume, workload,
                    $"The named volume '{name}' is used but not declared under the top-level 'volumes'.",
                    $"Declare it: add `volumes:` with `  {name}:` at the top level of the file."));
            }
        }
    }
}
