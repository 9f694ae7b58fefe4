using System.Numerics;

namespace Callytics.Paths.Mounts;

/// <summary>
/// The lines of a mount table grouped by mount point, without a string or an object per line: a hash over the
/// mount point's bytes (escapes decoded) leads to the first line at that mount point, and the lines stacked there
/// follow in table order.
/// </summary>
internal sealed class MountPointIndex
{
    private readonly byte[] _text;
    private readonly int[] _nameStart;
    private readonly int[] _nameLength;
    private readonly int[] _hash;
    private readonly int[] _buckets;
    private readonly int[] _nextInBucket;
    private readonly int[] _nextInStack;
    private readonly int[] _lastInStack;
    private byte[]? _unescaped;
    private int _unescapedLength;
    private int _count;

    /// <param name="text">The table's text, which the mount point fields point into.</param>
    /// <param name="capacity">The most lines that will be added.</param>
    internal MountPointIndex(byte[] text, int capacity)
    {
        _text = text;
        _nameStart = new int[capacity];
        _nameLength = new int[capacity];
        _hash = new int[capacity];
        _nextInBucket = new int[capacity];
        _nextInStack = new int[capacity];
        _lastInStack = new int[capacity];
        _buckets = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, capacity * 2))];
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = -1; // a loop: the framework's vectorized Fill over int is compiled on first use, at start-up
        }
    }

    /// <summary>Adds the next line (lines are numbered from 0 in the order they are added).</summary>
    /// <param name="mountPoint">Where the line's mount point field is in the text.</param>
    /// <returns>The line's number.</returns>
    internal int Add(Range mountPoint)
    {
        int line = _count++;
        ReadOnlySpan<byte> field = _text.AsSpan()[mountPoint];
        if (MountInfoParser.HasEscape(field))
        {
            // A name with escapes is kept decoded beside the text (escapes are rare: spaces, tabs, newlines, backslashes).
            _unescaped ??= new byte[Math.Max(256, field.Length)];
            if (_unescapedLength + field.Length > _unescaped.Length)
            {
                Array.Resize(ref _unescaped, Math.Max(_unescaped.Length * 2, _unescapedLength + field.Length));
            }

            int length = MountInfoParser.Unescape(field, _unescaped.AsSpan(_unescapedLength));
            _nameStart[line] = ~_unescapedLength;
            _nameLength[line] = length;
            _unescapedLength += length;
        }
        else
        {
            _nameStart[line] = mountPoint.Start.Value;
            _nameLength[line] = field.Length;
        }

        ReadOnlySpan<byte> name = NameOf(line);
        int hash = Hash(name);
        _hash[line] = hash;
        _nextInStack[line] = -1;
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        int first = Find(bucket, hash, name);
        if (first < 0)
        {
            _nextInBucket[line] = bucket;
            _lastInStack[line] = line;
            bucket = line;
        }
        else
        {
            _nextInStack[_lastInStack[first]] = line;
            _lastInStack[first] = line;
        }

        return line;
    }

    /// <summary>The mount point of <paramref name="line"/>, as bytes with escapes decoded.</summary>
    internal ReadOnlySpan<byte> NameOf(int line)
    {
        int start = _nameStart[line];
        return start >= 0 ? _text.AsSpan(start, _nameLength[line]) : _unescaped.AsSpan(~start, _nameLength[line]);
    }

    /// <summary>The first line (in table order) mounted at <paramref name="mountPoint"/>, or -1.</summary>
    internal int First(ReadOnlySpan<byte> mountPoint)
    {
        int hash = Hash(mountPoint);
        return Find(_buckets[hash & (_buckets.Length - 1)], hash, mountPoint);
    }

    /// <summary>The next line mounted at the same mount point as <paramref name="line"/>, or -1.</summary>
    internal int Next(int line) => _nextInStack[line];

    private int Find(int line, int hash, ReadOnlySpan<byte> name)
    {
        for (; line >= 0; line = _nextInBucket[line])
        {
            if (_hash[line] == hash && NameOf(line).SequenceEqual(name))
            {
                return line;
            }
        }

        return -1;
    }

    private static int Hash(ReadOnlySpan<byte> name)
    {
        var hash = new HashCode();
        hash.AddBytes(name);
        return hash.ToHashCode();
    }
}
