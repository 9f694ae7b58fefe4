namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>A Docker named volume of the test's own, removed on dispose.</summary>
public sealed class NamedVolume : IAsyncDisposable
{
    /// <summary>Creates the volume.</summary>
    public NamedVolume()
    {
        Name = "callytics-engine-test-" + Guid.NewGuid().ToString("N")[..12];
        CommandResult created = DockerEngine.Docker("volume", "create", Name);
        created.ExitCode.Should().Be(0, created.ToString());
    }

    /// <summary>Gets the volume's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        DockerEngine.Docker("volume", "rm", "-f", Name);
        return ValueTask.CompletedTask;
    }
}
