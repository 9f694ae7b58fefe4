using System.Collections;
using Callytics.Paths.Cli.Output;

namespace Callytics.Paths.Cli;

/// <summary>
/// What one run of the tool reads and writes: its console, its environment variables and its working directory.
/// <c>Main</c> runs the tool on the process's own; the tests run it in-process on theirs, many at once. So no command
/// reads the process's environment, current directory or console itself: relative paths in arguments and values
/// resolve against <see cref="WorkingDirectory"/>, and variables come from <see cref="Variables"/>. Two commands are
/// run as processes only: <c>exec</c> replaces the process, and <c>health</c> (like <c>check</c>, <c>usage</c> and
/// <c>mounts</c>) does its disk work in a bounded child (<see cref="Bounded"/>); in-process they run unbounded.
/// </summary>
internal sealed class Invocation
{
    private readonly Lazy<IReadOnlyDictionary<string, string>> _variables;
    private readonly Lazy<string> _workingDirectory;
    private readonly Lazy<TextReader> _input;

    private Invocation(Terminal terminal, Func<IReadOnlyDictionary<string, string>> variables, Func<string> workingDirectory, Func<TextReader> input,
        bool isProcess = false)
    {
        IsProcess = isProcess;
        Terminal = terminal;
        _variables = new(variables);
        _workingDirectory = new(workingDirectory);
        _input = new(input);
    }

    /// <summary>Whether this is the process's own run (its argv and environment can be read as bytes from /proc/self).</summary>
    internal bool IsProcess { get; }

    /// <summary>Where the run writes.</summary>
    internal Terminal Terminal { get; }

    /// <summary>The environment variables the run sees, by exact (case-sensitive) name.</summary>
    internal IReadOnlyDictionary<string, string> Variables => _variables.Value;

    /// <summary>The directory relative paths resolve against (an absolute path).</summary>
    internal string WorkingDirectory => _workingDirectory.Value;

    /// <summary>Standard input (<c>kube lint -</c>).</summary>
    internal TextReader In => _input.Value;

    /// <summary>The process's own console, variables and working directory, each read when first asked for.</summary>
    internal static Invocation OfProcess() => new(Terminal.Console(), ProcessVariables, () => Environment.CurrentDirectory, () => Console.In, isProcess: true);

    /// <summary>A run on exactly <paramref name="variables"/>, in <paramref name="workingDirectory"/>, writing to <paramref name="output"/> and <paramref name="error"/> without colour.</summary>
    internal static Invocation Of(IReadOnlyDictionary<string, string> variables, string workingDirectory, TextWriter output, TextWriter error, TextReader? input = null) =>
        new(Terminal.Plain(output, error), () => variables, () => Path.GetFullPath(workingDirectory), () => input ?? TextReader.Null);

    /// <summary>The value of the variable <paramref name="name"/>, or null when it is not set.</summary>
    internal string? Variable(string name) => Variables.TryGetValue(name, out string? value) ? value : null;

    /// <summary><paramref name="path"/> made absolute against <see cref="WorkingDirectory"/>.</summary>
    internal string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);

    private static Dictionary<string, string> ProcessVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return variables;
    }
}
