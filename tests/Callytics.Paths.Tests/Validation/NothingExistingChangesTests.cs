using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Validation;

public class NothingExistingChangesTests
{
    [Fact]
    public void Validation_only_adds_missing_directories_and_changes_nothing_that_exists()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.WriteFile("app/audio/call-001.wav", "RIFF....WAVE");
        tree.WriteFile("app/config/settings.yaml", "a: 1");
        tree.WriteFile("app/data/Callytics_new.sqlite", "SQLite format 3\0");
        tree.WriteFile("app/data/Callytics_new.sqlite-wal", "wal");
        tree.WriteFile("app/temp/session_abc/part.wav", "pcm");
        tree.Dir("app/logs", 0x1FF);
        File.CreateSymbolicLink(tree["app/temp/link-out"], "/etc/hostname");
        Dictionary<string, TreeSnapshot.Entry> before = TreeSnapshot.Take(tree.Root);

        PathValidationResult result = CallyticsPathsValidator.Validate(paths);

        result.HasErrors.Should().BeFalse(string.Join('\n', result.Findings));
        Dictionary<string, TreeSnapshot.Entry> after = TreeSnapshot.Take(tree.Root);
        foreach ((string path, TreeSnapshot.Entry entry) in before)
        {
            after.Should().ContainKey(path);
            if (entry.Kind == "dir")
            {
                // A probe file's creation and removal moves a directory's mtime; nothing else about it may change.
                after[path].Mode.Should().Be(entry.Mode, path);
            }
            else
            {
                after[path].Should().Be(entry, path);
            }
        }

        after.Keys.Except(before.Keys).Should().BeEquivalentTo(["app/.cache"], "only the missing directory appears");
    }
}
