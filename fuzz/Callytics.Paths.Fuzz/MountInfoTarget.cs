using Callytics.Paths.Mounts;

namespace Callytics.Paths.Fuzz;

/// <summary>
/// mountinfo: <see cref="MountTable.Parse"/> throws only <see cref="FormatException"/>; on a table it accepts, every
/// field of every entry reads without throwing, and a path below any mount point a path can name (absolute,
/// canonical, valid UTF-8: what the kernel writes) is held by some mount.
/// </summary>
internal static class MountInfoTarget
{
    internal static void Run(string input)
    {
        MountTable table;
        try
        {
            table = MountTable.Parse(input);
        }
        catch (FormatException exception)
        {
            ContractViolationException.Check(exception.Message.Contains("mountinfo line", StringComparison.Ordinal), "the error names the line");
            return;
        }

        foreach (MountEntry entry in table.Entries)
        {
            _ = (entry.Root, entry.MountOptions, entry.OptionalFields.Count, entry.FileSystemType, entry.Source, entry.SuperOptions, entry.IsReadOnly, entry.ToString());
            if (IsNameable(entry.MountPoint))
            {
                ContractViolationException.Check(table.FindMount(entry.MountPoint + "/x") is not null, $"a path below the mount point {System.Text.Json.JsonSerializer.Serialize(entry.MountPoint)} is held by some mount");
            }
        }

        ContractViolationException.Check(table.Entries.All(e => e.MountPoint != "/") || table.FindMount("/") is not null, "a table with a root mount holds /");
    }

    /// <summary>
    /// Whether a .NET path can name the mount point the way the kernel writes one: absolute and canonical (no empty,
    /// <c>.</c> or <c>..</c> component, no trailing slash), no NUL, and valid UTF-8 (a byte that is not has no string).
    /// </summary>
    private static bool IsNameable(string mountPoint) =>
        mountPoint.StartsWith('/')
        && !mountPoint.Contains('\0', StringComparison.Ordinal)
        && !mountPoint.Contains('\uFFFD', StringComparison.Ordinal)
        && (mountPoint == "/" || (!mountPoint.EndsWith('/') && Path.GetFullPath(mountPoint) == mountPoint));
}
