using System.CommandLine;
using Callytics.Paths.Cli.Exec;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Cli.Commands;

/// <summary>
/// <c>exec [--user USER[:GROUP]] [--no-chown] -- COMMAND [ARGS...]</c>: the library's fail-fast start for a service
/// that cannot call it (the Python services), as the container's entrypoint. It reads the layout as the library does,
/// and as root with <c>--user</c> creates the missing role directories, gives each used writing role's directory (the
/// top one only) to the user, and drops to it; then it validates as the service user, with real probes, and either
/// prints every problem and exits 1, or replaces itself with the command.
/// </summary>
internal static class ExecCommand
{
    private const uint SetUidBits = 0xC00; // S_ISUID | S_ISGID

    internal static Command Create(Invocation invocation)
    {
        var user = new Option<string?>("--user") { Description = "Run the command as USER[:GROUP] (names from /etc/passwd and /etc/group) or UID[:GID]; needs root." };
        var noChown = new Option<bool>("--no-chown") { Description = "Do not give the role directories to the --user." };
        var command = new Argument<string[]>("command") { Description = "The service's command and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        var exec = new Command("exec", "Validate the layout exactly as the library's start-up does (as the service user, after dropping root with --user), then replace this process with the command. Exit 1 on an invalid layout, 2 on a usage error, 126/127 when the command cannot be run.")
        {
            user, noChown, command,
        };
        exec.SetAction(result => Run(invocation, result.GetValue(user), result.GetValue(noChown), result.GetValue(command)!));
        return exec;
    }

    private static int Run(Invocation invocation, string? userSpec, bool noChown, string[] command)
    {
        Terminal terminal = invocation.Terminal;
        if (FileStatus.Of("/proc/self/exe") is { Exists: true } self && (self.Mode & SetUidBits) != 0)
        {
            throw new UsageException("refusing to run from a setuid or setgid binary: run it as root in the container instead (ENTRYPOINT), and give it --user.");
        }

        CallyticsPaths paths = Layout.From(invocation);
        uint euid = Libc.GetEffectiveUserId();
        ServiceUser? user = userSpec is null ? null : ServiceUser.Resolve(userSpec);
        if (user is not null && euid != 0 && user.Uid != euid)
        {
            throw new UsageException($"--user {userSpec} needs root to switch to uid {user.Uid}; this process runs as uid {euid}. Drop --user (Kubernetes runAsUser already chose the user) or run as root.");
        }

        if (user is not null && euid == 0)
        {
            // As root: create what is missing with the library's modes and rules (never in the container layer under
            // enforce), then hand the writing roles' directories to the user. Root passes every probe, so nothing is
            // proven here: the validation after the drop decides.
            PathValidationSettings asRoot = Layout.Settings(invocation, create: true);
            asRoot.WriteProbe = false;
            _ = CallyticsPathsValidator.Validate(paths, asRoot);
            if (!noChown)
            {
                GiveDirectories(terminal, paths, user);
            }

            Privileges.DropTo(user);
        }

        PathValidationResult result = CallyticsPathsValidator.Validate(paths, Layout.Settings(invocation, create: true));
        foreach (PathFinding warning in result.Warnings)
        {
            terminal.Error.WriteLine($"callytics-paths: warning {warning}");
        }

        if (result.HasErrors)
        {
            terminal.Error.WriteLine(new CallyticsPathsValidationException(result).Message);
            return 1;
        }

        Dictionary<string, string> environment = Environment(invocation, paths, user);
        string? file = ProcessImage.Find(command[0], environment.GetValueOrDefault("PATH"), out int exitCode, out string reason);
        if (file is null)
        {
            terminal.Error.WriteLine($"callytics-paths: {reason}");
            return exitCode;
        }

        terminal.Error.WriteLine($"callytics-paths: layout {paths}; running {DisplayText.Of(command[0])} as uid {Libc.GetEffectiveUserId()}");
        terminal.Error.Flush();
        terminal.Out.Flush();
        exitCode = ProcessImage.Replace(file, command, environment, out reason);
        terminal.Error.WriteLine($"callytics-paths: {reason}");
        return exitCode;
    }

    /// <summary>
    /// Gives each used writing role's directory to the user: the directory itself, never a recursive walk, and only when
    /// it is not already theirs. A refusal (NFS root_squash, a read-only mount) is a warning; the probe then decides.
    /// </summary>
    private static void GiveDirectories(Terminal terminal, CallyticsPaths paths, ServiceUser user)
    {
        var directories = new List<(string Variable, string Path)>();
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (layout.Writes && paths.Uses(layout.Role))
            {
                directories.Add((layout.Variable, layout.Get(paths)));
            }
        }

        if (paths.Uses(PathRole.Database) && DatabaseUrl.TryParse(paths.DatabaseUrl, out DatabaseUrl? database) && database.FilePath is { } file && !database.IsReadOnly)
        {
            directories.Add((CallyticsPathsVariables.DatabaseUrl, Path.GetDirectoryName(file) ?? "/"));
        }

        foreach ((string variable, string path) in directories.DistinctBy(d => d.Path))
        {
            using DirectoryHandle? directory = DirectoryHandle.Open(path, out _, followLink: true);
            if (directory is null)
            {
                continue; // missing or unreachable: the validation names it
            }

            FileStatus status = directory.Identity;
            if (status.Uid == user.Uid && status.Gid == user.Gid)
            {
                continue;
            }

            if (Posix.FChown(directory.Descriptor, user.Uid, user.Gid) != 0)
            {
                int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                terminal.Error.WriteLine($"callytics-paths: warning: cannot give {variable} directory {path} to {user.Uid}:{user.Gid}: {Libc.Describe(errno).ToLowerInvariant()}. " +
                    $"Fix: `chown {user.Uid}:{user.Gid}` it on the host (NFS with root_squash refuses root), or run the container as its owner ({status.Uid}:{status.Gid}).");
            }
        }
    }

    /// <summary>
    /// The service's environment: the run's variables, with every used directory role set to its normalized absolute value
    /// (<c>TEMP_DIR=temp</c> reaches the service as <c>/app/temp</c>), and <c>HOME</c> and <c>USER</c> from the user entry.
    /// </summary>
    private static Dictionary<string, string> Environment(Invocation invocation, CallyticsPaths paths, ServiceUser? user)
    {
        var environment = new Dictionary<string, string>(invocation.Variables, StringComparer.Ordinal);

        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (paths.Uses(layout.Role))
            {
                environment[layout.Variable] = layout.Get(paths);
            }
        }

        if (user is not null)
        {
            environment["HOME"] = user.Home;
            environment["USER"] = user.Name;
        }

        return environment;
    }
}
