using System.Globalization;
using System.Text;

namespace Callytics.Paths.Mounts;

/// <summary>
/// Parses the mountinfo format (proc(5)) as the kernel writes it, in bytes:
/// <c>36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue</c>.
/// The number of optional fields varies, so the <c>-</c> separator is searched for, never assumed at an index.
/// Octal escapes (<c>\040</c> space, <c>\011</c> tab, <c>\012</c> newline, <c>\134</c> backslash) are decoded in
/// the root, the mount point and the source.
/// </summary>
/// <remarks>
/// The parser produces no object per line: <see cref="TryParseLine"/> gives the offsets of the fields, and the
/// table keeps only what a lookup needs. Names are bytes to the kernel; they are decoded as UTF-8 when asked for.
/// </remarks>
internal static class MountInfoParser
{
    /// <summary>Where the fields of one line are, as offsets into the table's text.</summary>
    internal readonly record struct LineFields(
        int Id, int ParentId, int Major, int Minor, Range Root, Range MountPoint, Range Options, Range Optional, Range Type, Range Source, Range Super);

    /// <summary>Splits <paramref name="text"/> into lines and parses each; throws <see cref="FormatException"/> naming the first malformed line.</summary>
    /// <param name="text">The table.</param>
    /// <param name="line">Called with each line's fields, its start and its end (exclusive, before the newline).</param>
    internal static void Parse(ReadOnlySpan<byte> text, LineVisitor line)
    {
        int number = 0;
        int start = 0;
        while (start < text.Length)
        {
            int newline = text[start..].IndexOf((byte)'\n');
            int end = newline < 0 ? text.Length : start + newline;
            number++;
            if (end > start)
            {
                if (!TryParseLine(text, start, end, out LineFields fields))
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                        $"mountinfo line {number} is malformed: {Shorten(Encoding.UTF8.GetString(text[start..end]))}"));
                }

                line(fields, start, end);
            }

            start = end + 1;
        }
    }

    /// <summary>Receives one parsed line.</summary>
    internal delegate void LineVisitor(in LineFields fields, int start, int end);

    /// <summary>Parses the line at [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="text"/>; false when it is malformed.</summary>
    internal static bool TryParseLine(ReadOnlySpan<byte> text, int start, int end, out LineFields fields)
    {
        // Fields are separated by single spaces; the optional fields end at a lone "-".
        fields = default;
        int at = start;
        if (!Next(text, ref at, end, out Range id) || !Next(text, ref at, end, out Range parent) || !Next(text, ref at, end, out Range device)
            || !Next(text, ref at, end, out Range root) || !Next(text, ref at, end, out Range mountPoint) || !Next(text, ref at, end, out Range options))
        {
            return false;
        }

        int optionalStart = at;
        int optionalEnd = at;
        while (true)
        {
            if (!Next(text, ref at, end, out Range field))
            {
                return false;
            }

            if (text[field] is [(byte)'-'])
            {
                break;
            }

            optionalEnd = field.End.Value;
        }

        if (!Next(text, ref at, end, out Range type) || !Next(text, ref at, end, out Range source, allowEmpty: true))
        {
            return false;
        }

        ReadOnlySpan<byte> deviceText = text[device];
        int colon = deviceText.IndexOf((byte)':');
        if (!TryParseNumber(text[id], out int mountId)
            || !TryParseNumber(text[parent], out int parentId)
            || colon <= 0
            || !TryParseNumber(deviceText[..colon], out int major)
            || !TryParseNumber(deviceText[(colon + 1)..], out int minor))
        {
            return false;
        }

        // The super-options are the last field; anything after it (there should be nothing) is kept with it.
        fields = new LineFields(mountId, parentId, major, minor, root, mountPoint, options, optionalStart..optionalEnd, type, source, at..end);
        return true;
    }

    /// <summary>
    /// Reads ASCII digits as a non-negative <see cref="int"/>, as <c>int.TryParse</c> with <see cref="NumberStyles.None"/>
    /// does (no sign, no spaces; false when empty or too large), without its culture and style machinery.
    /// </summary>
    internal static bool TryParseNumber(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        long number = 0;
        foreach (byte b in digits)
        {
            uint digit = (uint)(b - '0');
            number = number * 10 + digit;
            if (digit > 9 || number > int.MaxValue)
            {
                return false;
            }
        }

        value = (int)number;
        return !digits.IsEmpty;
    }

    /// <summary>Takes the next space-separated field of [<paramref name="at"/>, <paramref name="end"/>); only the source may be empty.</summary>
    private static bool Next(ReadOnlySpan<byte> text, ref int at, int end, out Range field, bool allowEmpty = false)
    {
        int space = at < end ? text[at..end].IndexOf((byte)' ') : -1;
        int stop = space < 0 ? end : at + space;
        field = at..stop;
        bool found = stop > at || (allowEmpty && space >= 0);
        at = space < 0 ? end : stop + 1;
        return found;
    }

    /// <summary>Whether the field holds an octal escape, so that its bytes differ from the name they stand for.</summary>
    internal static bool HasEscape(ReadOnlySpan<byte> field)
    {
        int backslash = field.IndexOf((byte)'\\');
        while (backslash >= 0)
        {
            if (IsOctal(field, backslash + 1))
            {
                return true;
            }

            int next = field[(backslash + 1)..].IndexOf((byte)'\\');
            backslash = next < 0 ? -1 : backslash + 1 + next;
        }

        return false;
    }

    /// <summary>Decodes the kernel's <c>\ooo</c> octal escapes into <paramref name="destination"/>, which must be at least as long as the field.</summary>
    /// <returns>The number of bytes written.</returns>
    internal static int Unescape(ReadOnlySpan<byte> field, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                destination[written++] = (byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0'));
                i += 3;
            }
            else
            {
                destination[written++] = field[i];
            }
        }

        return written;
    }

    /// <summary>Decodes an escaped field (root, mount point, source) to text.</summary>
    internal static string Decode(ReadOnlySpan<byte> field)
    {
        if (!HasEscape(field))
        {
            return Encoding.UTF8.GetString(field);
        }

        byte[] name = new byte[field.Length];
        return Encoding.UTF8.GetString(name, 0, Unescape(field, name));
    }

    private static bool IsOctal(ReadOnlySpan<byte> text, int start) =>
        start + 2 < text.Length
        && text[start] is >= (byte)'0' and <= (byte)'3'
        && text[start + 1] is >= (byte)'0' and <= (byte)'7'
        && text[start + 2] is >= (byte)'0' and <= (byte)'7';

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
