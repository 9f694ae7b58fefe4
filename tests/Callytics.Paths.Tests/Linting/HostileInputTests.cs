using System.Diagnostics;
using System.Text;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting;

/// <summary>
/// Inputs that would hang or exhaust the linters: a named pipe or a device as the compose file, the manifest, an
/// env_file or .env; merge-key chains; a <c>$(VAR)</c> expansion bomb. Each ends at once with exit 2 and a reason.
/// </summary>
public class HostileInputTests
{
    private const string Compose = "services:\n  app:\n    image: x\n    environment:\n      LOG_DIR: /app/logs\n    volumes:\n      - ./logs:/app/logs\n";

    /// <summary>The tool in-process, bounded: a hang fails the test instead of holding the suite.</summary>
    private static ProcessResult Tool(TempTree tree, params string[] arguments)
    {
        Task<ProcessResult> run = Task.Run(() => InProcessTool.Run(new Dictionary<string, string>(), tree.Root, arguments));
        run.Wait(TimeSpan.FromSeconds(20)).Should().BeTrue($"{string.Join(' ', arguments)} must not hang");
        return run.Result;
    }

    private static void Fifo(string path) => ChildProcess.Run(["mkfifo", path]).ExitCode.Should().Be(0);

    [Fact]
    public void A_named_pipe_as_any_input_is_refused_at_once()
    {
        using var tree = new TempTree();
        Fifo(tree["compose.yml"]);
        Fifo(tree["pod.yaml"]);
        tree.Dir("env");
        tree.WriteFile("env/compose.yml", Compose.Replace("    environment:", "    env_file: app.env\n    environment:", StringComparison.Ordinal));
        Fifo(tree["env/app.env"]);
        tree.Dir("dotenv");
        tree.WriteFile("dotenv/compose.yml", Compose);
        Fifo(tree["dotenv/.env"]);

        foreach (string[] arguments in new[]
        {
            new[] { "compose", "lint", "compose.yml" }, ["compose", "fix", "compose.yml"], ["kube", "lint", "pod.yaml"],
            ["compose", "lint", "env/compose.yml"], ["compose", "lint", "dotenv/compose.yml"],
        })
        {
            ProcessResult run = Tool(tree, arguments);
            run.ExitCode.Should().Be(2, run.ToString());
            run.StandardError.Should().Contain("is a named pipe, not a regular file");
        }
    }

    [Fact]
    public void A_device_as_the_compose_file_or_manifest_is_refused()
    {
        using var tree = new TempTree();

        ProcessResult compose = Tool(tree, "compose", "lint", "/dev/zero");
        ProcessResult kube = Tool(tree, "kube", "lint", "/dev/zero");

        (compose.ExitCode, kube.ExitCode).Should().Be((2, 2), compose.ToString() + kube);
        compose.StandardError.Should().Contain("/dev/zero is a character device, not a regular file");
        kube.StandardError.Should().Contain("/dev/zero is a character device, not a regular file");
    }

    [Fact]
    public void A_merge_key_chain_is_applied_in_linear_time()
    {
        using var tree = new TempTree();
        var text = new StringBuilder("x-m0: &m0\n  LOG_DIR: /app/.logs\n");
        for (int i = 1; i <= 26; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"x-m{i}: &m{i}\n  <<: [*m{i - 1}, *m{i - 1}]\n");
        }

        text.Append("services:\n  app:\n    image: x\n    environment:\n      <<: *m26\n");
        tree.WriteFile("compose.yml", text.ToString());
        var clock = Stopwatch.StartNew();

        ProcessResult run = Tool(tree, "compose", "lint", "compose.yml");

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "each mapping is merged once (29 s at n=26 before)");
        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().Contain("LOG_DIR=/app/.logs");
    }

    [Fact]
    public void Merge_keys_nested_deeper_than_kube_lint_allows_are_refused_with_their_line()
    {
        using var tree = new TempTree();
        var text = new StringBuilder("x-m0: &m0\n  a: 1\n");
        for (int i = 1; i <= 70; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"x-m{i}: &m{i}\n  <<: *m{i - 1}\n");
        }

        text.Append("services:\n  app:\n    image: x\n");
        tree.WriteFile("compose.yml", text.ToString());

        ProcessResult run = Tool(tree, "compose", "lint", "compose.yml");

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("merge keys (<<) nested more than 64 deep: refused");
    }

    [Fact]
    public void A_variable_expansion_bomb_in_a_manifest_is_refused()
    {
        using var tree = new TempTree();
        var text = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nspec:\n  containers:\n    - name: app\n      image: x\n      env:\n        - name: V0\n          value: abcdefgh\n");
        for (int i = 1; i <= 40; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"        - name: V{i}\n          value: \"$(V{i - 1})$(V{i - 1})\"\n");
        }

        tree.WriteFile("pod.yaml", text.ToString());

        ProcessResult run = Tool(tree, "kube", "lint", "pod.yaml");

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("V15 expands to more than 131072 characters through $(VAR) references");
    }
}
