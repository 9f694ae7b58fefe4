using System.Globalization;

namespace Callytics.Paths.Interop;

/// <summary>What <c>statx</c> says of one path: its type, owner, mode, identity and mount, or the errno that stopped it.</summary>
internal readonly record struct FileStatus(int Errno, uint Uid, uint Gid, uint Mode, ulong Size, long ModifiedSeconds, ulong MountId, uint DeviceMajor, uint DeviceMinor,
    ulong Inode = 0, long ChangedSeconds = 0, uint ChangedNanoseconds = 0)
{
    /// <summary>The last status change (ctime) in nanoseconds since the epoch: what no call can set back.</summary>
    internal long ChangedNanosecondsSinceEpoch => (ChangedSeconds * 1_000_000_000) + ChangedNanoseconds;

    private const int AtEmptyPath = 0x1000;

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

    /// <summary>Whether both name the same file: the same device and inode, wherever each was reached from.</summary>
    internal bool IsSameFileAs(in FileStatus other) =>
        Exists && other.Exists && Inode == other.Inode && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;

    /// <summary>Runs statx on <paramref name="path"/>, following symbolic links unless <paramref name="followLinks"/> is false.</summary>
    internal static FileStatus Of(string path, bool followLinks = true)
    {
        int result = Libc.Statx(Libc.AtFdCwd, path, followLinks ? 0 : Libc.AtSymlinkNoFollow,
            Libc.StatxBasicStats | Libc.StatxMountId, out StatxBuffer buffer);
        return From(result, buffer);
    }

    /// <summary>Runs statx on an open descriptor: what it holds, whatever its name now points to.</summary>
    internal static unsafe FileStatus OfDescriptor(int descriptor)
    {
        byte empty = 0;
        int result = Libc.StatxAt(descriptor, &empty, AtEmptyPath, Libc.StatxBasicStats | Libc.StatxMountId, out StatxBuffer buffer);
        return From(result, buffer);
    }

    /// <summary>The status a statx call returned (its errno read at once, when it failed).</summary>
    internal static FileStatus From(int result, in StatxBuffer buffer) =>
        result != 0
            ? new FileStatus(Libc.LastErrno, 0, 0, 0, 0, 0, 0, 0, 0)
            : new FileStatus(0, buffer.Uid, buffer.Gid, buffer.Mode, buffer.Size, buffer.ModifiedSeconds,
                (buffer.Mask & Libc.StatxMountId) != 0 ? buffer.MountId : 0, buffer.DeviceMajor, buffer.DeviceMinor, buffer.Inode,
                buffer.ChangedSeconds, buffer.ChangedNanoseconds);
}
