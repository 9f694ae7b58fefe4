namespace Callytics.Paths.Layer;

/// <summary>
/// One directory of what a container wrote into its own writable layer: how much, how recently, the role it most
/// likely belongs to and the fix.
/// </summary>
/// <param name="Directory">The directory the files were grouped under: a role's path or the path it was probably meant to be, else the first three levels.</param>
/// <param name="Files">The regular files written or changed there since the container was created.</param>
/// <param name="Bytes">Their apparent sizes, added up.</param>
/// <param name="NewestNanoseconds">The newest status change among them, nanoseconds since the epoch.</param>
/// <param name="Role">The role the directory most likely belongs to, or null.</param>
/// <param name="Variable">That role's variable (<c>TEMP_DIR</c>), or null.</param>
/// <param name="Meant">The role's path when the directory only resembles it (<c>/app/.temp</c> for <c>/app/temp</c>), else null.</param>
/// <param name="MeantMounted">Whether that path is on a volume.</param>
/// <param name="Fix">What to change.</param>
public sealed record LayerGroup(string Directory, long Files, long Bytes, long NewestNanoseconds, PathRole? Role, string? Variable, string? Meant, bool MeantMounted, string Fix)
{
    /// <summary>The newest change, to the millisecond.</summary>
    public DateTimeOffset Newest => DateTimeOffset.FromUnixTimeMilliseconds(NewestNanoseconds / 1_000_000);
}
