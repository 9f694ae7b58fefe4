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
    internal static List<MountEntry> Parse(TextReader reader)
    {
        var entries = new List<MountEntry>();
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            entries.Add(ParseLine(line) ?? throw new FormatException(
                string.Create(CultureInfo.InvariantCulture, $"mountinfo line {number} is malformed: {Shorten(line)}")));
        }

        return entries;
    }

    /// <summary>Parses one line, or returns <see langword="null"/> when it is not a mountinfo line.</summary>
    internal static MountEntry? ParseLine(string line)
    {
        string[] fields = line.Split(' ');
        int separator = fields.Length < 10 ? -1 : Array.IndexOf(fields, "-", 6);
        if (separator < 0 || fields.Length < separator + 3)
        {
            return null;
        }

        int colon = fields[2].IndexOf(':', StringComparison.Ordinal);
        if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent)
            || colon <= 0
            || !int.TryParse(fields[2].AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(fields[2].AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
            || fields[3].Length == 0 || fields[4].Length == 0)
        {
            return null;
        }

        return new MountEntry
        {
            Id = id,
            ParentId = parent,
            Major = major,
            Minor = minor,
            Root = Unescape(fields[3]),
            MountPoint = Unescape(fields[4]),
            MountOptions = fields[5],
            OptionalFields = fields[6..separator],
            FileSystemType = fields[separator + 1],
            Source = Unescape(fields[separator + 2]),

            // The super-options are the last field; anything after it (there should be nothing) is kept with it.
            SuperOptions = string.Join(' ', fields[(separator + 3)..]),
        };
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
