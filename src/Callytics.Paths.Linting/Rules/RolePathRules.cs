using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Rules;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting;

/// <summary>
/// The rules every format shares: the paths a workload is told to use (its <c>*_DIR</c> and <c>DATABASE_URL</c> values,
/// or their defaults under <c>CALLYTICS_ROLES</c>) must lie inside its own mounts, writable where it writes, persistent
/// where data is kept. Written once; the dialect words the messages and fixes for its format.
/// </summary>
public static class RolePathRules
{
    internal const int RelativeSqliteUrl = 104;
    internal const int Disagree = 109;
    internal const int ValueUndecided = 111;
    internal const int InvalidPath = 112;
    internal const int UnknownRole = 113;
    internal const int RolesUndeclared = 114;

    private const string DatabaseVariable = CallyticsPathsVariables.DatabaseUrl;

    /// <summary>Checks <paramref name="workload"/>'s used roles, adding what is wrong to <paramref name="findings"/>.</summary>
    public static void Check(Workload workload, LintDialect dialect, List<Finding> findings)
    {
        WorkloadRoles roles = WorkloadRoles.Of(workload);
        CheckRoles(roles, dialect, findings);
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (roles.Uses(layout.Role) && roles.VariableFor(layout.Variable) is { } variable)
            {
                int first = findings.Count;
                CheckDirectory(workload, roles, layout, variable, dialect, findings);
                About(layout.Variable, findings, first);
            }
        }

        if (roles.Uses(PathRole.Database) && roles.VariableFor(DatabaseVariable) is { } database)
        {
            int first = findings.Count;
            CheckDatabase(workload, roles, database, dialect, findings);
            About(DatabaseVariable, findings, first);
        }
    }

    /// <summary>Marks the findings from <paramref name="first"/> on as being about the role of <paramref name="variable"/>.</summary>
    private static void About(string variable, List<Finding> findings, int first)
    {
        for (int i = first; i < findings.Count; i++)
        {
            findings[i] = findings[i] with { Variable = variable };
        }
    }

    /// <summary>
    /// <c>CALLYTICS_ROLES</c> itself: an unknown key is an error at its line; a workload that declares nothing but
    /// mounts standard Callytics paths gets a note naming the roles its mounts suggest.
    /// </summary>
    private static void CheckRoles(WorkloadRoles roles, LintDialect dialect, List<Finding> findings)
    {
        foreach (string key in roles.Unknown)
        {
            (string message, string fix) = RoleKeys.Unknown(key, roles.Declaration!.Value);
            findings.Add(new Finding(roles.Declaration.Position, FindingSeverity.Error, dialect.Code(UnknownRole), roles.Workload, message, fix));
        }

        List<PathRole> suggested = roles.SuggestedFromMounts();
        if (suggested.Count > 0)
        {
            Workload workload = roles.Workload;
            string keys = string.Join(',', suggested.Select(RoleLayout.KeyOf));
            findings.Add(new Finding(workload.Position, FindingSeverity.Information, dialect.Code(RolesUndeclared), workload, LintMessages.RolesUndeclared(workload,
                suggested.Select(r => roles.Under(r == PathRole.Database ? CallyticsPathsVariables.DefaultDatabaseFileName : RoleLayout.Directories[(int)r].DefaultName)), keys, dialect)));
        }
    }

    /// <summary>
    /// The value a variable resolves to, or null (with a finding when <paramref name="findings"/> is given, worded by
    /// <paramref name="dialect"/>, which may be null without findings) when it cannot be linted.
    /// </summary>
    internal static string? UsableValue(Workload workload, WorkloadVariable variable, LintDialect? dialect, List<Finding>? findings)
    {
        if (variable.Error is not null)
        {
            return null; // reported where it was read: the platform would refuse the file
        }

        if (variable.Value is null || variable.Unset.Count > 0)
        {
            if (findings is not null && dialect is not null)
            {
                findings.Add(new Finding(variable.Position, FindingSeverity.Information, dialect.Code(ValueUndecided), workload,
                    LintMessages.ValueUndecided(variable, dialect, Mask(variable.Written), Mask(variable.Value ?? string.Empty))));
            }

            if (string.IsNullOrEmpty(variable.Value))
            {
                return null;
            }
        }

        return variable.Value;
    }

    private static void CheckDirectory(Workload workload, WorkloadRoles roles, RoleLayout layout, WorkloadVariable variable, LintDialect dialect, List<Finding> findings)
    {
        string? value = UsableValue(workload, variable, dialect, findings);
        if (value is null)
        {
            return;
        }

        if (ValueRules.Check(layout.Variable, value) is { } invalid)
        {
            findings.Add(new Finding(variable.Position, FindingSeverity.Error, dialect.Code(InvalidPath), workload, invalid.Message, invalid.Fix));
            return;
        }

        if (!value.StartsWith('/'))
        {
            // The example is absolute: the layout's own place when the root is, else the value under / (never the relative value again).
            string example = roles.Under(layout.DefaultName) is { } under && under.StartsWith('/') ? under : Workload.Normalize("/" + value);
            findings.Add(new Finding(variable.Position, FindingSeverity.Error, dialect.Code(InvalidPath), workload,
                LintMessages.RelativeValue(layout.Variable, value, variable.IsDefault ? roles.Root : null, example)));
            return;
        }

        string path = Workload.Normalize(value);
        WorkloadMount? holder = workload.Holder(path);
        foreach ((PathRule rule, FindingSeverity severity) in PathRuleCatalog.Judge(layout.Role, layout.Writes, LandingOf(workload, holder, singleFile: false)))
        {
            string consequence = rule.ConsequenceFor(layout.Role);
            if (rule == PathRuleCatalog.NotOnVolume)
            {
                findings.Add(new Finding(variable.Position, severity, dialect.Code(rule.LintNumber), workload, LintMessages.NotOnVolume(layout, path, variable.IsDefault,
                    dialect.MountsOf(workload), workload.ProbablyMeant(path), consequence, dialect.AddMount(workload, layout, path))));
            }
            else if (rule == PathRuleCatalog.NotPersistent)
            {
                (string message, string fix) = dialect.NonPersistent(LintMessages.Shown(layout.Variable, path), holder!, consequence);
                findings.Add(new Finding(variable.Position, severity, dialect.Code(rule.LintNumber), workload, message, fix));
            }
            else if (rule == PathRuleCatalog.ReadOnlyMount)
            {
                findings.Add(holder is null
                    ? new Finding(variable.Position, severity, dialect.Code(rule.LintNumber), workload,
                        LintMessages.ReadOnlyRoot(workload, dialect, layout.Variable, path, consequence, dialect.AddMount(workload, layout, path)))
                    : new Finding(holder.Position, severity, dialect.Code(rule.LintNumber), workload,
                        LintMessages.ReadOnlyMount(dialect, holder, layout.Variable, path, consequence, dialect.MakeWritable(holder, path))));
            }
        }
    }

    /// <summary>
    /// Where a path held by <paramref name="holder"/> (null: no mount) lands, in the rules' one view. Data the
    /// platform projects (a configMap, a secret) is kept by the platform, not lost: it counts as persistent.
    /// </summary>
    internal static PathLanding LandingOf(Workload workload, WorkloadMount? holder, bool singleFile) =>
        holder is null
            ? PathLanding.ContainerLayer(readOnlyRoot: workload.ReadOnlyRoot is not null)
            : PathLanding.Volume(
                persists: holder.Persists || holder.Storage == MountStorage.ProjectedData,
                holder.ReadOnly,
                singleFile,
                survivesRestart: holder.Storage is MountStorage.EmptyDir or MountStorage.MemoryEmptyDir);

    private static void CheckDatabase(Workload workload, WorkloadRoles roles, WorkloadVariable variable, LintDialect dialect, List<Finding> findings)
    {
        string? value = UsableValue(workload, variable, dialect, findings);
        if (value is null)
        {
            return;
        }

        if (!DatabaseUrl.TryParse(value, "/", out DatabaseUrl? database, out string? error))
        {
            findings.Add(new Finding(variable.Position, FindingSeverity.Error, dialect.Code(InvalidPath), workload, error, LintMessages.DatabaseUrlInvalidFix(roles)));
            return;
        }

        if (database.FilePath is null)
        {
            return; // a server or in-memory database: nothing to mount
        }

        if (database.IsRelative)
        {
            findings.Add(new Finding(variable.Position, FindingSeverity.Error, dialect.Code(RelativeSqliteUrl), workload, LintMessages.RelativeSqliteUrl(DatabaseVariable, database)));
            return;
        }

        string file = database.FilePath;
        WorkloadMount? holder = workload.Holder(file);
        foreach ((PathRule rule, FindingSeverity severity) in PathRuleCatalog.Judge(PathRole.Database, !database.IsReadOnly, LandingOf(workload, holder, singleFile: holder?.Target == file)))
        {
            string consequence = rule.ConsequenceFor(PathRole.Database);
            string code = dialect.Code(rule.LintNumber);
            if (rule == PathRuleCatalog.DatabaseNotOnVolume)
            {
                findings.Add(new Finding(variable.Position, severity, code, workload,
                    LintMessages.DatabaseNotOnVolume(DatabaseVariable, file, variable.IsDefault, dialect.MountsOf(workload), consequence, dialect.MountDatabase(workload, roles, file))));
            }
            else if (rule == PathRuleCatalog.DatabaseSingleFileMount)
            {
                findings.Add(new Finding(holder!.Position, severity, code, workload,
                    LintMessages.DatabaseSingleFile(file, dialect.SingleFileMounted, consequence, dialect.MountDatabaseDirectory(roles, holder, file))));
                dialect.OnSingleFileDatabase(workload, holder, findings);
            }
            else if (rule == PathRuleCatalog.NotPersistent)
            {
                (string message, string fix) = dialect.NonPersistent(LintMessages.Shown(null, file, sentenceStart: true), holder!, consequence);
                findings.Add(new Finding(variable.Position, severity, code, workload, message, fix));
            }
            else if (rule == PathRuleCatalog.ReadOnlyMount)
            {
                findings.Add(holder is null
                    ? new Finding(variable.Position, severity, code, workload,
                        LintMessages.ReadOnlyRoot(workload, dialect, null, file, consequence, dialect.MountDatabase(workload, roles, file)))
                    : new Finding(holder.Position, severity, code, workload,
                        LintMessages.ReadOnlyMount(dialect, holder, null, file, consequence, dialect.MakeWritable(holder, file))));
            }
        }
    }

    /// <summary>
    /// One storage (a host folder, a claim) mounted at different container paths in two workloads whose role variables
    /// point at different places: a path one hands to the other does not exist there.
    /// </summary>
    internal static void CheckDisagreements(IReadOnlyList<Workload> workloads, LintDialect dialect, List<Finding> findings)
    {
        var shared = workloads
            .SelectMany(w => w.Mounts.Values.Where(m => m.ShareKey is not null).Select(m => (Workload: w, Mount: m)))
            .GroupBy(b => b.Mount.ShareKey!, StringComparer.Ordinal);
        foreach (IGrouping<string, (Workload Workload, WorkloadMount Mount)> group in shared)
        {
            var mounts = group.ToList();
            for (int i = 0; i < mounts.Count; i++)
            {
                for (int j = i + 1; j < mounts.Count; j++)
                {
                    (Workload a, WorkloadMount ma) = mounts[i];
                    (Workload b, WorkloadMount mb) = mounts[j];
                    if (a == b || ma.Target == mb.Target)
                    {
                        continue;
                    }

                    (WorkloadRoles rolesA, WorkloadRoles rolesB) = (WorkloadRoles.Of(a), WorkloadRoles.Of(b));
                    foreach (RoleLayout layout in RoleLayout.Directories)
                    {
                        if (!rolesA.Uses(layout.Role) || !rolesB.Uses(layout.Role))
                        {
                            continue;
                        }

                        string? pa = a.Variables.GetValueOrDefault(layout.Variable)?.Value;
                        string? pb = b.Variables.GetValueOrDefault(layout.Variable)?.Value;
                        if (pa is not null && pb is not null && pa != pb && (ma.Holds(Workload.Normalize(pa)) || mb.Holds(Workload.Normalize(pb))))
                        {
                            findings.Add(new Finding(mb.Position, FindingSeverity.Warning, dialect.Code(Disagree), b,
                                LintMessages.ServicesDisagree(ma, a, mb, b, layout.Variable, pa, pb, dialect.AlignMounts(ma, layout))));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The paths the workload's used roles resolve to, where they are valid absolute paths (the database's being its
    /// file): what the format-specific rules look at once the shared rules have judged the values themselves.
    /// </summary>
    internal static IEnumerable<(PathRole Role, WorkloadVariable Variable, string Path, bool Writes)> ResolvedPaths(Workload workload, WorkloadRoles roles)
    {
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (roles.Uses(layout.Role) && roles.VariableFor(layout.Variable) is { } variable
                && UsableValue(workload, variable, null, null) is { } value && value.StartsWith('/') && ValueRules.Check(layout.Variable, value) is null)
            {
                yield return (layout.Role, variable, Workload.Normalize(value), layout.Writes);
            }
        }

        if (roles.Uses(PathRole.Database) && roles.VariableFor(DatabaseVariable) is { } database
            && UsableValue(workload, database, null, null) is { } url
            && DatabaseUrl.TryParse(url, "/", out DatabaseUrl? parsed, out _) && parsed is { FilePath: { } file, IsRelative: false })
        {
            yield return (PathRole.Database, database, file, !parsed.IsReadOnly);
        }
    }


    private static string Mask(string value) => DatabaseUrl.Mask(value);
}
