using System.Text;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// Brings each service that declares a Callytics variable to the standard layout by editing the text in place:
/// a role variable pointing next to a mounted standard path is pointed at it (TEMP_DIR=/app/.temp → /app/temp), a
/// three-slash sqlite URL gets four slashes, missing volume lines are added (<c>./temp:/app/temp</c>), a database in
/// no volume or bind-mounted as a single file moves into the data volume (the URL points there, and the host file
/// with its -wal, -shm and -journal is to be renamed into the data folder), a read-only volume holding a role the
/// service writes becomes read-write, and named volumes the services use are declared. It works from lint's findings
/// (<see cref="ComposeRules.Lint"/>), one plan step per code: what lint did not flag is not touched. Every byte
/// outside the edited lines is kept. DATA_DIR is never pointed elsewhere, and nothing is ever overwritten; what cannot
/// be fixed safely is reported, never half-done.
/// </summary>
public static class ComposeFixer
{
    private static readonly string[] CallyticsVariables = [.. WorkloadRoles.Variables, CallyticsPathsVariables.Root];

    /// <summary>What a fix changed, what it could not change safely, and the host files to move into the data folder.</summary>
    /// <param name="Text">The fixed file.</param>
    /// <param name="Changes">One line per change.</param>
    /// <param name="Skipped">What was not fixed, and why.</param>
    /// <param name="Moves">Host files to rename (a single-file database and its -wal, -shm, -journal) into the data folder.</param>
    public sealed record Result(string Text, IReadOnlyList<string> Changes, IReadOnlyList<string> Skipped, IReadOnlyList<(string From, string To)> Moves);

    private sealed record Edit(int Start, int End, string Replacement);

    /// <summary>
    /// Fixes what the rules found in <paramref name="document"/>, in the file's own style, from the findings and a fix
    /// plan; nothing on the disk changes here.
    /// </summary>
    /// <param name="document">The compose file, as loaded.</param>
    /// <param name="environment">The variables interpolation reads (the shell's, then <c>.env</c>'s).</param>
    /// <param name="onlyServices">The services to fix; empty for all.</param>
    /// <param name="workingDirectory">The directory relative host paths are read from; the file's own by default.</param>
    /// <param name="daemon">The Docker daemon's <c>daemon.json</c>, when known: a default max-size there leaves the services' logging alone.</param>
    /// <returns>The fixed text, the changes, what was left and why, and the host files to move.</returns>
    public static Result Fix(ComposeDocument document, Func<string, string?> environment, IReadOnlyCollection<string> onlyServices, string? workingDirectory = null,
        DockerDaemonConfig? daemon = null)
    {
        var changes = new List<string>();
        var skipped = new List<string>();
        var moves = new List<(string From, string To)>();

        // The edits work on whole lines: a file whose last line has no line break is fixed with one, which is taken
        // off again at the end, so that the file still ends as it did.
        bool openEnd = document.Text.Length > 0 && !document.Text.EndsWith('\n');
        string lineBreak = NewLine(document);
        ComposeDocument current = openEnd ? ComposeDocument.Parse(document.Path, document.DisplayName, document.Text + lineBreak) : document;

        // One service at a time, re-reading the file after each: a fix to a service that others extend, or to an
        // anchor they share, is seen by them before they are fixed, so nothing is added twice.
        var done = new HashSet<string>(StringComparer.Ordinal);
        (ComposeProject Project, List<Finding> Findings)? final = null; // the last pass's reading, when it changed nothing
        for (int pass = 0; pass < 1000; pass++)
        {
            ComposeProject project = ComposeLoader.Load([current], environment, workingDirectory);
            List<Finding> findings = ComposeRules.Lint(project, daemon); // the plan answers what lint found, and only that
            ComposeService? next = project.Services.Values.FirstOrDefault(s => !done.Contains(s.Name)
                && (onlyServices.Count == 0 || onlyServices.Contains(s.Name))
                && (CallyticsVariables.Any(s.Environment.ContainsKey) || ServiceRoles.Of(s).SuggestedFromMounts().Count > 0));
            var edits = new List<Edit>();
            if (next is null)
            {
                if (findings.Exists(f => f.Code == ComposeRuleSet.UndeclaredVolume))
                {
                    DeclareVolumes(current, project, onlyServices, lineBreak, edits, changes, skipped);
                }
            }
            else
            {
                done.Add(next.Name);
                FixService(current, next, findings.FindAll(f => f.Subject == next.Name), edits, changes, skipped, moves);
            }

            if (edits.Count > 0)
            {
                string text = Apply(current.Text, edits);
                current = ComposeDocument.Parse(document.Path, document.DisplayName, text); // never hand back text that no longer parses
            }

            if (next is null)
            {
                final = edits.Count == 0 ? (project, findings) : null;
                break;
            }
        }

        // Last, the logs (CC116), over the whole file once the services are fixed: one anchor serves them all. The last
        // pass's reading serves when it edited nothing; otherwise the file is read and linted once more.
        if (final is null)
        {
            ComposeProject reread = ComposeLoader.Load([current], environment, workingDirectory);
            final = (reread, ComposeRules.Lint(reread, daemon));
        }

        List<Finding> unbounded = final.Value.Findings.FindAll(f => f.Code == ComposeRuleSet.LogsUnbounded && (onlyServices.Count == 0 || onlyServices.Contains(f.Subject)));
        if (unbounded.Count > 0)
        {
            var edits = new List<Edit>();
            CapLogs(current, final.Value.Project, [.. unbounded.Select(f => f.Subject).Distinct(StringComparer.Ordinal)], lineBreak, edits, changes, skipped);
            if (edits.Count > 0)
            {
                current = ComposeDocument.Parse(document.Path, document.DisplayName, Apply(current.Text, edits));
            }
        }

        string fixedText = openEnd && current.Text.EndsWith(lineBreak, StringComparison.Ordinal) ? current.Text[..^lineBreak.Length] : current.Text;
        return new Result(fixedText, changes, [.. skipped.Distinct()], [.. moves.Distinct()]);
    }

    /// <summary>The seed's log options: what CC116 asks for, in the order they are written.</summary>
    private static readonly (string Key, string Value)[] LogOptions = [("max-size", $"\"{LogRotation.MaxSize}\""), ("max-file", $"\"{LogRotation.MaxFile}\"")];

    /// <summary>The seed's options as the change lines name them.</summary>
    private const string LogOptionsShown = $"max-size {LogRotation.MaxSize}, max-file {LogRotation.MaxFile}";

    /// <summary>
    /// CC116: caps the json-file logs of <paramref name="names"/>. A service with no logging gets the seed's block
    /// (<c>driver: json-file</c>, <c>max-size: "100m"</c>, <c>max-file: "3"</c>): written in the service when it is the
    /// only one, else once as a top-level <c>x-logging</c> anchor that each service names (where the file's version
    /// allows extension fields). A logging mapping of its own, or an anchor it shares, gets the missing options; what
    /// comes through a merge key, extends or a flow mapping is reported, not edited.
    /// </summary>
    private static void CapLogs(ComposeDocument document, ComposeProject project, List<string> names, string newline, List<Edit> edits, List<string> changes, List<string> skipped)
    {
        string text = document.Text;

        // The file's indentation step: a service's keys against its name.
        ComposeService first = project.Services[names[0]];
        int unit = Math.Max(1, (int)first.Declarations.Single(d => d.Document == document).Node.Children.Keys.First().Start.Column - (int)first.Position.Column);
        var bare = new List<(ComposeService Service, YamlMappingNode Node, int Start, int End)>();
        var extended = new HashSet<YamlMappingNode>();
        foreach (string name in names)
        {
            ComposeService service = project.Services[name];
            (ComposeDocument _, YamlMappingNode node, int start, int end) = service.Declarations.Single(d => d.Document == document);
            KeyValuePair<YamlNode, YamlNode> own = node.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "logging" });
            if (own.Key is null && service.Logging.Node is null)
            {
                bare.Add((service, node, start, end));
            }
            else if (service.Logging.Node is { Style: not YamlDotNet.Core.Events.MappingStyle.Flow, Children.Count: > 0 } logging
                     && (own.Value == logging || !logging.Anchor.IsEmpty) && (own.Key is not null || !logging.Anchor.IsEmpty))
            {
                if (extended.Add(logging))
                {
                    AddLogOptions(text, logging, unit, newline, edits);
                }

                changes.Add(logging.Anchor.IsEmpty
                    ? $"{name}: capped its {LogRotation.Driver} logs ({LogOptionsShown})"
                    : $"{name}: capped its {LogRotation.Driver} logs in the anchor {logging.Anchor.Value} ({LogOptionsShown})");
            }
            else
            {
                skipped.Add($"{name}: {ComposeRuleSet.LogsUnbounded} its logging comes from a merge key, extends or a flow mapping, which this tool does not edit; add max-size: \"{LogRotation.MaxSize}\" and max-file: \"{LogRotation.MaxFile}\" to its options there");
            }
        }

        if (bare.Count == 0)
        {
            return;
        }

        string? anchor = bare.Count > 1 && AllowsExtensionFields(document) ? FreeAnchor(document) : null;
        if (anchor is not null)
        {
            KeyValuePair<YamlNode, YamlNode> services = document.Root.Children.First(c => c.Key is YamlScalarNode { Value: "services" });
            int at = text.LastIndexOf('\n', Math.Max((int)services.Key.Start.Index - 1, 0)) + 1;
            at = (int)services.Key.Start.Index == 0 ? 0 : at;
            edits.Add(new Edit(at, at, $"x-logging: &{anchor}{newline}{LogBlock(unit, unit, newline)}{newline}"));
        }

        foreach ((ComposeService service, YamlMappingNode node, int start, int end) in bare)
        {
            int column = (int)node.Children.Keys.First().Start.Column - 1;
            int at = EndOfContent(text, start, end);
            edits.Add(new Edit(at, at, anchor is null
                ? $"{new string(' ', column)}logging:{newline}{LogBlock(column + unit, unit, newline)}"
                : $"{new string(' ', column)}logging: *{anchor}{newline}"));
            changes.Add(anchor is null
                ? $"{service.Name}: capped its {LogRotation.Driver} logs (logging: {LogRotation.Driver}, {LogOptionsShown})"
                : $"{service.Name}: capped its {LogRotation.Driver} logs through the x-logging anchor {anchor} ({LogRotation.Driver}, {LogOptionsShown})");
        }
    }

    /// <summary>The seed's logging mapping, its keys at <paramref name="column"/>.</summary>
    private static string LogBlock(int column, int unit, string newline)
    {
        string keys = new(' ', column);
        string options = new(' ', column + unit);
        return $"{keys}driver: {LogRotation.Driver}{newline}{keys}options:{newline}" + string.Concat(LogOptions.Select(o => $"{options}{o.Key}: {o.Value}{newline}"));
    }

    /// <summary>Adds the missing log options to a logging mapping: under its <c>options</c>, or with an <c>options</c> key of its own.</summary>
    private static void AddLogOptions(string text, YamlMappingNode logging, int unit, string newline, List<Edit> edits)
    {
        int column = (int)logging.Children.Keys.First().Start.Column - 1;
        KeyValuePair<YamlNode, YamlNode> options = logging.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "options" });
        if (options.Value is YamlMappingNode { Style: not YamlDotNet.Core.Events.MappingStyle.Flow, Children.Count: > 0 } map)
        {
            int optionColumn = (int)map.Children.Keys.First().Start.Column - 1;
            var present = map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
            YamlNode lastValue = map.Children.Values.Last();
            int at = LineEnd(text, (int)Math.Max(lastValue.End.Index - 1, lastValue.Start.Index));
            edits.Add(new Edit(at, at, string.Concat(LogOptions.Where(o => !present.Contains(o.Key)).Select(o => $"{new string(' ', optionColumn)}{o.Key}: {o.Value}{newline}"))));
            return;
        }

        YamlNode last = logging.Children.Values.Last();
        int end = LineEnd(text, (int)Math.Max(last.End.Index - 1, last.Start.Index));
        edits.Add(new Edit(end, end, $"{new string(' ', column)}options:{newline}" + string.Concat(LogOptions.Select(o => $"{new string(' ', column + unit)}{o.Key}: {o.Value}{newline}"))));
    }

    /// <summary>Whether the file's <c>version</c> allows <c>x-</c> extension fields: none given (the Compose Specification), 2.1 and later, 3.4 and later.</summary>
    private static bool AllowsExtensionFields(ComposeDocument document)
    {
        if (document.Root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "version" }).Value is not YamlScalarNode { Value: { } version })
        {
            return true;
        }

        string[] parts = version.Split('.');
        int major = int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int m) ? m : 0;
        int minor = parts.Length > 1 && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : 0;
        return (major == 2 && minor >= 1) || (major == 3 && minor >= 4) || major > 3;
    }

    /// <summary>An anchor name the file does not use yet (<c>default-logging</c>, else with a number), or null when an <c>x-logging</c> key is already there.</summary>
    private static string? FreeAnchor(ComposeDocument document)
    {
        if (document.Root.Children.Keys.Any(k => k is YamlScalarNode { Value: "x-logging" }))
        {
            return null;
        }

        for (int i = 1; ; i++)
        {
            string name = i == 1 ? "default-logging" : $"default-logging-{i}";
            if (!document.Text.Contains("&" + name, StringComparison.Ordinal))
            {
                return name;
            }
        }
    }

    private static string NewLine(ComposeDocument document) => document.Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    /// <summary>
    /// Fixes what lint reported for <paramref name="service"/> (<paramref name="findings"/>), each code by its step of
    /// the plan: CC114 declares the roles, CC101 and CC103 (under a read-only root) point the variable at the mounted
    /// path or mount the role's folder, CC102 gives a tmpfs holding kept data way to the folder, CC103 on a volume makes
    /// it read-write, CC104 to CC106 move the database into the data volume, CC108 is reported. A role with no finding
    /// is left alone, whatever the fixer would make of it.
    /// </summary>
    private static void FixService(ComposeDocument document, ComposeService service, List<Finding> findings, List<Edit> edits, List<string> changes, List<string> skipped,
        List<(string From, string To)> moves)
    {
        bool Has(string code, string? variable = null) => findings.Exists(f => f.Code == code && (variable is null || f.Variable == variable));
        (ComposeDocument _, YamlMappingNode node, int start, int end) = service.Declarations.Single(d => d.Document == document);
        ServiceRoles roles = ServiceRoles.Of(service);
        List<PathRole> suggested = roles.SuggestedFromMounts();
        if (Has(ComposeRuleSet.RolesUndeclared) && suggested.Count > 0)
        {
            DeclareRoles(document, service, node, start, end, suggested, NewLine(document), edits, changes, skipped);
            return; // it mounts what those roles need: declaring them is the whole fix
        }

        foreach (ServiceVolume volume in service.Volumes.Values.Where(v => v.Spec.WindowsSource && Has(ComposeRuleSet.WindowsHostPath)))
        {
            skipped.Add($"{service.Name}: {ComposeRuleSet.WindowsHostPath} the volume {volume.Spec.Source}:{volume.Spec.Target} has a Windows host path; the fixer cannot know where that folder is on a Linux host: write it relative to the compose file (./{Path.GetFileName(volume.Spec.Target)}:{volume.Spec.Target})");
        }

        var planned = new List<(string Text, string Target)>();
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (roles.Uses(layout.Role) && roles.EntryFor(layout.Variable) is { } entry
                && (Has(ComposeRuleSet.NotMounted, layout.Variable) || Has(ComposeRuleSet.OnTmpfs, layout.Variable) || Has(ComposeRuleSet.ReadOnlyVolume, layout.Variable)))
            {
                FixDirectory(service, layout, entry, tmpfsFlagged: Has(ComposeRuleSet.OnTmpfs, layout.Variable), planned, edits, changes, skipped);
            }
        }

        const string url = CallyticsPathsVariables.DatabaseUrl;
        if (roles.Uses(PathRole.Database) && roles.EntryFor(url) is { } database
            && (Has(ComposeRuleSet.RelativeSqliteUrl, url) || Has(ComposeRuleSet.DatabaseNotMounted, url) || Has(ComposeRuleSet.DatabaseSingleFile, url) || Has(ComposeRuleSet.ReadOnlyVolume, url)))
        {
            FixDatabase(document, service, roles, database, planned, edits, changes, skipped, moves);
        }

        MakeWritable(service, roles, variable => Has(ComposeRuleSet.ReadOnlyVolume, variable), edits, changes, skipped);
        if (planned.Count > 0)
        {
            AddVolumes(document, service, node, start, end, planned, NewLine(document), edits, changes, skipped);
        }
    }

    private static void FixDirectory(ComposeService service, RoleLayout layout, EnvironmentEntry entry, bool tmpfsFlagged, List<(string Text, string Target)> planned,
        List<Edit> edits, List<string> changes, List<string> skipped)
    {
        string? value = ComposeRules.UsablePath(service, entry);
        if (value is null || !value.StartsWith('/') || Callytics.Paths.Validation.ValueRules.Check(layout.Variable, value) is not null)
        {
            return;
        }

        string path = ComposeRules.Normalize(value);
        if (planned.Exists(p => ComposeRules.Contains(p.Target, path)))
        {
            return;
        }

        if (ComposeRules.Holder(service, path) is { } holder)
        {
            // A tmpfs keeps nothing past the container: where lint flagged it (CC102: the role keeps data), the tmpfs
            // line gives way to the standard host folder. Temp files may be lost, so the catalogue never flags temp.
            if (tmpfsFlagged && holder.Spec.Type == "tmpfs" && holder.Spec.Target == path && holder.Own)
            {
                if (RemoveLine(holder.Document, holder.Node, edits))
                {
                    changes.Add($"{service.Name}: the tmpfs at {path} → ./{layout.DefaultName}:{path} ({layout.Variable} keeps data)");
                    planned.Add(($"./{layout.DefaultName}:{path}", path));
                }
                else
                {
                    skipped.Add($"{service.Name}: {layout.Variable}={path} is on a tmpfs, which keeps nothing; its tmpfs entry is not a line of its own list, so mount ./{layout.DefaultName}:{path} in its place by hand");
                }
            }

            return;
        }

        string? meant = layout.Role == PathRole.Data || ServiceRoles.IsDefault(entry) ? null : ComposeRules.ProbablyMeant(service, path);
        if (meant is not null)
        {
            if (ReplaceValue(entry, meant, edits, out string? why))
            {
                changes.Add($"{service.Name}: {layout.Variable} {path} → {meant} (mounted)");
                return;
            }

            // Mounting the same host folder a second time at the unfixable path would leave one folder at two
            // paths: leave it to the user, who was just told what to change.
            skipped.Add($"{service.Name}: {layout.Variable} should be {meant}, but {why}");
            return;
        }

        planned.Add(($"./{layout.DefaultName}:{path}", path));
    }

    /// <summary>
    /// A database outside every volume, or bind-mounted as a single file (CC105, CC106), is moved into the data volume:
    /// <c>DATABASE_URL</c> points into the service's data directory (mounted first when it is not), a single-file
    /// volume line is removed, and its host file (with <c>-wal</c>, <c>-shm</c>, <c>-journal</c>) is to be moved
    /// into the data folder (<see cref="Result.Moves"/>). Never a single-file mount: its own lint warns about those.
    /// </summary>
    private static void FixDatabase(ComposeDocument document, ComposeService service, ServiceRoles roles, EnvironmentEntry entry,
        List<(string Text, string Target)> planned, List<Edit> edits, List<string> changes, List<string> skipped, List<(string From, string To)> moves)
    {
        string? value = ComposeRules.UsablePath(service, entry);
        if (value is null || !DatabaseUrl.TryParse(value, "/", out DatabaseUrl? database, out _) || database.FilePath is null)
        {
            return;
        }

        string file = database.IsRelative ? "/" + database.WrittenFilePath!.TrimStart('/') : database.FilePath;
        ServiceVolume? holder = ComposeRules.Holder(service, file);
        bool singleFile = holder is not null && holder.Spec.Target == file;
        bool mounted = (holder is not null && !singleFile) || planned.Exists(p => ComposeRules.Contains(p.Target, file));
        if (mounted)
        {
            if (database.IsRelative && database.AbsoluteUrlSuggestion is { } fourSlashes)
            {
                if (ReplaceValue(entry, fourSlashes, edits, out string? why))
                {
                    changes.Add($"{service.Name}: {CallyticsPathsVariables.DatabaseUrl} three slashes → four ({DatabaseUrl.Mask(fourSlashes)})");
                }
                else
                {
                    skipped.Add($"{service.Name}: {CallyticsPathsVariables.DatabaseUrl} should have four slashes, but {why}");
                }
            }

            return;
        }

        string data = roles.Under("data");
        string name = Path.GetFileName(file);
        string url = "sqlite:///" + data + "/" + name;
        if (ServiceRoles.IsDefault(entry))
        {
            skipped.Add($"{service.Name}: {ComposeRuleSet.DatabaseNotMounted} its database is the default {file}, which lies in no volume: set {CallyticsPathsVariables.DatabaseUrl}={url} with `- ./data:{data}`, or drop database from {CallyticsPathsVariables.Roles}");
            return;
        }

        if (database.Query.Count > 0)
        {
            skipped.Add($"{service.Name}: {CallyticsPathsVariables.DatabaseUrl} should point into the data volume ({url}), but it carries options the fixer does not rewrite: edit it by hand");
            return;
        }

        if (singleFile && (!holder!.Own || !RemoveLine(document, holder.Node, edits)))
        {
            skipped.Add($"{service.Name}: {ComposeRuleSet.DatabaseSingleFile} the database is bind-mounted as the single file {holder.Spec.Source}:{file}, and that volume line cannot be removed here (it comes from an anchor or extends, or shares its line): move it into the data volume by hand");
            return;
        }

        if (!ReplaceValue(entry, url, edits, out string? reason))
        {
            edits.RemoveAll(e => holder is not null && e.Start < (int)holder.Node.Start.Index && e.End > (int)holder.Node.End.Index && e.Replacement.Length == 0);
            skipped.Add($"{service.Name}: {CallyticsPathsVariables.DatabaseUrl} should be {url} (in the data volume), but {reason}");
            return;
        }

        string? dataHost = ComposeRules.Holder(service, data) is { } dataVolume && dataVolume.Spec.Target == data ? dataVolume.HostPath : null;
        if (ComposeRules.Holder(service, data) is null && !planned.Exists(p => ComposeRules.Contains(p.Target, data)))
        {
            planned.Add(($"./data:{data}", data));
            dataHost = Path.Combine(document.Directory, "data");
        }

        changes.Add($"{service.Name}: {CallyticsPathsVariables.DatabaseUrl} {file} → {data}/{name} (in the data volume{(singleFile ? $", replacing the single-file mount {holder!.Spec.Source}" : string.Empty)})");
        if (singleFile && holder!.HostPath is { } hostFile && dataHost is not null)
        {
            foreach (string suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
            {
                if (suffix.Length == 0 || File.Exists(hostFile + suffix))
                {
                    moves.Add((hostFile + suffix, Path.Combine(dataHost, name + suffix)));
                }
            }
        }
        else if (!singleFile)
        {
            // Not a change of the file: data no fix can move, so a suggestion, with a command Compose v1 and v2 both have.
            string copy = Path.Combine(dataHost ?? "./data", name);
            skipped.Add($"{service.Name}: a database the old container wrote at {file} is in its writable layer, which no fix can reach: copy it out before the container is recreated " +
                $"(`docker cp \"$(docker-compose ps -q {service.Name})\":{file} {copy}`; with Compose v2, `docker compose ps -q {service.Name}`)");
        }
    }

    /// <summary>Removes the sequence item <paramref name="node"/> when it is alone on its line (<c>  - ./x:/app/x</c>).</summary>
    private static bool RemoveLine(ComposeDocument document, YamlNode node, List<Edit> edits)
    {
        string text = document.Text;
        int start = (int)node.Start.Index;
        int end = (int)node.End.Index;
        int lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        int lineEnd = text.IndexOf('\n', end);
        lineEnd = lineEnd < 0 ? text.Length : lineEnd + 1;
        string before = text[lineStart..start].Trim();
        string after = text[end..lineEnd].Trim();
        if (node is not YamlScalarNode || before != "-" || after.Length > 0)
        {
            return false;
        }

        edits.Add(new Edit(lineStart, lineEnd, string.Empty));
        return true;
    }

    /// <summary>Drops <c>ro</c> from a volume that holds a role the service writes (the standard layout mounts them read-write).</summary>
    private static void MakeWritable(ComposeService service, ServiceRoles roles, Func<string, bool> flagged, List<Edit> edits, List<string> changes, List<string> skipped)
    {
        var written = new List<string>();
        foreach (RoleLayout layout in RoleLayout.Directories.Where(l => l.Writes && roles.Uses(l.Role) && flagged(l.Variable)))
        {
            if (roles.EntryFor(layout.Variable)?.Value is { } value && value.StartsWith('/'))
            {
                written.Add(ComposeRules.Normalize(value));
            }
        }

        if (roles.Uses(PathRole.Database) && flagged(CallyticsPathsVariables.DatabaseUrl) && roles.EntryFor(CallyticsPathsVariables.DatabaseUrl)?.Value is { } url
            && DatabaseUrl.TryParse(url, "/", out DatabaseUrl? database, out _) && database is { FilePath: { } file, IsRelative: false, IsReadOnly: false })
        {
            written.Add(file);
        }

        foreach (ServiceVolume volume in written.Select(p => ComposeRules.Holder(service, p)).OfType<ServiceVolume>().Where(v => v.Spec.ReadOnly).Distinct())
        {
            if (!volume.Own)
            {
                skipped.Add($"{service.Name}: the read-only volume at {volume.Spec.Target} comes from an anchor or extends: make it read-write there");
            }
            else if (volume.Node is YamlScalarNode scalar && scalar.Value is { } text && Render(WithoutReadOnly(text), scalar.Style) is { } rendered)
            {
                edits.Add(new Edit((int)scalar.Start.Index, (int)scalar.End.Index, rendered));
                changes.Add($"{service.Name}: volume {volume.Spec.Target} made read-write");
            }
            else if (volume.Node is YamlMappingNode mapping
                     && mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "read_only" }).Value is YamlScalarNode flag)
            {
                edits.Add(new Edit((int)flag.Start.Index, (int)flag.End.Index, "false"));
                changes.Add($"{service.Name}: volume {volume.Spec.Target} made read-write");
            }
            else
            {
                skipped.Add($"{service.Name}: the read-only volume at {volume.Spec.Target} is written in a way this tool does not edit");
            }
        }
    }

    /// <summary>
    /// Adds <c>CALLYTICS_ROLES=&lt;roles&gt;</c> to a service that declares none, in the style its environment is
    /// written in: a list item (<c>- CALLYTICS_ROLES=logs</c>) or a mapping entry (<c>CALLYTICS_ROLES: logs</c>), creating
    /// <c>environment:</c> when the service has none. An environment that comes from an anchor or merge key is not
    /// edited (a key of the service's own would replace it whole).
    /// </summary>
    private static void DeclareRoles(ComposeDocument document, ComposeService service, YamlMappingNode node, int start, int end,
        List<PathRole> roles, string newline, List<Edit> edits, List<string> changes, List<string> skipped)
    {
        string keys = string.Join(',', roles.Select(RoleLayout.KeyOf));
        string text = document.Text;
        string setting = $"{CallyticsPathsVariables.Roles}={keys}";
        KeyValuePair<YamlNode, YamlNode> environment = node.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "environment" });
        if (environment.Key is null && ComposeLoader.Merged(node).ContainsKey("environment"))
        {
            skipped.Add($"{service.Name}: its environment comes from an anchor or merge key; add {setting} there (or to its own environment, repeating the shared entries)");
            return;
        }

        if (environment.Key is null)
        {
            int keyColumn = (int)node.Children.Keys.First().Start.Column - 1;
            string lines = $"{new string(' ', keyColumn)}environment:{newline}{new string(' ', keyColumn + 2)}{CallyticsPathsVariables.Roles}: {keys}{newline}";
            int at = EndOfContent(text, start, end);
            edits.Add(new Edit(at, at, lines));
        }
        else if (environment.Value is YamlSequenceNode { Style: not YamlDotNet.Core.Events.SequenceStyle.Flow, Children.Count: > 0 } list
                 && list.Anchor.IsEmpty && list.Start.Index >= start && list.Start.Index < end)
        {
            YamlNode last = list.Children[^1];
            int dash = text.LastIndexOf('-', (int)last.Start.Index - 1);
            int lineStart = text.LastIndexOf('\n', Math.Max(dash, 0)) + 1;
            string prefix = text[lineStart..dash];
            if (prefix.Trim().Length != 0)
            {
                skipped.Add($"{service.Name}: its environment list is written in a way this tool does not edit; add {setting} by hand");
                return;
            }

            int at = LineEnd(text, (int)Math.Max(last.End.Index - 1, last.Start.Index));
            edits.Add(new Edit(at, at, $"{prefix}- {Render(setting, (last as YamlScalarNode)?.Style ?? ScalarStyle.Plain) ?? setting}{newline}"));
        }
        else if (environment.Value is YamlMappingNode { Style: not YamlDotNet.Core.Events.MappingStyle.Flow, Children.Count: > 0 } map
                 && map.Anchor.IsEmpty && map.Start.Index >= start && map.Start.Index < end && !map.Children.Keys.Any(k => k is YamlScalarNode { Value: "<<" }))
        {
            int column = (int)map.Children.Keys.First().Start.Column - 1;
            YamlNode lastValue = map.Children.Values.Last();
            int at = LineEnd(text, (int)Math.Max(lastValue.End.Index - 1, lastValue.Start.Index));
            edits.Add(new Edit(at, at, $"{new string(' ', column)}{CallyticsPathsVariables.Roles}: {keys}{newline}"));
        }
        else
        {
            skipped.Add($"{service.Name}: its environment is a flow collection, an alias or empty, which this tool does not edit; add {setting} by hand");
            return;
        }

        changes.Add($"{service.Name}: declared {setting} (the roles its mounts hold)");
    }

    /// <summary><c>./logs:/app/logs:ro</c> → <c>./logs:/app/logs</c>; <c>x:/y:ro,z</c> → <c>x:/y:z</c>.</summary>
    private static string WithoutReadOnly(string text)
    {
        int colon = text.LastIndexOf(':');
        string[] modes = text[(colon + 1)..].Split(',');
        string[] kept = [.. modes.Where(m => m != "ro")];
        return kept.Length == 0 ? text[..colon] : text[..(colon + 1)] + string.Join(',', kept);
    }

    /// <summary>Declares, under the top-level <c>volumes</c>, the named volumes the fixed services use but nobody declared.</summary>
    private static void DeclareVolumes(ComposeDocument document, ComposeProject project, IReadOnlyCollection<string> onlyServices, string newline,
        List<Edit> edits, List<string> changes, List<string> skipped)
    {
        string[] missing =
        [
            .. project.Services.Values
                .Where(s => onlyServices.Count == 0 || onlyServices.Contains(s.Name))
                .SelectMany(s => s.Volumes.Values)
                .Where(v => v.Spec is { Type: "volume", Source: not null } && !project.DeclaredVolumes.Contains(v.Spec.Source))
                .Select(v => v.Spec.Source!)
                .Distinct(StringComparer.Ordinal),
        ];
        if (missing.Length == 0)
        {
            return;
        }

        KeyValuePair<YamlNode, YamlNode> top = document.Root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "volumes" });
        string text = document.Text;
        if (top.Key is null)
        {
            string lead = text.Length == 0 || text.EndsWith('\n') ? newline : newline + newline;
            edits.Add(new Edit(text.Length, text.Length, lead + "volumes:" + newline + string.Concat(missing.Select(m => $"  {m}:{newline}"))));
        }
        else if (top.Value is YamlMappingNode { Children.Count: > 0 } declared && declared.Anchor.IsEmpty
                 && declared.Start.Line > top.Key.Start.Line)
        {
            int column = (int)declared.Children.Keys.First().Start.Column - 1;
            var keys = document.Root.Children.Keys.ToList();
            int next = keys.IndexOf(top.Key) + 1 < keys.Count ? (int)keys[keys.IndexOf(top.Key) + 1].Start.Index : text.Length;
            int at = EndOfContent(text, (int)top.Key.Start.Index, next);
            edits.Add(new Edit(at, at, string.Concat(missing.Select(m => $"{new string(' ', column)}{m}:{newline}"))));
        }
        else
        {
            skipped.Add($"the top-level volumes are written in a way this tool does not edit; declare {string.Join(", ", missing)} there");
            return;
        }

        changes.AddRange(missing.Select(m => $"declared the named volume {m}"));
    }

    /// <summary>Replaces an environment value in its own scalar, keeping the scalar's quoting.</summary>
    private static bool ReplaceValue(EnvironmentEntry entry, string value, List<Edit> edits, out string? why)
    {
        why = null;
        if (!entry.Own || entry.Node is null)
        {
            why = "its value comes from an anchor, extends or an env_file: edit it there";
            return false;
        }

        if (Interpolation.HasVariables(entry.Written))
        {
            why = "its value is interpolated from variables: change the variable instead";
            return false;
        }

        YamlScalarNode node = entry.Node;
        bool listForm = node.Value is { } text && text.StartsWith(entry.Name + "=", StringComparison.Ordinal) && entry.Written != text;
        string content = listForm ? $"{entry.Name}={value}" : value;
        string? rendered = Render(content, node.Style);
        if (rendered is null)
        {
            why = "its scalar style (block literal or folded) cannot be edited safely";
            return false;
        }

        edits.Add(new Edit((int)node.Start.Index, (int)node.End.Index, rendered));
        return true;
    }

    private static string? Render(string value, ScalarStyle style) => style switch
    {
        ScalarStyle.Plain or ScalarStyle.Any when IsPlainSafe(value) => value,
        ScalarStyle.Plain or ScalarStyle.Any => "\"" + Escape(value) + "\"",
        ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
        ScalarStyle.DoubleQuoted => "\"" + Escape(value) + "\"",
        _ => null,
    };

    private static bool IsPlainSafe(string value) =>
        value.Length > 0 && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
        && "!&*-?[]{}|>'\"%@`#,".IndexOf(value[0], StringComparison.Ordinal) < 0 && value.Trim() == value;

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static void AddVolumes(ComposeDocument document, ComposeService service, YamlMappingNode node, int start, int end,
        List<(string Text, string Target)> planned, string newline, List<Edit> edits, List<string> changes, List<string> skipped)
    {
        string text = document.Text;
        KeyValuePair<YamlNode, YamlNode> volumes = node.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "volumes" });
        if (volumes.Key is null && ComposeLoader.Merged(node).ContainsKey("volumes"))
        {
            skipped.Add($"{service.Name}: its volumes come from an anchor or merge key; add {string.Join(", ", planned.Select(p => p.Text))} there");
            return;
        }

        var lines = new StringBuilder();
        if (volumes.Key is null)
        {
            // No volumes key: add one after the service's last line, indented like its other keys.
            int keyColumn = (int)node.Children.Keys.First().Start.Column - 1;
            int itemColumn = keyColumn + SequenceIndent(document);
            lines.Append(' ', keyColumn).Append("volumes:").Append(newline);
            foreach ((string item, string _) in planned)
            {
                lines.Append(' ', itemColumn).Append("- ").Append(item).Append(newline);
            }

            int at = EndOfContent(text, start, end);
            edits.Add(new Edit(at, at, lines.ToString()));
        }
        else if (volumes.Value is YamlSequenceNode { Style: not YamlDotNet.Core.Events.SequenceStyle.Flow } sequence && sequence.Children.Count > 0
                 && sequence.Start.Index >= start && sequence.Start.Index < end && sequence.Anchor.IsEmpty)
        {
            YamlNode last = sequence.Children[^1];
            int dash = text.LastIndexOf('-', (int)last.Start.Index - 1);
            int lineStart = text.LastIndexOf('\n', Math.Max(dash, 0)) + 1;
            string prefix = text[lineStart..dash];
            if (prefix.Trim().Length != 0)
            {
                skipped.Add($"{service.Name}: its volumes list is written in a way this tool does not edit; add {string.Join(", ", planned.Select(p => p.Text))} by hand");
                return;
            }

            foreach ((string item, string target) in planned)
            {
                if (last is YamlMappingNode mapping)
                {
                    string keys = new(' ', (int)mapping.Start.Column - 1);
                    string source = item[..item.LastIndexOf(':')];
                    lines.Append(prefix).Append("- type: bind").Append(newline)
                        .Append(keys).Append("source: ").Append(source).Append(newline)
                        .Append(keys).Append("target: ").Append(target).Append(newline);
                }
                else
                {
                    lines.Append(prefix).Append("- ").Append(Render(item, (last as YamlScalarNode)?.Style ?? ScalarStyle.Plain) ?? item).Append(newline);
                }
            }

            int at = LineEnd(text, (int)Math.Max(last.End.Index - 1, last.Start.Index));
            at = last is YamlMappingNode ? EndOfContent(text, (int)last.Start.Index, end) : at;
            edits.Add(new Edit(at, at, lines.ToString()));
        }
        else if (volumes.Value is YamlSequenceNode { Style: not YamlDotNet.Core.Events.SequenceStyle.Flow } shared
                 && !(shared.Start.Index >= start && shared.Start.Index < end) && shared.Children.All(c => c is YamlScalarNode)
                 && AliasAfter(text, (int)volumes.Key.End.Index) is { } alias)
        {
            // `volumes: *common-volumes`: the list is shared through an anchor, and compose cannot merge lists. The
            // service gets its own copy, written out, with the new lines: the anchor and its other users stay as they are.
            int keyColumn = (int)volumes.Key.Start.Column - 1;
            string indent = new(' ', keyColumn + SequenceIndent(document));
            lines.Append(':').Append(alias.Comment.Length > 0 ? " " + alias.Comment : string.Empty);
            foreach (YamlNode item in shared.Children)
            {
                lines.Append(newline).Append(indent).Append("- ").Append(text[(int)item.Start.Index..(int)item.End.Index]);
            }

            foreach ((string item, string _) in planned)
            {
                lines.Append(newline).Append(indent).Append("- ").Append(item);
            }

            edits.Add(new Edit((int)volumes.Key.End.Index, alias.End, lines.ToString()));
            changes.Add($"{service.Name}: its volumes from the anchor {alias.Name} written out in the service, so that only it changes");
        }
        else
        {
            skipped.Add($"{service.Name}: its volumes are a flow list, an alias or empty, which this tool does not edit; add {string.Join(", ", planned.Select(p => p.Text))} by hand");
            return;
        }

        changes.AddRange(planned.Select(p => $"{service.Name}: added volume {p.Text}"));
    }

    /// <summary>
    /// The alias that is the whole value after a key ending at <paramref name="keyEnd"/> (<c>: *name  # comment</c> to
    /// the end of the line), with its name, its comment and where the line's content ends; null for anything else.
    /// </summary>
    private static (string Name, string Comment, int End)? AliasAfter(string text, int keyEnd)
    {
        int lineEnd = text.IndexOf('\n', keyEnd);
        lineEnd = lineEnd < 0 ? text.Length : lineEnd;
        if (lineEnd > keyEnd && text[lineEnd - 1] == '\r')
        {
            lineEnd--;
        }

        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(text[keyEnd..lineEnd], @"^\s*:\s*\*([^\s#]+)\s*(#.*)?$");
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value.TrimEnd(), lineEnd) : null;
    }

    /// <summary>How far the file indents a block list below its key: 0 (<c>- x</c> under the key) or the spaces it uses.</summary>
    private static int SequenceIndent(ComposeDocument document)
    {
        string[] lines = document.Text.Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            string previous = lines[i - 1].TrimEnd('\r');
            if (line.TrimStart().StartsWith("- ", StringComparison.Ordinal) && previous.TrimEnd().EndsWith(':'))
            {
                return Math.Max(0, Indent(line) - Indent(previous));
            }
        }

        return 2;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    /// <summary>The index just after the last line of content (not blank, not a comment) in [start, end).</summary>
    private static int EndOfContent(string text, int start, int end)
    {
        int at = Math.Min(end, text.Length);
        while (at > start)
        {
            int lineStart = text.LastIndexOf('\n', Math.Max(at - 2, 0)) + 1;
            if (lineStart <= start)
            {
                break;
            }

            string line = text[lineStart..at].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                break;
            }

            at = lineStart;
        }

        return at < text.Length && at > 0 && text[at - 1] != '\n' ? LineEnd(text, at) : at;
    }

    /// <summary>The index just after the newline that ends the line holding <paramref name="index"/> (or the end of the text).</summary>
    private static int LineEnd(string text, int index)
    {
        int newline = text.IndexOf('\n', index);
        return newline < 0 ? text.Length : newline + 1;
    }

    private static string Apply(string text, List<Edit> edits)
    {
        var output = new StringBuilder(text);
        foreach (Edit edit in edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.End))
        {
            output.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.Replacement);
        }

        return output.ToString();
    }
}
