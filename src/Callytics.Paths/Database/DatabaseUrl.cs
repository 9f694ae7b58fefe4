using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Database;

/// <summary>
/// A <c>DATABASE_URL</c> read the way SQLAlchemy's <c>make_url</c> and its pysqlite dialect read it, so the .NET and
/// Python services sharing the variable agree on which file (or server) it names.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>sqlite:////abs/path.db</c> (four slashes) is the absolute path <c>/abs/path.db</c>.</item>
/// <item><c>sqlite:///rel/path.db</c> (three slashes) is <c>rel/path.db</c> relative to the working directory.</item>
/// <item><c>sqlite://</c>, <c>sqlite:///</c> and <c>sqlite:///:memory:</c> are in-memory databases.</item>
/// <item><c>sqlite+driver:///...</c> names a driver; <c>?uri=true</c> makes the path a SQLite URI filename
/// (<c>sqlite:///file:path?mode=ro&amp;uri=true</c>).</item>
/// <item>A user, password, host or port on a sqlite URL is an error, as in SQLAlchemy.</item>
/// <item>Server URLs (<c>postgresql://user:pass@host:5432/db</c>) are parsed, not checked on disk.</item>
/// </list>
/// The password never appears in <see cref="ToString"/>, in exception messages, or anywhere else this type prints.
/// </remarks>
public sealed class DatabaseUrl
{
    private readonly string _masked;
    private string? _connectionString;

    private DatabaseUrl(string masked)
    {
        _masked = masked;
    }

    /// <summary>Gets the scheme as written, for example <c>sqlite</c>, <c>sqlite+pysqlite</c> or <c>postgresql+psycopg</c>.</summary>
    public string Scheme { get; private init; } = string.Empty;

    /// <summary>Gets the dialect: the scheme before any <c>+driver</c>, for example <c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Dialect { get; private init; } = string.Empty;

    /// <summary>Gets the driver after <c>+</c> in the scheme, or <see langword="null"/>.</summary>
    public string? Driver { get; private init; }

    /// <summary>Gets the user name (percent-decoded), or <see langword="null"/>.</summary>
    public string? UserName { get; private init; }

    /// <summary>Gets whether the URL carries a password. The password itself is never exposed.</summary>
    public bool HasPassword { get; private init; }

    /// <summary>Gets the host, or <see langword="null"/>.</summary>
    public string? Host { get; private init; }

    /// <summary>Gets the port, or <see langword="null"/>.</summary>
    public int? Port { get; private init; }

    /// <summary>Gets the database part after the first <c>/</c> as written (for sqlite, the file path), or <see langword="null"/>.</summary>
    public string? Database { get; private init; }

    /// <summary>Gets the query parameters in order, as written (secret-looking values are masked).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; private init; } = [];

    /// <summary>Gets whether this is a SQLite URL.</summary>
    public bool IsSqlite => Dialect.Equals("sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets whether this is an in-memory SQLite database (no file).</summary>
    public bool IsInMemory { get; private init; }

    /// <summary>Gets whether the SQLite path is a URI filename (<c>?uri=true</c>).</summary>
    public bool IsUriFilename { get; private init; }

    /// <summary>Gets whether the SQLite database is opened read-only (<c>mode=ro</c> in URI mode).</summary>
    public bool IsReadOnly { get; private init; }

    /// <summary>Gets whether the SQLite path was relative (three slashes) and was resolved against a working directory.</summary>
    public bool IsRelative { get; private init; }

    /// <summary>Gets the SQLite file path as written in the URL, before it was made absolute; <see langword="null"/> when there is no file.</summary>
    public string? WrittenFilePath { get; private init; }

    /// <summary>Gets the absolute path of the SQLite file, or <see langword="null"/> for servers and in-memory databases.</summary>
    public string? FilePath { get; private init; }

    /// <summary>Gets a Microsoft.Data.Sqlite connection string for this database, or <see langword="null"/> for servers.</summary>
    public string? SqliteConnectionString => IsSqlite ? _connectionString ??= BuildConnectionString() : null;

    /// <summary>
    /// Gets, for a relative SQLite URL, the four-slash URL that was probably meant
    /// (<c>sqlite:///app/x.sqlite</c> → <c>sqlite:////app/x.sqlite</c>); otherwise <see langword="null"/>.
    /// </summary>
    public string? AbsoluteUrlSuggestion { get; private init; }

    /// <summary>Parses <paramref name="url"/>, resolving a relative SQLite path against the current working directory.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The parsed URL.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
    /// <exception cref="FormatException">The URL is malformed; the message masks any password.</exception>
    public static DatabaseUrl Parse(string url) => Parse(url, Environment.CurrentDirectory);

    /// <summary>Parses <paramref name="url"/>, resolving a relative SQLite path against <paramref name="workingDirectory"/>.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="workingDirectory">The absolute directory a relative SQLite path is resolved against.</param>
    /// <returns>The parsed URL.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> or <paramref name="workingDirectory"/> is null.</exception>
    /// <exception cref="FormatException">The URL is malformed; the message masks any password.</exception>
    public static DatabaseUrl Parse(string url, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        return TryParse(url, workingDirectory, out DatabaseUrl? result, out string? error) ? result : throw new FormatException(error);
    }

    /// <summary>Tries to parse <paramref name="url"/>, resolving a relative SQLite path against the current working directory.</summary>
    /// <param name="url">The URL; <see langword="null"/> fails.</param>
    /// <param name="result">The parsed URL, when it succeeds.</param>
    /// <returns>Whether the URL is valid. Never throws.</returns>
    public static bool TryParse([NotNullWhen(true)] string? url, [NotNullWhen(true)] out DatabaseUrl? result) =>
        TryParse(url, Environment.CurrentDirectory, out result, out _);

    /// <summary>Tries to parse <paramref name="url"/>; on failure <paramref name="error"/> says why (password masked).</summary>
    /// <param name="url">The URL; <see langword="null"/> fails.</param>
    /// <param name="workingDirectory">The absolute directory a relative SQLite path is resolved against.</param>
    /// <param name="result">The parsed URL, when it succeeds.</param>
    /// <param name="error">Why it failed, when it fails.</param>
    /// <returns>Whether the URL is valid. Never throws.</returns>
    public static bool TryParse([NotNullWhen(true)] string? url, string workingDirectory,
        [NotNullWhen(true)] out DatabaseUrl? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        try
        {
            error = Read(url, workingDirectory, out result);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or FormatException or NotSupportedException)
        {
            error = FindingMessages.DatabaseUrlUnreadable(DisplayText.Of(Mask(url)), exception.GetType().Name);
        }

        if (error is not null)
        {
            result = null;
        }

        return error is null;
    }

    /// <summary>
    /// Returns <paramref name="url"/> with every secret replaced by <c>***</c>, whether or not it parses: the password
    /// of a URL (up to the last <c>@</c>), and the value of every key naming a password, secret, token or key, in a URL
    /// query or in a key=value connection string (ADO.NET's <c>Password=…;</c>, libpq's <c>password=…</c>).
    /// Use it wherever a URL or connection string is printed or logged.
    /// </summary>
    /// <param name="url">Any string.</param>
    /// <returns>The masked string; empty for <see langword="null"/>.</returns>
    public static string Mask(string? url) => SecretMask.Apply(url);

    /// <summary>Returns the URL as written with the password masked.</summary>
    /// <returns>The masked URL.</returns>
    public override string ToString() => _masked;

    private static string? Read(string? url, string workingDirectory, out DatabaseUrl? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "DATABASE_URL is empty.";
        }

        // Masked once; what an error shows is built only for a URL that fails (most pass).
        string masked = Mask(url);
        string Shown() => DisplayText.Of(masked);

        if (url.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || url.Contains('\u007f', StringComparison.Ordinal))
        {
            return FindingMessages.DatabaseUrlControlCharacter(Shown());
        }

        if (UrlParts.Split(url) is not { } match)
        {
            return FindingMessages.DatabaseUrlNotUrl(Shown());
        }

        string scheme = url[match.Scheme];
        int plus = scheme.IndexOf('+', StringComparison.Ordinal);
        string dialect = plus < 0 ? scheme : scheme[..plus];
        string? driver = plus < 0 ? null : scheme[(plus + 1)..];
        if (dialect.Length == 0 || driver?.Length == 0)
        {
            return FindingMessages.DatabaseUrlEmptyDialect(Shown(), DisplayText.Of(scheme));
        }

        string? user = match.UserName is { } u ? Uri.UnescapeDataString(url[u]) : null;
        string? password = match.Password is { } p ? Uri.UnescapeDataString(url[p]) : null;
        string? host = match.Host is { } h ? url[h] : null;
        int? port = null;
        if (match.Port is { } portRange)
        {
            // As in SQLAlchemy, a ':' after the host must be followed by a port number: "host:/db" is refused.
            if (!int.TryParse(url.AsSpan()[portRange], NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > 65535)
            {
                return FindingMessages.DatabaseUrlBadPort(Shown());
            }

            port = number;
        }

        string? database = match.Database is { } d ? url[d] : null;
        List<KeyValuePair<string, string>> query = match.Query is { } q ? ParseQuery(url[q]) : [];
        bool isSqlite = dialect.Equals("sqlite", StringComparison.OrdinalIgnoreCase);
        if (!isSqlite)
        {
            result = new DatabaseUrl(masked)
            {
                Scheme = scheme, Dialect = dialect, Driver = driver, UserName = user, HasPassword = password is not null,
                Host = host, Port = port, Database = database, Query = query,
            };
            return null;
        }

        if (!string.IsNullOrEmpty(user) || !string.IsNullOrEmpty(password) || !string.IsNullOrEmpty(host) || port is not null)
        {
            return FindingMessages.DatabaseUrlSqliteWithServer(Shown());
        }

        return ReadSqlite(url, masked, scheme, dialect, driver, database, query, workingDirectory, out result);
    }

    private static string? ReadSqlite(string url, string masked, string scheme, string dialect, string? driver, string? database,
        List<KeyValuePair<string, string>> query, string workingDirectory, out DatabaseUrl? result)
    {
        result = null;
        // Plain loops: List<KeyValuePair<,>>'s predicate methods are compiled on first use, at start-up.
        bool uri = false;
        string? mode = null;
        string? cache = null;
        foreach (KeyValuePair<string, string> pair in query)
        {
            uri |= pair.Key == "uri" && IsTrue(pair.Value);
            mode = pair.Key == "mode" ? pair.Value : mode;
            cache = pair.Key == "cache" ? pair.Value : cache;
        }

        mode = uri ? mode : null;
        cache = uri ? cache : null;
        string? written = database;
        if (uri && database is not null && database.StartsWith("file:", StringComparison.Ordinal))
        {
            written = UriFilePath(database[5..], out string? uriError);
            if (uriError is not null)
            {
                return FindingMessages.DatabaseUrlUriError(DisplayText.Of(masked), uriError);
            }
        }

        bool inMemory = string.IsNullOrEmpty(written) || written == ":memory:" || mode == "memory";
        string? filePath = null;
        bool relative = false;
        if (!inMemory)
        {
            PathFinding? invalid = ValueRules.Check("DATABASE_URL", written);
            if (invalid is not null)
            {
                return FindingMessages.DatabaseUrlBadFile(DisplayText.Of(masked), invalid);
            }

            relative = !written!.StartsWith('/');
            filePath = Path.GetFullPath(written, workingDirectory);
        }

        string? suggestion = null;
        if (relative && !uri)
        {
            int slashes = url.IndexOf("://", StringComparison.Ordinal) + 3;
            suggestion = Mask(string.Concat(url.AsSpan(0, slashes), "/", url.AsSpan(slashes)));
        }

        result = new DatabaseUrl(masked)
        {
            Scheme = scheme, Dialect = dialect, Driver = driver, Database = database, Query = query,
            IsInMemory = inMemory, IsUriFilename = uri, IsReadOnly = mode == "ro", IsRelative = relative,
            WrittenFilePath = inMemory ? null : written, FilePath = filePath,
            Mode = mode, Cache = cache, AbsoluteUrlSuggestion = suggestion,
        };
        return null;
    }

    /// <summary>The SQLite URI <c>mode</c> (ro, rw, rwc, memory), or null.</summary>
    private string? Mode { get; init; }

    /// <summary>The SQLite URI <c>cache</c> (shared, private), or null.</summary>
    private string? Cache { get; init; }

    private string BuildConnectionString()
    {
        var connection = new DbConnectionStringBuilder { ["Data Source"] = IsInMemory ? ":memory:" : FilePath };
        if (Mode is "ro" or "rw" or "rwc")
        {
            connection["Mode"] = Mode switch { "ro" => "ReadOnly", "rw" => "ReadWrite", _ => "ReadWriteCreate" };
        }

        if (Cache is "shared" or "private")
        {
            connection["Cache"] = Cache == "shared" ? "Shared" : "Private";
        }

        return connection.ConnectionString;
    }

    /// <summary>The path of a SQLite URI filename after <c>file:</c>: <c>path</c>, <c>/abs</c>, <c>///abs</c> or <c>//localhost/abs</c>.</summary>
    private static string UriFilePath(string afterScheme, out string? error)
    {
        error = null;
        int end = afterScheme.AsSpan().IndexOfAny('?', '#');
        string path = end < 0 ? afterScheme : afterScheme[..end];
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            int slash = path.IndexOf('/', 2);
            string authority = slash < 0 ? path[2..] : path[2..slash];
            if (authority.Length > 0 && !authority.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                error = FindingMessages.DatabaseUriAuthority(DisplayText.Of(authority));
                return string.Empty;
            }

            path = slash < 0 ? string.Empty : path[slash..];
        }

        return Uri.UnescapeDataString(path);
    }

    private static bool IsTrue(string value) =>
        value.ToLowerInvariant() is "true" or "1" or "yes" or "on" or "t" or "y";

    private static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString((equals < 0 ? part : part[..equals]).Replace('+', ' '));
            string value = equals < 0 ? string.Empty : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
            pairs.Add(new(key, SecretMask.IsSecretKey(key) ? SecretMask.Masked : value));
        }

        return pairs;
    }
}
