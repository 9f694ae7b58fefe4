namespace Callytics.Paths.Mounts;

/// <summary>One line of <c>/proc/self/mountinfo</c> (proc(5)): a mount as the kernel describes it.</summary>
/// <remarks>
/// The id, parent and mount point are read when the table is read; the other fields are read from the line the
/// first time they are asked for, so that reading a table of many mounts to look up a few costs little.
/// </remarks>
public sealed class MountEntry
{
    private readonly string _text;
    private readonly Range _root;
    private readonly Range _options;
    private readonly Range _optional;
    private readonly Range _type;
    private readonly Range _source;
    private readonly Range _super;
    private string? _rootValue;
    private string? _optionsValue;
    private string[]? _optionalValue;
    private string? _typeValue;
    private string? _sourceValue;
    private string? _superValue;

    internal MountEntry(string text, int id, int parentId, int major, int minor, string mountPoint,
        Range root, Range options, Range optional, Range type, Range source, Range super)
    {
        _text = text;
        Id = id;
        ParentId = parentId;
        Major = major;
        Minor = minor;
        MountPoint = mountPoint;
        (_root, _options, _optional, _type, _source, _super) = (root, options, optional, type, source, super);
    }

    /// <summary>Gets the unique id of the mount (may be reused after umount).</summary>
    public int Id { get; }

    /// <summary>Gets the id of the parent mount (or of self for the root of this mount namespace's tree).</summary>
    public int ParentId { get; }

    /// <summary>Gets the major device number of the filesystem (<c>st_dev</c>).</summary>
    public int Major { get; }

    /// <summary>Gets the minor device number of the filesystem (<c>st_dev</c>).</summary>
    public int Minor { get; }

    /// <summary>Gets the pathname of the mount point relative to the process's root directory.</summary>
    public string MountPoint { get; }

    /// <summary>Gets the pathname of the directory in the filesystem that forms the root of this mount (a bind mount's source inside its filesystem).</summary>
    public string Root => _rootValue ??= MountInfoParser.Unescape(_text[_root]);

    /// <summary>Gets the per-mount options, for example <c>rw,nosuid,relatime</c>.</summary>
    public string MountOptions => _optionsValue ??= _text[_options];

    /// <summary>Gets the optional fields, for example <c>shared:1</c> or <c>master:2</c>.</summary>
    public IReadOnlyList<string> OptionalFields =>
        _optionalValue ??= _text.AsSpan()[_optional].IsEmpty ? [] : _text[_optional].Split(' ');

    /// <summary>Gets the filesystem type, for example <c>ext4</c>, <c>overlay</c> or <c>fuse.sshfs</c>.</summary>
    public string FileSystemType => _typeValue ??= _text[_type];

    /// <summary>Gets the filesystem-specific source, for example <c>/dev/sda1</c>, <c>tmpfs</c> or <c>server:/export</c>; may be empty.</summary>
    public string Source => _sourceValue ??= MountInfoParser.Unescape(_text[_source]);

    /// <summary>Gets the per-superblock options, as written (values may be quoted and hold commas).</summary>
    public string SuperOptions => _superValue ??= _text[_super];

    /// <summary>Gets whether this mount is read-only (<c>ro</c> among the per-mount options).</summary>
    public bool IsReadOnly
    {
        get
        {
            foreach (Range option in _text.AsSpan()[_options].Split(','))
            {
                if (_text.AsSpan()[_options][option] is "ro")
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Returns the mount as findmnt shows it: mount point, type, source.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{MountPoint} {FileSystemType} {Source}";
}
