using System.Globalization;
using System.Text.Json;
using Callytics.Paths.Configuration;
using Callytics.Paths.Rules;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Rules;

/// <summary>How one mount of an agreement layout is backed.</summary>
public enum Backing
{
    Persistent,
    ReadOnlyPersistent,
    Tmpfs,
    EmptyDir,
    SingleFile,
}

/// <summary>
/// One (environment, mounts) pair of the agreement corpus: the variables as a workload sets them, the roles it uses
/// (<c>CALLYTICS_ROLES</c>), its mounts, whether its root is read-only, and how many verdicts it must get.
/// </summary>
public sealed record AgreementLayout(string Name, string[] Environment, string Roles, (string Target, Backing Backing)[] Mounts, bool ReadOnlyRoot, int Verdicts)
{
    /// <summary>The environment as variables.</summary>
    public Dictionary<string, string> Variables => Environment.Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public override string ToString() => Name;
}

/// <summary>
/// The agreement corpus, read by the unit agreement tests (a parsed mount table, a compose file, a Kubernetes
/// manifest, a container filesystem made with namespaces) and by the engine's (real containers, read by
/// <c>check</c> inside each and by <c>audit</c> from the host). A verdict is <c>ROLE RULE SEVERITY</c> for a catalogue
/// rule, or <c>ROLE relative</c> for a relative value: where that lands depends on the working directory, which only
/// the running container knows, so every reader says "relative" for it and no reader's landing verdict is compared.
/// </summary>
public static class AgreementLayouts
{
    public static readonly AgreementLayout[] All =
    [
        new("every role in no volume", ["AUDIO_DIR=/app/audio", "TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CONFIG_DIR=/app/config", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/db/x.sqlite"],
            "audio,temp,logs,data,config,cache,database", [], false, 7),
        new("the seed's .temp beside a mounted temp", ["TEMP_DIR=/app/.temp", "CACHE_DIR=/app/.cache"], "temp,cache", [("/app/temp", Backing.Persistent)], false, 2),
        new("the seed's .temp through the configuration key", ["CallyticsPaths__TempDir=/app/.temp"], "temp", [("/app/temp", Backing.Persistent)], false, 1),
        new("a relative CALLYTICS_ROOT", ["CALLYTICS_ROOT=srv"], "temp,logs", [("/srv/temp", Backing.Persistent)], false, 2),
        new("everything mounted", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/data/x.sqlite"],
            "temp,logs,data,cache,database", [("/app/temp", Backing.Persistent), ("/app/logs", Backing.Persistent), ("/app/data", Backing.Persistent), ("/app/.cache", Backing.Persistent)], false, 0),
        new("read-only volumes for writing roles", ["LOG_DIR=/app/logs", "CONFIG_DIR=/app/config", "DATABASE_URL=sqlite:////app/data/x.sqlite"], "logs,config,database",
            [("/app/logs", Backing.ReadOnlyPersistent), ("/app/config", Backing.ReadOnlyPersistent), ("/app/data", Backing.ReadOnlyPersistent)], false, 2),
        new("a read-only root", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "CONFIG_DIR=/app/config", "AUDIO_DIR=/app/audio", "DATABASE_URL=sqlite:////app/db/x.sqlite"],
            "temp,logs,config,audio,database", [("/app/logs", Backing.Persistent)], true, 4),
        new("tmpfs for every role", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/db/x.sqlite"], "temp,logs,data,cache,database",
            [("/app/temp", Backing.Tmpfs), ("/app/logs", Backing.Tmpfs), ("/app/data", Backing.Tmpfs), ("/app/.cache", Backing.Tmpfs), ("/app/db", Backing.Tmpfs)], false, 4),
        new("emptyDir for every role", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/db/x.sqlite"], "temp,logs,data,cache,database",
            [("/app/temp", Backing.EmptyDir), ("/app/logs", Backing.EmptyDir), ("/app/data", Backing.EmptyDir), ("/app/.cache", Backing.EmptyDir), ("/app/db", Backing.EmptyDir)], false, 3),
        new("a single-file database", ["DATABASE_URL=sqlite:////app/x.sqlite"], "database", [("/app/x.sqlite", Backing.SingleFile)], false, 1),
    ];

    /// <summary>The layouts a container can hold (an emptyDir needs a kubelet).</summary>
    public static IEnumerable<AgreementLayout> InContainers => All.Where(l => !l.Mounts.Any(m => m.Backing == Backing.EmptyDir));

    /// <summary>The role a finding's variable names: a flat variable, or a <c>CallyticsPaths__*</c> key.</summary>
    public static string RoleOf(string variable) =>
        RoleLayout.Directories.FirstOrDefault(l => l.Variable == variable || string.Equals(variable, $"{CallyticsPathsVariables.SectionName}__{l.SectionKey}", StringComparison.OrdinalIgnoreCase)) is { } layout
            ? RoleLayout.KeyOf(layout.Role)
            : RoleLayout.KeyOf(PathRole.Database);

    /// <summary>
    /// The verdicts, with each role that got a <c>relative</c> verdict keeping only that one (see the class).
    /// </summary>
    public static HashSet<string> Compared(IEnumerable<string> verdicts)
    {
        string[] all = [.. verdicts];
        var relative = all.Where(v => v.EndsWith(" relative", StringComparison.Ordinal)).Select(v => v.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(v => v.EndsWith(" relative", StringComparison.Ordinal) || !relative.Contains(v.Split(' ')[0]))];
    }

    /// <summary>A catalogue rule's verdict on a role.</summary>
    internal static string Verdict(string role, PathRule rule, FindingSeverity severity) => $"{role} {rule.Name} {severity}";

    /// <summary>
    /// The verdict a lint finding (compose, Kubernetes, or <c>audit</c>'s) gives: a catalogue rule's by its number, or
    /// <c>relative</c> for a relative value; null for any other finding. The role comes from the finding's variable,
    /// else from its message (<c>TEMP_DIR=…</c>).
    /// </summary>
    public static string? VerdictOf(string code, FindingSeverity severity, string message, string? variable)
    {
        int number = int.Parse(code[2..], CultureInfo.InvariantCulture);
        PathRule? rule = PathRuleCatalog.All.SingleOrDefault(r => r.LintNumber == number);
        string? named = variable ?? RoleLayout.Directories.Select(l => l.Variable).Append(CallyticsPathsVariables.DatabaseUrl)
            .FirstOrDefault(v => message.StartsWith(v + "=", StringComparison.Ordinal));
        string role = rule == PathRuleCatalog.DatabaseNotOnVolume || rule == PathRuleCatalog.DatabaseSingleFileMount || named is null
            ? RoleLayout.KeyOf(PathRole.Database)
            : RoleOf(named);
        if (number == InvalidPath && message.Contains(" is relative", StringComparison.Ordinal))
        {
            return $"{role} relative";
        }

        return rule is null ? null : Verdict(role, rule, severity);
    }

    /// <summary>The lint rules' number for a path that cannot be used as it is written (CC112, CK112).</summary>
    private const int InvalidPath = 112;

    /// <summary>The verdicts in <c>check --json</c>'s output: its catalogue findings and its relative values (CP006).</summary>
    public static HashSet<string> CheckVerdicts(string json)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty path in JsonDocument.Parse(json).RootElement.GetProperty("paths").EnumerateObject())
        {
            string variable = path.Value.GetProperty("variable").GetString()!;
            foreach (JsonElement problem in path.Value.GetProperty("problems").EnumerateArray())
            {
                string code = problem.GetProperty("code").GetString()!;
                if (code == FindingCodes.RelativePath)
                {
                    seen.Add($"{RoleOf(variable)} relative");
                    continue;
                }

                PathRule? rule = PathRuleCatalog.All.SingleOrDefault(r => r.RuntimeCode == code
                    && (r == PathRuleCatalog.DatabaseNotOnVolume) == (code == FindingCodes.NotOnVolume && variable == CallyticsPathsVariables.DatabaseUrl));
                if (rule is not null)
                {
                    seen.Add(Verdict(RoleOf(variable), rule, SeverityOf(problem.GetProperty("severity").GetString())));
                }
            }
        }

        return seen;
    }

    /// <summary>A severity as the tool's JSON writes it (<c>error</c>, <c>warning</c>, anything else for information).</summary>
    public static FindingSeverity SeverityOf(string? word) => word switch
    {
        "error" => FindingSeverity.Error,
        "warning" => FindingSeverity.Warning,
        _ => FindingSeverity.Information,
    };
}
