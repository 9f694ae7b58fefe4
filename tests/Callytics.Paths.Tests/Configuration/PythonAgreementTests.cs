using System.Text.Json;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Configuration;

/// <summary>
/// The Python services read the same variables: a relative directory through <c>os.path.abspath</c>, DATABASE_URL
/// through SQLAlchemy. These tests run the real Python and SQLAlchemy (Debian's python3-sqlalchemy, installed by
/// .ci/run) on the same inputs and demand the same answers.
/// </summary>
public class PythonAgreementTests
{
    private const string Python = "/usr/bin/python3";

    private static readonly string[] Paths =
    [
        "/app/temp", "/app/temp/", "/app//temp", "/app/./x/../temp", "temp", "./temp", "../temp", "a/b/../../c",
        "app/.temp/session_x", "/", "//app", "///app", "x/", "données/été", "with space/dir",
    ];

    private static readonly string[] Urls =
    [
        "sqlite:////app/Callytics_new.sqlite", "sqlite:///app/x.sqlite", "sqlite:///x.sqlite", "sqlite://", "sqlite:///",
        "sqlite:///:memory:", "sqlite+pysqlite:////abs/y.db?timeout=5", "sqlite:///file:data/x.db?mode=ro&uri=true",
        "sqlite:////a b/c.db", "sqlite://user:pw@/x.db", "sqlite://host/x.db", "sqlite://:5/x.db",
        "postgresql://scott:tiger@localhost:5432/mydb", "postgresql+psycopg2://u:p%40ss@db.internal/app",
        "mysql://u:p@[::1]:3306/db?charset=utf8", "postgresql://u:p@h:notaport/db", "postgresql://u:a@b@host/db",
        "oracle://scott@tns", "not a url", "://x", "sqlite:/x.db",
        "postgresql://u@h@x/db", "postgresql://[::1]x/db", "postgresql://[]/db", "postgresql://u:p@[::1]:5/db?x=1",
        "postgresql://:@/", "sqlite:///?mode=ro", "mysql+pymysql://u:p:q@h:3306", "postgresql://h/db?a=1?b=2", "postgresql://u%3Ax:p%40y@h/d",
        "postgresql://h:/db", "postgresql://u@/db", "postgresql:///db", "postgresql://h?x", "ñame://h/d",
    ];

    [ToolFact(Python)]
    public void Relative_directories_resolve_as_os_path_abspath_does()
    {
        using var tree = new TempTree();
        string script = "import json,os,sys\nprint(json.dumps([os.path.abspath(p) for p in json.load(sys.stdin)]))";
        string[] python = RunPython(script, tree.Root, JsonSerializer.Serialize(Paths)).Deserialize<string[]>()!;

        for (int i = 0; i < Paths.Length; i++)
        {
            string expected = python[i].StartsWith("//", StringComparison.Ordinal) && !python[i].StartsWith("///", StringComparison.Ordinal)
                ? python[i][1..] // POSIX lets '//app' differ from '/app'; Linux does not, so one slash is kept
                : python[i];
            PathNormalizer.Normalize(Paths[i], tree.Root).Should().Be(expected, $"os.path.abspath({Paths[i]}) in {tree.Root}");
        }
    }

    [ToolFact(Python)]
    public void Database_urls_read_as_sqlalchemy_reads_them()
    {
        using var tree = new TempTree();
        string script = System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Support", "sqlalchemy_read.py"));
        JsonElement answers = RunPython(script, tree.Root, JsonSerializer.Serialize(Urls));

        for (int i = 0; i < Urls.Length; i++)
        {
            JsonElement python = answers[i];
            bool parsed = DatabaseUrl.TryParse(Urls[i], tree.Root, out DatabaseUrl? ours, out string? error);
            string because = $"SQLAlchemy on {Urls[i]} says {python}";
            parsed.Should().Be(python.GetProperty("ok").GetBoolean(), because + $" (ours: {error})");
            if (!parsed)
            {
                continue;
            }

            ours!.UserName.Should().Be(Text(python, "username"), because);
            ours.HasPassword.Should().Be(python.GetProperty("password").GetString() is not null, because);
            ours.Host.Should().Be(Text(python, "host"), because);
            ours.Database.Should().Be(Text(python, "database"), because);
            ours.Port.Should().Be(python.GetProperty("port").ValueKind == JsonValueKind.Number ? python.GetProperty("port").GetInt32() : null, because);
            if (python.TryGetProperty("file", out JsonElement file))
            {
                (ours.IsInMemory ? ":memory:" : ours.FilePath).Should().Be(file.GetString(), because);
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetString();

    private static JsonElement RunPython(string script, string workingDirectory, string input)
    {
        string scriptFile = System.IO.Path.Combine(workingDirectory, "probe.py");
        System.IO.File.WriteAllText(scriptFile, script);
        string inputFile = System.IO.Path.Combine(workingDirectory, "input.json");
        System.IO.File.WriteAllText(inputFile, input);
        using IDisposable python = SecretScan.Expect("SQLAlchemy's own reading of each URL, password included, is compared with ours");
        ProcessResult result = ChildProcess.Run(["sh", "-c", $"{Python} {scriptFile} < {inputFile}"], workingDirectory: workingDirectory);
        result.ExitCode.Should().Be(0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }
}
