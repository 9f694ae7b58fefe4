using System.CommandLine;
using System.Text.Json;
using Callytics.Paths.Cli.Commands;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Database;

namespace Callytics.Paths.Cli;

/// <summary>
/// <c>callytics-paths</c>. Exit codes: 0 no error, 1 errors found (or a command failed), 2 the command line or its
/// input cannot be used. With <c>--json</c>, stdout is valid JSON in every case, errors included.
/// </summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args, Invocation.OfProcess());

    /// <summary>Runs the tool once on <paramref name="invocation"/>'s console, variables and working directory.</summary>
    /// <returns>The exit code.</returns>
    internal static int Run(string[] args, Invocation invocation)
    {
        Terminal terminal = invocation.Terminal;
        if (args is ["--version"])
        {
            // As System.CommandLine's version option prints it, without building the command tree or reading the
            // version attribute through reflection: a fifth of the process's time (benchmarks/README.md).
            terminal.Out.WriteLine(ToolVersion.Informational);
            terminal.Out.Flush();
            return 0;
        }

        args = ExecCommand.CommandSeparated(args);
        string[] own = Array.IndexOf(args, "--") is int end and >= 0 ? args[..end] : args; // exec's command is not ours
        bool json = own.Contains("--json") || own.Contains("--format=json") || own.Contains("--format=sarif")
            || own.Select((a, i) => a == "--format" && i + 1 < own.Length && own[i + 1] is "json" or "sarif").Any(b => b);
        try
        {
            if (args is [("check" or "usage" or "mounts") and string name, ..] && !args.Contains("--help") && !args.Contains("-h") && !Bounded.IsWorker(invocation))
            {
                // These read the disk: a hung volume must not hold the tool past its bound (Bounded says why a child).
                TimeSpan limit = Bounded.CommandLimit(invocation);
                int? bounded = Bounded.Run(invocation, args, limit, checking => Fail(terminal, json, 1,
                    $"{name} did not finish within {limit.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s while checking {checking}: a volume may be hung " +
                    $"(a dead NFS server, a FUSE server that does not answer). Fix: check that mount on the host; {Bounded.TimeoutVariable} sets this bound."));
                if (bounded is int exitCode)
                {
                    return exitCode;
                }
            }

            RootCommand root = Build(invocation, args);
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                string command = string.Join(' ', parsed.CommandResult.Command is RootCommand ? [] : CommandPath(parsed.CommandResult));
                string message = string.Join(" ", parsed.Errors.Select(e => e.Message));
                return Fail(terminal, json, 2, $"{message} Run 'callytics-paths {(command.Length > 0 ? command + " " : string.Empty)}--help' for usage.");
            }

            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = terminal.Out, Error = terminal.Error });
        }
        catch (UsageException exception)
        {
            return Fail(terminal, json, 2, exception.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or FormatException
            or PlatformNotSupportedException)
        {
            return Fail(terminal, json, 1, exception.Message);
        }
    }

    /// <summary>Every command, by name, made only when asked for.</summary>
    private static readonly (string Name, Func<Invocation, Command> Create)[] Commands =
    [
        ("check", CheckCommand.Create), ("usage", UsageCommand.Create), ("mounts", MountsCommand.Create), ("sessions", SessionsCommand.Create),
        ("compose", ComposeCommand.Create), ("kube", KubeCommand.Create), ("exec", ExecCommand.Create), ("health", HealthCommand.Create),
        ("layer", LayerCommand.Create), ("audit", AuditCommand.Create),
    ];

    /// <summary>
    /// The command tree. With <paramref name="args"/> naming a command, only that command is built: the tool runs as an
    /// entrypoint and as a health probe every few seconds, and building every command's options costs it more than
    /// most commands' own work. Anything else (no command, --help, --version, a typo) gets the whole tree.
    /// </summary>
    internal static RootCommand Build(Invocation invocation, IReadOnlyList<string>? args = null)
    {
        var root = new RootCommand("Check a Callytics service's directory layout: the same variables, rules and messages as the Callytics.Paths library.");
        string? first = args is { Count: > 0 } ? args[0] : null;
        bool one = Array.Exists(Commands, c => c.Name == first);
        foreach ((string name, Func<Invocation, Command> create) in Commands)
        {
            if (!one || name == first)
            {
                root.Subcommands.Add(create(invocation));
            }
        }

        return root;
    }

    private static Stack<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is System.CommandLine.Parsing.CommandResult { Command: not RootCommand } command)
            {
                names.Push(command.Command.Name);
            }
        }

        return names;
    }

    private static int Fail(Terminal terminal, bool json, int exitCode, string message)
    {
        string masked = DatabaseUrl.Mask(message);
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new ErrorOutput(masked, exitCode), CliJsonContext.Readable.ErrorOutput));
        }
        else
        {
            terminal.Error.WriteLine($"callytics-paths: {masked}");
        }

        return exitCode;
    }
}
