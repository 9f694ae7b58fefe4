using System.Collections.Concurrent;
using Callytics.Paths.Interop;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Health;

/// <summary>What each path was at start: the mount holding it and whether it existed; the health check compares against it.</summary>
internal sealed class LayoutBaseline
{
    private readonly ConcurrentDictionary<PathRole, (ulong MountId, bool Existed)> _roles = new();

    internal bool IsRecorded => !_roles.IsEmpty;

    /// <summary>Records the state of every valid path of <paramref name="result"/> (once; later calls keep the first).</summary>
    /// <remarks>The states are the validation's own statx answers: recording costs no system call.</remarks>
    internal void Record(PathValidationResult result)
    {
        foreach ((PathRole role, FileStatus status) in result.States)
        {
            _roles.TryAdd(role, (status.MountId, status.Exists));
        }
    }

    internal bool TryGet(PathRole role, out ulong mountId, out bool existed)
    {
        bool found = _roles.TryGetValue(role, out (ulong MountId, bool Existed) state);
        (mountId, existed) = state;
        return found;
    }
}
