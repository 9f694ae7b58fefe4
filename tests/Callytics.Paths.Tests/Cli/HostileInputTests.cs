using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary>
/// Hostile values in every variable, through the tool: always a report or a clear error, never a stack trace or a
/// write. The tool runs in-process (<see cref="InProcessTool"/>): 135 processes would prove nothing more.
/// </summary>
public class HostileInputTests
{
    [Theory]
    [MemberData(nameof(HostileValues.Pairs), MemberType = typeof(HostileValues))]
    public void Check_json_answers_every_hostile_value_with_valid_json_and_writes_nothing(string variable, string value)
    {
        using var tree = new TempTree();
        string work = tree.Dir("cwd");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], [variable] = value };

        ProcessResult run = InProcessTool.Run(environment, work, "check", "--json");

        run.ExitCode.Should().BeOneOf([0, 1], run.ToString());
        JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths").EnumerateObject().Should().HaveCount(7);
        run.All.Should().NotContain("   at ").And.NotContain("Unhandled").And.NotContain("hunter2");
        Directory.GetFileSystemEntries(work).Should().BeEmpty("nothing is created in the working directory");
        Directory.Exists(tree["app"]).Should().BeFalse("reading the layout never writes");
    }
}
