using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary>
/// <c>callytics-paths exec</c> as a container's entrypoint, in a real container filesystem (<see cref="ContainerSandbox"/>)
/// as root: it prepares the layout, drops to the service user, validates as that user and becomes the command.
/// </summary>
public class ExecCommandTests
{
    private const string Report =
        "echo child=$$; echo TEMP_DIR=$TEMP_DIR; echo HOME=$HOME; echo USER=$USER; grep -E '^(Uid|Gid|Groups):' /proc/self/status; touch $TEMP_DIR/marker";

    [RootFact("unshare", "mount", "chroot")]
    public void As_root_with_a_user_it_gives_the_directories_drops_to_the_user_and_becomes_the_command()
    {
        using var sandbox = new ContainerSandbox { WorkingDirectory = "/app" };
        sandbox.Bind("/app/temp").Bind("/app/logs")
            .Set("CALLYTICS_ROLES", "temp,logs").Set("TEMP_DIR", "temp").Set("CALLYTICS_MOUNT_CHECK", "enforce")
            .Shell("echo tool=$$")
            .Tool("exec", "--user", "65534", "--", "/bin/sh", "-c", Report);

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        string[] lines = run.StandardOutput.Split('\n');
        string Value(string key) => lines.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        Value("child").Should().Be(Value("tool"), "the command replaced the tool: same PID");
        Value("TEMP_DIR").Should().Be("/app/temp", "the service sees the normalized value");
        Value("HOME").Should().Be("/nonexistent");
        Value("USER").Should().Be("nobody");
        lines.Should().Contain(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).All(id => id == "65534"));
        lines.Should().Contain(l => l.StartsWith("Gid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).All(id => id == "65534"));
        lines.Should().Contain(l => l.TrimEnd() == "Groups:", "no supplementary group survives");
        foreach (string host in new[] { sandbox.Host("app_temp"), sandbox.Host("app_logs") })
        {
            ChildProcess.Run(["stat", "-c", "%u:%g", host]).StandardOutput.Trim().Should().Be("65534:65534");
        }

        File.Exists(Path.Combine(sandbox.Host("app_temp"), "marker")).Should().BeTrue();
        run.StandardError.Should().Contain("callytics-paths: layout ").And.Contain("as uid 65534");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void A_layout_the_user_cannot_write_exits_1_and_the_command_never_runs()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/logs", readOnly: true).Bind("/out")
            .Shell($"chmod 1777 '{sandbox.Host("out")}'")
            .Set("CALLYTICS_ROLES", "logs")
            .Tool("exec", "--user", "65534", "--", "/bin/sh", "-c", "touch /out/marker");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("The Callytics directory layout has").And.Contain("LOG_DIR").And.Contain("read-only");
        File.Exists(Path.Combine(sandbox.Host("out"), "marker")).Should().BeFalse();
    }

    [RootFact("unshare", "mount", "chroot")]
    public void A_broken_layout_exits_1_with_the_librarys_message()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/temp").Set("CALLYTICS_ROLES", "temp").Set("TEMP_DIR", "/app/.temp")
            .Tool("exec", "--user", "65534", "--", "/bin/true");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("1 problem;").And.Contain("[CP501] TEMP_DIR=/app/.temp").And.Contain("Did you mean /app/temp?");
    }

    [RootFact("setpriv")]
    public void Commands_that_cannot_run_exit_126_or_127_and_a_user_switch_without_root_exits_2()
    {
        using var tree = new TempTree();
        tree.Dir("app/logs");
        tree.WriteFile("not-executable", "#!/bin/sh\n");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "logs", ["CALLYTICS_MOUNT_CHECK"] = "off" };

        ProcessResult missing = ChildProcess.RunTool(environment, "exec", "--", "no-such-command-anywhere");
        ProcessResult notExecutable = ChildProcess.RunTool(environment, "exec", "--", tree["not-executable"]);
        ProcessResult noCommand = ChildProcess.RunTool(environment, "exec");
        ProcessResult notRoot = ChildProcess.Run([.. ChildProcess.AsNobody(ChildProcess.Dotnet, Reachable.File(ChildProcess.ToolDll, tree)),
            "exec", "--user", "1000", "--", "/bin/true"], environment);

        (missing.ExitCode, missing.StandardError.Trim()).Should().Be((127, "callytics-paths: no-such-command-anywhere: command not found"));
        (notExecutable.ExitCode, notExecutable.StandardError.Trim()).Should().Be((126, $"callytics-paths: {tree["not-executable"]}: permission denied"));
        noCommand.ExitCode.Should().Be(2, noCommand.ToString());
        notRoot.ExitCode.Should().Be(2, notRoot.ToString());
        notRoot.StandardError.Should().Contain("needs root to switch to uid 1000");
    }

    [RootFact]
    public void A_setuid_copy_of_the_tool_refuses_to_run()
    {
        using var tree = new TempTree();
        string copy = tree.Dir("tool");
        foreach (string file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            File.CreateSymbolicLink(Path.Combine(copy, Path.GetFileName(file)), file);
        }

        string apphost = Path.Combine(copy, "callytics-paths");
        File.Delete(apphost);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "callytics-paths"), apphost);
        File.SetUnixFileMode(apphost, (UnixFileMode)0x9ED); // 04755
        string dotnetRoot = Path.GetDirectoryName(File.ResolveLinkTarget(ChildProcess.Which(ChildProcess.Dotnet), returnFinalTarget: true)?.FullName ?? ChildProcess.Which(ChildProcess.Dotnet))!;

        ProcessResult run = ChildProcess.Run([apphost, "exec", "--", "/bin/true"], new Dictionary<string, string> { ["DOTNET_ROOT"] = dotnetRoot });

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("refusing to run from a setuid or setgid binary");
    }
}
