namespace Callytics.Paths.Database;

/// <summary>
/// Hides the secrets a connection string can carry, whatever its shape: the password of a URL's user information
/// (<c>postgresql://user:p@ss@db/app</c>, which ends at the last <c>@</c>), and the value of every secret-looking key
/// in key=value form: URL query parameters (<c>?sslpassword=…&amp;api_key=…</c>), ADO.NET connection strings
/// (<c>Server=db;Password=…;</c>) and libpq ones (<c>host=db password=… dbname=x</c>), quoted values included.
/// </summary>
/// <remarks>
/// Over-masking is preferred to a leak: text that only looks like a secret is masked too. Masking is idempotent,
/// so text that passes through it twice (a value, then the message holding it) reads the same.
/// </remarks>
internal static class SecretMask
{
    /// <summary>What a secret is replaced with.</summary>
    internal const string Masked = "***";

    /// <summary>A key whose name, lowercased without separators, contains one of these holds a secret.</summary>
    private static readonly string[] SecretKeyParts = ["password", "passwd", "pass", "pwd", "secret", "token", "key", "credential", "authorization"];

    /// <summary>Returns <paramref name="text"/> with every secret replaced by <c>***</c>; empty for null.</summary>
    internal static string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string masked = MaskUserInfo(text);
        return masked.Contains('=', StringComparison.Ordinal) ? MaskKeyValues(masked) : masked;
    }

    /// <summary>Whether the key names a secret: any key containing password, passwd, pass, pwd, secret, token, key, credential or authorization.</summary>
    internal static bool IsSecretKey(ReadOnlySpan<char> key)
    {
        Span<char> folded = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        int length = 0;
        foreach (char c in key)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                folded[length++] = char.ToLowerInvariant(c);
            }
        }

        foreach (string part in SecretKeyParts)
        {
            if (folded[..length].IndexOf(part, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The password of every <c>scheme://user:password@</c> in the text. The user runs to the first ':' or '/', as
    /// SQLAlchemy reads it; the password runs at least to the first '@' after it (where SQLAlchemy ends it) and on to
    /// the last '@' before the next URL, since a password may hold '@' (SQLAlchemy would show the rest as the host).
    /// Where the mask ends depends only on the text after the first '@', never on the password itself.
    /// </summary>
    private static string MaskUserInfo(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            return MaskSchemelessUserInfo(text);
        }

        int search = 0;
        while (search < text.Length && text.IndexOf("://", search, StringComparison.Ordinal) is int scheme and >= 0)
        {
            int start = scheme + 3;
            search = start;
            int colon = text.AsSpan(start).IndexOfAny(':', '/') is int stop and >= 0 ? start + stop : -1;
            int firstAt = colon >= 0 && text[colon] == ':' ? text.IndexOf('@', colon + 1) : -1;
            if (firstAt < 0)
            {
                continue; // no password here
            }

            int end = NextUrl(text, firstAt + 1);
            int lastAt = text.LastIndexOf('@', end - 1, end - firstAt);
            text = string.Concat(text.AsSpan(0, colon + 1), Masked, text.AsSpan(lastAt));
            search = colon + 1 + Masked.Length + 1;
        }

        return text;
    }

    /// <summary>
    /// Where the next URL starts after <paramref name="from"/>: at a scheme word standing at the start of the text or
    /// after a blank, a quote or a separator. A "://" inside a password (<c>user://x@host</c>) starts none.
    /// </summary>
    private static int NextUrl(string text, int from)
    {
        for (int next = text.IndexOf("://", from, StringComparison.Ordinal); next >= 0; next = text.IndexOf("://", next + 3, StringComparison.Ordinal))
        {
            int word = next;
            while (word > from && (char.IsAsciiLetterOrDigit(text[word - 1]) || text[word - 1] is '+' or '-' or '.' or '_'))
            {
                word--;
            }

            if (word < next && word > from && text[word - 1] is ' ' or '\t' or '\r' or '\n' or '\'' or '"' or '=' or '(' or ',' or ';' or '[')
            {
                return word;
            }
        }

        return text.Length;
    }

    /// <summary>
    /// <c>user:password@host</c> written without a scheme: the password runs from the first ':' of the word holding
    /// the last '@' to that '@'.
    /// </summary>
    private static string MaskSchemelessUserInfo(string text)
    {
        int at = text.LastIndexOf('@');
        if (at <= 0)
        {
            return text;
        }

        int word = text.AsSpan(0, at).LastIndexOfAny(" \t\r\n") + 1;
        int colon = text.IndexOf(':', word, at - word);
        return colon < 0 ? text : string.Concat(text.AsSpan(0, colon + 1), Masked, text.AsSpan(at));
    }

    /// <summary>The value of every secret key in key=value form.</summary>
    private static string MaskKeyValues(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        int copied = 0;
        for (int equals = text.IndexOf('='); equals >= 0; equals = equals + 1 < text.Length ? text.IndexOf('=', equals + 1) : -1)
        {
            if (equals < copied || !IsSecretKey(KeyBefore(text, equals)))
            {
                continue;
            }

            int valueStart = equals + 1;
            while (valueStart < text.Length && text[valueStart] is ' ' or '\t')
            {
                valueStart++;
            }

            (int secretStart, int secretEnd, int valueEnd) = ValueAt(text, valueStart);
            result.Append(text, copied, secretStart - copied);
            if (secretEnd > secretStart)
            {
                result.Append(Masked);
            }

            result.Append(text, secretEnd, valueEnd - secretEnd);
            copied = valueEnd;
        }

        return copied == 0 ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The key before the '=' at <paramref name="equals"/>: letters, digits, blanks, '_', '-', '.' and '%' back to a separator.</summary>
    private static ReadOnlySpan<char> KeyBefore(string text, int equals)
    {
        int start = equals;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is ' ' or '_' or '-' or '.' or '%'))
        {
            start--;
        }

        ReadOnlySpan<char> key = text.AsSpan(start, equals - start).Trim();
        if (key.Contains('%'))
        {
            key = Uri.UnescapeDataString(key.ToString());
        }

        return key;
    }

    /// <summary>
    /// Where the value starting at <paramref name="start"/> holds its secret and where the value ends. A quoted value
    /// ('…' or "…", with a doubled quote or a backslash escaping one) is masked inside its quotes. An unquoted one
    /// ends at ';', '&amp;', a line break, the end, or a blank followed by the next <c>key=</c> (libpq's separator).
    /// </summary>
    private static (int SecretStart, int SecretEnd, int ValueEnd) ValueAt(string text, int start)
    {
        if (start < text.Length && text[start] is '\'' or '"')
        {
            // One quote opens a value that a doubled one escapes (ADO.NET); a doubled one opens a value quoted inside
            // an outer quoted string, as YAML's '…''secret''…' writes it, and closes at the next doubled one.
            char quote = text[start];
            int width = start + 1 < text.Length && text[start + 1] == quote ? 2 : 1;
            int i = start + width;
            while (i < text.Length)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i += 2;
                }
                else if (text[i] == quote && i + 1 < text.Length && text[i + 1] == quote)
                {
                    if (width == 2)
                    {
                        break;
                    }

                    i += 2;
                }
                else if (text[i] == quote && width == 1)
                {
                    break;
                }
                else
                {
                    i++;
                }
            }

            int close = Math.Min(i, text.Length);
            return (start + width, close, Math.Min(close + width, text.Length));
        }

        if (text.AsSpan(start).StartsWith(Masked, StringComparison.Ordinal))
        {
            return (start, start, start + Masked.Length); // already masked: left as it is
        }

        int end = start;
        while (end < text.Length && text[end] is not (';' or '&' or '\n' or '\r') && !(text[end] is ' ' or '\t' && NextKeyFollows(text, end)))
        {
            end++;
        }

        return (start, end, end);
    }

    /// <summary>Whether blanks at <paramref name="blank"/> are followed by <c>key=</c>.</summary>
    private static bool NextKeyFollows(string text, int blank)
    {
        int i = blank;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        int keyStart = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.'))
        {
            i++;
        }

        bool key = i > keyStart;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return key && i < text.Length && text[i] == '=';
    }
}
