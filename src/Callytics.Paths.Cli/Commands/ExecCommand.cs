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
/// and as root with <c>--user</c> creates the missing role directories, validates all that root can prove, hands the
/// user what <see cref="HandOver"/> allows (never through a link, never a directory holding more than the role), and
/// drops to it; then it validates as the service user, with real probes, and either prints every problem and exits 1,
/// or replaces itself with the command. Everything after the command is the command's, options included.
/// </summary>
internal static class ExecCommand
{
    private const uint SetUidBits = 0xC00; // S_ISUID | S_ISGID

    /// <summary>
    /// <paramref name="args"/> with <c>--</c> put before the command when it is not there, so that everything from the
    /// command on is the command's (<c>exec --user 10001 /bin/echo --help</c> runs echo with <c>--help</c>).
    /// </summary>
    internal static string[] CommandSeparated(string[] args)
    {
        if (args.Length == 0 || args[0] != "exec" || Array.IndexOf(args, "--") >= 0)
        {
            return args;
        }

        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--user")
            {
                i++; // its value
                continue;
            }

            if (!args[i].StartsWith('-'))
            {
                return [.. args[..i], "--", .. args[i..]];
            }
        }

        return args;
    }

    internal static Command Create(Invocation invocation)
    {
        var user = new Option<string?>("--user") { Description = "Run the command as USER[:GROUP] (names from /etc/passwd and /etc/group) or UID[:GID]; needs root." };
        var noChown = new Option<bool>("--no-chown") { Description = "Do not give the role directories to the --user." };
        var command = new Argument<string[]>("command") { Description = "The service's command and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        var stage = new Option<string?>("--stage") { Hidden = true, Description = "prepare or validate: the disk work of one step, in the bounded child." };
        var exec = new Command("exec", "Validate the layout exactly as the library's start-up does (as the service user, after dropping root with --user), then replace this process with the command. Exit 1 on an invalid layout, 2 on a usage error, 126/127 when the command cannot be run.")
        {
            user, noChown, command, stage,
        };
        exec.SetAction(result => Run(invocation, result.GetValue(user), result.GetValue(noChown), result.GetValue(command)!, result.GetValue(stage)));
        return exec;
    }

    private static int Run(Invocation invocation, string? userSpec, bool noChown, string[] command, string? stage)
    {
        Terminal terminal = invocation.Terminal;
        if (FileStatus.Of("/proc/self/exe") is { Exists: true } self && (self.Mode & SetUidBits) != 0)
        {
            throw new UsageException("refusing to run from a setuid or setgid binary: run it as root in the container instead (ENTRYPOINT), and give it --user.");
        }

        // The bytes as given, read before the drop: /proc/self is root's once the ids change (the process is no longer dumpable).
        Dictionary<string, string>? rawEnvironment = invocation.IsProcess ? RawEnvironment() : null;
        command = invocation.IsProcess ? RawTail(command) : command;
        CallyticsPaths paths = Layout.From(invocation);
        uint euid = Libc.GetEffectiveUserId();
        ServiceUser? user = userSpec is null ? null : ServiceUser.Resolve(userSpec);
        if (user is not null && euid != 0 && user.Uid != euid)
        {
            throw new UsageException($"--user {userSpec} needs root to switch to uid {user.Uid}; this process runs as uid {euid}. Drop --user (Kubernetes runAsUser already chose the user) or run as root.");
        }

        uint egid = Libc.GetEffectiveGroupId();
        if (user is not null && euid != 0 && user.Gid != egid)
        {
            throw new UsageException($"--user {userSpec} needs root to switch to gid {user.Gid}; this process runs as {euid}:{egid}. Drop --user (Kubernetes runAsGroup already chose the group) or run as root.");
        }

        switch (stage)
        {
            case "prepare" when user is not null && euid == 0:
                return Prepare(invocation, paths, user, noChown);
            case "validate":
                if (user is not null && euid == 0)
                {
                    // The child drops itself: started as root, it can read the tool wherever it lies, so the code it
                    // runs after the drop is loaded before it.
                    ToolCode.LoadAll();
                    Privileges.DropTo(user);
                }

                return Validate(invocation, paths);
            case not null:
                throw new UsageException($"--stage {stage} is not a step of exec.");
        }

        // The disk work runs in children that a hung volume may hold (Bounded): this process touches no role path, so
        // it ends on time whatever the disk does, and only it replaces itself with the command.
        bool bounded = !Bounded.IsWorker(invocation);
        TimeSpan limit = Bounded.CommandLimit(invocation);
        int Hung(string checking)
        {
            terminal.Error.WriteLine($"callytics-paths: exec did not finish within {limit.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s while checking {checking}: " +
                $"a volume may be hung (a dead NFS server, a FUSE server that does not answer); the command was not run. Fix: check that mount on the host; {Bounded.TimeoutVariable} sets this bound.");
            return 1;
        }

        // What the service is given is made while this process can still load any of the tool's code: after the drop
        // the tool's files may be out of the user's reach (only the command must be within it).
        Dictionary<string, string> environment = Environment(invocation, rawEnvironment, paths, user);
        string layout = $"callytics-paths: layout {paths}; running {DisplayText.Of(command[0])} as uid ";
        bool switching = user is not null && euid == 0;
        var changes = new List<HandOver.Change>();
        if (switching)
        {
            var records = new List<string>();
            int? inChild = bounded
                ? Bounded.Run(invocation, noChown ? ["exec", "--stage", "prepare", "--user", userSpec!, "--no-chown", "--", "/bin/true"] : ["exec", "--stage", "prepare", "--user", userSpec!, "--", "/bin/true"], limit, Hung, records)
                : null;
            int prepared = inChild ?? Prepare(invocation, paths, user!, noChown, changes);
            changes.AddRange(records.Select(HandOver.Change.FromLine).OfType<HandOver.Change>());
            if (prepared != 0)
            {
                return prepared;
            }

            // Never silently: each owner handed to the service user is said, with the owner it had (issue #33).
            foreach (HandOver.Change change in changes)
            {
                terminal.Error.WriteLine($"callytics-paths: gave the {(change.IsFile ? "file" : "directory")} {DisplayText.Of(change.Path)} to the service user {user!.Uid}:{user.Gid} (it was {change.Uid}:{change.Gid}).");
            }
        }

        // The validating child is started before this process drops root and drops itself, so that the tool need not
        // be readable by the service user (only the command must be).
        int? validatedInChild = bounded
            ? Bounded.Run(invocation, switching ? ["exec", "--stage", "validate", "--user", userSpec!, "--", "/bin/true"] : ["exec", "--stage", "validate", "--", "/bin/true"], limit, Hung)
            : null;
        if (validatedInChild is int validated)
        {
            if (validated != 0)
            {
                // This process is still root: what the prepare step handed over is given back, so a run that exits 1
                // leaves every owner as it found it.
                if (changes.Count > 0)
                {
                    var warnings = new List<string>();
                    HandOver.Undo(changes, user!, warnings);
                    terminal.Error.WriteLine($"callytics-paths: the {changes.Count} owner change{(changes.Count == 1 ? string.Empty : "s")} made for the service user {(warnings.Count == 0 ? "were" : "were partly")} undone.");
                    foreach (string warning in warnings)
                    {
                        terminal.Error.WriteLine($"callytics-paths: warning: {warning}");
                    }
                }

                return validated;
            }

            if (switching)
            {
                Privileges.DropTo(user!);
            }
        }
        else
        {
            if (switching)
            {
                Privileges.DropTo(user!);
            }

            if (Validate(invocation, paths) is int failed and not 0)
            {
                return failed;
            }
        }

        string? file = ProcessImage.Find(command[0], environment.GetValueOrDefault("PATH"), out int exitCode, out string reason);
        if (file is null)
        {
            terminal.Error.WriteLine($"callytics-paths: {reason}");
            return exitCode;
        }

        terminal.Error.WriteLine(layout + Libc.GetEffectiveUserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        terminal.Error.Flush();
        terminal.Out.Flush();
        exitCode = ProcessImage.Replace(file, command, environment, out reason);
        terminal.Error.WriteLine($"callytics-paths: {reason}");
        return exitCode;
    }

    /// <summary>
    /// As root, in this order: create what is missing with the library's modes and rules (never in the container layer
    /// under enforce) and validate everything root can prove; on any error nothing is handed over. Then hand over
    /// (<see cref="HandOver"/> says exactly what, never through a link). Exit 0, or 1 with every problem on stderr.
    /// </summary>
    private static int Prepare(Invocation invocation, CallyticsPaths paths, ServiceUser user, bool noChown, List<HandOver.Change>? changes = null)
    {
        Terminal terminal = invocation.Terminal;
        List<string> missing = noChown ? [] : HandOver.Missing(paths);
        PathValidationResult asRoot = CallyticsPathsValidator.Validate(paths, Layout.Settings(invocation, create: true));
        if (asRoot.HasErrors)
        {
            terminal.Error.WriteLine(new CallyticsPathsValidationException(asRoot).Message);
            terminal.Error.WriteLine("callytics-paths: nothing was handed to the service user.");
            return 1;
        }

        if (!noChown)
        {
            var warnings = new List<string>();
            List<HandOver.Target> targets = HandOver.Plan(paths, Root(invocation), missing, warnings);
            foreach (HandOver.Change change in HandOver.Apply(targets, user, warnings))
            {
                changes?.Add(change);
                if (Bounded.IsChild(invocation))
                {
                    terminal.Error.WriteLine(Bounded.RecordPrefix + change.ToLine()); // for the parent, to give back should the user's validation fail
                }
            }

            foreach (string warning in warnings)
            {
                terminal.Error.WriteLine($"callytics-paths: warning: {warning}");
            }
        }

        return 0;
    }

    /// <summary>Validates as this process's user, creating what is still missing, with real probes: exit 0, or 1 with every problem on stderr.</summary>
    private static int Validate(Invocation invocation, CallyticsPaths paths)
    {
        Terminal terminal = invocation.Terminal;
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

        return 0;
    }

    /// <summary>
    /// The command as the process was given it: .NET decodes argv as UTF-8 and replaces what is not, so the same words
    /// are read again from /proc/self/cmdline with every byte kept (<see cref="FileName.Decode"/>), for execve to pass on
    /// untouched. Falls back to <paramref name="command"/> when the two do not line up.
    /// </summary>
    private static string[] RawTail(string[] command)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes("/proc/self/cmdline");
        }
        catch (IOException)
        {
            return command;
        }

        List<string> words = Split(raw);
        if (words.Count < command.Length)
        {
            return command;
        }

        string[] tail = [.. words.Skip(words.Count - command.Length)];
        for (int i = 0; i < tail.Length; i++)
        {
            if (!FileName.HasUndecodedBytes(tail[i]) && tail[i] != command[i])
            {
                return command;
            }
        }

        return tail;
    }

    /// <summary>The process's environment as it was given, every byte kept (from /proc/self/environ).</summary>
    private static Dictionary<string, string> RawEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string entry in Split(File.ReadAllBytes("/proc/self/environ")))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment.TryAdd(entry[..equals], entry[(equals + 1)..]);
            }
        }

        return environment;
    }

    private static List<string> Split(byte[] raw)
    {
        var words = new List<string>();
        int start = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == 0)
            {
                words.Add(FileName.Decode(raw.AsSpan(start, i - start)));
                start = i + 1;
            }
        }

        return words;
    }

    /// <summary>CALLYTICS_ROOT as the binder reads it, absolute and without a trailing slash.</summary>
    private static string Root(Invocation invocation)
    {
        string? root = invocation.Variable(CallyticsPathsVariables.Root);
        root = string.IsNullOrWhiteSpace(root) ? CallyticsPathsVariables.DefaultRoot : root;
        string full = invocation.FullPath(root);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>
    /// The service's environment: the run's variables, with every used directory role set to its normalized absolute value
    /// (<c>TEMP_DIR=temp</c> reaches the service as <c>/app/temp</c>), and <c>HOME</c> and <c>USER</c> from the user entry.
    /// </summary>
    private static Dictionary<string, string> Environment(Invocation invocation, Dictionary<string, string>? raw, CallyticsPaths paths, ServiceUser? user)
    {
        Dictionary<string, string> environment = raw ?? new Dictionary<string, string>(invocation.Variables, StringComparer.Ordinal);

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
