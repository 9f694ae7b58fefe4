using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Samples;

/// <summary>The Python sample started the way its Dockerfile starts it: through <c>callytics-paths exec --user</c>, as root.</summary>
public class PythonSampleTests
{
    private static string SampleSource => Checkout.Path("samples/python/app");

    [RootFact("/usr/bin/python3")]
    public async Task Under_exec_the_python_sample_runs_as_the_user_stores_a_call_logs_it_and_leaves_no_session()
    {
        using var tree = new TempTree();
        tree.Dir("app"); // the image's WORKDIR
        string code = tree.Dir("sample/app");
        foreach (string file in Directory.GetFiles(SampleSource, "*.py"))
        {
            File.Copy(file, Path.Combine(code, Path.GetFileName(file))); // where the service user can read it
        }

        int port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "temp,logs,data,database", ["CALLYTICS_MOUNT_CHECK"] = "off",
            ["DATABASE_URL"] = "sqlite:///" + tree["app/data/calls.sqlite"], ["PYTHONPATH"] = tree["sample"],
            ["HOST"] = "127.0.0.1", ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using Process service = ChildProcess.Start(
            [ChildProcess.Dotnet, ChildProcess.ToolDll, "exec", "--user", $"{Machine.Nobody}", "--", "/usr/bin/python3", "-m", "app"], environment, tree["app"]);
        try
        {
            using var client = new HttpClient(new SecretScan.Handler()) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilListening(client, service);

            using HttpResponseMessage created = await client.PostAsync("/calls", new ByteArrayContent(SampleServiceTests.Wav(2.5, 8000)));
            string body = await created.Content.ReadAsStringAsync();

            created.StatusCode.Should().Be(HttpStatusCode.Created, body);
            JsonDocument.Parse(body).RootElement.GetProperty("seconds").GetDouble().Should().Be(2.5);
            ProcessResult rows = ChildProcess.Run(["/usr/bin/python3", "-c",
                "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*), sum(seconds) from calls').fetchone())", tree["app/data/calls.sqlite"]]);
            rows.StandardOutput.Trim().Should().Be("(1, 2.5)");
            File.ReadAllText(tree["app/logs/calls.log"]).Should().Contain("call 1: 2.500 s");
            Directory.GetFileSystemEntries(tree["app/temp"]).Should().BeEmpty("the session was removed");
            ChildProcess.Run(["stat", "-c", "%u", tree["app/data/calls.sqlite"]]).StandardOutput.Trim().Should().Be($"{Machine.Nobody}", "the service ran as the user");
        }
        finally
        {
            service.Kill();
            await service.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilListening(HttpClient client, Process service)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (service.HasExited)
            {
                throw new InvalidOperationException($"the Python sample exited with {service.ExitCode}: {await service.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using HttpResponseMessage health = await client.GetAsync("/healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("the Python sample did not answer /healthz within 20 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
