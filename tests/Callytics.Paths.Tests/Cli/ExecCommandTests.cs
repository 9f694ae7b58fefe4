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
        ProcessResult notRoot = ChildProcess.Run([.. ChildProcess.AsNobody([.. ChildProcess.Tool[..^1], Reachable.File(ChildProcess.Tool[^1], tree)]),
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

    /// <summary>The tool as exec, then the owners of <paramref name="paths"/> as the container sees them afterwards.</summary>
    private static ContainerSandbox ExecThenOwners(ContainerSandbox sandbox, string[] paths, params string[] execArguments)
    {
        string tool = string.Join(' ', ContainerSandbox.ToolCommand.Append("exec").Concat(execArguments).Select(a => $"'{a}'"));
        sandbox.Command = ["/bin/sh", "-c", $"{tool}; echo exit=$?; stat -c 'owner %u:%g %a %n' {string.Join(' ', paths)}"];
        return sandbox;
    }

    private static string Owner(ProcessResult run, string path) =>
        run.StandardOutput.Split('\n').Single(l => l.StartsWith("owner ", StringComparison.Ordinal) && l.EndsWith(" " + path, StringComparison.Ordinal)).Split(' ')[1];

    [RootFact("unshare", "mount", "chroot")]
    public void A_named_volume_at_app_is_never_handed_over_and_a_link_planted_in_it_is_never_followed()
    {
        // The escalation: a volume at /app; the default database's directory is /app itself. Were /app handed over, the
        // service could replace /app/logs with a link to /etc, and the next start would give /etc away.
        foreach (string check in new[] { "off", "enforce" })
        {
            using var first = new ContainerSandbox();
            first.Bind("/app").Set("CALLYTICS_ROLES", "logs,database").Set("CALLYTICS_MOUNT_CHECK", check);
            ProcessResult start = ExecThenOwners(first, ["/", "/app", "/app/logs"], "--user", "65534", "--", "/bin/true").Run();

            Owner(start, "/app").Should().Be("0:0", start.ToString());
            Owner(start, "/").Should().Be("0:0", start.ToString());
            start.StandardOutput.Should().Contain("exit=1", "the user cannot write the database's directory, /app, which is not given to it");
            Owner(start, "/app/logs").Should().Be("0:0", "a run that exits 1 gives back what it handed over");
            start.StandardError.Should().Contain("DATABASE_URL's directory /app is not given to the user (it is CALLYTICS_ROOT (/app)");

            using var second = new ContainerSandbox();
            second.Bind("/app").Set("CALLYTICS_ROLES", "logs,database").Set("CALLYTICS_MOUNT_CHECK", check)
                .Shell("mkdir -p root/srv/secret && echo root:x:0:0 > root/srv/secret/passwd")
                .Shell($"ln -s /srv/secret '{second.Host("app")}/logs'");
            ProcessResult again = ExecThenOwners(second, ["/", "/app", "/srv/secret", "/srv/secret/passwd"], "--user", "65534", "--", "/bin/true").Run();

            again.StandardOutput.Should().Contain("exit=1", again.ToString());
            foreach (string path in new[] { "/", "/app", "/srv/secret", "/srv/secret/passwd" })
            {
                Owner(again, path).Should().Be("0:0", $"{path} must keep its owner under CALLYTICS_MOUNT_CHECK={check}: {again}");
            }

            if (check == "off")
            {
                again.StandardError.Should().Contain("/app/logs is a symbolic link to /srv/secret, and exec never changes an owner through a link");
            }
            else
            {
                again.StandardError.Should().Contain("CP501").And.Contain("nothing was handed to the service user");
            }
        }
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Slash_tmp_and_a_database_at_the_top_are_never_handed_over()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Set("CALLYTICS_ROLES", "logs,database").Set("CALLYTICS_MOUNT_CHECK", "off")
            .Set("LOG_DIR", "/tmp").Set("DATABASE_URL", "sqlite:////x.sqlite");

        ProcessResult run = ExecThenOwners(sandbox, ["/", "/tmp"], "--user", "65534", "--", "/bin/true").Run();

        Owner(run, "/").Should().Be("0:0", run.ToString());
        Owner(run, "/tmp").Should().Be("0:0", run.ToString());
        run.StandardOutput.Should().Contain("1777 /tmp");
        run.StandardError.Should().Contain("LOG_DIR directory /tmp is not given to the user: it is a system directory");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void A_layout_that_fails_as_root_hands_nothing_over()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/temp").Bind("/app/logs").Set("CALLYTICS_ROLES", "temp,logs").Set("TEMP_DIR", "/app/.temp").Set("CALLYTICS_MOUNT_CHECK", "enforce");

        ProcessResult run = ExecThenOwners(sandbox, ["/app/logs"], "--user", "65534", "--", "/bin/true").Run();

        run.StandardOutput.Should().Contain("exit=1", run.ToString());
        Owner(run, "/app/logs").Should().Be("0:0", "nothing is handed over on a run that exits 1");
        run.StandardError.Should().Contain("[CP501] TEMP_DIR=/app/.temp");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void On_a_fresh_empty_volume_the_read_roles_exec_creates_are_readable_by_the_user()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app").Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite").Set("CALLYTICS_MOUNT_CHECK", "enforce");

        ProcessResult run = ExecThenOwners(sandbox, ["/app", "/app/audio", "/app/config", "/app/temp", "/app/data"], "--user", "65534", "--", "/bin/true").Run();

        run.StandardOutput.Should().Contain("exit=0", run.ToString());
        run.StandardOutput.Should().Contain("owner 0:65534 750 /app/audio").And.Contain("owner 0:65534 750 /app/config")
            .And.Contain("owner 65534:65534 700 /app/temp").And.Contain("owner 65534:65534 750 /app/data").And.Contain("owner 0:0 ");
        Owner(run, "/app").Should().Be("0:0");
        run.StandardError.Should().Contain("callytics-paths: gave the directory /app/temp to the service user 65534:65534 (it was 0:0).",
            "an owner change is never silent (issue #33)").And.Contain("callytics-paths: gave the directory /app/data to the service user 65534:65534 (it was 0:0).");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Everything_after_the_command_is_the_commands_and_its_bytes_arrive_untouched()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/logs").Set("CALLYTICS_ROLES", "logs").Set("CALLYTICS_MOUNT_CHECK", "off");
        string tool = string.Join(' ', ContainerSandbox.ToolCommand) + " exec --user 65534";
        sandbox.Command = ["/bin/sh", "-c",
            $"{tool} /bin/echo --help; V=\"$(printf 'caf\\351')\" {tool} -- /bin/sh -c 'printf %s \"$1$V\" | od -An -tx1' sh \"$(printf 'x\\377')\""];

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("Echo the STRING", "echo got --help, not exec").And.NotContain("--no-chown");
        run.StandardOutput.Should().Contain("78 ff 63 61 66 e9", "argv and the environment pass through byte for byte");
    }

    [RootFact("setpriv")]
    public void A_group_switch_without_root_is_a_usage_error_before_anything_runs()
    {
        using var tree = new TempTree();
        tree.Dir("app/logs");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "logs" };

        ProcessResult run = ChildProcess.Run([.. ChildProcess.AsNobody([.. ChildProcess.Tool[..^1], Reachable.File(ChildProcess.Tool[^1], tree)]),
            "exec", "--user", "65534:0", "--", "/bin/true"], environment);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("needs root to switch to gid 0");
    }

    [RootFact("setpriv")]
    public void The_tool_need_not_be_readable_by_the_service_user()
    {
        using var tree = new TempTree();
        string tool = tree.Dir("private/tool");
        File.SetUnixFileMode(tree["private"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // 0700, as a checkout under /root
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(ChildProcess.Tool[^1])!).Where(f => !f.EndsWith(".pdb", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(tool, Path.GetFileName(file)));
        }

        tree.Dir("app");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "temp,logs" };

        ProcessResult run = ChildProcess.Run([.. ChildProcess.Tool[..^1], Path.Combine(tool, Path.GetFileName(ChildProcess.Tool[^1])), "exec", "--user", "65534", "--", "/bin/echo", "hello"],
            ChildProcess.Variables(environment));

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Be("hello\n");
        run.StandardError.Should().Contain("as uid 65534");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void What_only_the_user_fails_gets_its_owners_back_so_a_run_that_exits_1_changes_no_owner()
    {
        // Root passes every check here; the user cannot reach LOG_DIR through a 0700 parent, which only the validation
        // as the user finds, after LOG_DIR was handed over.
        using var sandbox = new ContainerSandbox();
        sandbox.Set("CALLYTICS_ROLES", "logs").Set("CALLYTICS_MOUNT_CHECK", "off").Set("LOG_DIR", "/srv/private/logs")
            .Shell("mkdir -p root/srv/private/logs && chmod 700 root/srv/private");

        ProcessResult run = ExecThenOwners(sandbox, ["/srv/private/logs"], "--user", "65534", "--", "/bin/true").Run();

        run.StandardOutput.Should().Contain("exit=1", run.ToString());
        Owner(run, "/srv/private/logs").Should().Be("0:0", "the hand-over is undone when the user's validation fails");
        run.StandardError.Should().Contain("the 1 owner change made for the service user were undone");
    }
}
