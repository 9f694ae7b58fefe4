extern alias library;

using System.Reflection;
using System.Runtime.InteropServices;
using Callytics.Paths.Cli.Commands;
using Callytics.Paths.Cli.Exec;
using library::Callytics.Paths.Interop;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Interop;

/// <summary>
/// Every Linux constant and struct offset the interop uses, against each architecture's own C headers: linux_abi.c is
/// compiled natively (x86-64) and with Debian's aarch64 cross compiler, the arm64 program is run under qemu-user, and
/// each value it prints must be the one the code uses on that architecture. A flag set back to another
/// architecture's value fails here, not on a user's machine.
/// </summary>
public class LinuxAbiTests
{
    private static readonly string Source = Path.Combine(AppContext.BaseDirectory, "Interop", "linux_abi.c");

    /// <summary>What the headers of <paramref name="architecture"/> say: compiled, run, read.</summary>
    private static Dictionary<string, long> Headers(TempTree tree, Architecture architecture)
    {
        bool arm = architecture == Architecture.Arm64;
        string program = tree[arm ? "abi_arm64" : "abi_x64"];
        ProcessResult compile = ChildProcess.Run([arm ? "aarch64-linux-gnu-gcc" : "x86_64-linux-gnu-gcc", "-o", program, Source]);
        compile.ExitCode.Should().Be(0, compile.ToString());
        ProcessResult run = ChildProcess.Run(arm ? ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", program] : [program]);
        run.ExitCode.Should().Be(0, run.ToString());
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static long Constant(Type type, string name) =>
        Convert.ToInt64(type.GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the code uses on <paramref name="architecture"/>, by the headers' names.</summary>
    private static Dictionary<string, long> Code(Architecture architecture)
    {
        LinuxAbi abi = LinuxAbi.For(architecture);
        var values = new Dictionary<string, long>
        {
            ["O_RDONLY"] = abi.ORead, ["O_WRONLY"] = abi.OWriteOnly, ["O_CREAT"] = abi.OCreate, ["O_EXCL"] = abi.OExclusive,
            ["O_NONBLOCK"] = abi.ONonBlock, ["O_DIRECTORY"] = abi.ODirectory, ["O_NOFOLLOW"] = abi.ONoFollow, ["O_CLOEXEC"] = abi.OCloseOnExec,
            ["AT_FDCWD"] = Libc.AtFdCwd, ["AT_SYMLINK_NOFOLLOW"] = Libc.AtSymlinkNoFollow, ["AT_EACCESS"] = Libc.AtEAccess, ["AT_REMOVEDIR"] = Libc.AtRemoveDir,
            ["AT_EMPTY_PATH"] = Constant(typeof(FileStatus), "AtEmptyPath"),
            ["R_OK"] = Libc.ReadOk, ["W_OK"] = Libc.WriteOk, ["X_OK"] = Libc.ExecuteOk,
            ["EPERM"] = Errno.EPERM, ["ENOENT"] = Errno.ENOENT, ["EINTR"] = Errno.EINTR, ["EACCES"] = Errno.EACCES, ["EEXIST"] = Errno.EEXIST, ["EXDEV"] = Errno.EXDEV,
            ["ENOTDIR"] = Errno.ENOTDIR, ["EISDIR"] = Errno.EISDIR, ["ENOSPC"] = Errno.ENOSPC, ["EROFS"] = Errno.EROFS, ["ENAMETOOLONG"] = Errno.ENAMETOOLONG,
            ["ELOOP"] = Errno.ELOOP, ["EDQUOT"] = Errno.EDQUOT,
            ["STATX_BASIC_STATS"] = Libc.StatxBasicStats, ["STATX_MNT_ID"] = Libc.StatxMountId, ["STATX_TYPE"] = Libc.StatxType, ["STATX_SIZE"] = Libc.StatxSize,
            ["S_IFMT"] = Constant(typeof(FileStatus), "TypeMask"), ["S_IFDIR"] = Constant(typeof(FileStatus), "DirectoryType"),
            ["S_IFREG"] = Constant(typeof(FileStatus), "RegularType"), ["S_IFLNK"] = Constant(typeof(FileStatus), "SymlinkType"),
            ["S_ISUID | S_ISGID"] = Constant(typeof(ExecCommand), "SetUidBits"),
            ["LOCK_EX"] = Posix.LockExclusive, ["LOCK_NB"] = Posix.LockNonBlocking, ["SIGPIPE"] = Posix.SigPipe, ["SIG_SETMASK"] = Posix.SetMask,
            ["SEEK_SET"] = Constant(typeof(DirectoryEntries), "SeekSet"),
            ["sizeof_statx"] = Marshal.SizeOf<StatxBuffer>(), ["sizeof_statvfs"] = Marshal.SizeOf<StatVfsBuffer>(), ["sizeof_uid_t"] = sizeof(uint),
            ["dirent64.d_reclen"] = Constant(typeof(DirectoryEntries), "RecordLengthOffset"), ["dirent64.d_type"] = Constant(typeof(DirectoryEntries), "TypeOffset"), ["dirent64.d_name"] = Constant(typeof(DirectoryEntries), "NameOffset"),
        };
        foreach (string field in new[] { "Mask", "LinkCount", "Uid", "Gid", "Mode", "Inode", "Size", "ChangedSeconds", "ChangedNanoseconds", "ModifiedSeconds", "DeviceMajor", "DeviceMinor", "MountId" })
        {
            values["statx." + field] = Marshal.OffsetOf<StatxBuffer>(field);
        }

        foreach (string field in new[] { "BlockSize", "FragmentSize", "Blocks", "BlocksFree", "BlocksAvailable", "Files", "FilesFree", "FilesAvailable", "FileSystemId", "Flags", "NameMax" })
        {
            values["statvfs." + field] = Marshal.OffsetOf<StatVfsBuffer>(field);
        }

        return values;
    }

    [ToolFact("x86_64-linux-gnu-gcc", "aarch64-linux-gnu-gcc", "qemu-aarch64-static")]
    public void Every_value_the_interop_uses_is_the_one_each_architectures_headers_define()
    {
        using var tree = new TempTree();
        foreach (Architecture architecture in new[] { Architecture.X64, Architecture.Arm64 })
        {
            Dictionary<string, long> headers = Headers(tree, architecture);
            Dictionary<string, long> code = Code(architecture);

            code.Keys.Should().BeEquivalentTo(headers.Keys, "every value the headers are asked for is compared");
            foreach ((string name, long value) in headers)
            {
                code[name].Should().Be(value, $"{name} on {architecture}");
            }
        }
    }

    [Fact]
    public void The_two_architectures_differ_exactly_in_o_directory_and_o_nofollow()
    {
        (LinuxAbi.X64 with { Architecture = Architecture.Arm64, ODirectory = 0x4000, ONoFollow = 0x8000 }).Should().Be(LinuxAbi.Arm64);
        LinuxAbi.Current.Architecture.Should().Be(RuntimeInformation.ProcessArchitecture);
    }

    [Theory]
    [InlineData(Architecture.RiscV64)]
    [InlineData(Architecture.Arm)]
    [InlineData(Architecture.S390x)]
    [InlineData(Architecture.LoongArch64)]
    public void An_architecture_the_code_does_not_know_is_refused_with_the_reason(Architecture architecture)
    {
        FluentActions.Invoking(() => LinuxAbi.For(architecture)).Should().Throw<PlatformNotSupportedException>()
            .WithMessage($"*knows the Linux system-call values of x64 and arm64 only; this process runs on {architecture}*");
    }
}
