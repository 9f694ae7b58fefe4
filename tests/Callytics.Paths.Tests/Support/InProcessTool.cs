using Callytics.Paths.Cli;

namespace Callytics.Paths.Tests.Support;

/// <summary>
/// The callytics-paths tool run inside the test process: <c>Program.Run</c> on an invocation of the test's own (the
/// variables a child would get, a working directory, writers for its streams), many at once. It is the same code as
/// the process without a process's start, which costs a fifth of a second of JIT each; the tests that check what only
/// a process shows (exit status as the shell sees it, signals, <c>exec</c>, <c>health</c>'s watchdog, and help, whose
/// usage line names the running executable) use <see cref="ChildProcess.RunTool"/>, and <c>InProcessToolTests</c>
/// proves both give the same answers.
/// </summary>
public static class InProcessTool
{
    /// <summary>Runs the tool with <paramref name="arguments"/> on exactly what a child would see (<see cref="ChildProcess.Variables"/>).</summary>
    public static ProcessResult Run(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = Program.Run(arguments, Invocation.Of(ChildProcess.Variables(environment), workingDirectory, output, error));
        return new ProcessResult(exitCode, output.ToString(), error.ToString());
    }
}
