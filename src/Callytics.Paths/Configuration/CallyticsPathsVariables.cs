namespace Callytics.Paths.Configuration;

/// <summary>The names of the environment variables (flat configuration keys) the layout is bound from.</summary>
public static class CallyticsPathsVariables
{
    /// <summary>The root the defaults are derived from: <c>CALLYTICS_ROOT</c>.</summary>
    public const string Root = "CALLYTICS_ROOT";

    /// <summary>The input audio directory: <c>AUDIO_DIR</c>.</summary>
    public const string AudioDir = "AUDIO_DIR";

    /// <summary>The temporary session directory: <c>TEMP_DIR</c>.</summary>
    public const string TempDir = "TEMP_DIR";

    /// <summary>The log directory: <c>LOG_DIR</c>.</summary>
    public const string LogDir = "LOG_DIR";

    /// <summary>The persistent data directory: <c>DATA_DIR</c>.</summary>
    public const string DataDir = "DATA_DIR";

    /// <summary>The configuration directory: <c>CONFIG_DIR</c>.</summary>
    public const string ConfigDir = "CONFIG_DIR";

    /// <summary>The cache directory: <c>CACHE_DIR</c>.</summary>
    public const string CacheDir = "CACHE_DIR";

    /// <summary>The database URL: <c>DATABASE_URL</c>.</summary>
    public const string DatabaseUrl = "DATABASE_URL";

    /// <summary>The roles the service uses: <c>CALLYTICS_ROLES</c> (role keys separated by commas or blanks; unset or <c>all</c> for every role).</summary>
    public const string Roles = "CALLYTICS_ROLES";

    /// <summary>How strictly paths must lie on volumes: <c>CALLYTICS_MOUNT_CHECK</c> (auto, enforce, warn, off).</summary>
    public const string MountCheck = "CALLYTICS_MOUNT_CHECK";

    /// <summary>Whether health and metrics read the container layer: <c>on</c> (the default) or <c>off</c>.</summary>
    public const string LayerCheck = "CALLYTICS_LAYER_CHECK";

    /// <summary>The configuration section bound below the flat variables: <c>CallyticsPaths</c>.</summary>
    public const string SectionName = "CallyticsPaths";

    /// <summary>The root used when <c>CALLYTICS_ROOT</c> is not set: <c>/app</c>.</summary>
    public const string DefaultRoot = "/app";

    /// <summary>The database file name under the root: <c>Callytics_new.sqlite</c>.</summary>
    public const string DefaultDatabaseFileName = "Callytics_new.sqlite";
}
