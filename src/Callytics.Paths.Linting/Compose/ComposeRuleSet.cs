namespace Callytics.Paths.Linting.Compose;

/// <summary>Every compose rule, by code. A code never changes meaning once released.</summary>
internal static class ComposeRuleSet
{
    internal const string NotMounted = "CC101";
    internal const string OnTmpfs = "CC102";
    internal const string ReadOnlyVolume = "CC103";
    internal const string RelativeSqliteUrl = "CC104";
    internal const string DatabaseNotMounted = "CC105";
    internal const string DatabaseSingleFile = "CC106";
    internal const string BindSourceMissing = "CC107";
    internal const string WindowsHostPath = "CC108";
    internal const string ServicesDisagree = "CC109";
    internal const string UndeclaredVolume = "CC110";
    internal const string ValueUndecided = "CC111";
    internal const string InvalidPath = "CC112";
    internal const string UnknownRole = "CC113";
    internal const string RolesUndeclared = "CC114";

    internal static readonly IReadOnlyList<LintRule> All =
    [
        new(NotMounted, "RoleDirectoryNotMounted", "error",
            "A role variable's directory lies inside no volume of its service, so what the service writes there lives in the container layer (error for TEMP_DIR, LOG_DIR, DATA_DIR; warning for CACHE_DIR and AUDIO_DIR; note for CONFIG_DIR)."),
        new(OnTmpfs, "RoleOnTmpfs", "warning", "A role directory or the database lies inside a tmpfs volume: mounted, but not persistent."),
        new(ReadOnlyVolume, "WritingRoleOnReadOnlyVolume", "error", "A read-only volume holds a role the service writes (temp, logs, data, cache, the database)."),
        new(RelativeSqliteUrl, "RelativeSqliteUrl", "error", "A sqlite DATABASE_URL with three slashes is a path relative to the working directory; four slashes make it absolute."),
        new(DatabaseNotMounted, "DatabaseNotMounted", "error", "The SQLite database file lies inside no volume: it vanishes with the container."),
        new(DatabaseSingleFile, "DatabaseSingleFileMount", "warning", "The database is bind-mounted as a single file: SQLite's -journal, -wal and -shm files land in the container layer."),
        new(BindSourceMissing, "BindSourceMissingForFile", "error", "The host file of a single-file bind mount does not exist: Docker creates a directory there instead."),
        new(WindowsHostPath, "WindowsHostPath", "warning", "A volume's host path is a Windows absolute path: the file is not portable."),
        new(ServicesDisagree, "ServicesDisagree", "warning", "One host folder is mounted at different container paths in different services while their role variables point at different places."),
        new(UndeclaredVolume, "UndeclaredNamedVolume", "error", "A named volume is used but not declared under the top-level 'volumes'."),
        new(ValueUndecided, "ValueUndecided", "note", "A Callytics value depends on a variable that is not set, so the linted value may not be the one the service gets."),
        new(InvalidPath, "InvalidPathValue", "error", "A role variable or DATABASE_URL is not a usable Linux path or URL (empty, relative, Windows, '~', a URL where a path belongs)."),
        new(UnknownRole, "UnknownRole", "error", "CALLYTICS_ROLES names a key that is not a role (audio, temp, logs, data, config, cache, database, or all)."),
        new(RolesUndeclared, "RolesUndeclared", "note",
            "A service declares no Callytics variable but mounts standard Callytics paths: it looks like a Callytics service relying on the defaults. Declaring CALLYTICS_ROLES states which roles it uses, and the linter checks them from then on."),
        new("CC190", "VolumesNotAList", "error", "A service's 'volumes' is not a list."),
        new("CC191", "BadExtends", "error", "'extends' names a service that does not exist, or loops."),
        new("CC192", "UnreadableVolume", "error", "A volume entry cannot be read."),
        new("CC193", "InterpolationRefused", "error", "Compose would refuse a value's interpolation (a required variable is missing, or the format is invalid)."),
    ];
}
