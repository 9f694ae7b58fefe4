using System.Runtime.InteropServices;

namespace Callytics.Paths.Interop;

/// <summary>glibc's <c>struct statvfs</c> on 64-bit Linux (x86-64 and arm64 share it): eleven 8-byte fields and spare ints.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct StatVfsBuffer
{
    public ulong BlockSize;
    public ulong FragmentSize;
    public ulong Blocks;
    public ulong BlocksFree;
    public ulong BlocksAvailable;
    public ulong Files;
    public ulong FilesFree;
    public ulong FilesAvailable;
    public ulong FileSystemId;
    public ulong Flags;
    public ulong NameMax;
    private unsafe fixed int _spare[6];
}
