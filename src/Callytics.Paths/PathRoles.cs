namespace Callytics.Paths;

/// <summary>
/// The roles a service uses (<c>CALLYTICS_ROLES</c>): only these are created, probed, checked for a volume and watched
/// by the health check. A fleet's services each use part of one layout: the monitoring service only
/// <see cref="Logs"/>, a database service <see cref="Logs"/> and <see cref="Cache"/>.
/// </summary>
[Flags]
public enum PathRoles
{
    /// <summary>No role.</summary>
    None = 0,

    /// <summary>Input audio (<c>AUDIO_DIR</c>).</summary>
    Audio = 1,

    /// <summary>Temporary session files (<c>TEMP_DIR</c>).</summary>
    Temp = 2,

    /// <summary>Log files (<c>LOG_DIR</c>).</summary>
    Logs = 4,

    /// <summary>Persistent data (<c>DATA_DIR</c>).</summary>
    Data = 8,

    /// <summary>Configuration (<c>CONFIG_DIR</c>).</summary>
    Config = 16,

    /// <summary>Cache (<c>CACHE_DIR</c>).</summary>
    Cache = 32,

    /// <summary>The SQLite database (<c>DATABASE_URL</c>).</summary>
    Database = 64,

    /// <summary>Every role: the default, when <c>CALLYTICS_ROLES</c> is unset, empty or <c>all</c>.</summary>
    All = Audio | Temp | Logs | Data | Config | Cache | Database,
}
