using Callytics.Paths.Configuration;
using Callytics.Paths.Interop;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Health;

/// <summary>What each path was at start: the mount holding it and whether it existed; the health check compares against it.</summary>
internal sealed class LayoutBaseline
{
    // Indexed by role; plain arrays under a lock rather than a concurrent dictionary keyed by an enum (see RoleCheck).
    private readonly ulong[] _mountIds = new ulong[RoleLayout.AllRoles.Length];
    private readonly bool[] _existed = new bool[RoleLayout.AllRoles.Length];
    private readonly bool[] _known = new bool[RoleLayout.AllRoles.Length];
    private readonly Lock _gate = new();
    private volatile bool _recorded;

    internal bool IsRecorded => _recorded;

    /// <summary>
    /// The start-up validation's filesystem readings, which the metrics report until their first refresh lands, so
    /// that the first scrape after start has every series; null before start-up or when nothing recorded them.
    /// </summary>
    internal IReadOnlyList<Metrics.FilesystemReading>? StartupReadings { get; private set; }

    /// <summary>Keeps the start-up readings (once; later calls keep the first).</summary>
    internal void RecordReadings(IReadOnlyList<Metrics.FilesystemReading> readings)
    {
        lock (_gate)
        {
            StartupReadings ??= readings;
        }
    }

    /// <summary>Records the state of every valid path of <paramref name="result"/> (once; later calls keep the first).</summary>
    /// <remarks>The states are the validation's own statx answers: recording costs no system call.</remarks>
    internal void Record(PathValidationResult result)
    {
        lock (_gate)
        {
            foreach (RoleCheck check in result.Roles)
            {
                int index = (int)check.Role;
                if (!_known[index])
                {
                    (_mountIds[index], _existed[index], _known[index]) = (check.State.MountId, check.State.Exists, true);
                    _recorded = true;
                }
            }
        }
    }

    internal bool TryGet(PathRole role, out ulong mountId, out bool existed)
    {
        lock (_gate)
        {
            int index = (int)role;
            (mountId, existed) = (_mountIds[index], _existed[index]);
            return _known[index];
        }
    }
}
