using System.Globalization;

namespace Callytics.Paths.Database;

/// <summary>
/// Splits a URL the way SQLAlchemy's URL pattern does (docs: "Database URLs"):
/// <c>dialect[+driver]://[user[:password]@][host|[ipv6]][:port][/database][?query]</c>. The user stops at ':' or '/',
/// the password runs to the first '@', the database to the first '?'. Written out by hand, with the same first-match
/// choices as the pattern, so that no regular expression engine is loaded at start-up.
/// </summary>
internal readonly record struct UrlParts(Range Scheme, Range? UserName, Range? Password, Range? Host, Range? Port, Range? Database, Range? Query)
{
    /// <summary>Splits <paramref name="url"/>; null when it does not start with a scheme and <c>://</c>.</summary>
    internal static UrlParts? Split(string url)
    {
        int i = 0;
        while (i < url.Length && IsSchemeCharacter(url[i]))
        {
            i++;
        }

        if (i == 0 || !url.AsSpan(i).StartsWith("://"))
        {
            return null;
        }

        Range scheme = 0..i;
        int at = i + 3;

        // [user[:password]@]: the user is the longest run without ':' or '/'; a ':' after it starts a password that
        // runs to the first '@'; failing that, the user ends at the last '@' inside that run; failing that, no user.
        (Range? user, Range? password) = (null, null);
        int userEnd = url.AsSpan(at).IndexOfAny(':', '/') is int stop and >= 0 ? at + stop : url.Length;
        int firstAt = userEnd < url.Length && url[userEnd] == ':' ? url.IndexOf('@', userEnd + 1) : -1;
        if (firstAt >= 0)
        {
            (user, password) = (at..userEnd, (userEnd + 1)..firstAt);
            at = firstAt + 1;
        }
        else if (url.AsSpan(at, userEnd - at).LastIndexOf('@') is int lastAt and >= 0)
        {
            user = at..(at + lastAt);
            at += lastAt + 1;
        }

        // [host|[ipv6]][:port]
        Range? host = null;
        int hostStop = url.AsSpan(at).IndexOfAny('/', '?') is int h and >= 0 ? at + h : url.Length;
        int close = at < url.Length && url[at] == '[' ? url.AsSpan(at + 1, hostStop - at - 1).LastIndexOf(']') : -1;
        if (close > 0)
        {
            host = (at + 1)..(at + 1 + close);
            at += close + 2;
        }
        else
        {
            int end = url.AsSpan(at).IndexOfAny(['/', ':', '?']) is int e and >= 0 ? at + e : url.Length;
            if (end > at)
            {
                host = at..end;
                at = end;
            }
        }

        Range? port = null;
        if (at < url.Length && url[at] == ':')
        {
            int end = url.AsSpan(at + 1).IndexOfAny('/', '?') is int e and >= 0 ? at + 1 + e : url.Length;
            port = (at + 1)..end;
            at = end;
        }

        Range? database = null;
        if (at < url.Length && url[at] == '/')
        {
            int end = url.IndexOf('?', at + 1) is int q and >= 0 ? q : url.Length;
            database = (at + 1)..end;
            at = end;
        }

        Range? query = at < url.Length && url[at] == '?' ? (at + 1)..url.Length : null;
        return new UrlParts(scheme, user, password, host, port, database, query);
    }

    /// <summary>Python's <c>\w</c> and '+': letters, digits, underscore, combining marks and connectors.</summary>
    private static bool IsSchemeCharacter(char c) =>
        c is '+' or '_' || char.IsLetterOrDigit(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;
}
