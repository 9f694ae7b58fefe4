using System.Globalization;
using System.Text;

namespace Callytics.Paths.Mounts;

/// <summary>
/// Parses the mountinfo format (proc(5)):
/// <c>36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue</c>.
/// The number of optional fields varies, so the <c>-</c> separator is searched for, never assumed at an index.
/// Octal escapes (<c>\040</c> space, <c>\011</c> tab, <c>\012</c> newline, <c>\134</c> backslash) are decoded in
/// the root, the mount point and the source.
/// </summary>
internal static class MountInfoParser
{
    /// <summary>Parses a whole table; throws <see cref="FormatException"/> naming the first malformed line.</summary>
    internal static List<MountEntry> Parse(string text)
    {
        var entries = new List<MountEntry>();
        int number = 0;
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            number++;
            if (end > start)
            {
                entries.Add(ParseLine(text, start, end) ?? throw new FormatException(
                    string.Create(CultureInfo.InvariantCulture, $"mountinfo line {number} is malformed: {Shorten(text[start..end])}")));
            }

            start = end + 1;
        }

        return entries;
    }

    /// <summary>Parses one line, or returns <see langword="null"/> when it is not a mountinfo line.</summary>
    internal static MountEntry? ParseLine(string line) => ParseLine(line, 0, line.Length);

    /// <summary>Parses the line at [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="text"/>, or null when malformed.</summary>
    internal static MountEntry? ParseLine(string text, int start, int end)
    {
        // Fields are separated by single spaces; the optional fields end at a lone "-". Only the id, the parent and
        // the mount point are read now; the entry reads the rest from the text when asked.
        int at = start;
        if (!Next(text, ref at, end, out Range id) || !Next(text, ref at, end, out Range parent) || !Next(text, ref at, end, out Range device)
            || !Next(text, ref at, end, out Range root) || !Next(text, ref at, end, out Range mountPoint) || !Next(text, ref at, end, out Range options))
        {
            return null;
        }

        int optionalStart = at;
        int optionalEnd = at;
        while (true)
        {
            if (!Next(text, ref at, end, out Range field))
            {
                return null;
            }

            if (text.AsSpan()[field] is "-")
            {
                break;
            }

            optionalEnd = field.End.Value;
        }

        if (!Next(text, ref at, end, out Range type) || !Next(text, ref at, end, out Range source, allowEmpty: true))
        {
            return null;
        }

        ReadOnlySpan<char> deviceText = text.AsSpan()[device];
        int colon = deviceText.IndexOf(':');
        if (!int.TryParse(text.AsSpan()[id], NumberStyles.None, CultureInfo.InvariantCulture, out int mountId)
            || !int.TryParse(text.AsSpan()[parent], NumberStyles.None, CultureInfo.InvariantCulture, out int parentId)
            || colon <= 0
            || !int.TryParse(deviceText[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(deviceText[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
        {
            return null;
        }

        // The super-options are the last field; anything after it (there should be nothing) is kept with it.
        return new MountEntry(text, mountId, parentId, major, minor, Unescape(text[mountPoint]), root, options,
            optionalStart..optionalEnd, type, source, at..end);
    }

    /// <summary>Takes the next space-separated field of [<paramref name="at"/>, <paramref name="end"/>); only the source may be empty.</summary>
    private static bool Next(string text, ref int at, int end, out Range field)
    {
        return Next(text, ref at, end, out field, allowEmpty: false);
    }

    private static bool Next(string text, ref int at, int end, out Range field, bool allowEmpty)
    {
        int space = at < end ? text.IndexOf(' ', at, end - at) : -1;
        int stop = space < 0 ? end : space;
        field = at..stop;
        bool found = stop > at || (allowEmpty && space >= 0);
        at = space < 0 ? end : space + 1;
        return found;
    }

    /// <summary>Decodes the kernel's <c>\ooo</c> octal escapes.</summary>
    internal static string Unescape(string field)
    {
        int backslash = field.IndexOf('\\', StringComparison.Ordinal);
        if (backslash < 0)
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        int run = 0;
        for (int i = backslash; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[run..i]));
                bytes.Add((byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
                run = i + 1;
            }
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(field[run..]));
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsOctal(string text, int start) =>
        start + 2 < text.Length
        && text[start] is >= '0' and <= '3'
        && text[start + 1] is >= '0' and <= '7'
        && text[start + 2] is >= '0' and <= '7';

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
