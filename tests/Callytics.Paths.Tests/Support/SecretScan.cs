using System.Net.Http.Headers;
using Xunit.Sdk;

namespace Callytics.Paths.Tests.Support;

/// <summary>
/// The passwords the tests put in DATABASE_URL (and in other variables, as hostile values). No output may show one:
/// every child process's stdout and stderr (<see cref="ProcessResult"/>), every line logged through
/// <see cref="ListLoggerProvider"/> and every HTTP body the sample tests read pass through <see cref="Checked"/>, so
/// any test whose output holds one fails, whatever it asserts itself.
/// </summary>
public static class SecretScan
{
    /// <summary>
    /// The test passwords; short ones (<c>p</c>, <c>pw</c>) occur in ordinary text and are not scanned for. <c>x7k9w</c>
    /// is the tail of <c>pa@x7k9w</c>: a masker that ends a password at its first '@' shows it.
    /// </summary>
    public static IReadOnlyList<string> Passwords { get; } = ["hunter2", "tiger", "ti@ger", "p@ss", "S3cr3t", "x7k9w", "tok3n-abc"];

    /// <summary>
    /// Database settings of every shape that carries a secret: URL passwords (one holding '@'), secret query keys, and
    /// key=value connection strings as ADO.NET and libpq write them. Every output must mask each of them.
    /// </summary>
    public static IReadOnlyList<string> SecretShapes { get; } =
    [
        "postgresql://calls:hunter2@db:5432/calls",
        "postgresql://calls:pa@x7k9w@db:5432/calls",
        "mysql://calls@db/calls?api_key=tok3n-abc&sslkey=S3cr3t",
        "postgresql://db/calls?client_secret=S3cr3t&access_token=tok3n-abc",
        "Server=db;Database=calls;User Id=app;Password=S3cr3t;",
        "Server=db;Database=calls;Pwd=\"S3cr3t;x\";",
        "host=db user=app password=S3cr3t dbname=calls",
        "host=db user=app password='S3cr3t x7k9w' dbname=calls",
    ];

    private static readonly AsyncLocal<string?> Expected = new();

    /// <summary>
    /// Within the returned scope, output may hold the passwords: only for output that is not ours to mask (Python's
    /// own reading of a URL) or that is the user's own document printed whole (<c>compose fix</c> without
    /// <c>--write</c> prints the fixed file). <paramref name="reason"/> says which.
    /// </summary>
    public static IDisposable Expect(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        string? before = Expected.Value;
        Expected.Value = reason;
        return new Scope(() => Expected.Value = before);
    }

    /// <summary>Returns <paramref name="text"/>, or fails the test when it shows a test password.</summary>
    public static string Checked(string text, string source)
    {
        foreach (string password in Expected.Value is null ? Passwords : [])
        {
            if (text.Contains(password, StringComparison.Ordinal))
            {
                throw new XunitException($"{source} shows the test password '{password}':\n{text}");
            }
        }

        return text;
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    /// <summary>An HTTP handler that scans every response body.</summary>
    public sealed class Handler() : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            string body = Checked(await response.Content.ReadAsStringAsync(cancellationToken), $"{request.Method} {request.RequestUri}");
            MediaTypeHeaderValue? type = response.Content.Headers.ContentType;
            var content = new StringContent(body);
            content.Headers.ContentType = type;
            response.Content = content;
            return response;
        }
    }
}
