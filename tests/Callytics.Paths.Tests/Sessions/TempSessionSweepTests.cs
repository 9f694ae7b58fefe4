using Callytics.Paths.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Callytics.Paths.Tests.Sessions;

[LongRunning(13)]
public class TempSessionSweepTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            Paths = Tree.Layout();
            foreach (string dir in new[] { Paths.TempDir, Paths.DataDir, Paths.LogDir })
            {
                Directory.CreateDirectory(dir);
            }

            Sessions = new TempSessions(Options.Create(Paths), new FakeTimeProvider(Now));
        }

        public TempTree Tree { get; } = new();

        public CallyticsPaths Paths { get; }

        public TempSessions Sessions { get; }

        /// <summary>A session whose every entry was last modified <paramref name="age"/> ago; returns its path.</summary>
        public string Session(string name, TimeSpan age, params (string File, int Bytes)[] files)
        {
            string path = Path.Combine(Paths.TempDir, name);
            Directory.CreateDirectory(path);
            foreach ((string file, int bytes) in files)
            {
                string full = Path.Combine(path, file);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, new byte[bytes]);
            }

            Age(path, age);
            return path;
        }

        public static void Age(string path, TimeSpan age)
        {
            Syscalls.SetTreeTime(path, Now - age);
        }

        public void Dispose() => Tree.Dispose();
    }

    [Fact]
    public void A_negative_age_is_refused_and_sweeps_nothing()
    {
        using var f = new Fixture();
        string session = f.Session("session_in_use", TimeSpan.Zero, ("a.wav", 10));

        FluentActions.Invoking(() => f.Sessions.Sweep(TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("olderThan");

        Directory.Exists(session).Should().BeTrue();
    }

    [Fact]
    public void Stale_sessions_are_removed_with_the_bytes_they_held_and_fresh_ones_kept()
    {
        using var f = new Fixture();
        string stale = f.Session("session_old", TimeSpan.FromDays(2), ("a.wav", 1000), ("sub/b.wav", 234));
        string fresh = f.Session("session_new", TimeSpan.FromHours(1), ("c.wav", 10));

        TempSessionSweepResult result = f.Sessions.Sweep(TimeSpan.FromHours(24));

        result.Sessions.Should().ContainSingle().Which.Path.Should().Be(stale);
        result.BytesFreed.Should().Be(1234);
        result.DryRun.Should().BeFalse();
        Directory.Exists(stale).Should().BeFalse();
        Directory.Exists(fresh).Should().BeTrue();
    }

    [Fact]
    public void One_recent_file_deep_inside_keeps_a_session_alive()
    {
        using var f = new Fixture();
        string session = f.Session("session_busy", TimeSpan.FromDays(3), ("deep/er/file", 5));
        File.SetLastWriteTimeUtc(Path.Combine(session, "deep/er/file"), (Now - TimeSpan.FromMinutes(5)).UtcDateTime);

        f.Sessions.Sweep(TimeSpan.FromHours(24)).Sessions.Should().BeEmpty();
        Directory.Exists(session).Should().BeTrue();
    }

    [Fact]
    public void A_dry_run_reports_and_removes_nothing()
    {
        using var f = new Fixture();
        string stale = f.Session("session_old", TimeSpan.FromDays(2), ("a.wav", 77));

        TempSessionSweepResult result = f.Sessions.Sweep(TimeSpan.FromHours(24), dryRun: true);

        result.DryRun.Should().BeTrue();
        result.Sessions.Should().ContainSingle().Which.Bytes.Should().Be(77);
        Directory.Exists(stale).Should().BeTrue();
        File.Exists(Path.Combine(stale, "a.wav")).Should().BeTrue();
    }

    [Fact]
    public void A_stale_session_of_thousands_of_entries_and_names_that_are_not_utf8_is_removed_whole()
    {
        // Names are bytes to the kernel; one that is not UTF-8 has no .NET string that names it. The sweep works on
        // the bytes, so nothing is left behind. 3,000 entries take several getdents batches.
        using var f = new Fixture();
        string session = Path.Combine(f.Paths.TempDir, "session_bytes");
        long seconds = (Now - TimeSpan.FromDays(2)).ToUnixTimeSeconds();
        ChildProcess.Run(["python3", "-c", """
            import os, sys
            root = os.fsencode(sys.argv[1]); old = int(sys.argv[2])
            os.makedirs(os.path.join(root, b"sub\xff"))
            for i in range(3000):
                with open(os.path.join(root, b"f%d-\xfe\xff" % i), "wb") as f: f.write(b"x")
            with open(os.path.join(root, b"sub\xff", b"\xc3\x28"), "wb") as f: f.write(b"12345")
            for d, dirs, files in os.walk(root, topdown=False):
                for n in files + dirs: os.utime(os.path.join(d, n), (old, old), follow_symlinks=False)
            os.utime(root, (old, old))
            """, session, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode.Should().Be(0);

        TempSessionSweepResult dryRun = f.Sessions.Sweep(TimeSpan.FromHours(24), dryRun: true);
        TempSessionSweepResult result = f.Sessions.Sweep(TimeSpan.FromHours(24));

        dryRun.BytesFreed.Should().Be(3005, "the same handle is listed twice (newest time, then sizes): each listing starts at the top");
        result.BytesFreed.Should().Be(3005);
        Directory.Exists(session).Should().BeFalse();
    }

    [Fact]
    public void Nothing_but_stale_session_directories_is_touched()
    {
        using var f = new Fixture();
        string other = f.Tree.WriteFile("app/temp/upload.tmp", "x");
        string otherDir = f.Tree.Dir("app/temp/cache_old");
        string sessionFile = f.Tree.WriteFile("app/temp/session_file", "a file, not a session");
        Fixture.Age(f.Paths.TempDir, TimeSpan.FromDays(10));

        f.Sessions.Sweep(TimeSpan.FromHours(1)).Sessions.Should().BeEmpty();

        File.Exists(other).Should().BeTrue();
        Directory.Exists(otherDir).Should().BeTrue();
        File.Exists(sessionFile).Should().BeTrue();
    }

    [Fact]
    public void Links_planted_inside_and_as_sessions_are_never_followed()
    {
        using var f = new Fixture();
        string victim = f.Tree.WriteFile("victim/important.db", "precious");
        string victimDir = Path.GetDirectoryName(victim)!;
        Fixture.Age(victimDir, TimeSpan.FromDays(30));
        string stale = f.Session("session_old", TimeSpan.FromDays(2), ("a.wav", 5));
        Directory.CreateSymbolicLink(Path.Combine(stale, "escape"), victimDir);
        File.CreateSymbolicLink(Path.Combine(stale, "escape-file"), victim);
        Directory.CreateSymbolicLink(Path.Combine(f.Paths.TempDir, "session_link"), victimDir);
        Fixture.Age(stale, TimeSpan.FromDays(2));

        TempSessionSweepResult result = f.Sessions.Sweep(TimeSpan.FromHours(24));

        result.Sessions.Should().ContainSingle().Which.Path.Should().Be(stale);
        result.Skipped.Should().ContainSingle("the session_ link is left alone").Which.Reason.Should().Be("it is a symbolic link, not a directory");
        Directory.Exists(stale).Should().BeFalse();
        File.ReadAllText(victim).Should().Be("precious");
        new DirectoryInfo(Path.Combine(f.Paths.TempDir, "session_link")).LinkTarget.Should().Be(victimDir);
    }

    [Fact]
    public async Task Entries_vanishing_during_the_sweep_do_not_stop_it()
    {
        using var f = new Fixture();
        for (int i = 0; i < 200; i++)
        {
            f.Session($"session_{i:000}", TimeSpan.FromDays(2), ("a", 10), ("b/c", 10));
        }

        using var stop = new CancellationTokenSource();
        Task remover = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (string dir in Directory.EnumerateDirectories(f.Paths.TempDir).ToArray())
                {
                    try
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }
            }
        });

        FluentActions.Invoking(() => f.Sessions.Sweep(TimeSpan.FromHours(1))).Should().NotThrow();
        await stop.CancelAsync();
        await remover;
    }

    [Theory]
    [InlineData("temp-is-data")]
    [InlineData("temp-inside-data")]
    [InlineData("temp-contains-logs")]
    [InlineData("temp-is-root")]
    [InlineData("temp-holds-database")]
    public void It_refuses_to_sweep_a_temp_dir_that_overlaps_kept_data(string layout)
    {
        using var f = new Fixture();
        f.Paths.TempDir = layout switch
        {
            "temp-is-data" => f.Paths.DataDir,
            "temp-inside-data" => f.Tree.Dir("app/data/tmp"),
            "temp-contains-logs" => f.Tree["app"],
            "temp-is-root" => "/",
            _ => f.Tree.Dir("app/temp2"),
        };
        if (layout == "temp-holds-database")
        {
            f.Paths.DatabaseUrl = "sqlite:///" + f.Tree["app/temp2/db/x.sqlite"];
        }

        string stale = f.Session("session_old", TimeSpan.FromDays(2), ("a", 1));

        FluentActions.Invoking(() => f.Sessions.Sweep(TimeSpan.FromHours(1))).Should().Throw<InvalidOperationException>().WithMessage("*refusing*");
        if (layout != "temp-is-root")
        {
            Directory.Exists(stale).Should().BeTrue();
        }
    }

    [Fact]
    public async Task The_background_sweep_runs_at_start_and_on_every_interval()
    {
        using var f = new Fixture();
        var time = new FakeTimeProvider(Now);
        var sessions = new TempSessions(Options.Create(f.Paths), time);
        var options = Options.Create(new TempSessionSweepOptions { Enabled = true, Interval = TimeSpan.FromHours(1), MaxAge = TimeSpan.FromHours(2) });
        string first = f.Session("session_a", TimeSpan.FromHours(3));
        using var service = new TempSessionSweepService(sessions, options, time);

        await service.StartAsync(CancellationToken.None);
        await WaitFor(() => !Directory.Exists(first));

        string second = f.Session("session_b", TimeSpan.FromHours(1.5));
        time.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(100);
        Directory.Exists(second).Should().BeTrue("the next sweep is due in an hour and it is not stale yet");

        time.Advance(TimeSpan.FromMinutes(30));
        await WaitFor(() => !Directory.Exists(second));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_background_sweep_is_off_by_default()
    {
        using var f = new Fixture();
        string stale = f.Session("session_a", TimeSpan.FromDays(3));
        using var service = new TempSessionSweepService(f.Sessions, Options.Create(new TempSessionSweepOptions()));

        await service.StartAsync(CancellationToken.None);
        await Task.Delay(100);
        await service.StopAsync(CancellationToken.None);

        Directory.Exists(stale).Should().BeTrue();
    }

    [Fact]
    public void A_service_that_does_not_sweep_starts_and_stops_nothing()
    {
        using var f = new Fixture();
        using var service = new TempSessionSweepService(f.Sessions, Options.Create(new TempSessionSweepOptions()));

        service.StartAsync(CancellationToken.None).IsCompletedSuccessfully.Should().BeTrue();
        service.StopAsync(CancellationToken.None).IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task Stopping_after_the_host_stopped_waiting_completes_and_does_not_fault()
    {
        using var f = new Fixture();
        var options = Options.Create(new TempSessionSweepOptions { Enabled = true, Interval = TimeSpan.FromHours(1) });
        using var service = new TempSessionSweepService(f.Sessions, options);
        await service.StartAsync(CancellationToken.None);

        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();
        Task stop = service.StopAsync(expired.Token);

        (await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(5)))).Should().BeSameAs(stop);
        stop.IsFaulted.Should().BeFalse();
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        condition().Should().BeTrue();
    }

    [Fact]
    public void A_database_file_linked_into_a_stale_session_makes_the_sweep_refuse_and_stays()
    {
        using var f = new Fixture();
        string database = f.Session("session_x", TimeSpan.FromDays(2), ("calls.sqlite", 4096)) + "/calls.sqlite";
        File.CreateSymbolicLink(Path.Combine(f.Paths.DataDir, "Callytics_new.sqlite"), database);
        f.Paths.DatabaseUrl = "sqlite:///" + Path.Combine(f.Paths.DataDir, "Callytics_new.sqlite");

        FluentActions.Invoking(() => f.Sessions.Sweep(TimeSpan.FromHours(1))).Should().Throw<InvalidOperationException>()
            .WithMessage("*contains the database's directory*links there*refusing to sweep*");

        new FileInfo(database).Length.Should().Be(4096);
    }

    /// <summary>A stale session holding a tree <see cref="DeepTree.Levels"/> deep, the one chain the deep-tree tests share.</summary>
    [Collection(DeepTree.Collection)]
    public class In_a_tree_20000_levels_deep(DeepTree deepTree)
    {
        [Fact]
        public void The_stale_session_is_left_alone_and_reported_without_crashing()
        {
            using var f = new Fixture();
            string deep = Path.Combine(f.Paths.TempDir, "session_deep");
            using IDisposable chain = deepTree.Lend(deep);
            var later = new TempSessions(Options.Create(f.Paths), new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(30)));

            TempSessionSweepResult result = later.Sweep(TimeSpan.FromDays(1));

            result.Sessions.Should().BeEmpty();
            result.Skipped.Should().ContainSingle().Which.Reason.Should().Be("it is more than 512 levels deep; remove it by hand");
            File.Exists(deep + "/d/bottom").Should().BeFalse("only the deepest level holds the file");
            Directory.Exists(deep + "/d/d/d").Should().BeTrue("nothing was removed");
        }
    }
}
