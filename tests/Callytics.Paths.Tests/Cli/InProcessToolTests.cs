using System.Text.RegularExpressions;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary>
/// The tool run in-process (<see cref="InProcessTool"/>) answers exactly as the tool run as a process: the same exit
/// code, stdout and stderr, byte for byte, for every kind of command the in-process tests use, with relative paths
/// in values and arguments, a secret, a hostile value, a parse error and a missing file. Each run gets a fresh tree
/// of the same shape; the tree's path and the free space of its filesystem (which other tests change meanwhile) are
/// the only things set aside.
/// </summary>
public partial class InProcessToolTests
{
    public static TheoryData<string, string[]> Runs => new()
    {
        { "relative values and a secret", ["check", "--json"] },
        { "relative values and a secret", ["check", "--create", "--json"] },
        { "relative values and a secret", ["usage", "--json"] },
        { "relative values and a secret", ["mounts", "--json", "--target", "cwd-relative"] },
        { "relative values and a secret", ["sessions", "sweep", "--older-than", "1d", "--dry-run"] },
        { "relative values and a secret", ["check", "--bogus", "--json"] },
        { "relative values and a secret", ["--version"] },
        { "a log dir that is a file", ["usage"] },
        { "a hostile value", ["check", "--json"] },
        { "a compose file", ["compose", "lint", "docker-compose.yml"] },
        { "a compose file", ["compose", "lint", "docker-compose.yml", "--format", "sarif"] },
        { "a compose file", ["compose", "fix", "docker-compose.yml", "--diff"] },
        { "a compose file", ["compose", "fix", "docker-compose.yml", "--write"] },
        { "a compose file", ["compose", "lint", "nope.yml"] },
        { "manifests", ["kube", "lint", "manifests", "--format", "json"] },
        { "manifests", ["kube", "lint", "manifests"] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void In_process_and_as_a_process_the_tool_gives_the_same_answer(string setup, string[] arguments)
    {
        using var processTree = new TempTree();
        using var inProcessTree = new TempTree();

        ProcessResult process = ChildProcess.Run([ChildProcess.Dotnet, ChildProcess.ToolDll, .. arguments], Setup(setup, processTree), processTree["cwd"]);
        ProcessResult inProcess = InProcessTool.Run(Setup(setup, inProcessTree), inProcessTree["cwd"], arguments);

        inProcess.ExitCode.Should().Be(process.ExitCode, inProcess.ToString());
        Normalized(inProcess.StandardOutput, inProcessTree).Should().Be(Normalized(process.StandardOutput, processTree));
        Normalized(inProcess.StandardError, inProcessTree).Should().Be(Normalized(process.StandardError, processTree));
        Shape(inProcessTree).Should().Equal(Shape(processTree), "both runs change the same things on disk");
    }

    /// <summary>Builds the named setup in <paramref name="tree"/> and returns its variables; the run's working directory is tree/cwd.</summary>
    private static Dictionary<string, string> Setup(string setup, TempTree tree)
    {
        tree.Dir("cwd");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] };
        switch (setup)
        {
            case "relative values and a secret":
                tree.Dir("cwd/audio");
                tree.WriteFile("cwd/audio/call.wav", "RIFF");
                environment["AUDIO_DIR"] = "audio";
                environment["LOG_DIR"] = "../logs";
                environment["DATABASE_URL"] = "postgresql://calls:hunter2@db/calls";
                break;
            case "a log dir that is a file":
                tree.WriteFile("logs", "not a directory");
                environment["LOG_DIR"] = tree["logs"];
                break;
            case "a hostile value":
                environment["DATA_DIR"] = "../../..\u0007/~/x";
                break;
            case "a compose file":
                tree.WriteFile("cwd/docker-compose.yml",
                    "services:\n  api:\n    environment:\n      TEMP_DIR: /app/.temp\n      DATABASE_URL: 'sqlite:///app/x.sqlite'\n      LOG_DIR: ${LOGS:-/app/logs}\n    volumes:\n      - ./temp:/app/temp\n      - ~/logs:/app/logs\n");
                environment["LOGS"] = "/app/logs";
                break;
            case "manifests":
                tree.Dir("cwd/manifests/charts");
                File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData/kubernetes/helm.yaml"), tree["cwd/manifests/charts/helm.yaml"]);
                File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData/kubernetes/cronjob.yaml"), tree["cwd/manifests/cronjob.yaml"]);
                break;
        }

        return environment;
    }

    /// <summary>Every entry of the tree: its path, kind, mode and content.</summary>
    private static string[] Shape(TempTree tree) =>
        [.. TreeSnapshot.Take(tree.Root).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value.Kind} {e.Value.Mode} {e.Value.Hash}")];

    private static string Normalized(string text, TempTree tree) =>
        Space().Replace(text.Replace(tree.Root, "<tree>", StringComparison.Ordinal), "\"$1\": <bytes>");

    [GeneratedRegex("\"(freeBytes|totalBytes)\": \\d+")]
    private static partial Regex Space();
}
