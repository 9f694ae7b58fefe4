using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>
/// statx answers within one validation run, so that the directory rules, the volume rules and the database rules,
/// which all look at the same paths, make one system call per path between them.
/// </summary>
internal sealed class StatusCache
{
    // Boxed: a dictionary of reference values shares the runtime's precompiled code; one of a struct is compiled at start-up.
    private readonly Dictionary<string, object> _statuses = new(StringComparer.Ordinal);

    /// <summary>statx of <paramref name="path"/> (links followed), from the first time it was asked.</summary>
    internal FileStatus Of(string path)
    {
        if (_statuses.TryGetValue(path, out object? known))
        {
            return (FileStatus)known;
        }

        FileStatus status = FileStatus.Of(path);
        _statuses[path] = status;
        return status;
    }

    /// <summary>Forgets what was known of <paramref name="path"/> (it was just created).</summary>
    internal void Forget(string path) => _statuses.Remove(path);
}
