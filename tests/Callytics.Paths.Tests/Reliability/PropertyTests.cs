using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Mounts;
using CsCheck;

namespace Callytics.Paths.Tests.Reliability;

/// <summary>Properties checked on generated inputs (CsCheck shrinks any failure to a small example).</summary>
public class PropertyTests
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_-"], 1, 8];

    private static Gen<T> OneOf<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    [Fact]
    public void Server_urls_read_back_their_parts_and_never_show_the_password()
    {
        Gen<(string Scheme, string User, string Password, string Host, int Port, string Database)> urls =
            Gen.Select(OneOf("postgresql", "mysql+pymysql", "postgresql+psycopg2"), Word,
                Gen.String[Gen.Char["abcXYZ019:/?#%!~ "], 6, 20], Word, Gen.Int[1, 65535], Word);

        urls.Sample(u =>
        {
            string url = $"{u.Scheme}://{u.User}:{u.Password}@{u.Host}:{u.Port}/{u.Database}";
            if (!DatabaseUrl.TryParse(url, "/", out DatabaseUrl? parsed, out string? error))
            {
                // A password like "%zz" is not valid percent-encoding: refused, and the refusal hides it too.
                error.Should().NotContain(u.Password);
                return;
            }

            parsed.UserName.Should().Be(u.User);
            parsed.Host.Should().Be(u.Host);
            parsed.Port.Should().Be(u.Port);
            parsed.Database.Should().Be(u.Database);
            parsed.HasPassword.Should().BeTrue();
            parsed.ToString().Should().NotContain(u.Password);
            DatabaseUrl.Mask(url).Should().Be($"{u.Scheme}://{u.User}:***@{u.Host}:{u.Port}/{u.Database}");
        }, iter: 2000);
    }

    [Fact]
    public void Absolute_sqlite_urls_round_trip_to_their_file()
    {
        Gen.Select(Word.Array[1, 6], Gen.Bool).Sample(t =>
        {
            string file = "/" + string.Join('/', t.Item1) + ".sqlite";
            string url = (t.Item2 ? "sqlite+pysqlite:///" : "sqlite:///") + file;
            DatabaseUrl parsed = DatabaseUrl.Parse(url, "/elsewhere");
            parsed.FilePath.Should().Be(file);
            parsed.IsRelative.Should().BeFalse();
            DatabaseUrl.Parse("sqlite:///" + file.TrimStart('/'), "/base").AbsoluteUrlSuggestion.Should().Be("sqlite:///" + file);
        }, iter: 1000);
    }

    [Fact]
    public void Path_normalization_is_idempotent_absolute_and_canonical()
    {
        Gen<string> segment = Gen.OneOf(Word, OneOf(".", "..", "", "..."));
        Gen.Select(segment.Array[0, 12], Gen.Bool).Sample(t =>
        {
            string path = (t.Item2 ? "/" : string.Empty) + string.Join('/', t.Item1);
            if (path.Length == 0)
            {
                return;
            }

            string once = PathNormalizer.Normalize(path, "/srv/work");
            PathNormalizer.Normalize(once, "/srv/work").Should().Be(once);
            once.Should().StartWith("/");
            once.Split('/').Skip(1).Should().NotContain(s => s == "." || s == ".." || (s.Length == 0 && once != "/"));
        }, iter: 3000);
    }

    [Fact]
    public void Path_normalization_gives_what_GetFullPath_gives_whether_or_not_the_path_was_already_canonical()
    {
        Gen<string> segment = Gen.OneOf(Word, OneOf(".", "..", "", "..."));
        Gen.Select(segment.Array[0, 8], Gen.Bool, Gen.Bool).Sample(t =>
        {
            string path = (t.Item2 ? "/" : string.Empty) + string.Join('/', t.Item1) + (t.Item3 ? "/" : string.Empty);
            if (path.Length == 0)
            {
                return;
            }

            string full = Path.GetFullPath(path, "/srv/work");
            PathNormalizer.Normalize(path, "/srv/work").Should().Be(full.Length > 1 ? full.TrimEnd('/') : full, "for {0}", path);
        }, iter: 3000);
    }

    [Fact]
    public void Mount_table_numbers_are_read_as_int_TryParse_reads_them_without_sign_or_spaces()
    {
        Gen.String[Gen.Char["0123456789+- x"], 0, 12].Sample(text =>
        {
            bool expected = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number);
            MountInfoParser.TryParseNumber(System.Text.Encoding.ASCII.GetBytes(text), out int read).Should().Be(expected, "for '{0}'", text);
            read.Should().Be(expected ? number : 0);
        }, iter: 5000);

        foreach (string edge in new[] { "2147483647", "2147483648", "0002147483647", "99999999999999999999", "0", "" })
        {
            bool expected = int.TryParse(edge, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number);
            MountInfoParser.TryParseNumber(System.Text.Encoding.ASCII.GetBytes(edge), out int read).Should().Be(expected, "for '{0}'", edge);
            read.Should().Be(expected ? number : 0);
        }
    }

    [Fact]
    public void Mount_lookup_equals_a_brute_force_reference_on_random_tables()
    {
        Gen<(int Target, int Point)[]> mounts = Gen.Select(Gen.Int[0, 30], Gen.Int[0, 5]).Array[1, 25];
        Gen<int[]> queries = Gen.Int[0, 40].Array[1, 8];
        Gen.Select(mounts, queries).Sample(t =>
        {
            (string text, Func<string, int> reference) = Simulate(t.Item1);
            MountTable table = MountTable.Parse(text);
            foreach (int query in t.Item2)
            {
                string path = PathOf(query) + "/file";
                table.FindMount(path)!.Id.Should().Be(reference(path), $"{path} in\n{text}");
            }
        }, iter: 1500);
    }

    [Fact]
    public void The_sweep_never_deletes_outside_temp_dir_nor_through_a_link_on_random_trees()
    {
        // Each case: sessions with files, subfolders and links (into the victim tree, to files, dangling), some stale.
        Gen<(int Files, int Links, bool Stale)[]> sessions = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Bool).Array[1, 6];
        sessions.Sample(layout =>
        {
            using var tree = new Support.TempTree();
            string temp = tree.Dir("app/temp");
            string victim = tree.WriteFile("victim/keep.db", "precious");
            tree.WriteFile("victim/sub/keep.wav", "precious");
            string outside = tree.WriteFile("app/temp/not-a-session.txt", "keep");
            Directory.CreateSymbolicLink(Path.Combine(temp, "session_link"), tree["victim"]);
            var now = DateTimeOffset.UtcNow;
            for (int i = 0; i < layout.Length; i++)
            {
                string session = tree.Dir($"app/temp/session_{i}/sub");
                for (int f = 0; f < layout[i].Files; f++)
                {
                    File.WriteAllText(Path.Combine(session, $"f{f}"), "data");
                }

                for (int l = 0; l < layout[i].Links; l++)
                {
                    string link = Path.Combine(tree[$"app/temp/session_{i}"], $"link{l}");
                    _ = (l % 3) switch
                    {
                        0 => (FileSystemInfo)Directory.CreateSymbolicLink(link, tree["victim"]),
                        1 => File.CreateSymbolicLink(link, victim),
                        _ => File.CreateSymbolicLink(link, tree["nowhere"]),
                    };
                }

                Support.Syscalls.SetTreeTime(tree[$"app/temp/session_{i}"], layout[i].Stale ? now.AddDays(-3) : now);
            }

            CallyticsPaths paths = tree.Layout();
            TempSessionSweepResult result = new TempSessions(Microsoft.Extensions.Options.Options.Create(paths)).Sweep(TimeSpan.FromDays(1));

            result.Sessions.Should().HaveCount(layout.Count(s => s.Stale));
            for (int i = 0; i < layout.Length; i++)
            {
                Directory.Exists(tree[$"app/temp/session_{i}"]).Should().Be(!layout[i].Stale);
            }

            File.ReadAllText(victim).Should().Be("precious");
            File.ReadAllText(tree["victim/sub/keep.wav"]).Should().Be("precious");
            File.ReadAllText(outside).Should().Be("keep");
            new DirectoryInfo(Path.Combine(temp, "session_link")).LinkTarget.Should().Be(tree["victim"]);
        }, iter: 60);
    }

    /// <summary>A small tree of mount points: /, /a, /a/b, /a/b/c, /d, /d/e ... indexed by number.</summary>
    private static string PathOf(int n) => (n % 6) switch
    {
        0 => "/a",
        1 => "/a/b",
        2 => "/a/b/c",
        3 => "/d",
        4 => "/d/e",
        _ => "/a/bb",
    } + (n >= 20 ? "/x" : string.Empty);

    /// <summary>
    /// Mounts in order, as the kernel would: each new mount hangs below the mount visible at its mount point, and a
    /// path is held by the mount reached by walking from the root. Returns the mountinfo text and the reference lookup.
    /// </summary>
    private static (string Text, Func<string, int> Lookup) Simulate((int Target, int Point)[] steps)
    {
        var mounts = new List<(int Id, int Parent, string Point)> { (1, 0, "/") };
        int Visible(string path)
        {
            int current = 1;
            string prefix = string.Empty;
            foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                prefix += "/" + part;
                while (mounts.LastOrDefault(m => m.Point == prefix && m.Parent == current) is { Id: > 0 } child)
                {
                    current = child.Id;
                }
            }

            return current;
        }

        int next = 2;
        foreach ((int target, int _) in steps)
        {
            string point = PathOf(target);
            mounts.Add((next++, Visible(point), point));
        }

        string text = string.Join('\n', mounts.Select(m => $"{m.Id} {m.Parent} 0:{m.Id} / {m.Point} rw - tmpfs t{m.Id} rw"));
        return (text, Visible);
    }
}
