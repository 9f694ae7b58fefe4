using System.Globalization;

namespace Callytics.Paths.Interop;

/// <summary>What <c>statx</c> says of one path: its type, owner, mode and mount, or the errno that stopped it.</summary>
internal readonly record struct FileStatus(int Errno, uint Uid, uint Gid, uint Mode, ulong Size, long ModifiedSeconds, ulong MountId, uint DeviceMajor, uint DeviceMinor)
{
    private const uint TypeMask = 0xF000;
    private const uint DirectoryType = 0x4000;
    private const uint RegularType = 0x8000;
    private const uint SymlinkType = 0xA000;

    /// <summary>Whether the path exists (statx succeeded).</summary>
    internal bool Exists => Errno == 0;

    /// <summary>Whether it is a directory.</summary>
    internal bool IsDirectory => Exists && (Mode & TypeMask) == DirectoryType;

    /// <summary>Whether it is a regular file.</summary>
    internal bool IsRegularFile => Exists && (Mode & TypeMask) == RegularType;

    /// <summary>Whether it is a symbolic link (only seen when links are not followed).</summary>
    internal bool IsSymbolicLink => Exists && (Mode & TypeMask) == SymlinkType;

    /// <summary>The permission bits, sticky, setuid and setgid included.</summary>
    internal uint Permissions => Mode & 0xFFF;

    /// <summary>Whether others may write and the sticky bit is not set.</summary>
    internal bool IsWorldWritableWithoutSticky => (Mode & 0x2) != 0 && (Mode & 0x200) == 0;

    /// <summary>The permission bits in octal, for example <c>0750</c>.</summary>
    internal string OctalMode => "0" + Convert.ToString(Permissions, 8).PadLeft(3, '0');

    /// <summary>The kind of file, in words.</summary>
    internal string Kind => (Mode & TypeMask) switch
    {
        DirectoryType => "a directory",
        RegularType => "a regular file",
        SymlinkType => "a symbolic link",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0x1000 => "a named pipe",
        0xC000 => "a socket",
        _ => "a special file",
    };

    /// <summary>Owner and mode, for example <c>owned by 0:0 with mode 0755</c>.</summary>
    internal string OwnerAndMode => string.Create(CultureInfo.InvariantCulture, $"owned by {Uid}:{Gid} with mode {OctalMode}");

    /// <summary>Runs statx on <paramref name="path"/>, following symbolic links unless <paramref name="followLinks"/> is false.</summary>
    internal static FileStatus Of(string path, bool followLinks = true)
    {
        int result = Libc.Statx(Libc.AtFdCwd, path, followLinks ? 0 : Libc.AtSymlinkNoFollow,
            Libc.StatxBasicStats | Libc.StatxMountId, out StatxBuffer buffer);
        if (result != 0)
        {
            return new FileStatus(Libc.LastErrno, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        return new FileStatus(0, buffer.Uid, buffer.Gid, buffer.Mode, buffer.Size, buffer.ModifiedSeconds,
            (buffer.Mask & Libc.StatxMountId) != 0 ? buffer.MountId : 0, buffer.DeviceMajor, buffer.DeviceMinor);
    }
}
