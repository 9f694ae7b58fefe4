namespace Callytics.Paths;

/// <summary>The role a path plays in the layout; it decides the variable, the default and the checks.</summary>
public enum PathRole
{
    /// <summary>Input audio (<c>AUDIO_DIR</c>): must be readable and listable.</summary>
    Audio,

    /// <summary>Temporary session files (<c>TEMP_DIR</c>): must be writable.</summary>
    Temp,

    /// <summary>Log files (<c>LOG_DIR</c>): must be writable.</summary>
    Logs,

    /// <summary>Persistent data (<c>DATA_DIR</c>): must be writable.</summary>
    Data,

    /// <summary>Configuration (<c>CONFIG_DIR</c>): must be readable and listable.</summary>
    Config,

    /// <summary>Cache (<c>CACHE_DIR</c>): must be writable.</summary>
    Cache,

    /// <summary>The SQLite database (<c>DATABASE_URL</c>): its directory must be writable, the file readable and writable.</summary>
    Database,
}
