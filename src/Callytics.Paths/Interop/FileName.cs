using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Callytics.Paths.Interop;

/// <summary>
/// A file name's bytes as text. Linux names are bytes, not always UTF-8: they are decoded as Python's
/// <c>os.fsdecode</c> does (surrogateescape: each byte of an invalid sequence becomes U+DC80 to U+DCFF), so the
/// bytes can be recovered and the Python services read the same string.
/// </summary>
internal static class FileName
{
    /// <summary>Decodes <paramref name="name"/>: valid UTF-8 as text, every other byte as a lone surrogate U+DC00 + byte.</summary>
    internal static string Decode(ReadOnlySpan<byte> name)
    {
        if (Utf8.IsValid(name))
        {
            return Encoding.UTF8.GetString(name); // the usual name: no byte to escape
        }

        var text = new StringBuilder(name.Length);
        Span<char> chars = stackalloc char[256];
        while (!name.IsEmpty)
        {
            OperationStatus status = Utf8.ToUtf16(name, chars, out int read, out int written, replaceInvalidSequences: false);
            text.Append(chars[..written]);
            name = name[read..];
            if (status == OperationStatus.InvalidData || (status == OperationStatus.NeedMoreData && !name.IsEmpty))
            {
                text.Append((char)(0xDC00 + name[0]));
                name = name[1..];
            }
        }

        return text.ToString();
    }

    /// <summary>The bytes <see cref="Decode"/> read <paramref name="text"/> from.</summary>
    internal static byte[] Encode(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> one = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is >= '\uDC80' and <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                bytes.Add((byte)(c - 0xDC00));
                continue;
            }

            int length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), one)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), one);
            bytes.AddRange(one[..length]);
        }

        return [.. bytes];
    }

    /// <summary>Whether <paramref name="text"/> holds a byte that was not UTF-8 (a lone surrogate from <see cref="Decode"/>).</summary>
    internal static bool HasUndecodedBytes(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="text"/> on one line: control characters escaped (<c>\n</c>, <c>\t</c>, <c>\r</c>, <c>\xNN</c>),
    /// and each undecoded byte as <c>\xNN</c>, so a name can neither forge a line nor print as something else.
    /// </summary>
    internal static string Escape(string text)
    {
        var shown = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            _ = c switch
            {
                '\n' => shown.Append("\\n"),
                '\r' => shown.Append("\\r"),
                '\t' => shown.Append("\\t"),
                _ when char.IsControl(c) => shown.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ when char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])) => shown.Append(CultureInfo.InvariantCulture, $"\\x{c - 0xDC00:x2}"),
                _ when char.IsHighSurrogate(c) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])) => shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => shown.Append(c),
            };
        }

        return shown.ToString();
    }

    /// <summary><paramref name="text"/> as valid Unicode: each undecoded byte replaced by U+FFFD (for JSON, beside the bytes).</summary>
    internal static string Replaced(string text)
    {
        var valid = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(text[i - 1]));
            valid.Append(paired ? c : '\uFFFD');
        }

        return valid.ToString();
    }

    /// <summary>A name's bytes (no NUL), decoded and escaped for one line of text.</summary>
    internal static string Show(ReadOnlySpan<byte> name) => Escape(Decode(name));
}
