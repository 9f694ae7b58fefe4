using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary>
/// No output of any command carries the database password (the tool runs in-process, <see cref="InProcessTool"/>: its
/// streams are scanned as a child's are).
/// </summary>
public class SecretMaskingTests
{
    public static TheoryData<string> Shapes => [.. SecretScan.SecretShapes, "postgresql://calls:hunter2@db:notaport/calls", "sqlite://calls:hunter2@/x.db"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void No_command_ever_prints_the_database_password(string url)
    {
        using var tree = new TempTree();
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["DATABASE_URL"] = url };

        foreach (string[] command in new[] { new[] { "check" }, ["check", "--json"], ["usage"], ["usage", "--json"], ["mounts"], ["mounts", "--json"], ["check", "--bogus", "--json"] })
        {
            ProcessResult run = InProcessTool.Run(environment, tree.Root, command); // the scan fails the test on any test password
            run.ExitCode.Should().BeLessThan(3, run.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Compose_lint_fix_and_diff_never_print_the_database_password(string url)
    {
        using var tree = new TempTree();
        string quoted = "'" + url.Replace("'", "''", StringComparison.Ordinal) + "'";
        tree.WriteFile("docker-compose.yml", $"services:\n  api:\n    environment:\n      TEMP_DIR: /app/.temp\n      DATABASE_URL: {quoted}\n    volumes:\n      - ./temp:/app/temp\n");

        foreach (string[] command in new[]
        {
            new[] { "compose", "lint", "docker-compose.yml" }, ["compose", "lint", "docker-compose.yml", "--format", "json"],
            ["compose", "lint", "docker-compose.yml", "--format", "sarif"], ["compose", "fix", "docker-compose.yml", "--diff"],
        })
        {
            ProcessResult run = InProcessTool.Run(new Dictionary<string, string>(), tree.Root, command);
            run.ExitCode.Should().BeLessThan(2, run.ToString());
        }
    }
}
