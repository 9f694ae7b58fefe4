using Callytics.Paths.Interop;
using Callytics.Paths.Metrics;

namespace Callytics.Paths;

/// <summary>A per-request work directory, <c>{TempDir}/session_{id}</c>; disposing it deletes the directory tree.</summary>
public sealed class TempSession : IDisposable, IAsyncDisposable
{
    private int _disposed;

    private readonly FileStatus _identity;
    private readonly CallyticsPathsMetrics? _metrics;

    internal TempSession(string id, string path, FileStatus identity, CallyticsPathsMetrics? metrics = null)
    {
        Id = id;
        Path = path;
        _identity = identity;
        _metrics = metrics;
    }

    /// <summary>Gets the session id (the part after <c>session_</c>).</summary>
    public string Id { get; }

    /// <summary>Gets the absolute path of the session directory.</summary>
    public string Path { get; }

    /// <summary>
    /// Deletes the session directory and everything in it without following symbolic links (a link inside is removed
    /// as a link; its target is untouched) and without reaching into a filesystem mounted inside it. Does not throw
    /// when the directory is already gone. A directory at <see cref="Path"/> that is not the one created (replaced
    /// meanwhile) is left alone.
    /// </summary>
    /// <exception cref="IOException">
    /// Part of the tree could not be removed (a mount point inside it, more than 512 levels, a permission), or the
    /// directory was replaced; what could be removed was.
    /// </exception>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _metrics?.SessionEnded();
            TempSessions.DeleteTree(Path, _identity);
        }
    }

    /// <summary>Deletes the session directory as <see cref="Dispose"/> does.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Returns the session's path.</summary>
    /// <returns>The path.</returns>
    public override string ToString() => Path;
}
