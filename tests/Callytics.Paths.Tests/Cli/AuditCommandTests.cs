using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary>
/// <c>audit</c>'s refusals, which need no engine; what it finds is proven on the real engine
/// (<c>Callytics.Paths.Engine.Tests/Audit/AuditTests</c>).
/// </summary>
public class AuditCommandTests
{
    [Theory]
    [InlineData("tcp://127.0.0.1:2375")]
    [InlineData("unix://")]
    public void A_docker_host_that_is_not_a_unix_socket_is_a_usage_error_naming_the_value_and_the_fix(string host)
    {
        using var tree = new TempTree();

        ProcessResult run = InProcessTool.Run(new Dictionary<string, string> { ["DOCKER_HOST"] = host }, tree.Root, "audit");

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain($"DOCKER_HOST={host} is not a unix socket").And.Contain("Fix:");
    }

    [Fact]
    public void An_engine_that_cannot_be_reached_exits_1_saying_which_socket_and_the_fix()
    {
        using var tree = new TempTree();

        ProcessResult run = InProcessTool.Run(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix://" + tree["no.sock"] }, tree.Root, "audit", "--json");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().Contain(tree["no.sock"]).And.Contain("cannot be reached").And.Contain("DOCKER_HOST");
    }
}
