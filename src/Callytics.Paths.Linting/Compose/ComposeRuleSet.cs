using Callytics.Paths.Rules;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// Every compose rule, by code. A code never changes meaning once released. The shared rules (CC101 to CC106 but
/// CC104) come from the library's <see cref="PathRuleCatalog"/>; the rest are compose's own.
/// </summary>
public static class ComposeRuleSet
{
    private const string Prefix = "CC";

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
    internal const string SqliteSingleFileBind = "CC115";
    internal const string LogsUnbounded = "CC116";

    /// <summary>Every compose rule, the catalogue's among them, in code order: what SARIF's rule list and the docs show.</summary>
    public static readonly IReadOnlyList<LintRule> All =
    [
        LintRule.Shared(Prefix, PathRuleCatalog.NotOnVolume),
        LintRule.Shared(Prefix, PathRuleCatalog.NotPersistent),
        LintRule.Shared(Prefix, PathRuleCatalog.ReadOnlyMount),
        new(RelativeSqliteUrl, "RelativeSqliteUrl", FindingSeverity.Error, "A sqlite DATABASE_URL with three slashes is a path relative to the working directory; four slashes make it absolute."),
        LintRule.Shared(Prefix, PathRuleCatalog.DatabaseNotOnVolume),
        LintRule.Shared(Prefix, PathRuleCatalog.DatabaseSingleFileMount),
        new(BindSourceMissing, "BindSourceMissingForFile", FindingSeverity.Error, "The host file of a single-file bind mount does not exist: Docker creates a directory there instead."),
        new(WindowsHostPath, "WindowsHostPath", FindingSeverity.Warning, "A volume's host path is a Windows absolute path: the file is not portable."),
        new(ServicesDisagree, "ServicesDisagree", FindingSeverity.Warning, "One host folder is mounted at different container paths in different services while their role variables point at different places."),
        new(UndeclaredVolume, "UndeclaredNamedVolume", FindingSeverity.Error, "A named volume is used but not declared under the top-level 'volumes'."),
        new(ValueUndecided, "ValueUndecided", FindingSeverity.Information, "A Callytics value depends on a variable that is not set, so the linted value may not be the one the service gets."),
        new(InvalidPath, "InvalidPathValue", FindingSeverity.Error, "A role variable or DATABASE_URL is not a usable Linux path or URL (empty, relative, Windows, '~', a URL where a path belongs)."),
        new(UnknownRole, "UnknownRole", FindingSeverity.Error, "CALLYTICS_ROLES names a key that is not a role (audio, temp, logs, data, config, cache, database, or all)."),
        new(RolesUndeclared, "RolesUndeclared", FindingSeverity.Information,
            "A service declares no Callytics variable but mounts standard Callytics paths: it looks like a Callytics service relying on the defaults. Declaring CALLYTICS_ROLES states which roles it uses, and the linter checks them from then on."),
        new(SqliteSingleFileBind, "SqliteSingleFileBind", FindingSeverity.Warning,
            "A SQLite file (by its name, .sqlite, .sqlite3 or .db, or by its host file's header) is bind-mounted alone, whatever variable names it: its -journal, -wal and -shm files land in the container layer, and a read-only one in WAL mode cannot be opened."),
        // A warning, not an error: the harm is slow and falls on the whole host (the disk fills over days or weeks) rather
        // than on this service's data at once, and the daemon may set a default lint cannot see without --daemon-config.
        new(LogsUnbounded, "JsonFileLogsWithoutMaxSize", FindingSeverity.Warning,
            "A service logs through the json-file driver (Docker's default) with no max-size, in its logging or in the daemon's log-opts: its log file grows until the host's disk is full."),
        new("CC190", "VolumesNotAList", FindingSeverity.Error, "A service's 'volumes' is not a list."),
        new("CC191", "BadExtends", FindingSeverity.Error, "'extends' names a service that does not exist, or loops."),
        new("CC192", "UnreadableVolume", FindingSeverity.Error, "A volume entry cannot be read."),
        new("CC193", "InterpolationRefused", FindingSeverity.Error, "Compose would refuse a value's interpolation (a required variable is missing, or the format is invalid)."),
    ];
}
