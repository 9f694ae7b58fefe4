using Callytics.Paths.Validation;
using System.Text.Json;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting.Compose;

/// <summary>
/// A fleet file shaped like a real microservices compose file (nine services, an anchor merged into most, an
/// env_file, comments in Korean): services that rely on the defaults are noted, <c>compose fix</c> declares their
/// roles in the style of each, and the fixed file lints clean.
/// </summary>
public class FleetComposeTests
{
    private static readonly Dictionary<string, string> Declared = new(StringComparer.Ordinal)
    {
        ["audio-processor"] = "audio,temp,logs,cache",
        ["speaker-diarizer"] = "temp,logs,cache",
        ["speech-recognizer"] = "temp,logs,cache",
        ["punctuation-restorer"] = "temp,logs",
        ["sentiment-analyzer"] = "logs,cache",
        ["llm-analyzer"] = "logs,data,cache",
        ["monitoring"] = "logs",
    };

    private static TempTree Fleet()
    {
        var tree = new TempTree();
        foreach (string file in Directory.GetFiles(ComposeFiles.Path("fleet")))
        {
            File.Copy(file, tree[Path.GetFileName(file)]);
        }

        return tree;
    }

    /// <summary>The tool in-process (<see cref="InProcessTool"/>), working in the tree's root.</summary>
    /// <summary>The tool in <paramref name="tree"/>, on a daemon that caps json-file logs (<see cref="ComposeFiles.CappedDaemon"/>): these files are about paths.</summary>
    private static ProcessResult Tool(TempTree tree, params string[] arguments) =>
        InProcessTool.Run(new Dictionary<string, string>(), tree.Root, [.. arguments, "--daemon-config", ComposeFiles.CappedDaemonFile(tree)]);

    [Fact]
    public void Before_the_fix_each_service_relying_on_the_defaults_gets_one_note_naming_the_roles_its_mounts_suggest()
    {
        using TempTree tree = Fleet();

        ProcessResult run = Tool(tree, "compose", "lint", "docker-compose.yml", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        JsonElement[] findings = [.. JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("findings").EnumerateArray()];
        findings.Should().OnlyContain(f => f.GetProperty("code").GetString() == "CC114" && f.GetProperty("severity").GetString() == "note");
        findings.Select(f => f.GetProperty("service").GetString()).Should().BeEquivalentTo(Declared.Keys);
        foreach (JsonElement finding in findings)
        {
            finding.GetProperty("fix").GetString().Should().Contain($"CALLYTICS_ROLES={Declared[finding.GetProperty("service").GetString()!]}");
        }
    }

    [ToolFact("/usr/bin/python3")]
    public void The_fix_declares_each_services_roles_in_its_own_style_keeps_every_comment_and_lints_clean()
    {
        using TempTree tree = Fleet();
        string before = File.ReadAllText(tree["docker-compose.yml"]);

        ProcessResult fix = Tool(tree, "compose", "fix", "docker-compose.yml", "--write");
        string after = File.ReadAllText(tree["docker-compose.yml"]);

        fix.ExitCode.Should().Be(0, fix.ToString());
        Tool(tree, "compose", "lint", "docker-compose.yml").StandardOutput.Should().Be("0 errors, 0 warnings, 0 notes in 1 file.\n");
        Tool(tree, "compose", "fix", "docker-compose.yml", "--check").ExitCode.Should().Be(0, "a second fix changes nothing");
        Comments(after).Should().Equal(Comments(before));
        ServiceNames(after).Should().Equal(ServiceNames(before));
        after.Should().Contain("      - SAMPLE_RATE=16000\n      - CALLYTICS_ROLES=audio,temp,logs,cache\n", "a list gets a list item");
        after.Should().Contain("      LOG_LEVEL: info\n      CALLYTICS_ROLES: logs,cache\n", "a mapping gets a mapping entry");
        after.Should().Contain("    image: callytics/monitoring:1.4\n    ports:\n      - \"9090:9090\"\n    volumes:\n      - ./logs:/app/logs\n    environment:\n      CALLYTICS_ROLES: logs\n",
            "a service without environment gets one");

        const string script = """
            import json, sys, yaml
            services = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["services"]
            roles = {}
            for name, service in services.items():
                env = service.get("environment") or {}
                if isinstance(env, list):
                    env = dict(item.split("=", 1) for item in env)
                if "CALLYTICS_ROLES" in env:
                    roles[name] = env["CALLYTICS_ROLES"]
            print(json.dumps(roles, sort_keys=True))
            """;
        ProcessResult python = ChildProcess.Run(["/usr/bin/python3", "-c", script, tree["docker-compose.yml"]]);
        python.ExitCode.Should().Be(0, python.ToString());
        JsonSerializer.Deserialize<Dictionary<string, string>>(python.StandardOutput).Should().BeEquivalentTo(
            new Dictionary<string, string>(Declared) { ["database-service"] = "logs,cache" });
    }

    [Fact]
    public void A_service_declaring_its_roles_is_checked_for_those_roles_only_defaults_included()
    {
        using var tree = new TempTree();

        List<Finding> clean = ComposeFiles.Lint(tree, "services:\n  monitoring:\n    environment:\n      - CALLYTICS_ROLES=logs\n    volumes:\n      - ./logs:/app/logs\n");
        List<Finding> missing = ComposeFiles.Lint(tree, "services:\n  restorer:\n    environment:\n      - CALLYTICS_ROLES=temp,logs\n    volumes:\n      - ./logs:/app/logs\n");

        clean.Should().BeEmpty();
        Finding finding = missing.Should().ContainSingle().Subject;
        (finding.Code, Finding.SeverityWord(finding.Severity), finding.Line, finding.Column).Should().Be(("CC101", "error", 4, 9));
        finding.Message.Should().StartWith("TEMP_DIR=/app/temp (its default: TEMP_DIR is not set, and CALLYTICS_ROLES says the service uses temp) lies inside no volume");
    }

    [Fact]
    public void Variables_of_roles_a_service_does_not_use_are_not_checked()
    {
        using var tree = new TempTree();

        ComposeFiles.Lint(tree, "services:\n  db:\n    environment:\n      CALLYTICS_ROLES: logs\n      TEMP_DIR: /app/.temp\n      DATABASE_URL: sqlite:///app/x.sqlite\n    volumes:\n      - ./logs:/app/logs\n")
            .Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_role_key_is_an_error_at_its_line_naming_the_nearest_role()
    {
        using var tree = new TempTree();

        Finding finding = ComposeFiles.Lint(tree, "services:\n  a:\n    environment:\n      CALLYTICS_ROLES: log\n    volumes:\n      - ./logs:/app/logs\n")
            .Should().ContainSingle().Subject;

        (finding.Code, Finding.SeverityWord(finding.Severity), finding.Line).Should().Be(("CC113", "error", 4));
        finding.Message.Should().Contain("'log'").And.Contain("Did you mean 'logs'?");
    }

    private static List<string> Comments(string yaml) =>
        [.. yaml.Split('\n').Select(l => l.IndexOf('#', StringComparison.Ordinal) is int hash and >= 0 ? l[hash..] : null).OfType<string>()];

    private static List<string> ServiceNames(string yaml) =>
        [.. yaml.Split('\n').Where(l => l.Length > 2 && l.StartsWith("  ", StringComparison.Ordinal) && l[2] != ' ' && l[2] != '#' && l.TrimEnd().EndsWith(':'))];
}
