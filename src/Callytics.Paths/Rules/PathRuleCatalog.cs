using System.Collections.Immutable;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Rules;

/// <summary>
/// The rules about where a role's path lands, each written once. A running service (<c>CP5xx</c>), <c>compose lint</c>
/// (<c>CC1xx</c>) and <c>kube lint</c> (<c>CK1xx</c>) reduce what they read to a <see cref="PathLanding"/>, ask
/// <see cref="Judge"/> which rules fire, and take each finding's severity and consequence from here; they keep only
/// their wording and their position.
/// </summary>
public static class PathRuleCatalog
{
    /// <summary>A directory role outside every volume: in the container's writable layer.</summary>
    public static readonly PathRule NotOnVolume = new(
        "RoleDirectoryNotMounted",
        FindingCodes.NotOnVolume,
        101,
        "A role path lies in no volume, so what it writes lives in the container layer (error for temp, logs, data; warning for cache and audio; note for config).",
        (role, writes, landing) => role != PathRole.Database && !landing.OnVolume && !(writes && landing.ReadOnly),
        role => role switch
        {
            PathRole.Temp or PathRole.Logs or PathRole.Data => FindingSeverity.Error,
            PathRole.Cache or PathRole.Audio => FindingSeverity.Warning,
            PathRole.Config => FindingSeverity.Information,
            _ => null,
        },
        role => role switch
        {
            PathRole.Cache => PathImpact.Slowness,
            PathRole.Audio or PathRole.Config => PathImpact.HostInputHidden,
            _ => PathImpact.DataLoss,
        },
        role => role switch
        {
            PathRole.Temp => "session files written there live in the container's writable layer and vanish when the container is recreated",
            PathRole.Logs => "logs written there vanish when the container is recreated",
            PathRole.Data => "data written there vanishes when the container is recreated",
            PathRole.Cache => "the cache is lost on every restart, so the work is redone (slower, not data loss)",
            PathRole.Audio => "the service sees only what the image holds, not the host's input audio",
            _ => "the configuration comes from the image, not from the host",
        });

    /// <summary>A role on a mount that does not outlive the container or the pod: tmpfs, ramfs, emptyDir.</summary>
    public static readonly PathRule NotPersistent = new(
        "RoleOnNonPersistentMount",
        FindingCodes.NotPersistent,
        102,
        "A role lies on a mount that does not persist (tmpfs, ramfs, emptyDir): warning for data, the database and logs, and for a cache emptied on every restart (tmpfs); temp files may be lost.",
        (role, _, landing) => landing.OnVolume && !landing.Persists && !(role == PathRole.Cache && landing.SurvivesRestart),
        role => role is PathRole.Data or PathRole.Database or PathRole.Logs or PathRole.Cache ? FindingSeverity.Warning : null,
        role => role == PathRole.Cache ? PathImpact.Slowness : PathImpact.DataLoss,
        role => role switch
        {
            PathRole.Cache => "the cache is emptied on every restart, so the work is redone (slower, not data loss)",
            PathRole.Logs => "the logs are lost with it",
            PathRole.Database => "the database is lost with it",
            _ => "the data is lost with it",
        });

    /// <summary>A role the service writes, on a read-only volume or under a read-only root.</summary>
    public static readonly PathRule ReadOnlyMount = new(
        "WritingRoleOnReadOnlyMount",
        FindingCodes.ReadOnlyMount,
        103,
        "A role the service writes lies on a read-only mount, or in no volume under a read-only root filesystem: the first write fails with EROFS.",
        (_, writes, landing) => writes && landing.ReadOnly,
        _ => FindingSeverity.Error,
        _ => PathImpact.WriteRefused,
        role => role == PathRole.Database
            ? "SQLite cannot create or write the database or its journal (EROFS, read-only file system)"
            : "the service's first write there fails with EROFS (read-only file system)");

    /// <summary>The SQLite database outside every volume.</summary>
    public static readonly PathRule DatabaseNotOnVolume = new(
        "DatabaseNotMounted",
        FindingCodes.NotOnVolume,
        105,
        "The SQLite database file lies in no volume: it vanishes with the container.",
        (role, writes, landing) => role == PathRole.Database && !landing.OnVolume && !(writes && landing.ReadOnly),
        role => role == PathRole.Database ? FindingSeverity.Error : null,
        _ => PathImpact.DataLoss,
        _ => "it lives in the container's writable layer and vanishes when the container is recreated");

    /// <summary>The SQLite database mounted as a single file, its directory not on that mount.</summary>
    public static readonly PathRule DatabaseSingleFileMount = new(
        "DatabaseSingleFileMount",
        FindingCodes.DatabaseSingleFileMount,
        106,
        "The database is mounted as a single file: SQLite's -journal, -wal and -shm files land beside it, off the volume.",
        (role, _, landing) => role == PathRole.Database && landing.SingleFile,
        role => role == PathRole.Database ? FindingSeverity.Warning : null,
        _ => PathImpact.Corruption,
        _ => "the -journal, -wal and -shm files SQLite creates beside it land off the volume, so committed WAL data is lost when the container is recreated, and containers sharing the file do not coordinate their locks");

    /// <summary>Every rule, in the order their findings are listed for one path.</summary>
    public static ImmutableArray<PathRule> All { get; } = [NotOnVolume, DatabaseNotOnVolume, DatabaseSingleFileMount, NotPersistent, ReadOnlyMount];

    /// <summary>
    /// The rules that fire for <paramref name="role"/> landing as <paramref name="landing"/>, with their severity;
    /// <paramref name="writes"/> says whether the service writes there (a <c>mode=ro</c> database does not).
    /// </summary>
    public static IEnumerable<(PathRule Rule, FindingSeverity Severity)> Judge(PathRole role, bool writes, PathLanding landing)
    {
        foreach (PathRule rule in All)
        {
            if (rule.Fires(role, writes, landing))
            {
                yield return (rule, rule.SeverityFor(role)!.Value);
            }
        }
    }
}
