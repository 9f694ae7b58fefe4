using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// Lints a compose project: the load notes, the compose-only volume rules (Windows host paths, undeclared named
/// volumes), and for each service the shared role rules (<see cref="RolePathRules"/>) worded for compose.
/// </summary>
public static class ComposeRules
{
    /// <summary>Every finding of the project, in file order.</summary>
    /// <param name="project">The compose files, merged.</param>
    /// <param name="daemon">The Docker daemon's <c>daemon.json</c>, when known: its default log driver and options.</param>
    public static List<Finding> Lint(ComposeProject project, DockerDaemonConfig? daemon = null)
    {
        var dialect = new ComposeDialect();
        var findings = new List<Finding>();
        var workloads = new List<Workload>();
        foreach (ComposeService service in project.Services.Values)
        {
            Workload workload = ComposeWorkload.Of(service, dialect.Volumes);
            workloads.Add(workload);
            LintVolumes(project, service, workload, findings);
            LintLogging(service, workload, daemon, findings);
            RolePathRules.Check(workload, dialect, findings);
        }

        findings.AddRange(project.Notes.Select(n => new Finding(n.Position.File, n.Position.Line, n.Position.Column, n.Severity, n.Code, n.Service, null, n.Message, n.Fix)));

        RolePathRules.CheckDisagreements(workloads, dialect, findings);
        return [.. findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Code, StringComparer.Ordinal)];
    }

    private static readonly string[] SqliteExtensions = [".sqlite", ".sqlite3", ".db"];

    /// <summary>
    /// Why a bind mount's file is taken for SQLite, or null: its host file starts with SQLite's header, else its name
    /// ends in <c>.sqlite</c>, <c>.sqlite3</c> or <c>.db</c>. A host folder is not a single file.
    /// </summary>
    private static string? SqliteSignal(ServiceVolume volume)
    {
        if (volume.HostPath is { } host && Directory.Exists(host))
        {
            return null;
        }

        if (volume.HostPath is { } file && File.Exists(file))
        {
            try
            {
                using FileStream stream = File.OpenRead(file);
                Span<byte> header = stackalloc byte[16];
                if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual("SQLite format 3\0"u8))
                {
                    return "its host file starts with the SQLite header";
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // unreadable: the name decides
            }
        }

        string name = Path.GetFileName(volume.Spec.Target);
        string? extension = SqliteExtensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return extension is null ? null : $"its name ends in {extension}";
    }

    /// <summary>Whether <paramref name="target"/> is the file the service's own DATABASE_URL names (CC106 speaks of that one).</summary>
    private static bool IsCallyticsDatabase(Workload workload, string target) =>
        RolePathRules.ResolvedPaths(workload, WorkloadRoles.Of(workload)).Any(r => r.Role == PathRole.Database && r.Path == Workload.Normalize(target));

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

    /// <summary>
    /// CC116: the service logs through json-file with no max-size of its own, and the daemon's default options (which
    /// apply when the service's driver is the daemon's default) set none either, or are not known.
    /// </summary>
    private static void LintLogging(ComposeService service, Workload workload, DockerDaemonConfig? daemon, List<Finding> findings)
    {
        ServiceLogging logging = service.Logging;
        string driver = logging.Driver ?? daemon?.LogDriver ?? DockerDaemonConfig.DockerDefaultLogDriver;
        if (driver != DockerDaemonConfig.DockerDefaultLogDriver || logging.Options.ContainsKey("max-size")
            || (daemon is not null && daemon.LogDriver == driver && daemon.LogOptions.ContainsKey("max-size")))
        {
            return;
        }

        findings.Add(new Finding(logging.Position ?? service.Position, FindingSeverity.Warning, ComposeRuleSet.LogsUnbounded, workload,
            LintMessages.LogsUnbounded(service.Name, logging.Driver, daemon)));
    }

    private static void LintVolumes(ComposeProject project, ComposeService service, Workload workload, List<Finding> findings)
    {
        foreach (ServiceVolume volume in service.Volumes.Values)
        {
            if (volume.Spec.WindowsSource)
            {
                findings.Add(new Finding(volume.Position, FindingSeverity.Warning, ComposeRuleSet.WindowsHostPath, workload,
                    LintMessages.WindowsHostPath(volume.Spec.Source!, volume.Spec.Target)));
            }

            if (volume.Spec.Type == "bind" && SqliteSignal(volume) is { } signal && !IsCallyticsDatabase(workload, volume.Spec.Target))
            {
                // A warning, as CC106 is for DATABASE_URL's file: committed WAL data can be lost (or, read-only, the
                // file cannot be opened at all), but only in WAL mode or while a transaction is open, so not an error.
                string hostFolder = Path.GetDirectoryName(volume.Spec.Source ?? ".") is { Length: > 0 } source ? source : ".";
                findings.Add(new Finding(volume.Position, FindingSeverity.Warning, ComposeRuleSet.SqliteSingleFileBind, workload,
                    LintMessages.SqliteSingleFileBind(volume.Spec.Target, signal, volume.Spec.ReadOnly, hostFolder)));
            }

            if (volume.Spec is { Type: "volume", Source: { } name } && !project.DeclaredVolumes.Contains(name))
            {
                findings.Add(new Finding(volume.Position, FindingSeverity.Error, ComposeRuleSet.UndeclaredVolume, workload, LintMessages.UndeclaredVolume(name)));
            }
        }
    }
}
