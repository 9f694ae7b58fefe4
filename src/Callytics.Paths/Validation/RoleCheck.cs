using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>What one validation found of one role whose value is valid: its path, whether it passed, what statx said.</summary>
/// <remarks>
/// Kept as a plain class in a list rather than in dictionaries keyed by <see cref="PathRole"/>: a generic collection
/// over an enum or a struct is compiled anew at start-up, and start-up time is this library's budget.
/// </remarks>
internal sealed class RoleCheck(PathRole role, string path, bool usable)
{
    /// <summary>The role.</summary>
    internal PathRole Role { get; } = role;

    /// <summary>The normalized path (for the database, its file).</summary>
    internal string Path { get; } = path;

    /// <summary>Whether the role's directory exists and passed its read or write probe.</summary>
    internal bool Usable { get; } = usable;

    /// <summary>What statx said of the role's directory (the database's directory for the database) during the run.</summary>
    internal FileStatus State { get; set; }
}
