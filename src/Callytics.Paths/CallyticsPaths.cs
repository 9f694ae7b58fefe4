using Callytics.Paths.Mounts;

namespace Callytics.Paths;

/// <summary>
/// The directory layout of a Callytics service: where it reads input audio and configuration, and where it
/// writes temporary session files, logs, persistent data, cache and its SQLite database.
/// </summary>
/// <remarks>
/// <para>
/// Bound by <c>services.AddCallyticsPaths()</c> from the flat variables <c>AUDIO_DIR</c>, <c>TEMP_DIR</c>,
/// <c>LOG_DIR</c>, <c>DATA_DIR</c>, <c>CONFIG_DIR</c>, <c>CACHE_DIR</c> and <c>DATABASE_URL</c>, then from the
/// <c>CallyticsPaths</c> configuration section, then from defaults under <c>CALLYTICS_ROOT</c> (default <c>/app</c>).
/// </para>
/// <para>
/// After binding, each directory is absolute and normalized: a relative value is resolved against the process
/// working directory (as the Python services sharing these variables resolve it) and a warning is reported.
/// </para>
/// </remarks>
public sealed class CallyticsPaths
{
    /// <summary>Gets or sets the directory holding input audio (<c>AUDIO_DIR</c>, default <c>/app/audio</c>); read and listed.</summary>
    public string AudioDir { get; set; } = string.Empty;

    /// <summary>Gets or sets the directory for temporary session files (<c>TEMP_DIR</c>, default <c>/app/temp</c>); written.</summary>
    public string TempDir { get; set; } = string.Empty;

    /// <summary>Gets or sets the directory for log files (<c>LOG_DIR</c>, default <c>/app/logs</c>); written.</summary>
    public string LogDir { get; set; } = string.Empty;

    /// <summary>Gets or sets the directory for persistent data (<c>DATA_DIR</c>, default <c>/app/data</c>); written.</summary>
    public string DataDir { get; set; } = string.Empty;

    /// <summary>Gets or sets the directory holding configuration files (<c>CONFIG_DIR</c>, default <c>/app/config</c>); read and listed.</summary>
    public string ConfigDir { get; set; } = string.Empty;

    /// <summary>Gets or sets the cache directory (<c>CACHE_DIR</c>, default <c>/app/.cache</c>); written.</summary>
    public string CacheDir { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the SQLAlchemy-style database URL (<c>DATABASE_URL</c>, default
    /// <c>sqlite:////app/Callytics_new.sqlite</c>). It may hold a password: never log it as is; use
    /// <see cref="Database.DatabaseUrl.Mask(string)"/>.
    /// </summary>
    public string DatabaseUrl { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets how strictly paths must lie on volumes (<c>CALLYTICS_MOUNT_CHECK</c>: <c>auto</c>, the default,
    /// enforces inside a container and checks nothing elsewhere; <c>enforce</c>, <c>warn</c>, <c>off</c>).
    /// </summary>
    public MountCheckMode MountCheck { get; set; } = MountCheckMode.Auto;

    /// <summary>
    /// Gets or sets whether the health check and the metrics also read what the container wrote into its own writable
    /// layer (<c>CALLYTICS_LAYER_CHECK</c>: <c>on</c>, the default, or <c>off</c>); only inside a container, one walk of
    /// the root mount a minute at most, each bounded to 2 s.
    /// </summary>
    public bool CheckContainerLayer { get; set; } = true;

    /// <summary>
    /// Gets or sets the roles this service uses (<c>CALLYTICS_ROLES</c>, default <see cref="PathRoles.All"/>). A role
    /// outside the set is neither created, probed, checked for a volume nor watched by the health check, and its
    /// runtime APIs (<see cref="ITempSessions.Create"/> for temp, <see cref="GetCacheDirectory"/> for cache) throw.
    /// </summary>
    public PathRoles Roles { get; set; } = PathRoles.All;

    /// <summary>Returns whether this service uses <paramref name="role"/> (it is in <see cref="Roles"/>).</summary>
    /// <param name="role">The role.</param>
    /// <returns><see langword="true"/> when the role is used.</returns>
    public bool Uses(PathRole role) => (Roles & Configuration.RoleKeys.Flag(role)) != 0;

    /// <summary>
    /// Gets the keys of <c>CALLYTICS_ROLES</c> that name no role, as written: a diagnostic of the binding step, which
    /// validation and the linters report (CP010, CC113).
    /// </summary>
    public IReadOnlyList<string> UnknownRoleKeys { get; internal set; } = [];

    /// <summary>The role variables set explicitly (flat or in the section) rather than defaulted, by name.</summary>
    internal HashSet<string> ExplicitVariables { get; } = new(StringComparer.Ordinal);

    /// <summary>The unrecognised <c>CALLYTICS_MOUNT_CHECK</c> value, when binding met one (validation reports it).</summary>
    internal string? InvalidMountCheck { get; set; }

    /// <summary>The unrecognised <c>CALLYTICS_LAYER_CHECK</c> value, when binding met one (validation reports it).</summary>
    internal string? InvalidLayerCheck { get; set; }

    /// <summary>
    /// What the binding step made of each directory variable (as written, normalized, the value rule it breaks), by
    /// variable name: validation reads it rather than checking the values a second time. Filled by the normalizer;
    /// a value changed after it (a later <c>Configure</c>) no longer matches and is checked afresh.
    /// </summary>
    internal Dictionary<string, Configuration.BoundValue> BoundValues { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns <c>{CacheDir}/{name}</c>, created on first use (mode 0750) and proven writable, so that every cache
    /// lies inside the checked cache volume: <c>paths.GetCacheDirectory("audio")</c> is <c>/app/.cache/audio</c>.
    /// </summary>
    /// <param name="name">One or more '/'-separated segments of <c>[A-Za-z0-9._-]</c>, none <c>.</c> or <c>..</c>: <c>audio</c>, <c>audio/v2</c>.</param>
    /// <returns>The absolute path of the cache folder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid cache name (it could escape CACHE_DIR).</exception>
    /// <exception cref="IOException">The folder cannot be created or written; the message names the cause and the fix.</exception>
    /// <exception cref="InvalidOperationException">This service does not use the cache role (<see cref="Roles"/>).</exception>
    public string GetCacheDirectory(string name) => Uses(PathRole.Cache)
        ? CacheDirectories.Get(CacheDir, name)
        : throw Configuration.RoleKeys.NotUsed(Roles, PathRole.Cache, "use a cache folder");

    /// <summary>Returns the layout on one line, every password masked (also of a URL set by mistake in a directory variable) and control characters escaped.</summary>
    /// <returns>One line naming every variable and its value.</returns>
    public override string ToString() =>
        $"AUDIO_DIR={Shown(AudioDir)} TEMP_DIR={Shown(TempDir)} LOG_DIR={Shown(LogDir)} DATA_DIR={Shown(DataDir)} CONFIG_DIR={Shown(ConfigDir)} " +
        $"CACHE_DIR={Shown(CacheDir)} DATABASE_URL={Shown(DatabaseUrl)} CALLYTICS_MOUNT_CHECK={MountCheck.ToString().ToLowerInvariant()}" +
        (Roles == PathRoles.All ? string.Empty : $" CALLYTICS_ROLES={string.Join(',', Configuration.RoleKeys.Of(Roles))}");

    private static string Shown(string value) => Validation.DisplayText.OfSetting(value);
}
