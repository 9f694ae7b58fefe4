using System.Globalization;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Reporting;
using Callytics.Paths.Mounts;

namespace Callytics.Paths.Validation;

/// <summary>
/// Every message and fix a running service's findings say, by code, so that they can be reviewed side by side. The
/// rules decide whether a finding is made and with which severity, and pass the facts; the words are here. What a
/// path rule costs each role (its consequence) is data of the rule, in <see cref="Rules.PathRuleCatalog"/>; the
/// access advice shared with <c>usage</c> (cause, permission, read-only and no-space fixes) is <see cref="AccessAdvice"/>.
/// </summary>
internal static class FindingMessages
{
    // CP000: the checks need Linux.
    internal static FindingText NotCheckedOnThisSystem() =>
        new("The directory checks read Linux system facts (statx, mountinfo); on this system they are skipped.", string.Empty);

    // CP001 to CP005, CP008: values no path can be.
    internal static FindingText ValueEmpty(string variable) =>
        new($"{variable} is empty, so the service has no directory for it.",
            $"Set {variable} to an absolute path, or unset it to use the default under CALLYTICS_ROOT.");

    internal static FindingText ValueControlCharacter(string variable, char character, int position, string defaultName) =>
        new($"{variable} contains {(character == '\0' ? "a NUL character" : $"a control character (U+{(int)character:X4})")} at position {position}; no file name can hold it (a stray newline or quote from a .env file is the usual cause).",
            $"Set {variable} to a plain absolute path such as /app/{defaultName}.");

    internal static FindingText ValueWindowsPath(string variable, string defaultName) =>
        new($"{variable} is a Windows path; inside a Linux container it is a relative file name, not the folder you meant.",
            $"Set {variable} to the container path (for example /app/{defaultName}) and put the Windows host path on the left side of the compose volume line.");

    internal static FindingText ValueIsUrl(string variable, string defaultName) =>
        new($"{variable} is a URL, not a directory; as a path it would be a relative folder named after the URL.",
            $"Set {variable} to an absolute directory path such as /app/{defaultName}.");

    internal static FindingText ValueTilde(string variable, string defaultName) =>
        new($"{variable} starts with '~'; nothing expands it here, so it would be a directory literally named '~'.",
            $"Write the home directory out in full, for example {variable}=/home/app/{defaultName}.");

    internal static FindingText ValueTooLong(string variable, int maxPathBytes, int maxNameBytes) =>
        new($"{variable} is longer than Linux allows ({maxPathBytes} bytes for a path, {maxNameBytes} for one name).",
            $"Set {variable} to a shorter path.");

    // CP006: a relative value, resolved against the working directory.
    internal static FindingText RelativePath(string variable, string value, string path) =>
        new($"{variable}={value} is relative and was resolved against the working directory to {path}; it moves whenever the service starts from another directory.",
            $"Set {variable}={path} (an absolute path).");

    // CP007, CP011: a setting outside its values.
    internal static FindingText MountCheckInvalid(string variable, string value) =>
        new($"{variable}={value} is not one of auto, enforce, warn, off; enforce is used.",
            $"Set {variable} to auto (the default), enforce, warn or off.");

    internal static FindingText LayerCheckInvalid(string variable, string value) =>
        new($"{variable}={value} is not on or off; on is used.",
            $"Set {variable} to on (the default) or off.");

    // CP009: CALLYTICS_ROLES names no role.
    internal static FindingText RolesInvalid(string key, string? setting, string? nearest, IEnumerable<string> keys) =>
        new($"{CallyticsPathsVariables.Roles}{(setting is null ? string.Empty : "=" + DisplayText.Of(setting))} names '{DisplayText.Of(key)}', which is not a role; it selects nothing.{(nearest is null ? string.Empty : $" Did you mean '{nearest}'?")}",
            $"Use the role keys {string.Join(", ", keys)} (or all), separated by commas or blanks.");

    // CP010: a variable set for a role the service does not use.
    internal static FindingText RoleNotUsed(string roleVariable, string roleKey, string variable, string used) =>
        new($"{roleVariable} is set, but this service does not use the {roleKey} role ({variable}={used}): it is not checked.",
            $"Nothing to do if a shared env file sets it; add {roleKey} to {variable} if the service does use it.");

    // CP101 to CP105: the directory itself.
    internal static FindingText DirectoryCreated(string variable, string path, UnixFileMode mode) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{variable} directory {path} was missing and has been created (mode {Convert.ToString((int)mode, 8)})."),
            string.Empty);

    internal static FindingText DirectoryMissing(string variable, string path) =>
        new($"{variable} directory {path} does not exist; start-up would create it.",
            $"Create it (`mkdir -p {path}`) or run `callytics-paths check --create`.");

    internal static FindingText RelativeDirectoryMissing(string variable, string value, string path, string? absoluteValue) =>
        new($"{variable}={value} is relative and {path} does not exist; a relative directory is never created, because where it lands depends on the working directory the service starts in.",
            absoluteValue is null
                ? $"Set {variable} to an absolute path (for example {path}), or create the directory first."
                : $"Set {variable}={absoluteValue} (absolute), or create {path} first.");

    internal static FindingText DirectoryVanished(string variable, string path) =>
        new($"{variable} directory {path} is gone; the service cannot write there until it is back.",
            "Recreate it (or restart the service, which creates it), and find what removed it.");

    /// <summary>The start of a CP103 message; the cause's detail and a stop follow.</summary>
    internal static string CreateFailedLead(string variable, string path, string directory, string cause) =>
        $"{variable} directory {path} is missing and creating {directory} failed: {cause}";

    internal static string CreateFailedFix(string variable, string path) => $"Create {path} yourself, or point {variable} elsewhere.";

    internal static FindingText CreateRaced(string variable, string path, string directory, string parent) =>
        new($"{variable} directory {path} is missing and creating {directory} failed: it was replaced by a link or another directory while it was being created, and was left as it is (no mode was changed).",
            $"Something else writes in {parent}: give it to this service alone, or create {path} in the image.");

    internal static FindingText DanglingLink(string variable, string path, string link, string target) =>
        new($"{variable} directory {path} is missing and {link} is a dangling symbolic link to {target}: nothing is there to use, and a link is never replaced.",
            $"Create the link's target ({target}), or remove the link (`rm {link}`) so that start-up creates the directory.");

    internal static FindingText NotADirectory(string variable, string path, string kind) =>
        new($"{variable} must be a directory, but {path} is {kind}.",
            $"Point {variable} at a directory, or move {path} aside on the host so the directory can be created (nothing here moves it).");

    internal static FindingText FileInTheWay(string variable, string path, string blocker, string kind) =>
        new($"{variable} directory {path} cannot exist: {blocker} is {kind}, not a directory.",
            $"Move {blocker} aside on the host (nothing here moves it), or point {variable} elsewhere.");

    /// <summary>The start of a CP105 message; the cause's detail and a stop follow.</summary>
    internal static string UnreachableLead(string variable, string path, string cause) => $"{variable} directory {path} cannot be reached: {cause}";

    internal static string UnreachableFix(string variable) => $"Point {variable} at a directory this process can reach.";

    // CP201: reading.
    /// <summary>The start of a CP201 message; the cause's detail and a stop follow.</summary>
    internal static string NotReadableLead(string variable, string path, string cause) => $"{variable} directory {path} cannot be read and listed: {cause}";

    internal static string CheckFileSystemFix(string path) => $"Check the filesystem holding {path}.";

    // CP202 to CP205: writing.
    /// <summary>The start of a write failure's message: by a probe file, or as the kernel answers without one.</summary>
    internal static string NotWritableLead(string variable, string path, string cause, bool probed) => probed
        ? $"{variable} directory {path} is not writable: creating a file there failed: {cause}"
        : $"{variable} directory {path} is not writable: {cause}";

    internal static string ReadOnlyFileSystemEnd(string lead) => $"{lead}; the service cannot write there.";

    internal static string NoSpaceLeftEnd(string lead) => $"{lead}; writes will fail.";

    internal static string WriteFailedFix(string path) => $"Check the filesystem holding {path} (`dmesg`, `mount`).";

    /// <summary>A lead, then the detail <see cref="AccessAdvice"/> gives (who owns what, which bits), then a stop.</summary>
    internal static string WithDetail(string lead, string? detail) => detail is null ? $"{lead}." : $"{lead} ({detail}).";

    // CP206: sharing.
    internal static FindingText WorldWritable(string variable, string path, string octalMode) =>
        new($"{variable} directory {path} is world-writable (mode {octalMode}) without the sticky bit: any user can replace or delete its files.",
            $"`chmod o-w {path}` (or `chmod +t {path}` if it must be shared).");

    // CP3xx: the database.
    internal const string DatabaseUrlInvalidFix =
        "Use sqlite:////absolute/path/Callytics_new.sqlite (four slashes for an absolute path), or a server URL such as postgresql://user:***@host:5432/db.";

    internal static string DatabaseUrlUnreadable(string shown, string exception) => $"DATABASE_URL {shown} cannot be read: {exception}.";

    internal static string DatabaseUrlControlCharacter(string shown) =>
        $"DATABASE_URL {shown} contains a control character (a stray newline or quote from a .env file is the usual cause).";

    internal static string DatabaseUrlNotUrl(string shown) =>
        $"DATABASE_URL {shown} is not a URL of the form dialect[+driver]://[user[:password]@]host[:port]/database or sqlite:////absolute/path.";

    internal static string DatabaseUrlEmptyDialect(string shown, string scheme) =>
        $"DATABASE_URL {shown} has an empty dialect or driver in its scheme '{scheme}'.";

    internal static string DatabaseUrlBadPort(string shown) => $"DATABASE_URL {shown} has a port that is not a number from 0 to 65535.";

    internal static string DatabaseUrlSqliteWithServer(string shown) =>
        $"DATABASE_URL {shown} is a sqlite URL with a user, password, host or port; SQLite has none. Valid forms: sqlite:////absolute/path.sqlite, sqlite:///relative/path.sqlite, sqlite:///:memory:.";

    internal static string DatabaseUrlUriError(string shown, string uriError) => $"DATABASE_URL {shown} {uriError}";

    /// <summary>A SQLite URL whose file no path can be: the value rule's message, said of the file.</summary>
    internal static string DatabaseUrlBadFile(string shown, PathFinding invalid) =>
        $"DATABASE_URL {shown} names the file {invalid.Path}, which {invalid.Message["DATABASE_URL ".Length..]}";

    internal static string DatabaseUriAuthority(string authority) =>
        $"names the SQLite URI authority '{authority}'; only an empty one or 'localhost' is allowed.";

    internal static FindingText DatabaseInMemory(string variable) =>
        new($"{variable} is an in-memory SQLite database: nothing is checked on disk, and its data is gone when the process exits.", string.Empty);

    internal static FindingText DatabaseServer(string variable, string dialect, string host, int? port, bool unencodedAt) =>
        new($"{variable} names a {dialect} server ({host}{(port is null ? string.Empty : ":" + port.Value.ToString(CultureInfo.InvariantCulture))}); it is not checked on disk."
                + (unencodedAt ? " Its password holds an unencoded '@', so SQLAlchemy reads the password up to that '@' and the rest as the host name." : string.Empty),
            unencodedAt ? "Write '@' in the password as %40." : string.Empty);

    internal static FindingText DatabaseRelativePath(string variable, DatabaseUrl database, string workingDirectory, string file) =>
        new($"{variable} {database} has three slashes, so its path is relative: in working directory {workingDirectory} it resolves to {file}{(database.AbsoluteUrlSuggestion is null ? string.Empty : $", did you mean {database.AbsoluteUrlSuggestion}")}? The Python services resolve it the same way, from their own working directory.",
            database.AbsoluteUrlSuggestion is null ? "Use an absolute path in the URL." : $"Set {variable}={database.AbsoluteUrlSuggestion} (four slashes: an absolute path).");

    internal static FindingText DatabaseReadOnlyMissing(string variable, string file) =>
        new($"{variable} opens {file} read-only (mode=ro), but the file does not exist.",
            $"Create or copy the database to {file}, or drop mode=ro.");

    internal static FindingText DatabaseIsDirectory(string variable, string file, string directory) =>
        new($"{variable} names {file}, but that is a directory, not a database file. Docker creates a directory there when a bind mount's host file does not exist (`./Callytics_new.sqlite:{file}` before the file was created on the host).",
            $"Create the file on the host before starting (`touch ./{Path.GetFileName(file)}`) and remove the empty directory, or better, mount a directory (`./data:{directory}`) and point {variable} to a file inside it.");

    internal static FindingText DatabaseNotRegularFile(string variable, string file, string kind) =>
        new($"{variable} names {file}, which is {kind}, not a regular file.",
            $"Point {variable} at a regular SQLite file.");

    /// <summary>The start of a CP304 message for an existing file; the cause's detail and a stop follow.</summary>
    internal static string DatabaseNotAccessibleLead(string variable, string file, bool readOnly, string cause) =>
        $"{variable} database {file} exists but this process cannot {(readOnly ? "read" : "read and write")} it: {cause}";

    internal static FindingText DatabaseDirectoryMount(string variable, string file, string mount, string moveFix) =>
        new($"{variable} names {file}, but a directory is bind-mounted there (from {mount}): Docker creates a directory on the host when the host file of a bind mount does not exist, so the database cannot be created.",
            $"Stop the service, remove the empty host directory Docker made, then: {moveFix} (Or create the host file first with `touch`; a single-file mount is still CP505.)");

    internal static FindingText DatabaseOnNetworkFileSystem(string variable, string file, string type, string mount) =>
        new($"{variable} database {file} is on a {type} filesystem ({mount}): SQLite's file locking and WAL shared memory are unsafe there, so concurrent writers can corrupt it.",
            "Keep the database on a local disk volume (a named volume or a host directory on local disk), or use a server database.");

    // CP4xx: the mount check itself.
    internal static FindingText MountCheckStatus(ContainerStatus container, string how) =>
        new(container.InContainer ? $"In a container: {container.Signal}. Mount check: {how}." : $"Not in a container: {container.Signal}. Mount check: {how}.", string.Empty);

    internal static FindingText MountTableUnreadable(string? unreadable) =>
        new($"The mount table {(unreadable is null ? "has no root mount" : "cannot be read: " + unreadable)}, so no path could be proven to be on a volume.",
            "Run with /proc mounted (containers have it by default), or set CALLYTICS_MOUNT_CHECK=off to skip the volume checks knowingly.");

    // CP501 to CP506: where a path lands (the consequence is the rule's, from the catalogue).
    internal static FindingText NotOnVolume(string variable, string path, string resolved, string? meant, string hostFolder, string consequence)
    {
        string where = resolved == path ? string.Empty : $" (it resolves to {resolved})";
        string line = $"`- {hostFolder}:{path}` under the service's volumes";
        return meant is null
            ? new($"{variable} path {path}{where} is not on a volume: {consequence}.", $"Mount it: add {line}.")
            : new($"{variable} path {path}{where} is not on a volume, while {meant} is: {consequence}.",
                $"Did you mean {meant}? It is mounted: set {variable}={meant}. Or mount this path: add {line}.");
    }

    internal static FindingText NotPersistent(string variable, string path, string fileSystemType, string mountPoint, bool emptyDir, string consequence) =>
        new($"{variable} path {path} is mounted, but on {(emptyDir ? $"a Kubernetes emptyDir ({fileSystemType})" : fileSystemType)} at {mountPoint}: it is not persistent and is emptied when the {(emptyDir ? "pod" : "container")} goes away; {consequence}.",
            emptyDir ? "Use a PersistentVolumeClaim for it." : $"Mount a host directory or a named volume at {mountPoint} instead of tmpfs.");

    internal static FindingText ReadOnlyVolume(string variable, string path, string mount, string mountPoint, string consequence) =>
        new($"{variable} path {path} is on a read-only mount ({mount}), but the service writes there: {consequence}.",
            AccessAdvice.ReadOnlyFix(mountPoint));

    internal static FindingText ReadOnlyRoot(string variable, string path, string? rootMount, string consequence) =>
        new($"{variable} path {path} is on no volume and the container's root filesystem is read-only{(rootMount is null ? string.Empty : $" ({rootMount})")}, but the service writes there: {consequence}.",
            $"Mount a writable volume for it: add `- ./{Path.GetFileName(path.TrimEnd('/'))}:{path}` under the service's volumes (or a tmpfs for temp files you can lose).");

    internal static FindingText DatabaseNotOnVolume(string variable, string file, string resolvedFile, string directory, string consequence, string moveFix) =>
        new($"{variable} database {file}{(resolvedFile == file ? string.Empty : $" (it resolves to {resolvedFile})")} is not on a volume (neither the file nor its directory {directory} is mounted): {consequence}.",
            moveFix);

    internal static FindingText DatabaseSingleFileMount(string variable, string file, string directory, bool directoryOnOtherVolume, string consequence, string moveFix) =>
        new($"{variable} database {file} is bind-mounted as a single file while its directory {directory} is not on that volume ({(directoryOnOtherVolume ? "it is on another filesystem" : "it is in the container layer")}): {consequence}.",
            $"Drop the single-file mount. {moveFix}");

    /// <summary>
    /// The fix that moves a database into a mounted directory of its own: the data directory when it is mounted,
    /// otherwise a mount of <c>./data</c> at it. Never a mount of the file's current directory (<c>/app</c> for the
    /// default URL), which would hide the rest of the image's layout. The compose linter gives the same (CC105, CC106).
    /// </summary>
    internal static string MoveIntoDataDirectory(string? mountedDataDirectory, string dataDirectory, string name)
    {
        const string variable = CallyticsPathsVariables.DatabaseUrl;
        return mountedDataDirectory is not null
            ? $"Keep it in the mounted DATA_DIR: set {variable}=sqlite:///{mountedDataDirectory}/{name}."
            : $"Mount a directory for it and point {variable} into it: `- ./data:{dataDirectory}` under the service's volumes and {variable}=sqlite:///{dataDirectory}/{name}.";
    }

    /// <summary>A mount as findings describe it: <c>ext4 mount at /app/data from /dev/sda1 /srv/data</c>.</summary>
    internal static string Describe(MountEntry mount) =>
        $"{mount.FileSystemType} mount at {mount.MountPoint}{(mount.Source.Length > 0 ? " from " + mount.Source : string.Empty)}{(mount.Root != "/" ? " " + mount.Root : string.Empty)}";

    // CP507, CP508: a running service's volumes.
    internal static FindingText MountChanged(string variable, string path, ulong then, ulong now) =>
        new($"{variable} path {path} is held by a different mount than at start (mount id {then} then, {now} now): its volume went away or was replaced.",
            "Restart the service once the volume is back, so that it writes where its data is.");

    internal static FindingText DataInContainerLayer(LayerReport atRisk, LayerDirectoryReport largest) =>
        new($"{atRisk.Files} file{(atRisk.Files == 1 ? string.Empty : "s")} ({atRisk.Bytes} bytes) written into the container's own layer since it was created, the most under {largest.Directory}: lost when the container is recreated{(atRisk.Truncated ? " (the walk stopped at its time budget: there may be more)" : string.Empty)}.",
            largest.Fix);

    // The container layer's groups: what to change for each.
    internal static string LayerRoleNotMountedFix(string variable, string path, string defaultName) =>
        $"{variable}={path} is not on a volume: mount it (`- ./{defaultName}:{path}` under the service's volumes).";

    internal static string LayerBesideRoleFix(string directory, string variable, string rolePath, string defaultName, bool roleMounted) => roleMounted
        ? $"The code writes to {directory}, not to {variable}={rolePath}, which is on a volume: have it use ${variable}, or mount {directory} too (`- ./{defaultName}:{directory}`)."
        : $"The code writes to {directory}, not to {variable}={rolePath}, and neither is on a volume: have the code use ${variable}, and mount {rolePath} (`- ./{defaultName}:{rolePath}`).";

    internal static string LayerNoRoleFix(string directory) =>
        $"No Callytics role lives at {directory}: mount a volume there if what is written must outlive the container, or add it to {Layer.LayerIgnore.Variable}.";

    // The health check's own results.
    internal static string CheckHung(string variable, TimeSpan timeout) =>
        $"The check of {variable} did not finish{(timeout > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $" within {timeout.TotalSeconds:0.###} s") : " before the check was cancelled")}: the volume may be hung.";

    // CP6xx: free space.
    internal static FindingText FreeSpace(string variable, string path, string free, string total, double percent, bool critical) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{variable} path {path} has {free} free of {total} ({percent:0.#}%): {(critical ? "writes are about to fail" : "space is running low")}."),
            AccessAdvice.NoSpaceFix(path));
}
