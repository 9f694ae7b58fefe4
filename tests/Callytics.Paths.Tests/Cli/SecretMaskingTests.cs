using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

public class SecretMaskingTests
{
    [Theory]
    [InlineData("postgresql://calls:hunter2@db:5432/calls")]
    [InlineData("postgresql://calls:hunter2@db:notaport/calls")]
    [InlineData("sqlite://calls:hunter2@/x.db")]
    [InlineData("mysql://calls:hunter2@db/calls?password=hunter2")]
    public void No_command_ever_prints_the_database_password(string url)
    {
        using var tree = new TempTree();
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["DATABASE_URL"] = url };

        foreach (string[] command in new[] { new[] { "check" }, ["check", "--json"], ["usage"], ["usage", "--json"], ["mounts"], ["mounts", "--json"], ["check", "--bogus", "--json"] })
        {
            ProcessResult run = ChildProcess.RunTool(environment, command);
            run.All.Should().NotContain("hunter2", string.Join(' ', command));
        }
    }
}
