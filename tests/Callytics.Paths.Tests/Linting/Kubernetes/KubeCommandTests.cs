using System.Text.Json;
using Callytics.Paths.Tests.Support;
using FluentAssertions;
using Xunit;

namespace Callytics.Paths.Tests.Linting.Kubernetes;

public class KubeCommandTests
{
    /// <summary>The tool in-process (<see cref="InProcessTool"/>), working in the tree's root.</summary>
    private static ProcessResult Tool(TempTree tree, params string[] arguments) => InProcessTool.Run(new Dictionary<string, string>(), tree.Root, arguments);

    private static ProcessResult ToolWithInput(TempTree tree, string input, params string[] arguments)
    {
        System.Diagnostics.Process process = ChildProcess.Start([ChildProcess.Dotnet, ChildProcess.ToolDll, .. arguments], new Dictionary<string, string>(), tree.Root, redirectInput: true);
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        return ChildProcess.Wait(process);
    }

    [Fact]
    public void Text_gives_each_finding_at_its_line_with_kind_name_and_container_its_fix_below_and_exits_1_on_errors()
    {
        using var tree = new TempTree();
        File.Copy(Manifests.Path("kustomize.yaml"), tree["kustomize.yaml"]);

        ProcessResult run = Tool(tree, "kube", "lint", "kustomize.yaml");

        run.ExitCode.Should().Be(1, run.ToString());
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        lines[0].Should().StartWith("kustomize.yaml:31:18: error CK101: TEMP_DIR=/app/.temp").And.EndWith("[Deployment/prod-speech-recognizer recognizer]");
        lines[1].Should().StartWith("    fix: Did you mean /app/temp?");
        lines[^1].Should().Be("2 errors, 1 warning, 0 notes in 1 file.");
    }

    [Fact]
    public void Stdin_is_read_as_a_rendered_chart_and_named_stdin()
    {
        using var tree = new TempTree();

        ProcessResult run = ToolWithInput(tree, File.ReadAllText(Manifests.Path("helm.yaml")), "kube", "lint", "-");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().StartWith("<stdin>:12:12: warning CK102").And.Contain("\n<stdin>:13:14: error CK103");
    }

    [Fact]
    public void A_directory_is_read_recursively_for_yaml_and_yml_files_and_warnings_alone_exit_0()
    {
        using var tree = new TempTree();
        Directory.CreateDirectory(tree["k8s/base"]);
        File.Copy(Manifests.Path("list.yaml"), tree["k8s/base/list.yml"]);
        File.Copy(Manifests.Path("statefulset.yaml"), tree["k8s/statefulset.yaml"]);
        tree.WriteFile("k8s/README.md", "not a manifest: [");

        ProcessResult run = Tool(tree, "kube", "lint", "k8s");

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("k8s/base/list.yml:16:22: warning CK102").And.Contain("k8s/statefulset.yaml:77:26: warning CK122")
            .And.Contain("k8s/base/list.yml:40:22: warning CK102: LOG_DIR=/app/logs")
            .And.EndWith("0 errors, 4 warnings, 0 notes (1 suppressed) in 2 files.\n");
    }

    [Fact]
    public void Json_has_the_workload_and_container_of_each_finding_and_the_suppressed_count()
    {
        using var tree = new TempTree();
        File.Copy(Manifests.Path("statefulset.yaml"), tree["s.yaml"]);

        using JsonDocument json = JsonDocument.Parse(Tool(tree, "kube", "lint", "--format", "json", "s.yaml").StandardOutput);

        JsonElement finding = json.RootElement.GetProperty("findings").EnumerateArray().Should().ContainSingle().Subject;
        finding.EnumerateObject().Select(p => p.Name).Should().Equal("file", "line", "column", "severity", "code", "workload", "container", "message", "fix");
        (finding.GetProperty("workload").GetString(), finding.GetProperty("container").GetString()).Should().Be(("Deployment/audio-processor", "processor"));
        json.RootElement.GetProperty("suppressed").GetInt32().Should().Be(1);
    }

    [Fact]
    public void Sarif_lists_every_rule_and_each_result_points_at_its_rule_and_region()
    {
        using var tree = new TempTree();
        File.Copy(Manifests.Path("cronjob.yaml"), tree["c.yaml"]);

        using JsonDocument sarif = JsonDocument.Parse(Tool(tree, "kube", "lint", "--format", "sarif", "c.yaml").StandardOutput);

        JsonElement run = sarif.RootElement.GetProperty("runs")[0];
        sarif.RootElement.GetProperty("version").GetString().Should().Be("2.1.0");
        JsonElement[] rules = [.. run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()];
        rules.Select(r => r.GetProperty("id").GetString()).Should().Contain(["CK101", "CK102", "CK103", "CK120", "CK122", "CK123", "CK130"]).And.NotContain("CK121", "a written role under a read-only root is CK103, the shared rule");
        foreach (JsonElement result in run.GetProperty("results").EnumerateArray())
        {
            int index = result.GetProperty("ruleIndex").GetInt32();
            rules[index].GetProperty("id").GetString().Should().Be(result.GetProperty("ruleId").GetString());
            JsonElement location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            location.GetProperty("artifactLocation").GetProperty("uri").GetString().Should().Be("c.yaml");
            location.GetProperty("region").GetProperty("startLine").GetInt32().Should().BeGreaterThan(0);
        }
    }

    [Theory]
    [InlineData("a: &a [x, x]\nb: &b [*a, *a]\nc: *zzz\n", "names no anchor")]
    [InlineData("kind: Pod\nspec:\n  containers: [\n", "bad.yaml:")]
    public void Unreadable_input_exits_2_with_a_message_never_a_crash(string yaml, string says)
    {
        using var tree = new TempTree();
        tree.WriteFile("bad.yaml", yaml);

        ProcessResult run = Tool(tree, "kube", "lint", "bad.yaml");

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().StartWith("callytics-paths: bad.yaml").And.Contain(says).And.NotContain("   at ");
    }

    [Fact]
    public void A_missing_file_exits_2_saying_so()
    {
        using var tree = new TempTree();

        ProcessResult run = Tool(tree, "kube", "lint", "nope.yml");

        run.ExitCode.Should().Be(2);
        run.StandardError.Should().Be("callytics-paths: nope.yml: cannot read: no such file\n");
    }

    [Fact]
    public void A_deep_nesting_bomb_on_stdin_exits_2_without_hanging_or_overflowing_the_stack()
    {
        using var tree = new TempTree();

        ProcessResult run = ToolWithInput(tree, new string('[', 200_000) + new string(']', 200_000), "kube", "lint", "--format", "json", "-");

        run.ExitCode.Should().Be(2, run.ToString());
        JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("error").GetString().Should().Contain("nested more than 64 levels");
    }

    [Fact]
    public void A_name_with_a_newline_and_an_escape_cannot_forge_a_finding_line()
    {
        using var tree = new TempTree();
        tree.WriteFile("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"x\\npod.yaml:1:1: error CK999: forged \\e[31m\"\nspec:\n  containers:\n" +
            "    - name: app\n      image: x\n      env:\n        - name: TEMP_DIR\n          value: /app/.temp\n");

        ProcessResult run = Tool(tree, "kube", "lint", "pod.yaml");

        run.StandardOutput.Split('\n').Should().NotContain(l => l.StartsWith("pod.yaml:1:1: error CK999", StringComparison.Ordinal), run.ToString());
        run.StandardOutput.Should().NotContain("\u001b").And.Contain("x\\npod.yaml:1:1: error CK999: forged \\x1b[31m");
    }
}
