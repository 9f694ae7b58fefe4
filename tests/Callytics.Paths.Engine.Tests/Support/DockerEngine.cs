using System.Diagnostics;
using DotNet.Testcontainers.Configurations;

namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>The outcome of a command.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>Gets stdout and stderr together.</summary>
    public string All => Output + Error;

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// The Docker Engine the tests run on: the one <c>.ci/engine start</c> runs (its own socket), else <c>DOCKER_HOST</c>,
/// else the machine's default socket. Testcontainers runs the containers (its reaper off: it would pull an image
/// that no registry here serves, and every test removes what it starts); the CLI does what Testcontainers has no
/// call for: <c>docker build --network host</c>, <c>docker diff</c>, the health state, and Compose v1.
/// </summary>
public static class DockerEngine
{
    /// <summary>The socket of the engine <c>.ci/engine</c> starts.</summary>
    public const string OwnSocket = "/run/callytics-engine.sock";

    /// <summary>The stand-ins <c>.ci/engine images</c> builds for the images no registry serves here.</summary>
    public const string DebianImage = "callytics-ci/debian:bookworm";

    /// <summary>The stand-in for <c>mcr.microsoft.com/dotnet/sdk:10.0</c>.</summary>
    public const string SdkImage = "callytics-ci/sdk:10.0";

    /// <summary>The stand-in for <c>mcr.microsoft.com/dotnet/aspnet:10.0</c>.</summary>
    public const string AspNetImage = "callytics-ci/aspnet:10.0";

    /// <summary>The stand-in for <c>python:3.12-slim</c>.</summary>
    public const string PythonImage = "callytics-ci/python:3.12-slim";

    private static readonly Lazy<string?> Why = new(Probe);
    private static readonly Lazy<CommandResult> BaseImages = new(() => Run(["bash", Repository.Path(".ci/engine"), "images"], timeout: TimeSpan.FromMinutes(6)));

    static DockerEngine()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is not { Length: > 0 })
        {
            // The engine .ci/engine runs (in CI it may still be starting), else the machine's default one.
            Environment.SetEnvironmentVariable("DOCKER_HOST", File.Exists(OwnSocket) || InCi || !File.Exists("/var/run/docker.sock")
                ? "unix://" + OwnSocket : "unix:///var/run/docker.sock");
        }

        TestcontainersSettings.ResourceReaperEnabled = false;
    }

    /// <summary>Gets the engine's address.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOCKER_HOST")!;

    /// <summary>Gets why no engine answers here, or null when one does.</summary>
    public static string? Unavailable => Why.Value;

    /// <summary>Whether this runs in CI, where a test that cannot run must fail, never skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails (with the reason) unless an engine answers and the stand-in base images are there, building the missing ones once.</summary>
    public static void Require()
    {
        // First the images: `.ci/engine images` waits for a set-up in progress (.ci/run prepares the engine in the
        // background while the solution builds) and starts the engine where it can; then the engine must answer.
        CommandResult images = BaseImages.Value;
        if (Unavailable is { } why)
        {
            throw new InvalidOperationException($"no Docker Engine at {Host}: {why}. Start one with `.ci/engine start` (as root).\n{images}");
        }

        if (images.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/engine images failed:\n{images}");
        }
    }

    /// <summary>Runs the docker CLI against the engine.</summary>
    public static CommandResult Docker(params string[] arguments) => Run(["docker", .. arguments]);

    /// <summary>Runs <paramref name="command"/> to completion (killed after <paramref name="timeout"/>, 3 minutes by default).</summary>
    public static CommandResult Run(IReadOnlyList<string> command, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null, string? input = null)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOCKER_HOST"] = Host;
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{string.Join(' ', command)} did not end within {timeout ?? TimeSpan.FromMinutes(3)}:\n{output.Result}\n{error.Result}");
        }

        return new CommandResult(process.ExitCode, output.Result, error.Result);
    }

    private static string? Probe()
    {
        try
        {
            CommandResult version = Run(["docker", "version", "--format", "{{.Server.Version}}"], timeout: TimeSpan.FromSeconds(20));
            return version.ExitCode == 0 ? null : version.Error.Trim();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return "the docker CLI cannot be started: " + exception.Message;
        }
    }
}

/// <summary>
/// A fact that needs the Docker Engine. Outside CI it is skipped when no engine answers; in CI (<c>CI=true</c>) it
/// runs regardless and fails, so a machine that cannot start the engine never passes silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EngineFactAttribute : FactAttribute
{
    /// <summary>Initializes the attribute.</summary>
    public EngineFactAttribute()
    {
        if (!DockerEngine.InCi && DockerEngine.Unavailable is { } why)
        {
            Skip = $"needs a Docker Engine ({why}; `.ci/engine start` runs one; in CI it must pass)";
        }
    }
}

/// <summary>A theory that needs the Docker Engine, skipped and failing as <see cref="EngineFactAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EngineTheoryAttribute : TheoryAttribute
{
    /// <summary>Initializes the attribute.</summary>
    public EngineTheoryAttribute() => Skip = new EngineFactAttribute().Skip;
}

/// <summary>The repository the tests were built from.</summary>
public static class Repository
{
    /// <summary>The repository's root (the tests run from tests/Callytics.Paths.Engine.Tests/bin/&lt;configuration&gt;/net10.0).</summary>
    public static string Root { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    /// <summary>The full path of <paramref name="relative"/> inside the repository.</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));

    /// <summary>The callytics-paths tool, copied beside the tests.</summary>
    public static string[] Tool => [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
        System.IO.Path.Combine(AppContext.BaseDirectory, "callytics-paths.dll")];
}
