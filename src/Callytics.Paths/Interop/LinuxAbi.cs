using System.Runtime.InteropServices;

namespace Callytics.Paths.Interop;

/// <summary>
/// The values of the Linux ABI that differ between the architectures the library runs on: the <c>open</c> flags. On
/// x86-64 <c>O_DIRECTORY</c> and <c>O_NOFOLLOW</c> are 0x10000 and 0x20000; on arm64 those bits are <c>O_DIRECT</c>
/// and <c>O_LARGEFILE</c>, and its own are 0x4000 and 0x8000. Every flag the interop passes is listed per
/// architecture, even where the two agree, so that no architecture borrows another's numbers; the values are
/// checked against each architecture's C headers by the tests (<c>Interop/LinuxAbiTests</c>). Everything else the
/// interop uses (<c>AT_*</c>, errno, <c>struct statx</c>, <c>struct statvfs</c>, <c>struct linux_dirent64</c>) is the
/// same on both and is checked the same way. Any other architecture is refused at first use with
/// <see cref="PlatformNotSupportedException"/>: silently different flags would turn "never follow a link" into
/// "follow it".
/// </summary>
/// <param name="Architecture">The architecture these values are for.</param>
/// <param name="ORead">O_RDONLY.</param>
/// <param name="OWriteOnly">O_WRONLY.</param>
/// <param name="OCreate">O_CREAT.</param>
/// <param name="OExclusive">O_EXCL.</param>
/// <param name="ONonBlock">O_NONBLOCK.</param>
/// <param name="ODirectory">O_DIRECTORY.</param>
/// <param name="ONoFollow">O_NOFOLLOW.</param>
/// <param name="OCloseOnExec">O_CLOEXEC.</param>
internal sealed record LinuxAbi(Architecture Architecture, int ORead, int OWriteOnly, int OCreate, int OExclusive, int ONonBlock, int ODirectory, int ONoFollow,
    int OCloseOnExec)
{
    /// <summary>x86-64 (arch/x86 uses the generic values except O_DIRECTORY and O_NOFOLLOW).</summary>
    internal static readonly LinuxAbi X64 = new(Architecture.X64, ORead: 0x0, OWriteOnly: 0x1, OCreate: 0x40, OExclusive: 0x80, ONonBlock: 0x800,
        ODirectory: 0x10000, ONoFollow: 0x20000, OCloseOnExec: 0x80000);

    /// <summary>arm64 (arch/arm64/include/uapi/asm/fcntl.h).</summary>
    internal static readonly LinuxAbi Arm64 = new(Architecture.Arm64, ORead: 0x0, OWriteOnly: 0x1, OCreate: 0x40, OExclusive: 0x80, ONonBlock: 0x800,
        ODirectory: 0x4000, ONoFollow: 0x8000, OCloseOnExec: 0x80000);

    /// <summary>The architectures whose values are known.</summary>
    internal static readonly LinuxAbi[] Known = [X64, Arm64];

    private static LinuxAbi? s_current;

    /// <summary>
    /// The values of the architecture this process runs on. On any other architecture every use throws
    /// <see cref="PlatformNotSupportedException"/> with the reason (not a type initializer's wrapped exception).
    /// </summary>
    internal static LinuxAbi Current => s_current ??= For(RuntimeInformation.ProcessArchitecture);

    /// <summary>The values of <paramref name="architecture"/>, or <see cref="PlatformNotSupportedException"/> naming what is supported.</summary>
    internal static LinuxAbi For(Architecture architecture) =>
        Array.Find(Known, abi => abi.Architecture == architecture)
        ?? throw new PlatformNotSupportedException(
            $"Callytics.Paths knows the Linux system-call values of x64 and arm64 only; this process runs on {architecture}, where its open flags may differ " +
            "(a wrong O_NOFOLLOW follows links it must refuse). Run the linux-x64 or linux-arm64 build, or report the architecture.");
}
