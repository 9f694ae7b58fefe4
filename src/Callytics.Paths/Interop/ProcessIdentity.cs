using System.Globalization;

namespace Callytics.Paths.Interop;

/// <summary>The effective user and group this process checks access as.</summary>
internal readonly record struct ProcessIdentity(uint Uid, uint Gid)
{
    /// <summary>This process's effective ids.</summary>
    internal static ProcessIdentity Current => new(Libc.GetEffectiveUserId(), Libc.GetEffectiveGroupId());

    /// <summary>For messages: <c>uid 1000 gid 1000</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"uid {Uid} gid {Gid}");
}
