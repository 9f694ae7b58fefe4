using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

public class CheckCommandTests
{
    private static Dictionary<string, string> Layout(TempTree tree) => new() { ["CALLYTICS_ROOT"] = tree["app"] };

    private static void CreateLayout(TempTree tree)
    {
        foreach (string dir in new[] { "audio", "temp", "logs", "data", "config", ".cache" })
        {
            tree.Dir("app/" + dir, 0x1E8);
        }
    }

    [Fact]
    public void A_good_layout_exits_0_with_an_aligned_table_and_no_colour_when_redirected()
    {
        using var tree = new TempTree();
        CreateLayout(tree);

        ProcessResult run = ChildProcess.RunTool(Layout(tree), "check");

        run.ExitCode.Should().Be(0, run.ToString());
        string[] lines = run.StandardOutput.Split('\n');
        lines.Should().Contain(l => l.Contains("ROLE") && l.Contains("VARIABLE") && l.Contains("PATH") && l.Contains("STATE") && l.Contains("MOUNT") && l.Contains("FREE"));
        string header = lines.First(l => l.Contains("VARIABLE"));
        lines.Where(l => l.StartsWith("✓  ", StringComparison.Ordinal)).Should().HaveCount(7)
            .And.AllSatisfy(l => l.IndexOf('/').Should().Be(header.IndexOf("PATH", StringComparison.Ordinal), "columns align"));
        run.StandardOutput.Should().NotContain("\u001b[").And.Contain("✓ no errors");
    }

    [Fact]
    public void A_broken_layout_exits_1_and_lists_each_problem_with_its_fix()
    {
        using var tree = new TempTree();
        CreateLayout(tree);
        Directory.Delete(tree["app/logs"]);
        tree.WriteFile("app/logs");

        ProcessResult run = ChildProcess.RunTool(Layout(tree), "check");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().Contain("✗ CP104 LOG_DIR must be a directory").And.Contain("    fix: ").And.Contain("✗ 1 error");
    }

    [Fact]
    public void Check_json_is_the_status_report()
    {
        using var tree = new TempTree();
        CreateLayout(tree);

        ProcessResult run = ChildProcess.RunTool(Layout(tree), "check", "--json");

        run.ExitCode.Should().Be(0);
        JsonElement json = JsonDocument.Parse(run.StandardOutput).RootElement;
        json.GetProperty("ok").GetBoolean().Should().BeTrue();
        json.GetProperty("mountCheck").GetString().Should().Be("off");
        json.GetProperty("paths").GetProperty("data").GetProperty("path").GetString().Should().Be(tree["app/data"]);
    }

    [Fact]
    public void Without_create_nothing_on_disk_changes_and_with_it_the_directories_appear()
    {
        using var tree = new TempTree();
        tree.WriteFile("app/data/keep.txt", "x");
        Dictionary<string, TreeSnapshot.Entry> before = TreeSnapshot.Take(tree.Root);

        ProcessResult run = ChildProcess.RunTool(Layout(tree), "check", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        TreeSnapshot.Take(tree.Root).Should().BeEquivalentTo(before, "reading the layout never writes");
        JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths").GetProperty("temp").GetProperty("exists").GetBoolean().Should().BeFalse();

        ProcessResult create = ChildProcess.RunTool(Layout(tree), "check", "--create");
        create.ExitCode.Should().Be(0);
        Directory.Exists(tree["app/temp"]).Should().BeTrue();
        create.StandardOutput.Should().Contain($"+ CP101").And.Contain(tree["app/temp"], "the text says what it created, as --json does");
        File.GetUnixFileMode(tree["app/temp"]).Should().Be((UnixFileMode)0x1C0);
    }

    [Fact]
    public void Unknown_options_are_a_usage_error_with_the_commands_help_hint()
    {
        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "check", "--frobnicate");

        run.ExitCode.Should().Be(2);
        run.StandardError.Should().Contain("--frobnicate").And.Contain("callytics-paths check --help");
        run.StandardOutput.Should().BeEmpty();
    }

    [Fact]
    public void Usage_errors_in_json_mode_are_json_too()
    {
        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--json", "--nope");

        run.ExitCode.Should().Be(2);
        JsonElement json = JsonDocument.Parse(run.StandardOutput).RootElement;
        json.GetProperty("exitCode").GetInt32().Should().Be(2);
        json.GetProperty("error").GetString().Should().Contain("--nope");
    }

    [Fact]
    public void Every_command_has_help_and_the_tool_has_a_version()
    {
        foreach (string[] command in new[]
        {
            new[] { "--help" }, ["check", "--help"], ["usage", "--help"], ["mounts", "--help"], ["sessions", "--help"], ["sessions", "sweep", "--help"],
            ["exec", "--help"], ["health", "--help"], ["kube", "lint", "--help"], ["compose", "lint", "--help"],
        })
        {
            ProcessResult help = ChildProcess.RunTool(new Dictionary<string, string>(), command);
            help.ExitCode.Should().Be(0, string.Join(' ', command));
            help.StandardOutput.Should().Contain("Usage:").And.Contain("callytics-paths");
        }

        ChildProcess.RunTool(new Dictionary<string, string>(), "--help").StandardOutput.Should()
            .ContainAll("check", "usage", "mounts", "sessions", "compose", "kube", "exec", "health", "layer", "audit");
        ChildProcess.RunTool(new Dictionary<string, string>(), "--version").StandardOutput.Should().StartWith("0.1.0");
    }

    [Fact]
    public void The_version_printed_without_the_command_tree_is_the_assemblys_informational_version()
    {
        string expected = typeof(Callytics.Paths.Cli.Output.Terminal).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;

        Callytics.Paths.Cli.ToolVersion.Informational.Should().Be(expected);
        ChildProcess.RunTool(new Dictionary<string, string>(), "--version").StandardOutput.Should().Be(expected + "\n");
    }

    [Theory]
    [InlineData("check", "logs")]
    [InlineData("check --create", "logs")]
    [InlineData("check", "logs/day1")]
    [InlineData("check --create", "logs/day1")]
    public void A_dangling_link_at_or_above_a_role_path_is_named_with_its_target_whether_or_not_the_check_creates(string command, string logDir)
    {
        using var tree = new TempTree();
        CreateLayout(tree);
        Directory.Delete(tree["app/logs"]);
        File.CreateSymbolicLink(tree["app/logs"], tree["gone/logs"]);
        Dictionary<string, string> environment = Layout(tree);
        environment["LOG_DIR"] = tree["app/" + logDir];

        ProcessResult run = InProcessTool.Run(environment, tree.Root, command.Split(' '));

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should()
            .Contain($"✗ CP103 LOG_DIR directory {tree["app/" + logDir]} is missing and {tree["app/logs"]} is a dangling symbolic link to {tree["gone/logs"]}")
            .And.Contain($"fix: Create the link's target ({tree["gone/logs"]}), or remove the link (`rm {tree["app/logs"]}`)")
            .And.NotContain("File exists").And.NotContain("file exists").And.NotContain("start-up would create it", "start-up would fail on the link");
        new FileInfo(tree["app/logs"]).LinkTarget.Should().Be(tree["gone/logs"], "the link is left as it is");
        Directory.Exists(tree["gone"]).Should().BeFalse("nothing is created through the link");
    }

    [Fact]
    public void A_relative_database_url_is_told_its_absolute_url_not_a_directory()
    {
        using var tree = new TempTree();
        CreateLayout(tree);
        Dictionary<string, string> environment = Layout(tree);
        environment["DATABASE_URL"] = "sqlite:///nowhere-yet/x.sqlite";

        ProcessResult run = ChildProcess.RunTool(environment, "check", "--json", "--create"); // a relative directory is never created

        JsonElement problems = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths").GetProperty("database").GetProperty("problems");
        problems.EnumerateArray().Where(p => p.GetProperty("code").GetString() is "CP102" or "CP302").Should().NotBeEmpty()
            .And.AllSatisfy(p => p.GetProperty("fix").GetString().Should().Contain("DATABASE_URL=sqlite:////"));
    }

    [Fact]
    public void A_named_command_is_built_alone_and_anything_else_gets_the_whole_tree()
    {
        Callytics.Paths.Cli.Invocation terminal = Callytics.Paths.Cli.Invocation.Of(new Dictionary<string, string>(), "/", TextWriter.Null, TextWriter.Null);

        Callytics.Paths.Cli.Program.Build(terminal, ["health", "--json"]).Subcommands.Select(c => c.Name).Should().Equal("health");
        Callytics.Paths.Cli.Program.Build(terminal, ["--help"]).Subcommands.Select(c => c.Name).Should()
            .Equal("check", "usage", "mounts", "sessions", "compose", "kube", "exec", "health", "layer", "audit");
        Callytics.Paths.Cli.Program.Build(terminal, ["chek"]).Subcommands.Should().HaveCount(10, "a typo is answered from the whole tree");
        ChildProcess.RunTool(new Dictionary<string, string>(), "chek").ExitCode.Should().Be(2);
    }

    [Fact]
    public void Colour_is_used_only_on_a_terminal_without_no_color()
    {
        using var tree = new TempTree();
        CreateLayout(tree);
        string command = $"{ChildProcess.Dotnet} {ChildProcess.ToolDll} check";
        var environment = new Dictionary<string, string>(Layout(tree)) { ["TERM"] = "xterm" };

        // script(1) gives the tool a real pseudo-terminal as stdout.
        ProcessResult tty = ChildProcess.Run(["script", "-qec", command, "/dev/null"], environment);
        environment["NO_COLOR"] = "1";
        ProcessResult noColor = ChildProcess.Run(["script", "-qec", command, "/dev/null"], environment);

        tty.StandardOutput.Should().Contain("\u001b[32m✓");
        noColor.StandardOutput.Should().NotContain("\u001b[32m").And.NotContain("\u001b[0m").And.Contain("✓");
    }

    [Fact]
    public void Roles_the_service_does_not_use_show_as_not_used_and_never_fail_the_check()
    {
        using var tree = new TempTree();
        tree.WriteFile("app/data", "a file where DATA_DIR would be");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "logs cache" };

        ProcessResult run = ChildProcess.RunTool(environment, "check", "--create");

        run.ExitCode.Should().Be(0, run.ToString());
        string[] lines = run.StandardOutput.Split('\n');
        lines.Should().ContainSingle(l => l.Contains(" data ") && l.Contains("DATA_DIR")).Which.Should().Contain("–").And.Contain("not used");
        lines.Should().ContainSingle(l => l.Contains(" logs ") && l.Contains("LOG_DIR")).Which.Should().Contain("✓").And.Contain("directory, writable");
        ChildProcess.RunTool(environment, "check", "--json").StandardOutput.Should().Contain("\"roles\": [");
    }

    [Fact]
    public void An_unknown_role_key_fails_the_check_and_names_the_nearest_role()
    {
        using var tree = new TempTree();
        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "log" }, "check");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().Contain("CP009").And.Contain("Did you mean 'logs'?");
    }
}
