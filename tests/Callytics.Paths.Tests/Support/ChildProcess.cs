using System.Diagnostics;

namespace Callytics.Paths.Tests.Support;

/// <summary>The outcome of a child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Gets what the process wrote to stdout (scanned for the test passwords).</summary>
    public string StandardOutput { get; } = SecretScan.Checked(StandardOutput, "stdout");

    /// <summary>Gets what the process wrote to stderr (scanned for the test passwords).</summary>
    public string StandardError { get; } = SecretScan.Checked(StandardError, "stderr");

    public string All => StandardOutput + StandardError;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>Runs the test host service (or any command) as a real child process with a controlled environment.</summary>
public static class ChildProcess
{
    private static readonly string[] InheritedVariables = ["PATH", "DOTNET_ROOT", "LANG"];

    /// <summary>The test host's entry assembly, published ReadyToRun into testhost/ beside the tests (its own folder, all a child as another user needs).</summary>
    public static string TestHostDll => Path.Combine(AppContext.BaseDirectory, "testhost", "Callytics.Paths.TestHost.dll");

    /// <summary>The callytics-paths tool, copied beside the tests.</summary>
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "callytics-paths.dll");

    /// <summary>
    /// Whether the tests run as linux-arm64 (published for it and run under qemu-user by .ci/run's arm64 phase). Their
    /// children are then arm64 too: the test host and the tool published for linux-arm64 beside the tests
    /// (<c>testhost/</c>, <c>tool/</c>), which the kernel hands to qemu (binfmt_misc, registered by that phase).
    /// </summary>
    public static bool Arm64 => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64;

    /// <summary>The command that starts the test host: <c>dotnet testhost/…dll</c>, or the arm64 build's own executable.</summary>
    public static string[] TestHost => Arm64 ? [Path.Combine(AppContext.BaseDirectory, "testhost", "Callytics.Paths.TestHost")] : [Dotnet, TestHostDll];

    /// <summary>The command that starts the tool: <c>dotnet callytics-paths.dll</c>, or the arm64 build's own executable.</summary>
    public static string[] Tool => Arm64 ? [Path.Combine(AppContext.BaseDirectory, "tool", "callytics-paths")] : [Dotnet, ToolDll];

    /// <summary>Runs the callytics-paths tool with exactly <paramref name="environment"/> set (the volume check off unless given).</summary>
    public static ProcessResult RunTool(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Run([.. Tool, .. arguments], environment);

    /// <summary>
    /// <paramref name="command"/> run as uid and gid 65534 with no supplementary groups (setpriv): what it runs must be
    /// where that user can reach it (<see cref="Reachable"/>).
    /// </summary>
    public static string[] AsNobody(params string[] command) =>
        ["setpriv", $"--reuid={Machine.Nobody}", $"--regid={Machine.Nobody}", "--clear-groups", .. command];

    /// <summary>The full path of <paramref name="command"/> (a path, or a name on PATH), or the name itself when not found.</summary>
    public static string Which(string command) =>
        command.Contains('/', StringComparison.Ordinal) ? command
        : (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists) ?? command;

    /// <summary>The dotnet muxer that runs the tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Starts the test host, optionally as uid/gid 65534 through setpriv, with exactly <paramref name="environment"/> set.</summary>
    /// <remarks>As uid 65534, the test host runs from a copy inside <paramref name="tree"/> when the checkout is out of that user's reach.</remarks>
    public static Process StartTestHost(IReadOnlyDictionary<string, string> environment, bool asNobody = false, string? workingDirectory = null,
        TempTree? tree = null, params string[] arguments)
    {
        List<string> command = asNobody
            ? [.. AsNobody([.. TestHost[..^1], Reachable.File(TestHost[^1], tree ?? throw new ArgumentNullException(nameof(tree), "a child run as 65534 needs the test's tree"))]), .. arguments]
            : [.. TestHost, .. arguments];
        return Start(command, environment, workingDirectory, redirectInput: arguments.Length > 0 && arguments[0] == "health");
    }

    /// <summary>Runs the test host to completion.</summary>
    public static ProcessResult RunTestHost(IReadOnlyDictionary<string, string> environment, bool asNobody = false, string? workingDirectory = null,
        TempTree? tree = null) =>
        Wait(StartTestHost(environment, asNobody, workingDirectory, tree));

    /// <summary>Runs any command to completion with exactly <paramref name="environment"/> (plus PATH) set.</summary>
    public static ProcessResult Run(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null,
        TimeSpan? timeout = null) =>
        Wait(Start(command, environment ?? new Dictionary<string, string>(), workingDirectory), timeout);

    /// <summary>Waits for a started process and collects its output.</summary>
    public static ProcessResult Wait(Process process, TimeSpan? timeout = null)
    {
        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            TimeSpan limit = timeout ?? TimeSpan.FromMinutes(2);
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{process.StartInfo.FileName} did not finish in {limit.TotalMinutes} minutes");
            }

            return new ProcessResult(process.ExitCode, output.Result, error.Result);
        }
    }

    /// <summary>Starts any command with exactly <paramref name="environment"/> (plus PATH) set; stdin can be kept open for writing.</summary>
    public static Process Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null,
        bool redirectInput = false)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach ((string name, string value) in Variables(environment))
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
    }

    /// <summary>
    /// Everything a child sees: PATH, DOTNET_ROOT and LANG from this process, HOME the temporary folder, the volume check
    /// off, and then <paramref name="environment"/>. Nothing else of this process's environment reaches a child.
    /// </summary>
    public static Dictionary<string, string> Variables(IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                variables[name] = value;
            }
        }

        variables["HOME"] = Path.GetTempPath();
        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_NOLOGO"] = "1";
        variables["DOTNET_EnableDiagnostics"] = "0";
        // The test machine may itself be a container while the test layouts are not volumes: tests that are not
        // about volumes run with the volume check off; the volume tests set CALLYTICS_MOUNT_CHECK themselves.
        variables["CALLYTICS_MOUNT_CHECK"] = "off";

        // Likewise its own layer holds what the machine wrote (a NuGet cache): the layer is read in the container
        // sandbox only, by the tests about it.
        variables["CALLYTICS_LAYER_CHECK"] = "off";
        if (Arm64)
        {
            // .NET's double-mapped JIT code (W^X) defeats qemu's detection of code it has already translated, so it is
            // off under emulation.
            variables["DOTNET_EnableWriteXorExecute"] = "0";
        }

        foreach ((string name, string value) in environment)
        {
            variables[name] = value;
        }

        return variables;
    }
}
