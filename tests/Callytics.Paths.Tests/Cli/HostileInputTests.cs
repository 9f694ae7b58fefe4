using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary>Hostile values in every variable, through the tool: always a report or a clear error, never a stack trace or a write.</summary>
public class HostileInputTests
{
    public static TheoryData<string, string> Values()
    {
        var data = new TheoryData<string, string>();
        string[] variables = ["AUDIO_DIR", "TEMP_DIR", "LOG_DIR", "DATA_DIR", "CONFIG_DIR", "CACHE_DIR", "DATABASE_URL", "CALLYTICS_ROOT", "CALLYTICS_MOUNT_CHECK"];
        string[] values =
        [
            "", "   ", "/app/te\tmp", "/app/\u0001x", new string('a', 5000), "/" + string.Join('/', Enumerable.Repeat("d", 2000)),
            "../../../../../../../../etc", "~/x", "C:\\temp", "\\\\server\\share", "ftp://user:hunter2@host/x", "/proc/self", "/dev/null",
            "/데이터/음성", "sqlite:////proc/1/mem",
        ];
        foreach (string variable in variables)
        {
            foreach (string value in values)
            {
                data.Add(variable, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Check_json_answers_every_hostile_value_with_valid_json_and_writes_nothing(string variable, string value)
    {
        using var tree = new TempTree();
        string work = tree.Dir("cwd");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], [variable] = value };

        ProcessResult run = ChildProcess.Run([ChildProcess.Dotnet, ChildProcess.ToolDll, "check", "--json"], environment, work);

        run.ExitCode.Should().BeOneOf([0, 1], run.ToString());
        JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths").EnumerateObject().Should().HaveCount(7);
        run.All.Should().NotContain("   at ").And.NotContain("Unhandled").And.NotContain("hunter2");
        Directory.GetFileSystemEntries(work).Should().BeEmpty("nothing is created in the working directory");
        Directory.Exists(tree["app"]).Should().BeFalse("reading the layout never writes");
    }
}
