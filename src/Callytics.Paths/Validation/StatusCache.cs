using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>
/// statx answers within one validation run, so that the directory rules, the volume rules and the database rules,
/// which all look at the same paths, make one system call per path between them.
/// </summary>
internal sealed class StatusCache
{
    private readonly Dictionary<string, FileStatus> _statuses = new(StringComparer.Ordinal);

    /// <summary>statx of <paramref name="path"/> (links followed), from the first time it was asked.</summary>
    internal FileStatus Of(string path)
    {
        if (!_statuses.TryGetValue(path, out FileStatus status))
        {
            _statuses[path] = status = FileStatus.Of(path);
        }

        return status;
    }

    /// <summary>Forgets what was known of <paramref name="path"/> (it was just created).</summary>
    internal void Forget(string path) => _statuses.Remove(path);
}
