using System.Runtime.InteropServices;

namespace Callytics.Paths.Interop;

/// <summary>
/// The entries of an open directory as the kernel lists them (getdents64): each name as its bytes, NUL-terminated
/// so that it can be handed straight to openat or statx, and the entry's type when the filesystem says it.
/// No string and no object per entry; <c>.</c> and <c>..</c> are left out. Each listing starts from the top of the
/// directory, however often the same handle was listed before. A plain struct over an array, so that a walk can keep
/// one listing per level on a stack of its own.
/// </summary>
internal struct DirectoryEntries
{
    /// <summary>The filesystem did not say the type (d_type DT_UNKNOWN): ask statx.</summary>
    internal const byte UnknownType = 0;

    /// <summary>d_type DT_DIR.</summary>
    internal const byte DirectoryType = 4;

    /// <summary>d_type DT_REG.</summary>
    internal const byte RegularFileType = 8;

    /// <summary>d_type DT_LNK.</summary>
    internal const byte LinkType = 10;

    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
    private const int RecordLengthOffset = 16;
    private const int TypeOffset = 18;
    private const int NameOffset = 19;
    private const int SeekSet = 0;

    private readonly int _descriptor;
    private readonly byte[] _buffer;
    private int _length;
    private int _next;
    private bool _rewind;
    private int _nameStart;
    private int _nameLength;

    /// <param name="descriptor">An open directory.</param>
    /// <param name="buffer">Where the kernel writes a batch of entries (a few KiB; more means fewer calls).</param>
    internal DirectoryEntries(int descriptor, byte[] buffer)
    {
        _descriptor = descriptor;
        _buffer = buffer;
        _rewind = true;
    }

    /// <summary>Gets the current entry's name with its terminating NUL.</summary>
    internal readonly ReadOnlySpan<byte> NameWithNul => _buffer.AsSpan(_nameStart, _nameLength);

    /// <summary>Gets the current entry's name.</summary>
    internal readonly ReadOnlySpan<byte> Name => NameWithNul[..^1];

    /// <summary>Gets the current entry's d_type (<see cref="UnknownType"/> when the filesystem does not say).</summary>
    internal byte Type { get; private set; }

    /// <summary>Gets the errno that ended the listing early, or 0.</summary>
    internal int Errno { get; private set; }

    /// <summary>Moves to the next entry; false at the end of the directory or on an error (<see cref="Errno"/>).</summary>
    internal unsafe bool MoveNext()
    {
        while (true)
        {
            if (_next >= _length)
            {
                if (_rewind && Libc.LSeek(_descriptor, 0, SeekSet) < 0)
                {
                    Errno = Libc.LastErrno;
                    return false;
                }

                _rewind = false;
                nint read;
                fixed (byte* start = &_buffer[0])
                {
                    read = Libc.GetDents64(_descriptor, start, (nuint)_buffer.Length);
                }

                if (read <= 0)
                {
                    Errno = read < 0 ? Libc.LastErrno : 0;
                    return false;
                }

                (_length, _next) = ((int)read, 0);
            }

            int recordStart = _next;
            Span<byte> record = _buffer.AsSpan(recordStart, _length - recordStart);
            int recordLength = MemoryMarshal.Read<ushort>(record[RecordLengthOffset..]);
            _next += recordLength;
            ReadOnlySpan<byte> name = record[NameOffset..recordLength];
            name = name[..(name.IndexOf((byte)0) + 1)];
            if (name is [(byte)'.', 0] or [(byte)'.', (byte)'.', 0])
            {
                continue;
            }

            (_nameStart, _nameLength) = (recordStart + NameOffset, name.Length);
            Type = record[TypeOffset];
            return true;
        }
    }
}
