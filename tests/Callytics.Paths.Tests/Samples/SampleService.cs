using System.Diagnostics;
using System.Text.RegularExpressions;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Samples;

/// <summary>The sample service as a running process on a free loopback port.</summary>
internal sealed partial class SampleService : IAsyncDisposable
{
    private readonly Process _process;

    private SampleService(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient(new SecretScan.Handler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    internal Uri Address { get; }

    /// <summary>How many threads the service's process has now (<c>/proc/PID/status</c>).</summary>
    internal int Threads => int.Parse(File.ReadAllLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim(),
        System.Globalization.CultureInfo.InvariantCulture);

    internal HttpClient Client { get; }

    /// <summary>The sample's own build output (same configuration as the tests).</summary>
    internal static string Dll => Checkout.Path($"samples/Callytics.Paths.Sample/bin/{Checkout.Configuration}/net10.0/Callytics.Paths.Sample.dll");

    /// <summary>Starts the sample and waits until it listens; returns null and the output when it exits instead.</summary>
    internal static async Task<(SampleService? Service, ProcessResult? Exited)> StartAsync(Dictionary<string, string> environment, bool asNobody = false,
        TempTree? tree = null)
    {
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        environment["CallyticsPaths__Health__CacheDuration"] = "00:00:00";
        string dll = asNobody ? Reachable.File(Dll, tree ?? throw new ArgumentNullException(nameof(tree), "a sample run as 65534 needs the test's tree")) : Dll;
        List<string> command = asNobody ? [.. ChildProcess.AsNobody(ChildProcess.Dotnet, dll)] : [ChildProcess.Dotnet, dll];
        Process process = ChildProcess.Start(command, environment, Path.GetDirectoryName(dll));
        var output = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.AppendLine(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                _ = process.StandardOutput.ReadToEndAsync(); // keep draining
                return (new SampleService(process, new Uri(match.Groups[1].Value)), null);
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        return (null, new ProcessResult(process.ExitCode, output.ToString(), await process.StandardError.ReadToEndAsync(timeout.Token)));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
