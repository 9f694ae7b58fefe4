using System.Collections.Concurrent;
using Callytics.Paths.Tests.Support;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.Sessions;

[LongRunning(13)]
public class TempSessionsTests
{
    private static (TempTree Tree, TempSessions Sessions) Fresh()
    {
        var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        Directory.CreateDirectory(paths.TempDir);
        return (tree, new TempSessions(Options.Create(paths)));
    }

    [Fact]
    public void A_session_without_id_gets_a_random_128_bit_hex_id_and_a_private_directory()
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            using TempSession session = sessions.Create();

            session.Id.Should().MatchRegex("^[0-9a-f]{32}$");
            session.Path.Should().Be(tree[$"app/temp/session_{session.Id}"]);
            File.GetUnixFileMode(session.Path).Should().Be((UnixFileMode)0x1C0, "0700");
        }
    }

    [Theory]
    [InlineData("call-42_A")]
    [InlineData("x")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void A_given_id_names_the_directory(string id)
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            using TempSession session = sessions.Create(id);
            session.Path.Should().EndWith("/session_" + id);
            Directory.Exists(session.Path).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("with space")]
    [InlineData("é")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void An_invalid_id_is_an_argument_exception_and_creates_nothing(string id)
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            FluentActions.Invoking(() => sessions.Create(id)).Should().Throw<ArgumentException>().WithParameterName(nameof(id));
            Directory.GetFileSystemEntries(tree["app/temp"]).Should().BeEmpty();
            Directory.GetFileSystemEntries(tree.Root).Select(Path.GetFileName).Should().Equal("app");
        }
    }

    [Fact]
    public void An_existing_session_directory_is_never_handed_out_again()
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            using TempSession first = sessions.Create("req1");
            File.WriteAllText(Path.Combine(first.Path, "secret.wav"), "caller A");

            FluentActions.Invoking(() => sessions.Create("req1")).Should().Throw<IOException>().WithMessage("*already exists*");
            File.ReadAllText(Path.Combine(first.Path, "secret.wav")).Should().Be("caller A");
        }
    }

    [Fact]
    public async Task Disposing_deletes_the_tree_but_never_what_a_link_inside_points_to()
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            string outside = tree.WriteFile("outside/keep.txt", "keep");
            TempSession session = sessions.Create();
            Directory.CreateDirectory(Path.Combine(session.Path, "a/b"));
            File.WriteAllText(Path.Combine(session.Path, "a/b/part.wav"), "pcm");
            Directory.CreateSymbolicLink(Path.Combine(session.Path, "a/link-dir"), tree["outside"]);
            File.CreateSymbolicLink(Path.Combine(session.Path, "link-file"), outside);

            await session.DisposeAsync();

            Directory.Exists(session.Path).Should().BeFalse();
            File.ReadAllText(outside).Should().Be("keep");
        }
    }

    [Fact]
    public void Disposing_a_session_whose_directory_is_gone_does_not_throw()
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            TempSession session = sessions.Create();
            Directory.Delete(session.Path);

            FluentActions.Invoking(session.Dispose).Should().NotThrow();
            FluentActions.Invoking(session.Dispose).Should().NotThrow();
        }
    }

    [Fact]
    public void A_session_directory_replaced_by_a_link_is_removed_as_a_link()
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            string outside = tree.WriteFile("victim/data.db", "precious");
            TempSession session = sessions.Create();
            Directory.Delete(session.Path);
            Directory.CreateSymbolicLink(session.Path, tree["victim"]);

            session.Dispose();

            File.Exists(session.Path).Should().BeFalse();
            File.ReadAllText(outside).Should().Be("precious");
        }
    }

    [Fact]
    public void Many_threads_creating_and_disposing_sessions_never_share_a_directory()
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            var seen = new ConcurrentDictionary<string, bool>();
            int collisions = 0;
            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
            {
                for (int i = 0; i < 200; i++)
                {
                    using TempSession session = sessions.Create();
                    File.WriteAllText(Path.Combine(session.Path, "owner"), session.Id);
                    if (!seen.TryAdd(session.Path, true) || File.ReadAllText(Path.Combine(session.Path, "owner")) != session.Id)
                    {
                        Interlocked.Increment(ref collisions);
                    }
                }
            });

            collisions.Should().Be(0);
            seen.Should().HaveCount(16 * 200);
            Directory.GetFileSystemEntries(tree["app/temp"]).Should().BeEmpty();
        }
    }

    [Fact]
    public void A_missing_temp_dir_is_an_io_error_naming_temp_dir()
    {
        using var tree = new TempTree();
        var sessions = new TempSessions(Options.Create(tree.Layout()));

        FluentActions.Invoking(() => sessions.Create()).Should().Throw<IOException>().WithMessage("*TEMP_DIR=*");
    }

    [Fact]
    public void A_link_planted_while_a_session_is_created_never_has_a_mode_set_through_it()
    {
        (TempTree tree, TempSessions sessions) = Fresh();
        using (tree)
        {
            string victim = tree.WriteFile("victim.key", "secret key");
            File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            string temp = Path.GetDirectoryName(sessions.Create("probe").Path)!;
            int replaced = 0;

            using (var planter = new LinkPlanter(temp, turn => $"session_r{turn}", victim))
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (int turn = 0; clock.Elapsed < TimeSpan.FromSeconds(3); turn++)
                {
                    try
                    {
                        _ = sessions.Create($"r{turn}");
                    }
                    catch (IOException exception) when (exception.Message.Contains("was replaced", StringComparison.Ordinal))
                    {
                        replaced++;
                    }

                    planter.Passed(turn);
                    File.GetUnixFileMode(victim).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, $"turn {turn}: no mode lands on the link's target");
                }

                planter.Dispose();
                planter.Planted.Should().BePositive("the race must really have been run");
            }

            replaced.Should().BePositive("a session whose directory was swapped is refused, not returned");
        }
    }

    /// <summary>A session holding a tree <see cref="DeepTree.Levels"/> deep, the one chain the deep-tree tests share.</summary>
    [Collection(DeepTree.Collection)]
    public class In_a_tree_20000_levels_deep(DeepTree deepTree)
    {
        [Fact]
        public void Disposing_the_session_removes_what_it_may_and_says_the_rest_is_too_deep()
        {
            (TempTree tree, TempSessions sessions) = Fresh();
            using (tree)
            {
                TempSession session = sessions.Create();
                using IDisposable chain = deepTree.Lend(session.Path);

                FluentActions.Invoking(session.Dispose).Should().Throw<IOException>().WithMessage("*lies more than 512 levels deep, and is left alone*");
                Directory.Exists(session.Path).Should().BeTrue("the part too deep to remove keeps the directory");
            }
        }
    }
}
