using System.Text.Json;
using System.Text.RegularExpressions;
using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Linting;

/// <summary>
/// <c>compose lint</c>'s verdicts against what the engine does. Each file of the corpus comes up on the engine (its
/// services keep their environment and mounts, and run a minimal Debian doing nothing); a marker is written at each
/// role path the service uses; the services are recreated; the markers that survived are counted. Lint must say "lies
/// inside no volume" (CC101, CC105) or "inside a tmpfs" (CC102) exactly where a marker was lost (but temp on a tmpfs,
/// which the engine shows is lost and no rule flags: temp files may be lost), CC103 exactly where the engine refused a
/// write with EROFS, and CC107 exactly where Docker made a directory in place of the database file. Then
/// <c>compose fix --write</c>, and the same on the fixed file: every marker survives, but for temp on a tmpfs, which
/// the fixer leaves.
/// </summary>
public sealed partial class ComposeVerdictTests
{
    private static readonly (string Variable, string Key, string DefaultName, bool Writes)[] Roles =
    [
        ("AUDIO_DIR", "audio", "audio", false), ("TEMP_DIR", "temp", "temp", true), ("LOG_DIR", "logs", "logs", true),
        ("DATA_DIR", "data", "data", true), ("CONFIG_DIR", "config", "config", false), ("CACHE_DIR", "cache", ".cache", true),
    ];

    public static TheoryData<string> Corpus => new() { "compose/realistic", "compose/fleet", "verdicts", "sample" };

    [EngineTheory]
    [MemberData(nameof(Corpus))]
    public void Lint_says_lost_exactly_where_the_engine_loses_a_marker_and_after_the_fix_every_marker_survives(string corpus)
    {
        DockerEngine.Require();
        using var folder = new HostFolder();
        string source = corpus == "sample" ? Repository.Path("samples/docker") : Path.Combine(AppContext.BaseDirectory, "TestData", corpus);
        foreach (string file in Directory.GetFiles(source).Where(f => !f.EndsWith("Dockerfile", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(folder.Root, Path.GetFileName(file)));
        }

        string compose = Path.Combine(folder.Root, "docker-compose.yml");
        List<Verdict> before = Run(folder, compose, "before");
        before.Should().NotBeEmpty("the corpus has role paths");
        // A three-slash URL is relative to the image's working directory, which lint cannot see: CC104 says so instead.
        before.Where(v => v.Outcome == "lost" && !v.ThreeSlashes && !v.TempOnTmpfs).Select(v => v.Key).Should().BeEquivalentTo(before.Where(v => v.SaysLost).Select(v => v.Key),
            $"lint must say 'lost' exactly where the engine lost the marker:\n{Describe(before)}");
        before.Where(v => v.Outcome == "erofs" && v.Writes).Select(v => v.Key).Should().BeEquivalentTo(before.Where(v => v.SaysReadOnly).Select(v => v.Key),
            $"lint must say CC103 exactly where the engine refused the write:\n{Describe(before)}");
        before.Where(v => v.Outcome == "eisdir").Select(v => v.Key).Should().BeEquivalentTo(before.Where(v => v.Codes.Contains("CC107")).Select(v => v.Key),
            $"lint must say CC107 exactly where Docker made a directory for the database file:\n{Describe(before)}");
        before.Should().OnlyContain(v => v.Outcome == "kept" || v.Outcome == "lost" || v.Outcome == "erofs" || v.Outcome == "eisdir" || v.ThreeSlashes,
            $"no other failure:\n{Describe(before)}");
        before.Where(v => v.ThreeSlashes && !v.Codes.Contains("CC104")).Should().BeEmpty("a three-slash URL is CC104");

        CommandResult fix = DockerEngine.Run([.. Repository.Tool, "compose", "fix", "--write", compose], workingDirectory: folder.Root);
        fix.ExitCode.Should().Be(0, fix.ToString());
        List<Verdict> after = Run(folder, compose, "after");
        // Audio and configuration are only read: a read-only volume there refuses the marker, as it should.
        after.Should().OnlyContain(v => v.Outcome == "kept" || (v.Outcome == "erofs" && !v.Writes)
                || (v.Outcome == "lost" && v.TempOnTmpfs),
            $"after compose fix every marker survives (temp on a tmpfs may be lost, and no rule flags it):\n{fix.All}\n{Describe(after)}");
    }

    /// <summary>Lints <paramref name="compose"/>, brings it up, writes the markers, recreates, and pairs each marker's fate with lint's findings.</summary>
    private static List<Verdict> Run(HostFolder folder, string compose, string phase)
    {
        CommandResult lint = DockerEngine.Run([.. Repository.Tool, "compose", "lint", "--format", "json", compose], workingDirectory: folder.Root);
        lint.ExitCode.Should().BeOneOf([0, 1], lint.ToString());
        var findings = new List<(string Service, string Variable, string Code)>();
        foreach (JsonElement finding in JsonDocument.Parse(lint.Output).RootElement.GetProperty("findings").EnumerateArray())
        {
            if (finding.GetProperty("service").GetString() is { } service && VariableOf(finding.GetProperty("code").GetString()!, finding.GetProperty("message").GetString()!) is { } variable)
            {
                findings.Add((service, variable, finding.GetProperty("code").GetString()!));
            }
        }

        string engineFile = Path.Combine(folder.Root, $"engine-{phase}.yml");
        CommandResult derived = DockerEngine.Run(["python3", Path.Combine(AppContext.BaseDirectory, "Support", "engine_compose.py"), compose, engineFile, DockerEngine.DebianImage]);
        derived.ExitCode.Should().Be(0, derived.ToString());
        string project = "callytics-verdict-" + Guid.NewGuid().ToString("N")[..8];
        string[] up = ["docker-compose", "--project-name", project, "--file", engineFile];
        try
        {
            CommandResult started = DockerEngine.Run([.. up, "up", "-d", "--no-build"], workingDirectory: folder.Root);
            started.ExitCode.Should().Be(0, started.ToString());
            var markers = new List<(Marker Marker, string Written)>();
            foreach ((string service, string id) in Containers(project))
            {
                markers.AddRange(WriteMarkers(service, id));
            }

            CommandResult recreated = DockerEngine.Run([.. up, "up", "-d", "--no-build", "--force-recreate", "--timeout", "1"], workingDirectory: folder.Root);
            recreated.ExitCode.Should().Be(0, recreated.ToString());
            Dictionary<string, string> containers = Containers(project);
            var verdicts = new List<Verdict>();
            foreach (IGrouping<string, (Marker Marker, string Written)> service in markers.GroupBy(m => m.Marker.Service))
            {
                // One shell per service answers for all its markers: there (kept) or not (lost).
                List<(Marker Marker, string Written)> written = [.. service.Where(m => m.Written == "ok")];
                string[] found = written.Count == 0 ? [] : DockerEngine.Run(["docker", "exec", "-i", "--user", "0", containers[service.Key], "sh", "-c",
                    "while IFS= read -r target; do if [ -e \"$target\" ]; then echo kept; else echo \"lost $(stat -f -c %T \"$(dirname \"$target\")\" 2>/dev/null)\"; fi; done"],
                    input: string.Join('\n', written.Select(m => m.Marker.Target)) + "\n").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                found.Should().HaveCount(written.Count);
                foreach ((Marker marker, string answer) in service.Select(m => (m.Marker, m.Written == "ok" ? found[written.IndexOf(m)] : m.Written)))
                {
                    // "lost tmpfs": the marker's folder is a fresh tmpfs after the recreate.
                    string[] parts = answer.Split(' ', 2);
                    verdicts.Add(new Verdict(marker.Service, marker.Variable, marker.Writes, marker.ThreeSlashes, parts[0], parts.Length > 1 && parts[1] == "tmpfs",
                        [.. findings.Where(f => f.Service == marker.Service && f.Variable == marker.Variable).Select(f => f.Code)]));
                }
            }

            return verdicts;
        }
        finally
        {
            DockerEngine.Run([.. up, "down", "--volumes", "--timeout", "1"], workingDirectory: folder.Root);
        }
    }

    /// <summary>The project's running containers by service (one docker call; each docker-compose call costs a Python start).</summary>
    private static Dictionary<string, string> Containers(string project) =>
        DockerEngine.Docker("ps", "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Label \"com.docker.compose.service\"}} {{.ID}}")
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);

    /// <summary>
    /// The role paths a service uses, read from its container as the README's table says (the variables set, or the
    /// defaults under CALLYTICS_ROOT for the roles CALLYTICS_ROLES names), and a marker written as root at each.
    /// </summary>
    private static IEnumerable<(Marker Marker, string Written)> WriteMarkers(string service, string id)
    {
        CommandResult inspect = DockerEngine.Docker("inspect", "--format", "{{json .Config.Env}}\n{{.Config.WorkingDir}}", id);
        inspect.ExitCode.Should().Be(0, inspect.ToString());
        string[] lines = inspect.Output.Split('\n');
        Dictionary<string, string> env = (JsonSerializer.Deserialize<string[]?>(lines[0]) ?? []).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        string workingDirectory = lines.Length > 1 && lines[1].StartsWith('/') ? lines[1] : "/";
        string root = env.TryGetValue("CALLYTICS_ROOT", out string? given) && given.StartsWith('/') ? given.TrimEnd('/') : "/app";
        HashSet<string>? declared = env.TryGetValue("CALLYTICS_ROLES", out string? roles)
            ? [.. roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : null;
        bool Uses(string key, string variable) => declared is null ? env.ContainsKey(variable) : declared.Contains(key) || declared.Contains("all");

        var markers = new List<Marker>();
        foreach ((string variable, string key, string defaultName, bool writes) in Roles)
        {
            if (Uses(key, variable) && (env.TryGetValue(variable, out string? value) ? value : $"{root}/{defaultName}") is { } path && path.StartsWith('/'))
            {
                markers.Add(new Marker(service, variable, $"{path.TrimEnd('/')}/.callytics-marker-{service}", writes, false));
            }
        }

        if (Uses("database", "DATABASE_URL"))
        {
            string url = env.TryGetValue("DATABASE_URL", out string? value) ? value : $"sqlite:///{root}/Callytics_new.sqlite";
            if (url.StartsWith("sqlite:///", StringComparison.Ordinal))
            {
                string written = url["sqlite:///".Length..].Split('?')[0];
                bool threeSlashes = !written.StartsWith('/');
                markers.Add(new Marker(service, "DATABASE_URL", threeSlashes ? Path.Combine(workingDirectory, written) : written, true, threeSlashes));
            }
        }

        if (markers.Count == 0)
        {
            return [];
        }

        // One shell in the container writes them all: the directory first (mkdir -p), then one line appended to the
        // marker (to the database file itself), each reporting ok or the error the engine gave.
        const string Script = """
            while IFS= read -r target; do
              if err=$( { mkdir -p "$(dirname "$target")" && printf 'marker\n' >> "$target"; } 2>&1 ); then echo ok; else echo "$err" | tr '\n' ' '; echo; fi
            done
            """;
        CommandResult wrote = DockerEngine.Run(["docker", "exec", "-i", "--user", "0", id, "sh", "-c", Script], input: string.Join('\n', markers.Select(m => m.Target)) + "\n");
        wrote.ExitCode.Should().Be(0, wrote.ToString());
        string[] results = wrote.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        results.Should().HaveCount(markers.Count, wrote.ToString());
        return markers.Zip(results, (m, r) => (m, r switch
        {
            "ok" => "ok",
            _ when r.Contains("Read-only file system", StringComparison.Ordinal) => "erofs",
            _ when r.Contains("Is a directory", StringComparison.Ordinal) => "eisdir",
            _ => "failed: " + r,
        }));
    }

    /// <summary>The variable a finding is about: the database's codes are DATABASE_URL's; the others name theirs.</summary>
    private static string? VariableOf(string code, string message) => code switch
    {
        "CC104" or "CC105" or "CC106" or "CC107" => "DATABASE_URL",
        _ when message.Contains("the database ", StringComparison.Ordinal) => "DATABASE_URL",
        _ => RoleVariable().Match(message) is { Success: true } match ? match.Groups[1].Value : null,
    };

    private static string Describe(IEnumerable<Verdict> verdicts) =>
        string.Join('\n', verdicts.Select(v => $"  {v.Service} {v.Variable}: {v.Outcome} — lint: {(v.Codes.Count == 0 ? "nothing" : string.Join(", ", v.Codes))}"));

    [GeneratedRegex(@"\b(AUDIO_DIR|TEMP_DIR|LOG_DIR|DATA_DIR|CONFIG_DIR|CACHE_DIR)=")]
    private static partial Regex RoleVariable();

    private sealed record Marker(string Service, string Variable, string Target, bool Writes, bool ThreeSlashes);

    private sealed record Verdict(string Service, string Variable, bool Writes, bool ThreeSlashes, string Outcome, bool OnTmpfs, IReadOnlyList<string> Codes)
    {
        public string Key => $"{Service} {Variable}";

        /// <summary>Temp files on a tmpfs: lost on recreate by design, and flagged by no rule (CC102 and CP503 skip temp).</summary>
        public bool TempOnTmpfs => Variable == "TEMP_DIR" && OnTmpfs && Codes.Count == 0;

        public bool SaysLost => !ThreeSlashes && Codes.Any(c => c is "CC101" or "CC105" or "CC102");

        public bool SaysReadOnly => Codes.Contains("CC103");
    }
}
