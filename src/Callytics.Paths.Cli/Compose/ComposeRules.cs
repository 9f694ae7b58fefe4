using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Cli.Compose;

/// <summary>
/// The compose rules: the paths each service is told to use (its <c>*_DIR</c> and <c>DATABASE_URL</c> values) must lie
/// inside volumes mounted into that same service, writable where the service writes, persistent where data is kept.
/// </summary>
internal static class ComposeRules
{
    private const string DatabaseVariable = CallyticsPathsVariables.DatabaseUrl;

    /// <summary>Every finding of the project, in file order.</summary>
    internal static List<ComposeFinding> Lint(ComposeProject project)
    {
        var findings = project.Notes.Select(n => new ComposeFinding(n.Position, n.Severity, n.Code, n.Service, n.Message, n.Fix)).ToList();
        foreach (ComposeService service in project.Services.Values)
        {
            LintVolumes(project, service, findings);
            ServiceRoles roles = ServiceRoles.Of(service);
            LintRoles(roles, findings);
            foreach (RoleLayout layout in RoleLayout.Directories)
            {
                if (roles.Uses(layout.Role) && roles.EntryFor(layout.Variable) is { } entry)
                {
                    LintDirectory(service, layout, entry, findings);
                }
            }

            if (roles.Uses(PathRole.Database) && roles.EntryFor(DatabaseVariable) is { } database)
            {
                LintDatabase(service, database, findings);
            }
        }

        LintDisagreements(project, findings);
        return [.. findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Code, StringComparer.Ordinal)];
    }

    /// <summary>
    /// <c>CALLYTICS_ROLES</c> itself: an unknown key is an error at its line; a service that declares nothing but
    /// mounts standard Callytics paths gets a note naming the roles its mounts suggest.
    /// </summary>
    private static void LintRoles(ServiceRoles roles, List<ComposeFinding> findings)
    {
        foreach (string key in roles.Unknown)
        {
            (string message, string fix) = RoleKeys.Unknown(key, roles.Declaration!.Value);
            findings.Add(new ComposeFinding(roles.Declaration.Position, "error", ComposeRuleSet.UnknownRole, roles.Service.Name, message, fix));
        }

        List<PathRole> suggested = roles.SuggestedFromMounts();
        if (suggested.Count > 0)
        {
            string keys = string.Join(',', suggested.Select(RoleLayout.KeyOf));
            findings.Add(new ComposeFinding(roles.Service.Position, "note", ComposeRuleSet.RolesUndeclared, roles.Service.Name,
                $"{roles.Service.Name} declares no Callytics variable but mounts {string.Join(", ", suggested.Select(r => roles.Root.TrimEnd('/') + "/" + RoleLayout.Directories[(int)r].DefaultName))}: it looks like a Callytics service relying on the defaults, and nothing checks it.",
                $"Declare the roles it uses: add {CallyticsPathsVariables.Roles}={keys} to its environment (`callytics-paths compose fix` does)."));
        }
    }

    /// <summary>The volume holding <paramref name="path"/>: the one with the longest target that contains it.</summary>
    internal static ServiceVolume? Holder(ComposeService service, string path) =>
        service.Volumes.Values.Where(v => Contains(v.Spec.Target, path)).MaxBy(v => v.Spec.Target.Length);

    /// <summary>A mounted directory the path was probably meant to be: same parent, same name but for a leading dot, case or a typo.</summary>
    internal static string? ProbablyMeant(ComposeService service, string path)
    {
        string parent = Path.GetDirectoryName(path) ?? "/";
        string name = Path.GetFileName(path).TrimStart('.').ToLowerInvariant();
        return service.Volumes.Values
            .Where(v => v.Spec.Type != "tmpfs" && Path.GetDirectoryName(v.Spec.Target) == parent && v.Spec.Target != path)
            .Select(v => (v.Spec.Target, Distance: EditDistance.Between(name, Path.GetFileName(v.Spec.Target).TrimStart('.').ToLowerInvariant())))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Target)
            .FirstOrDefault();
    }

    /// <summary>The value a role variable resolves to, or null (with a finding) when it cannot be linted.</summary>
    internal static string? UsablePath(ComposeService service, EnvironmentEntry entry, List<ComposeFinding>? findings)
    {
        if (entry.Error is not null)
        {
            return null; // reported where it was read: compose would refuse the file
        }

        if (entry.Value is null || entry.Unset.Count > 0)
        {
            findings?.Add(new ComposeFinding(entry.Position, "note", ComposeRuleSet.ValueUndecided, service.Name,
                $"{entry.Name}={Mask(entry.Written)} depends on {string.Join(", ", entry.Unset.Select(u => "$" + u))}, which {(entry.Unset.Count == 1 ? "is" : "are")} not set here; it was linted as '{Mask(entry.Value ?? string.Empty)}'.",
                $"Set {string.Join(", ", entry.Unset)} in the environment or the .env file beside the compose file to lint the value the service gets."));
            if (string.IsNullOrEmpty(entry.Value))
            {
                return null;
            }
        }

        return entry.Value;
    }

    private static void LintDirectory(ComposeService service, RoleLayout layout, EnvironmentEntry entry, List<ComposeFinding> findings)
    {
        string? value = UsablePath(service, entry, findings);
        if (value is null)
        {
            return;
        }

        if (ValueRules.Check(layout.Variable, value) is { } invalid)
        {
            findings.Add(new ComposeFinding(entry.Position, "error", ComposeRuleSet.InvalidPath, service.Name, invalid.Message, invalid.Fix));
            return;
        }

        if (!value.StartsWith('/'))
        {
            findings.Add(new ComposeFinding(entry.Position, "error", ComposeRuleSet.InvalidPath, service.Name,
                $"{layout.Variable}={value} is relative: inside the container it depends on the image's working directory.",
                $"Set {layout.Variable} to an absolute container path such as /app/{layout.DefaultName}."));
            return;
        }

        string path = Normalize(value);
        ServiceVolume? holder = Holder(service, path);
        if (holder is null)
        {
            string severity = layout.Role switch
            {
                PathRole.Config => "note",
                PathRole.Cache or PathRole.Audio => "warning",
                _ => "error",
            };
            string? meant = ProbablyMeant(service, path);
            string consequence = layout.Role switch
            {
                PathRole.Cache => "the cache is lost on every restart and the work is redone",
                PathRole.Audio => "the service sees no host input",
                PathRole.Config => "the configuration comes from the image",
                _ => "what the service writes there lives in the container layer and vanishes when the container is recreated",
            };
            findings.Add(new ComposeFinding(entry.Position, severity, ComposeRuleSet.NotMounted, service.Name,
                $"{layout.Variable}={path}{(ServiceRoles.IsDefault(entry) ? $" (its default: {layout.Variable} is not set, and {CallyticsPathsVariables.Roles} says the service uses {RoleLayout.KeyOf(layout.Role)})" : string.Empty)} lies inside no volume of {service.Name}{(meant is null ? string.Empty : $", while {meant} is mounted")}: {consequence}.",
                meant is null
                    ? $"Add `- ./{layout.DefaultName}:{path}` to the volumes of {service.Name}."
                    : $"Did you mean {meant}? Set {layout.Variable}={meant}, or add `- ./{layout.DefaultName}:{path}` to the volumes of {service.Name}."));
            return;
        }

        if (holder.Spec.Type == "tmpfs")
        {
            findings.Add(new ComposeFinding(entry.Position, "warning", ComposeRuleSet.OnTmpfs, service.Name,
                $"{layout.Variable}={path} lies inside the tmpfs {holder.Spec.Target}: mounted, but not persistent.",
                $"Mount a host directory or a named volume at {holder.Spec.Target} instead of tmpfs{(layout.Role == PathRole.Temp ? " (fine for temp files you can lose)" : string.Empty)}."));
        }

        if (layout.Writes && holder.Spec.ReadOnly)
        {
            findings.Add(new ComposeFinding(holder.Position, "error", ComposeRuleSet.ReadOnlyVolume, service.Name,
                $"The volume at {holder.Spec.Target} is read-only, but {layout.Variable}={path} is written by the service.",
                $"Drop ':ro' (or 'read_only: true') from the volume at {holder.Spec.Target}."));
        }
    }

    private static void LintDatabase(ComposeService service, EnvironmentEntry entry, List<ComposeFinding> findings)
    {
        string? value = UsablePath(service, entry, findings);
        if (value is null)
        {
            return;
        }

        if (!DatabaseUrl.TryParse(value, "/", out DatabaseUrl? database, out string? error))
        {
            findings.Add(new ComposeFinding(entry.Position, "error", ComposeRuleSet.InvalidPath, service.Name, error,
                "Use sqlite:////app/data/Callytics_new.sqlite (four slashes: an absolute path), or a server URL."));
            return;
        }

        if (database.FilePath is null)
        {
            return; // a server or in-memory database: nothing to mount
        }

        if (database.IsRelative)
        {
            findings.Add(new ComposeFinding(entry.Position, "error", ComposeRuleSet.RelativeSqliteUrl, service.Name,
                $"{DatabaseVariable}={database} has three slashes: '{database.WrittenFilePath}' is relative to the service's working directory, not /{database.WrittenFilePath}.",
                $"Write four slashes: {DatabaseVariable}={database.AbsoluteUrlSuggestion}."));
            return;
        }

        string file = database.FilePath;
        ServiceVolume? holder = Holder(service, file);
        if (holder is null)
        {
            findings.Add(new ComposeFinding(entry.Position, "error", ComposeRuleSet.DatabaseNotMounted, service.Name,
                $"The database {file}{(ServiceRoles.IsDefault(entry) ? $" (the default: {DatabaseVariable} is not set, and {CallyticsPathsVariables.Roles} says the service uses database)" : string.Empty)} lies inside no volume of {service.Name}: it vanishes when the container is recreated.",
                $"Put it in a mounted directory (`- ./data:/app/data` and {DatabaseVariable}=sqlite:////app/data/{Path.GetFileName(file)})."));
            return;
        }

        if (holder.Spec.Target == file)
        {
            findings.Add(new ComposeFinding(holder.Position, "warning", ComposeRuleSet.DatabaseSingleFile, service.Name,
                $"The database {file} is bind-mounted as a single file: the -journal, -wal and -shm files SQLite creates beside it land in the container layer, so committed WAL data is lost on recreate and containers sharing the file do not coordinate.",
                $"Mount its directory instead (`- ./data:/app/data`) and point {DatabaseVariable} into it."));
            if (holder.Spec.Type == "bind" && holder.HostPath is { } host && !File.Exists(host))
            {
                findings.Add(new ComposeFinding(holder.Position, "error", ComposeRuleSet.BindSourceMissing, service.Name,
                    Directory.Exists(host)
                        ? $"The host path {holder.Spec.Source} of the database mount is a directory (Docker made it when the file was missing): SQLite cannot open a directory."
                        : $"The host file {holder.Spec.Source} of the database mount does not exist: Docker will create a directory there, and SQLite cannot open a directory.",
                    $"Create the file on the host first (`touch {holder.Spec.Source}`), or mount a directory and point {DatabaseVariable} into it."));
            }
        }

        if (holder.Spec.Type == "tmpfs")
        {
            findings.Add(new ComposeFinding(entry.Position, "warning", ComposeRuleSet.OnTmpfs, service.Name,
                $"The database {file} lies inside the tmpfs {holder.Spec.Target}: it is lost when the container stops.",
                $"Mount a host directory or a named volume at {holder.Spec.Target}."));
        }

        if (holder.Spec.ReadOnly && !database.IsReadOnly)
        {
            findings.Add(new ComposeFinding(holder.Position, "error", ComposeRuleSet.ReadOnlyVolume, service.Name,
                $"The volume at {holder.Spec.Target} is read-only, but the database {file} is written (and SQLite writes its journal beside it).",
                $"Drop ':ro' (or 'read_only: true') from the volume at {holder.Spec.Target}."));
        }
    }

    private static void LintVolumes(ComposeProject project, ComposeService service, List<ComposeFinding> findings)
    {
        foreach (ServiceVolume volume in service.Volumes.Values)
        {
            if (volume.Spec.WindowsSource)
            {
                findings.Add(new ComposeFinding(volume.Position, "warning", ComposeRuleSet.WindowsHostPath, service.Name,
                    $"The host path {volume.Spec.Source} is a Windows absolute path: this file works on one Windows machine only.",
                    $"Use a path relative to the compose file, such as ./{Path.GetFileName(volume.Spec.Target)}:{volume.Spec.Target}."));
            }

            if (volume.Spec is { Type: "volume", Source: { } name } && !project.DeclaredVolumes.Contains(name))
            {
                findings.Add(new ComposeFinding(volume.Position, "error", ComposeRuleSet.UndeclaredVolume, service.Name,
                    $"The named volume '{name}' is used but not declared under the top-level 'volumes'.",
                    $"Declare it: add `volumes:` with `  {name}:` at the top level of the file."));
            }
        }
    }

    private static void LintDisagreements(ComposeProject project, List<ComposeFinding> findings)
    {
        var binds = project.Services.Values
            .SelectMany(s => s.Volumes.Values.Where(v => v.HostPath is not null).Select(v => (Service: s, Volume: v)))
            .GroupBy(b => b.Volume.HostPath!, StringComparer.Ordinal);
        foreach (IGrouping<string, (ComposeService Service, ServiceVolume Volume)> group in binds)
        {
            var mounts = group.ToList();
            for (int i = 0; i < mounts.Count; i++)
            {
                for (int j = i + 1; j < mounts.Count; j++)
                {
                    (ComposeService a, ServiceVolume va) = mounts[i];
                    (ComposeService b, ServiceVolume vb) = mounts[j];
                    if (a == b || va.Spec.Target == vb.Spec.Target)
                    {
                        continue;
                    }

                    (ServiceRoles rolesA, ServiceRoles rolesB) = (ServiceRoles.Of(a), ServiceRoles.Of(b));
                    foreach (RoleLayout layout in RoleLayout.Directories)
                    {
                        if (!rolesA.Uses(layout.Role) || !rolesB.Uses(layout.Role))
                        {
                            continue;
                        }

                        string? pa = a.Environment.GetValueOrDefault(layout.Variable)?.Value;
                        string? pb = b.Environment.GetValueOrDefault(layout.Variable)?.Value;
                        if (pa is not null && pb is not null && pa != pb && (Contains(va.Spec.Target, Normalize(pa)) || Contains(vb.Spec.Target, Normalize(pb))))
                        {
                            findings.Add(new ComposeFinding(vb.Position, "warning", ComposeRuleSet.ServicesDisagree, b.Name,
                                $"{va.Spec.Source} is mounted at {va.Spec.Target} in {a.Name} and at {vb.Spec.Target} in {b.Name}, and their {layout.Variable} differ ({pa} and {pb}): a path one service hands to the other does not exist there.",
                                $"Mount {va.Spec.Source} at the same container path in both services and give them the same {layout.Variable}."));
                        }
                    }
                }
            }
        }
    }

    internal static bool Contains(string target, string path) =>
        target == "/" || path == target || path.StartsWith(target.TrimEnd('/') + "/", StringComparison.Ordinal);

    internal static string Normalize(string path) => PathNormalizer.Normalize(path, "/");

    private static string Mask(string value) => DatabaseUrl.Mask(value);
}
