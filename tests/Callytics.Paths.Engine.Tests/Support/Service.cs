using System.Globalization;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;

namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>
/// How a service container runs: its image, variables and mounts, as a compose service would say them. Starting the
/// same spec again after the container is removed is Docker's "recreate": the mounts come back, the writable layer
/// does not.
/// </summary>
public sealed record ServiceSpec(string Image)
{
    /// <summary>Gets the variables set in the container.</summary>
    public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>Gets the host folders and files bind-mounted: host path, container path, read-only.</summary>
    public List<(string Host, string Container, bool ReadOnly)> Binds { get; init; } = [];

    /// <summary>Gets the named volumes mounted: volume name, container path.</summary>
    public List<(string Volume, string Container)> Volumes { get; init; } = [];

    /// <summary>Gets the tmpfs mounts: container path, size in MiB.</summary>
    public List<(string Container, int SizeMiB)> Tmpfs { get; init; } = [];

    /// <summary>Gets the user to run as (<c>uid:gid</c>), or null for the image's.</summary>
    public string? User { get; init; }

    /// <summary>Gets the entrypoint, or null for the image's.</summary>
    public string[]? Entrypoint { get; init; }

    /// <summary>Gets the command, or null for the image's.</summary>
    public string[]? Command { get; init; }

    /// <summary>Gets the container port published on 127.0.0.1 (a free host port), or null for no network at all.</summary>
    public int? Port { get; init; }

    /// <summary>Gets the interval of the image's HEALTHCHECK for this run (one failure turns it unhealthy), or null for the image's own.</summary>
    public TimeSpan? HealthInterval { get; init; }

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public ServiceSpec Set(string name, string value)
    {
        ServiceSpec copy = Copy();
        copy.Environment[name] = value;
        return copy;
    }

    /// <summary>A copy with <paramref name="host"/> bind-mounted at <paramref name="container"/> instead of whatever was there.</summary>
    public ServiceSpec Bind(string host, string container, bool readOnly = false)
    {
        ServiceSpec copy = Unmount(container);
        copy.Binds.Add((host, container, readOnly));
        return copy;
    }

    /// <summary>A copy with the named volume <paramref name="volume"/> mounted at <paramref name="container"/> instead of whatever was there.</summary>
    public ServiceSpec Volume(string volume, string container)
    {
        ServiceSpec copy = Unmount(container);
        copy.Volumes.Add((volume, container));
        return copy;
    }

    /// <summary>A copy with a tmpfs of <paramref name="sizeMiB"/> MiB at <paramref name="container"/> instead of whatever was there.</summary>
    public ServiceSpec WithTmpfs(string container, int sizeMiB)
    {
        ServiceSpec copy = Unmount(container);
        copy.Tmpfs.Add((container, sizeMiB));
        return copy;
    }

    /// <summary>A copy with nothing mounted at <paramref name="container"/>.</summary>
    public ServiceSpec Unmount(string container)
    {
        ServiceSpec copy = Copy();
        copy.Binds.RemoveAll(b => b.Container == container);
        copy.Volumes.RemoveAll(v => v.Container == container);
        copy.Tmpfs.RemoveAll(t => t.Container == container);
        return copy;
    }

    private ServiceSpec Copy() => this with { Environment = new(Environment), Binds = [.. Binds], Volumes = [.. Volumes], Tmpfs = [.. Tmpfs] };
}

/// <summary>A running (or exited) service container, removed with its network on dispose.</summary>
public sealed class Service : IAsyncDisposable
{
    private readonly IContainer _container;
    private readonly string? _network;

    private Service(IContainer container, string? network, ServiceSpec spec)
    {
        _container = container;
        _network = network;
        Spec = spec;
    }

    /// <summary>Gets how it runs.</summary>
    public ServiceSpec Spec { get; }

    /// <summary>Gets the container's id.</summary>
    public string Id => _container.Id;

    /// <summary>Gets the address its port answers on (127.0.0.1 only).</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_container.GetMappedPublicPort(Spec.Port ?? throw new InvalidOperationException("no port published"))}");

    /// <summary>Starts <paramref name="spec"/> (after the engine and its images are checked).</summary>
    public static async Task<Service> StartAsync(ServiceSpec spec)
    {
        DockerEngine.Require();
        string? network = null;
        if (spec.Port is not null)
        {
            // A bridge of its own: the engine runs with --bridge=none and --iptables=false, so the container reaches
            // nothing outside it, and its port is published by Docker's userland proxy on 127.0.0.1 only.
            network = "callytics-engine-test-" + Guid.NewGuid().ToString("N")[..12];
            CommandResult created = DockerEngine.Docker("network", "create", network);
            created.ExitCode.Should().Be(0, created.ToString());
        }

        ContainerBuilder builder = new ContainerBuilder().WithImage(spec.Image).WithCleanUp(false).WithAutoRemove(false)
            .WithImagePullPolicy(PullPolicy.Never);
        foreach ((string name, string value) in spec.Environment)
        {
            builder = builder.WithEnvironment(name, value);
        }

        foreach ((string volume, string container) in spec.Volumes)
        {
            builder = builder.WithVolumeMount(volume, container);
        }

        if (spec.Entrypoint is not null)
        {
            builder = builder.WithEntrypoint(spec.Entrypoint);
        }

        if (spec.Command is not null)
        {
            builder = builder.WithCommand(spec.Command);
        }

        if (spec.Port is { } port)
        {
            builder = builder.WithPortBinding(port, assignRandomHostPort: true);
        }

        builder = builder.WithCreateParameterModifier(parameters =>
        {
            parameters.HostConfig.NetworkMode = network ?? "none";
            // Binds as `-v HOST:CONTAINER[:ro]` and compose's short syntax give them: a missing host path is created
            // (as a directory), where the mount API would refuse it.
            parameters.HostConfig.Binds = [.. spec.Binds.Select(b => $"{b.Host}:{b.Container}{(b.ReadOnly ? ":ro" : "")}")];
            if (spec.User is not null)
            {
                parameters.User = spec.User;
            }

            if (spec.Tmpfs.Count > 0)
            {
                // Owned by the service user, as a host folder chowned for it would be.
                parameters.HostConfig.Tmpfs = spec.Tmpfs.ToDictionary(t => t.Container, t => $"size={t.SizeMiB}m,mode=0750,uid=10001,gid=10001");
            }

            // Published on 127.0.0.1 only: nothing outside this machine can reach a test's service.
            foreach (PortBinding binding in parameters.HostConfig.PortBindings?.Values.SelectMany(b => b) ?? [])
            {
                binding.HostIP = "127.0.0.1";
            }

            if (spec.HealthInterval is { } interval)
            {
                parameters.Healthcheck ??= new HealthConfig();
                parameters.Healthcheck.Interval = interval;
                parameters.Healthcheck.StartPeriod = 0;
                parameters.Healthcheck.Retries = 1;
                parameters.Healthcheck.Timeout = TimeSpan.FromSeconds(10);
            }
        });

        IContainer started = builder.Build();
        try
        {
            await started.StartAsync();
        }
        catch
        {
            await new Service(started, network, spec).DisposeAsync();
            throw;
        }

        return new Service(started, network, spec);
    }

    /// <summary>Waits for the container to end (at most <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public async Task<CommandResult> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        long code = await _container.GetExitCodeAsync(cancel.Token);
        (string output, string error) = await _container.GetLogsAsync(timestampsEnabled: false);
        return new CommandResult((int)code, output, error);
    }

    /// <summary>Gets what the container wrote so far.</summary>
    public async Task<string> LogsAsync()
    {
        (string output, string error) = await _container.GetLogsAsync(timestampsEnabled: false);
        return output + error;
    }

    /// <summary>Waits until the service has written <paramref name="text"/> (or has exited), failing with its logs after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        DateTime end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        string logs = await LogsAsync();
        while (!logs.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < end && _container.State != TestcontainersStates.Exited)
        {
            await Task.Delay(200);
            logs = await LogsAsync();
        }

        logs.Should().Contain(text, $"{Spec.Image} should have written it");
        return logs;
    }

    /// <summary>Whether <paramref name="path"/> exists inside the container (as root).</summary>
    public bool Exists(string path) => Exec("0:0", "test", "-e", path).ExitCode == 0;

    /// <summary>Waits until <c>GET path</c> answers 200 (the service listens), failing with its logs after <paramref name="timeout"/>.</summary>
    public Task WaitUntilAnsweringAsync(string path = "/healthz", TimeSpan? timeout = null) =>
        Http.WaitUntilAnsweringAsync(BaseAddress, path, () => LogsAsync().GetAwaiter().GetResult(), timeout, () => _container.State == TestcontainersStates.Exited);

    /// <summary>POSTs <paramref name="wav"/> to /calls as a raw body, or as multipart form data with one file.</summary>
    public Task<(int Status, string Body)> PostCallAsync(byte[] wav, bool multipart = false) => Http.PostCallAsync(BaseAddress, wav, multipart);

    /// <summary>Runs <paramref name="command"/> inside the container as <paramref name="user"/> (uid:gid), the way the service's own code would write.</summary>
    public CommandResult Exec(string user, params string[] command) => DockerEngine.Docker(["exec", "--user", user, Id, .. command]);

    /// <summary>The container's changes to its writable layer (<c>docker diff</c>): "A /path", "C /path", "D /path".</summary>
    public IReadOnlyList<string> Diff()
    {
        CommandResult diff = DockerEngine.Docker("diff", Id);
        diff.ExitCode.Should().Be(0, diff.ToString());
        return diff.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The state of the image's HEALTHCHECK (starting, healthy, unhealthy) and the last probe's output.</summary>
    public (string Status, string LastOutput) Health()
    {
        CommandResult inspect = DockerEngine.Docker("inspect", "--format", "{{.State.Health.Status}}\u0001{{with $l := .State.Health.Log}}{{range $l}}{{.Output}}\u0002{{end}}{{end}}", Id);
        inspect.ExitCode.Should().Be(0, inspect.ToString());
        string[] parts = inspect.Output.TrimEnd('\n').Split('\u0001');
        string last = parts.Length > 1 ? parts[1].Split('\u0002', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "" : "";
        return (parts[0], last);
    }

    /// <summary>Waits until the HEALTHCHECK reports <paramref name="status"/>, failing with the probes' output after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForHealthAsync(string status, TimeSpan? timeout = null)
    {
        DateTime end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        (string Status, string LastOutput) health = Health();
        while (health.Status != status && DateTime.UtcNow < end)
        {
            await Task.Delay(250);
            health = Health();
        }

        health.Status.Should().Be(status, $"the HEALTHCHECK's last output was:\n{health.LastOutput}\nlogs:\n{await LogsAsync()}");
        return health.LastOutput;
    }

    /// <summary>Removes the container (and its network); the mounts stay, the writable layer goes.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            DockerEngine.Docker("rm", "-f", "-v", _container.Id);
        }
        catch (InvalidOperationException)
        {
            // never created (the engine refused the spec)
        }

        await _container.DisposeAsync();
        if (_network is not null)
        {
            DockerEngine.Docker("network", "rm", _network);
        }
    }
}
