using System.Runtime.InteropServices;

namespace Callytics.Paths.Interop;

/// <summary>
/// Linux <c>struct statx</c> (statx(2)): its layout is the same on every architecture, unlike <c>struct stat</c>.
/// Only the fields the checks read are named; the rest of the 256 bytes is padding.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    /// <summary>Which fields the kernel filled.</summary>
    [FieldOffset(0)] public uint Mask;

    /// <summary>How many hard links the file has.</summary>
    [FieldOffset(16)] public uint LinkCount;

    /// <summary>The owner's user id.</summary>
    [FieldOffset(20)] public uint Uid;

    /// <summary>The owner's group id.</summary>
    [FieldOffset(24)] public uint Gid;

    /// <summary>The file type and mode bits.</summary>
    [FieldOffset(28)] public ushort Mode;

    /// <summary>The inode number.</summary>
    [FieldOffset(32)] public ulong Inode;

    /// <summary>The size in bytes.</summary>
    [FieldOffset(40)] public ulong Size;

    /// <summary>The last status change (<c>stx_ctime</c>), seconds since the epoch: no call can set it back.</summary>
    [FieldOffset(96)] public long ChangedSeconds;

    /// <summary>The nanoseconds of <see cref="ChangedSeconds"/>.</summary>
    [FieldOffset(104)] public uint ChangedNanoseconds;

    /// <summary>The last modification time, seconds since the epoch.</summary>
    [FieldOffset(112)] public long ModifiedSeconds;

    /// <summary>The major number of the device holding the file.</summary>
    [FieldOffset(136)] public uint DeviceMajor;

    /// <summary>The minor number of the device holding the file.</summary>
    [FieldOffset(140)] public uint DeviceMinor;

    /// <summary>The id of the mount holding the file (the first field of /proc/self/mountinfo), Linux 5.8 and later.</summary>
    [FieldOffset(144)] public ulong MountId;
}
