using System.Text;

namespace Callytics.Paths.Mounts;

/// <summary>One line of <c>/proc/self/mountinfo</c> (proc(5)): a mount as the kernel describes it.</summary>
/// <remarks>
/// The table keeps the kernel's bytes; an entry is made when asked for, and each of its names is decoded the first
/// time it is read, so that reading a table of many mounts to look up a few costs little.
/// </remarks>
public sealed class MountEntry
{
    private readonly byte[] _text;
    private readonly MountInfoParser.LineFields _fields;
    private string? _mountPointValue;
    private string? _rootValue;
    private string? _optionsValue;
    private string[]? _optionalValue;
    private string? _typeValue;
    private string? _sourceValue;
    private string? _superValue;

    internal MountEntry(byte[] text, in MountInfoParser.LineFields fields)
    {
        _text = text;
        _fields = fields;
    }

    /// <summary>Gets the unique id of the mount (may be reused after umount).</summary>
    public int Id => _fields.Id;

    /// <summary>Gets the id of the parent mount (or of self for the root of this mount namespace's tree).</summary>
    public int ParentId => _fields.ParentId;

    /// <summary>Gets the major device number of the filesystem (<c>st_dev</c>).</summary>
    public int Major => _fields.Major;

    /// <summary>Gets the minor device number of the filesystem (<c>st_dev</c>).</summary>
    public int Minor => _fields.Minor;

    /// <summary>Gets the pathname of the mount point relative to the process's root directory.</summary>
    public string MountPoint => _mountPointValue ??= MountInfoParser.Decode(Field(_fields.MountPoint));

    /// <summary>Gets the pathname of the directory in the filesystem that forms the root of this mount (a bind mount's source inside its filesystem).</summary>
    public string Root => _rootValue ??= MountInfoParser.Decode(Field(_fields.Root));

    /// <summary>Gets the per-mount options, for example <c>rw,nosuid,relatime</c>.</summary>
    public string MountOptions => _optionsValue ??= Encoding.UTF8.GetString(Field(_fields.Options));

    /// <summary>Gets the optional fields, for example <c>shared:1</c> or <c>master:2</c>.</summary>
    public IReadOnlyList<string> OptionalFields =>
        _optionalValue ??= Field(_fields.Optional).IsEmpty ? [] : Encoding.UTF8.GetString(Field(_fields.Optional)).Split(' ');

    /// <summary>Gets the filesystem type, for example <c>ext4</c>, <c>overlay</c> or <c>fuse.sshfs</c>.</summary>
    public string FileSystemType => _typeValue ??= Encoding.UTF8.GetString(Field(_fields.Type));

    /// <summary>Gets the filesystem-specific source, for example <c>/dev/sda1</c>, <c>tmpfs</c> or <c>server:/export</c>; may be empty.</summary>
    public string Source => _sourceValue ??= MountInfoParser.Decode(Field(_fields.Source));

    /// <summary>Gets the per-superblock options, as written (values may be quoted and hold commas).</summary>
    public string SuperOptions => _superValue ??= Encoding.UTF8.GetString(Field(_fields.Super));

    /// <summary>Gets whether this mount is read-only (<c>ro</c> among the per-mount options).</summary>
    public bool IsReadOnly
    {
        get
        {
            // IndexOf rather than Split: MemoryExtensions.Split over bytes has no precompiled code, and the start-up
            // validation reads this on the host's thread (benchmarks/STARTUP.md).
            ReadOnlySpan<byte> options = Field(_fields.Options);
            while (true)
            {
                int comma = options.IndexOf((byte)',');
                if ((comma < 0 ? options : options[..comma]) is [(byte)'r', (byte)'o'])
                {
                    return true;
                }

                if (comma < 0)
                {
                    return false;
                }

                options = options[(comma + 1)..];
            }
        }
    }

    /// <summary>Returns the mount as findmnt shows it: mount point, type, source.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{MountPoint} {FileSystemType} {Source}";

    private ReadOnlySpan<byte> Field(Range range) => _text.AsSpan()[range];
}
