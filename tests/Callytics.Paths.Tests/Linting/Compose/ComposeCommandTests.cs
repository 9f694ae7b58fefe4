using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting.Compose;

public class ComposeCommandTests
{
    private const string Broken = """
        services:
          api:
            environment:
              TEMP_DIR: /app/.temp
              CACHE_DIR: /app/.cache
              DATABASE_URL: postgresql://calls:hunter2@db/calls
            volumes:
              - ./temp:/app/temp
        """;

    /// <summary>The tool in-process (<see cref="InProcessTool"/>), working in the tree's root.</summary>
    /// <summary>The 16 bytes every SQLite database starts with: only such a file is ever moved.</summary>
    private const string Sqlite = "SQLite format 3\0";

    /// <summary>The tool in <paramref name="tree"/>, on a daemon that caps json-file logs (<see cref="ComposeFiles.CappedDaemon"/>): these files are about paths.</summary>
    private static ProcessResult Tool(TempTree tree, params string[] arguments) =>
        InProcessTool.Run(new Dictionary<string, string>(), tree.Root, [.. arguments, "--daemon-config", ComposeFiles.CappedDaemonFile(tree)]);

    [Fact]
    public void Lint_text_is_one_clickable_line_per_finding_with_its_fix_indented_below_then_a_summary_and_exit_1_on_errors()
    {
        using var tree = new TempTree();
        tree.WriteFile("docker-compose.yml", Broken);

        ProcessResult run = Tool(tree, "compose", "lint", "docker-compose.yml");

        run.ExitCode.Should().Be(1, run.ToString());
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        lines[..^1].Where((_, i) => i % 2 == 0).Should().AllSatisfy(l => l.Should().MatchRegex(@"^docker-compose\.yml:\d+:\d+: (error|warning|note) CC\d{3}: .+ \[api\]$"));
        lines[..^1].Where((_, i) => i % 2 == 1).Should().AllSatisfy(l => l.Should().StartWith("    fix: "));
        lines[0].Should().StartWith("docker-compose.yml:4:17: error CC101: TEMP_DIR=/app/.temp");
        lines[1].Should().Be("    fix: Did you mean /app/temp? Set TEMP_DIR=/app/temp, or add `- ./temp:/app/.temp` to the volumes of api.");
        lines[^1].Should().Be("1 error, 1 warning, 0 notes in 1 file.");
        run.All.Should().NotContain("hunter2");
    }

    [Fact]
    public void Lint_exits_0_with_only_warnings()
    {
        using var tree = new TempTree();
        tree.WriteFile("c.yml", "services:\n  a:\n    environment: {CACHE_DIR: /app/.cache}\n");

        Tool(tree, "compose", "lint", "c.yml").ExitCode.Should().Be(0);
    }

    [Fact]
    public void Lint_json_has_the_documented_shape()
    {
        using var tree = new TempTree();
        tree.WriteFile("docker-compose.yml", Broken);

        ProcessResult run = Tool(tree, "compose", "lint", "docker-compose.yml", "--format", "json");

        JsonElement finding = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("findings")[0];
        finding.EnumerateObject().Select(p => p.Name).Should().Equal("file", "line", "column", "severity", "code", "service", "message", "fix");
        finding.GetProperty("line").GetInt32().Should().Be(4);
    }

    [Fact]
    public void Lint_sarif_is_sarif_2_1_0_with_every_rule_described()
    {
        using var tree = new TempTree();
        tree.WriteFile("docker-compose.yml", Broken);

        ProcessResult run = Tool(tree, "compose", "lint", "docker-compose.yml", "--format", "sarif");

        JsonElement log = JsonDocument.Parse(run.StandardOutput).RootElement;
        log.GetProperty("version").GetString().Should().Be("2.1.0");
        log.GetProperty("$schema").GetString().Should().Contain("sarif-2.1.0");
        JsonElement rules = log.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules");
        string[] ids = [.. rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
        ids.Should().Contain(["CC101", "CC102", "CC103", "CC104", "CC105", "CC106", "CC107", "CC108", "CC109", "CC110"]);
        foreach (JsonElement result in log.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
        {
            int index = result.GetProperty("ruleIndex").GetInt32();
            ids[index].Should().Be(result.GetProperty("ruleId").GetString());
            result.GetProperty("level").GetString().Should().BeOneOf("error", "warning", "note");
            JsonElement region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
            region.GetProperty("startLine").GetInt32().Should().BePositive();
        }
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void Malformed_yaml_exits_2_with_file_line_column_and_no_stack_trace(string format)
    {
        using var tree = new TempTree();
        tree.WriteFile("bad.yml", "services:\n  a:\n    image: x\n   bad: 1\n");

        ProcessResult run = Tool(tree, "compose", "lint", "bad.yml", "--format", format);

        run.ExitCode.Should().Be(2);
        run.All.Should().Contain("bad.yml:4:4:").And.NotContain("   at ");
        if (format == "json")
        {
            JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("exitCode").GetInt32().Should().Be(2);
        }
    }

    [Fact]
    public void A_missing_file_exits_2()
    {
        using var tree = new TempTree();
        ProcessResult run = Tool(tree, "compose", "lint", "nope.yml");

        run.ExitCode.Should().Be(2);
        run.StandardError.Should().Be("callytics-paths: nope.yml: cannot read: no such file\n");
    }

    [Fact]
    public void Each_lints_every_file_as_a_project_of_its_own_instead_of_merging_them()
    {
        using var tree = new TempTree();
        tree.WriteFile("one/docker-compose.yml", "services:\n  api:\n    environment: {LOG_DIR: /app/logs}\n");
        tree.WriteFile("two/docker-compose.yml", "services:\n  api:\n    environment: {LOG_DIR: /app/logs}\n    volumes: [./logs:/app/logs]\n");

        ProcessResult merged = Tool(tree, "compose", "lint", "one/docker-compose.yml", "two/docker-compose.yml");
        merged.ExitCode.Should().Be(0, "merged, the second file's volume holds the first file's LOG_DIR");

        ProcessResult each = Tool(tree, "compose", "lint", "--each", "one/docker-compose.yml", "two/docker-compose.yml");
        each.ExitCode.Should().Be(1, each.ToString());
        each.StandardOutput.Should().Contain("one/docker-compose.yml:3:28: error CC101").And.NotContain("two/docker-compose.yml:")
            .And.EndWith("1 error, 0 warnings, 0 notes in 2 files.\n");
    }

    [Fact]
    public void The_service_filter_limits_lint_and_fix()
    {
        using var tree = new TempTree();
        tree.WriteFile("c.yml", "services:\n  a:\n    environment: {LOG_DIR: /app/logs}\n  b:\n    environment: {LOG_DIR: /app/logs}\n");

        Tool(tree, "compose", "lint", "c.yml", "--service", "b").StandardOutput.Should().Contain("[b]").And.NotContain("[a]");
    }

    [Fact]
    public void Fix_prints_by_default_checks_diffs_and_writes_atomically_keeping_the_mode()
    {
        using var tree = new TempTree();
        string file = tree.WriteFile("docker-compose.yml", Broken);
        File.SetUnixFileMode(file, (UnixFileMode)0x1A0); // 0640
        long inode = Inode(file);

        ProcessResult printed;
        using (SecretScan.Expect("without --write, fix prints the user's own file whole, password included, for redirection"))
        {
            printed = Tool(tree, "compose", "fix", "docker-compose.yml");
        }

        printed.ExitCode.Should().Be(0);
        printed.StandardOutput.Should().Contain("TEMP_DIR: /app/temp").And.Contain("- ./.cache:/app/.cache");
        File.ReadAllText(file).Should().Be(Broken, "printing changes nothing");

        Tool(tree, "compose", "fix", "docker-compose.yml", "--check").ExitCode.Should().Be(1);
        ProcessResult diff = Tool(tree, "compose", "fix", "docker-compose.yml", "--diff");
        diff.StandardOutput.Should().StartWith("--- a/docker-compose.yml\n+++ b/docker-compose.yml\n@@ ")
            .And.Contain("\n-      TEMP_DIR: /app/.temp\n+      TEMP_DIR: /app/temp\n")
            .And.Contain("       DATABASE_URL: postgresql://calls:***@db/calls\n", "a diff is read and kept in CI logs: its URLs are masked");

        ProcessResult write = Tool(tree, "compose", "fix", "docker-compose.yml", "--write");
        write.ExitCode.Should().Be(0, write.ToString());
        File.ReadAllText(file).Should().Be(printed.StandardOutput);
        File.GetUnixFileMode(file).Should().Be((UnixFileMode)0x1A0);
        Inode(file).Should().NotBe(inode, "the file was replaced by a rename, not rewritten in place");
        Directory.GetFiles(tree.Root).Should().ContainSingle("no temporary file is left behind");
        Tool(tree, "compose", "fix", "docker-compose.yml", "--check").ExitCode.Should().Be(0);
        Tool(tree, "compose", "lint", "docker-compose.yml").ExitCode.Should().Be(0);
    }

    [Fact]
    public void Fix_modes_exclude_one_another()
    {
        using var tree = new TempTree();
        tree.WriteFile("c.yml", Broken);
        Tool(tree, "compose", "fix", "c.yml", "--write", "--diff").ExitCode.Should().Be(2);
    }

    [Fact]
    public void Fix_write_moves_a_single_file_database_into_the_data_folder_and_without_write_prints_the_move()
    {
        using var tree = new TempTree();
        const string Compose = "services:\n  a:\n    environment:\n      DATABASE_URL: sqlite:////app/Callytics_new.sqlite\n    volumes:\n      - ./Callytics_new.sqlite:/app/Callytics_new.sqlite\n";
        tree.WriteFile("c.yml", Compose);
        tree.WriteFile("Callytics_new.sqlite", Sqlite + "the data");
        tree.WriteFile("Callytics_new.sqlite-shm", "shm");

        ProcessResult dry = Tool(tree, "compose", "fix", "c.yml");
        dry.StandardError.Should().Contain($"mv -n '{tree["Callytics_new.sqlite"]}' '{tree["data/Callytics_new.sqlite"]}'");
        File.Exists(tree["Callytics_new.sqlite"]).Should().BeTrue("nothing moves without --write");

        ProcessResult run = Tool(tree, "compose", "fix", "c.yml", "--write");

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain($"moved {tree["Callytics_new.sqlite"]} → {tree["data/Callytics_new.sqlite"]}");
        File.ReadAllText(tree["data/Callytics_new.sqlite"]).Should().Be(Sqlite + "the data");
        File.ReadAllText(tree["data/Callytics_new.sqlite-shm"]).Should().Be("shm");
        File.Exists(tree["Callytics_new.sqlite"]).Should().BeFalse();
        ProcessResult lint = Tool(tree, "compose", "lint", "c.yml");
        lint.ExitCode.Should().Be(0, lint.ToString());
        lint.StandardOutput.Should().Be("0 errors, 0 warnings, 0 notes in 1 file.\n", "the fixed file draws no warning from its own linter");
    }

    [Fact]
    public void Fix_write_never_moves_onto_a_database_already_in_the_data_folder()
    {
        using var tree = new TempTree();
        tree.WriteFile("c.yml", "services:\n  a:\n    environment:\n      DATABASE_URL: sqlite:////app/Callytics_new.sqlite\n    volumes:\n      - ./Callytics_new.sqlite:/app/Callytics_new.sqlite\n");
        tree.WriteFile("Callytics_new.sqlite", Sqlite + "old");
        tree.WriteFile("data/Callytics_new.sqlite", "newer");

        ProcessResult run = Tool(tree, "compose", "fix", "c.yml", "--write");

        run.StandardError.Should().Contain("not moved").And.Contain("the target exists");
        File.ReadAllText(tree["data/Callytics_new.sqlite"]).Should().Be("newer");
        File.ReadAllText(tree["Callytics_new.sqlite"]).Should().Be(Sqlite + "old");
    }

    private static long Inode(string path) =>
        long.Parse(ChildProcess.Run(["stat", "-c", "%i", path]).StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static string SingleFileDatabase(string source) =>
        $"services:\n  a:\n    environment:\n      DATABASE_URL: sqlite:////app/Callytics_new.sqlite\n    volumes:\n      - {source}:/app/Callytics_new.sqlite\n";

    [Fact]
    public void Fix_write_moves_no_file_from_outside_the_project_nor_one_that_is_no_database_and_quotes_the_printed_command()
    {
        using var outside = new TempTree();
        outside.WriteFile("passwd", "root:x:0:0::/root:/bin/sh\n");
        outside.WriteFile("passwd-wal", "wal");
        using var tree = new TempTree();
        tree.WriteFile("c.yml", SingleFileDatabase(outside["passwd"]));
        string hostile = tree.Dir("it's $(touch pwned)");
        tree.WriteFile("d.yml", "services:\n  a:\n    environment:\n      DATABASE_URL: sqlite:////app/Callytics_new.sqlite\n    volumes:\n" +
            "      - './it''s $(touch pwned)/db.sqlite:/app/Callytics_new.sqlite'\n");
        File.WriteAllText(Path.Combine(hostile, "db.sqlite"), "not a database");

        ProcessResult run = Tool(tree, "compose", "fix", "--write", "c.yml");
        ProcessResult quoted = Tool(tree, "compose", "fix", "d.yml");

        run.ExitCode.Should().Be(0, run.ToString());
        File.Exists(outside["passwd"]).Should().BeTrue("a file outside the project folder is never moved");
        File.Exists(outside["passwd-wal"]).Should().BeTrue();
        run.StandardError.Should().Contain($"not moved: {outside["passwd"]}: it lies outside the compose file's folder");
        string command = quoted.StandardError.Split('\n').Single(l => l.Contains("to move the database with it: ", StringComparison.Ordinal))
            .Split("to move the database with it: ")[1];
        ProcessResult pasted = ChildProcess.Run(["sh", "-c", command], workingDirectory: tree.Root);
        pasted.ExitCode.Should().Be(0, pasted.ToString());
        File.Exists(tree["pwned"]).Should().BeFalse("nothing in a host path runs when the printed command is pasted");
        File.Exists(Path.Combine(tree["data"], "Callytics_new.sqlite")).Should().BeTrue("the quoted command moves the file it names");
    }

    [RootFact]
    public void Fix_write_keeps_the_owner_group_and_mode_creates_its_new_file_owner_only_and_refuses_a_hard_link()
    {
        using var tree = new TempTree();
        tree.WriteFile("c.yml", "services:\n  a:\n    environment:\n      TEMP_DIR: /app/.temp\n    volumes:\n      - ./temp:/app/temp\n");
        Syscalls.Chown(tree["c.yml"], 1000, 1000);
        File.SetUnixFileMode(tree["c.yml"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        string log = tree["strace.log"];

        ProcessResult run = ChildProcess.Run(["strace", "-f", "-e", "trace=openat", "-o", log, ChildProcess.Dotnet, ChildProcess.ToolDll, "compose", "fix", "--write", "c.yml"],
            workingDirectory: tree.Root);

        run.ExitCode.Should().Be(0, run.ToString());
        ChildProcess.Run(["stat", "-c", "%u:%g %a", tree["c.yml"]]).StandardOutput.Trim().Should().Be("1000:1000 640");
        File.ReadAllText(tree["c.yml"]).Should().Contain("TEMP_DIR: /app/temp");
        File.ReadAllLines(log).Where(l => l.Contains(".callytics-fix-", StringComparison.Ordinal) && l.Contains("O_CREAT", StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().Contain(", 0600) = ", "the new file is owner-only from its creation: never readable by others, even for a moment");

        ChildProcess.Run(["ln", tree["c.yml"], tree["second-name.yml"]]).ExitCode.Should().Be(0);
        File.WriteAllText(tree["c.yml"], "services:\n  a:\n    environment:\n      TEMP_DIR: /app/.temp\n    volumes:\n      - ./temp:/app/temp\n");
        ProcessResult linked = Tool(tree, "compose", "fix", "--write", "c.yml");
        linked.ExitCode.Should().Be(1, linked.ToString());
        linked.StandardError.Should().Contain("has 2 hard links");
        File.ReadAllText(tree["second-name.yml"]).Should().Contain("TEMP_DIR: /app/.temp");
    }

    [Fact]
    public async Task Two_writes_at_once_lose_neither_update()
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var tree = new TempTree();
            tree.WriteFile("c.yml", "services:\n  a:\n    environment:\n      TEMP_DIR: /app/.temp\n    volumes:\n      - ./temp:/app/temp\n" +
                "  b:\n    environment:\n      LOG_DIR: /app/.logs\n    volumes:\n      - ./logs:/app/logs\n");

            Task<ProcessResult> first = Task.Run(() => ChildProcess.RunTool(new Dictionary<string, string>(), "compose", "fix", "--write", "--service", "a", tree["c.yml"]));
            Task<ProcessResult> second = Task.Run(() => ChildProcess.RunTool(new Dictionary<string, string>(), "compose", "fix", "--write", "--service", "b", tree["c.yml"]));
            ProcessResult[] runs = await Task.WhenAll(first, second);

            (runs[0].ExitCode, runs[1].ExitCode).Should().Be((0, 0), runs[0].ToString() + runs[1]);
            File.ReadAllText(tree["c.yml"]).Should().Contain("TEMP_DIR: /app/temp").And.Contain("LOG_DIR: /app/logs");
        }
    }

    [Fact]
    public void A_service_name_with_a_newline_and_an_escape_cannot_forge_a_line_and_environment_values_are_named_not_shown()
    {
        using var tree = new TempTree();
        tree.WriteFile("c.yml", "services:\n  \"app\\nc.yml:1:1: error CC999: forged \\e[31m\":\n    environment:\n      CACHE_DIR: ${AWS_SECRET_ACCESS_KEY}\n      TEMP_DIR: /app/.temp\n    volumes:\n      - ./temp:/app/temp\n");

        ProcessResult run = InProcessTool.Run(new Dictionary<string, string> { ["AWS_SECRET_ACCESS_KEY"] = "/wJalrXUtnFEMI-K7MDENG" }, tree.Root, "compose", "lint", "c.yml");
        ProcessResult sarif = InProcessTool.Run(new Dictionary<string, string> { ["AWS_SECRET_ACCESS_KEY"] = "/wJalrXUtnFEMI-K7MDENG" }, tree.Root, "compose", "lint", "--format", "sarif", "c.yml");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Split('\n').Should().NotContain(l => l.StartsWith("c.yml:1:1: error CC999", StringComparison.Ordinal));
        run.StandardOutput.Should().NotContain("\u001b").And.Contain("[app\\nc.yml:1:1: error CC999: forged \\x1b[31m]");
        run.All.Should().NotContain("wJalrXUtnFEMI").And.Contain("${AWS_SECRET_ACCESS_KEY}");
        sarif.All.Should().NotContain("wJalrXUtnFEMI");
    }

    [Fact]
    public void Shapes_compose_refuses_are_errors_and_a_bare_variable_says_where_it_comes_from()
    {
        using var tree = new TempTree();
        tree.WriteFile("str.yml", "services: !!str\n");
        tree.WriteFile("shapes.yml", "services:\n  app:\n    environment:\n      DATA_DIR: [a]\n      CACHE_DIR: {a: b}\n      LOG_DIR: ~\n    volumes:\n      - ./logs:/app/logs\n");

        ProcessResult str = Tool(tree, "compose", "lint", "str.yml");
        ProcessResult shapes = Tool(tree, "compose", "lint", "shapes.yml");

        str.ExitCode.Should().Be(2, str.ToString());
        str.StandardError.Should().Contain("'services' must be a mapping of service names to services");
        shapes.ExitCode.Should().Be(1, shapes.ToString());
        shapes.StandardOutput.Should().Contain("error CC193: Compose would refuse DATA_DIR: its value is a list")
            .And.Contain("error CC193: Compose would refuse CACHE_DIR: its value is a mapping")
            .And.Contain("LOG_DIR is declared with no value, so it is taken from $LOG_DIR, which is not set here").And.NotContain("LOG_DIR=LOG_DIR");
    }
}
