using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting;

/// <summary>
/// The rules every format shares: the paths a workload is told to use (its <c>*_DIR</c> and <c>DATABASE_URL</c> values,
/// or their defaults under <c>CALLYTICS_ROLES</c>) must lie inside its own mounts, writable where it writes, persistent
/// where data is kept. Written once; the dialect words the messages and fixes for its format.
/// </summary>
internal static class RolePathRules
{
    internal const int NotMounted = 101;
    internal const int NotPersistent = 102;
    internal const int ReadOnlyMount = 103;
    internal const int RelativeSqliteUrl = 104;
    internal const int DatabaseNotMounted = 105;
    internal const int DatabaseSingleFile = 106;
    internal const int Disagree = 109;
    internal const int ValueUndecided = 111;
    internal const int InvalidPath = 112;
    internal const int UnknownRole = 113;
    internal const int RolesUndeclared = 114;

    private const string DatabaseVariable = CallyticsPathsVariables.DatabaseUrl;

    /// <summary>Checks <paramref name="workload"/>'s used roles, adding what is wrong to <paramref name="findings"/>.</summary>
    internal static void Check(Workload workload, LintDialect dialect, List<Finding> findings)
    {
        WorkloadRoles roles = WorkloadRoles.Of(workload);
        CheckRoles(roles, dialect, findings);
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (roles.Uses(layout.Role) && roles.VariableFor(layout.Variable) is { } variable)
            {
                CheckDirectory(workload, roles, layout, variable, dialect, findings);
            }
        }

        if (roles.Uses(PathRole.Database) && roles.VariableFor(DatabaseVariable) is { } database)
        {
            CheckDatabase(workload, roles, database, dialect, findings);
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
            findings.Add(new Finding(roles.Declaration.Position, "error", dialect.Code(UnknownRole), roles.Workload, message, fix));
        }

        List<PathRole> suggested = roles.SuggestedFromMounts();
        if (suggested.Count > 0)
        {
            Workload workload = roles.Workload;
            string keys = string.Join(',', suggested.Select(RoleLayout.KeyOf));
            findings.Add(new Finding(workload.Position, "note", dialect.Code(RolesUndeclared), workload,
                $"{workload.Subject}{(workload.Container is null ? string.Empty : " container " + workload.Container)} declares no Callytics variable but mounts {string.Join(", ", suggested.Select(r => roles.Under(RoleLayout.Directories[(int)r].DefaultName)))}: it looks like a Callytics service relying on the defaults, and nothing checks it.",
                $"Declare the roles it uses: add {CallyticsPathsVariables.Roles}={keys} to its {dialect.DeclareRolesWhere}."));
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
                bool passedThrough = variable.Written == variable.Name && variable.Unset is [{ } only] && only == variable.Name;
                findings.Add(new Finding(variable.Position, "note", dialect.Code(ValueUndecided), workload, passedThrough
                    ? $"{variable.Name} is declared with no value, so it is taken from {dialect.NameUnresolved(variable.Name)}, which is not {dialect.UnresolvedWhere}; it was linted as ''."
                    : $"{variable.Name}={Mask(variable.Written)} depends on {string.Join(", ", variable.Unset.Select(dialect.NameUnresolved))}, which {(variable.Unset.Count == 1 ? "is" : "are")} not {dialect.UnresolvedWhere}; it was linted as '{Mask(variable.Value ?? string.Empty)}'.",
                    dialect.ResolveFix(variable.Unset)));
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
            findings.Add(new Finding(variable.Position, "error", dialect.Code(InvalidPath), workload, invalid.Message, invalid.Fix));
            return;
        }

        if (!value.StartsWith('/'))
        {
            findings.Add(new Finding(variable.Position, "error", dialect.Code(InvalidPath), workload,
                $"{layout.Variable}={value} is relative: inside the container it depends on the image's working directory.",
                $"Set {layout.Variable} to an absolute container path such as {roles.Under(layout.DefaultName)}."));
            return;
        }

        string path = Workload.Normalize(value);
        WorkloadMount? holder = workload.Holder(path);
        if (holder is null && layout.Writes && workload.ReadOnlyRoot is { } readOnlyRoot)
        {
            findings.Add(new Finding(variable.Position, "error", dialect.Code(ReadOnlyMount), workload,
                $"The root filesystem of {workload.Subject} is read-only ({dialect.ReadOnlyRootSetting} at {readOnlyRoot.Line}:{readOnlyRoot.Column}), and {layout.Variable}={path} lies inside no {dialect.MountsOf(workload)}: the service's first write there fails with EROFS (read-only file system).",
                dialect.AddMount(workload, layout, path)));
            return;
        }

        if (holder is null)
        {
            string severity = layout.Role switch
            {
                PathRole.Config => "note",
                PathRole.Cache or PathRole.Audio => "warning",
                _ => "error",
            };
            string? meant = workload.ProbablyMeant(path);
            string consequence = layout.Role switch
            {
                PathRole.Cache => "the cache is lost on every restart and the work is redone",
                PathRole.Audio => "the service sees no host input",
                PathRole.Config => "the configuration comes from the image",
                _ => "what the service writes there lives in the container layer and vanishes when the container is recreated",
            };
            string add = dialect.AddMount(workload, layout, path);
            findings.Add(new Finding(variable.Position, severity, dialect.Code(NotMounted), workload,
                $"{layout.Variable}={path}{(variable.IsDefault ? $" (its default: {layout.Variable} is not set, and {CallyticsPathsVariables.Roles} says the service uses {RoleLayout.KeyOf(layout.Role)})" : string.Empty)} lies inside no {dialect.MountsOf(workload)}{(meant is null ? string.Empty : $", while {meant} is mounted")}: {consequence}.",
                meant is null ? add : $"Did you mean {meant}? Set {layout.Variable}={meant}, or {char.ToLowerInvariant(add[0])}{add[1..]}"));
            return;
        }

        if (!holder.Persists && dialect.FlagsNonPersistent(layout.Role, holder))
        {
            (string message, string fix) = dialect.NonPersistent(layout, path, holder);
            findings.Add(new Finding(variable.Position, "warning", dialect.Code(NotPersistent), workload, message, fix));
        }

        if (layout.Writes && holder.ReadOnly)
        {
            findings.Add(new Finding(holder.Position, "error", dialect.Code(ReadOnlyMount), workload,
                $"{dialect.ReadOnlyReason(holder)}, but {layout.Variable}={path} is written by the service.",
                dialect.MakeWritable(holder, path)));
        }
    }

    private static void CheckDatabase(Workload workload, WorkloadRoles roles, WorkloadVariable variable, LintDialect dialect, List<Finding> findings)
    {
        string? value = UsableValue(workload, variable, dialect, findings);
        if (value is null)
        {
            return;
        }

        if (!DatabaseUrl.TryParse(value, "/", out DatabaseUrl? database, out string? error))
        {
            findings.Add(new Finding(variable.Position, "error", dialect.Code(InvalidPath), workload, error,
                $"Use sqlite:///{roles.Under("data")}/{CallyticsPathsVariables.DefaultDatabaseFileName} (four slashes: an absolute path), or a server URL."));
            return;
        }

        if (database.FilePath is null)
        {
            return; // a server or in-memory database: nothing to mount
        }

        if (database.IsRelative)
        {
            findings.Add(new Finding(variable.Position, "error", dialect.Code(RelativeSqliteUrl), workload,
                $"{DatabaseVariable}={database} has three slashes: '{database.WrittenFilePath}' is relative to the service's working directory, not /{database.WrittenFilePath}.",
                $"Write four slashes: {DatabaseVariable}={database.AbsoluteUrlSuggestion}."));
            return;
        }

        string file = database.FilePath;
        WorkloadMount? holder = workload.Holder(file);
        if (holder is null && workload.ReadOnlyRoot is { } readOnlyRoot)
        {
            findings.Add(new Finding(variable.Position, "error", dialect.Code(ReadOnlyMount), workload,
                $"The root filesystem of {workload.Subject} is read-only ({dialect.ReadOnlyRootSetting} at {readOnlyRoot.Line}:{readOnlyRoot.Column}), and the database {file} lies inside no {dialect.MountsOf(workload)}: SQLite cannot create it (EROFS, read-only file system).",
                dialect.MountDatabase(workload, roles, file)));
            return;
        }

        if (holder is null)
        {
            findings.Add(new Finding(variable.Position, "error", dialect.Code(DatabaseNotMounted), workload,
                $"The database {file}{(variable.IsDefault ? $" (the default: {DatabaseVariable} is not set, and {CallyticsPathsVariables.Roles} says the service uses database)" : string.Empty)} lies inside no {dialect.MountsOf(workload)}: it vanishes when the container is recreated.",
                dialect.MountDatabase(workload, roles, file)));
            return;
        }

        if (holder.Target == file)
        {
            findings.Add(new Finding(holder.Position, "warning", dialect.Code(DatabaseSingleFile), workload,
                $"The database {file} is {dialect.SingleFileMounted} as a single file: the -journal, -wal and -shm files SQLite creates beside it land in the container layer, so committed WAL data is lost on recreate and containers sharing the file do not coordinate.",
                dialect.MountDatabaseDirectory(roles, holder, file)));
            dialect.OnSingleFileDatabase(workload, holder, findings);
        }

        if (!holder.Persists && dialect.FlagsNonPersistent(PathRole.Database, holder))
        {
            (string message, string fix) = dialect.DatabaseNotPersistent(file, holder);
            findings.Add(new Finding(variable.Position, "warning", dialect.Code(NotPersistent), workload, message, fix));
        }

        if (holder.ReadOnly && !database.IsReadOnly)
        {
            findings.Add(new Finding(holder.Position, "error", dialect.Code(ReadOnlyMount), workload,
                $"{dialect.ReadOnlyReason(holder)}, but the database {file} is written (and SQLite writes its journal beside it).",
                dialect.MakeWritable(holder, file)));
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
                            findings.Add(new Finding(mb.Position, "warning", dialect.Code(Disagree), b,
                                $"{ma.Source} is mounted at {ma.Target} in {Name(a)} and at {mb.Target} in {Name(b)}, and their {layout.Variable} differ ({pa} and {pb}): a path one service hands to the other does not exist there.",
                                dialect.AlignMounts(ma, layout)));
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

    private static string Name(Workload workload) => workload.Container is null ? workload.Subject : $"{workload.Subject} container {workload.Container}";

    private static string Mask(string value) => DatabaseUrl.Mask(value);
}
