using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Callytics.Paths.Cli.Commands;

namespace Callytics.Paths.Cli.Audit;

/// <summary>
/// The Docker Engine API, in process: HTTP over the engine's unix socket (<c>DOCKER_HOST=unix:///…</c>, else
/// <c>/var/run/docker.sock</c>), API version 1.41 (Engine 20.10 and later), JSON read by source-generated
/// contracts. No client library: what the audit needs is three GETs, and this stays trim and NativeAOT safe.
/// </summary>
internal sealed class DockerApi : IDisposable
{
    private const string DefaultSocket = "/var/run/docker.sock";

    private readonly HttpClient _client;

    private DockerApi(string socket)
    {
        Socket = socket;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(connection, ownsSocket: true);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { BaseAddress = new Uri("http://docker/v1.41/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The socket spoken to.</summary>
    internal string Socket { get; }

    /// <summary>The engine named by <paramref name="dockerHost"/> (the variable's value), or the default socket.</summary>
    /// <exception cref="UsageException"><paramref name="dockerHost"/> is not a <c>unix://</c> address.</exception>
    internal static DockerApi Connect(string? dockerHost)
    {
        if (string.IsNullOrEmpty(dockerHost))
        {
            return new DockerApi(DefaultSocket);
        }

        return dockerHost.StartsWith("unix://", StringComparison.Ordinal) && dockerHost.Length > "unix://".Length
            ? new DockerApi(dockerHost["unix://".Length..])
            : throw new UsageException($"DOCKER_HOST={dockerHost} is not a unix socket (unix:///path/to/docker.sock); audit speaks to the engine over its local socket only. Fix: point DOCKER_HOST at the engine's socket, or unset it for {DefaultSocket}.");
    }

    /// <summary>The running containers (with their writable layer's size), or those of one compose project.</summary>
    internal List<ContainerSummary> Containers(string? project)
    {
        string query = "containers/json?size=true";
        if (project is not null)
        {
            query += "&filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [$"com.docker.compose.project={project}"] },
                DockerJsonContext.Default.DictionaryStringStringArray));
        }

        return Get(query, DockerJsonContext.Default.ListContainerSummary);
    }

    /// <summary>What the engine says of one container.</summary>
    internal ContainerInspect Inspect(string id) => Get($"containers/{Uri.EscapeDataString(id)}/json", DockerJsonContext.Default.ContainerInspect);

    /// <summary>The container's changes to its writable layer, as <c>docker diff</c> lists them (the engine answers <c>null</c> for none).</summary>
    internal List<ContainerChange> Changes(string id) => GetOrNull($"containers/{Uri.EscapeDataString(id)}/changes", DockerJsonContext.Default.ListContainerChange) ?? [];

    private T Get<T>(string path, JsonTypeInfo<T> type) =>
        GetOrNull(path, type) ?? throw new IOException($"the Docker Engine at {Socket} answered GET /{path} with null");

    private T? GetOrNull<T>(string path, JsonTypeInfo<T> type)
    {
        try
        {
            using HttpResponseMessage response = _client.GetAsync(path).GetAwaiter().GetResult();
            string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"the Docker Engine at {Socket} answered {(int)response.StatusCode} to GET /{path}: {body.Trim()}");
            }

            return JsonSerializer.Deserialize(body, type);
        }
        catch (HttpRequestException exception)
        {
            throw new IOException($"the Docker Engine at {Socket} cannot be reached ({exception.Message}). Fix: start it, or point DOCKER_HOST at its socket (unix:///…).", exception);
        }
        catch (JsonException exception)
        {
            throw new IOException($"the Docker Engine at {Socket} answered GET /{path} with JSON this tool cannot read: {exception.Message}", exception);
        }
    }

    public void Dispose() => _client.Dispose();
}
