using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Sessions;

public class CacheDirectoriesTests
{
    [Theory]
    [InlineData("audio")]
    [InlineData("audio/v2")]
    [InlineData("models.bin-cache_1")]
    public void A_cache_folder_is_created_inside_cache_dir_on_first_use(string name)
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();

        string folder = paths.GetCacheDirectory(name);

        folder.Should().Be(Path.Join(paths.CacheDir, name));
        Directory.Exists(folder).Should().BeTrue();
        File.GetUnixFileMode(folder).Should().Be((UnixFileMode)0x1E8);
        paths.GetCacheDirectory(name).Should().Be(folder, "a second call returns the same folder");
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../data")]
    [InlineData("audio/../../data")]
    [InlineData("/etc")]
    [InlineData("audio/")]
    [InlineData("audio//v2")]
    [InlineData("with space")]
    [InlineData("ü")]
    [InlineData("a\\b")]
    public void Names_that_could_escape_or_are_not_plain_are_refused(string name)
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();

        FluentActions.Invoking(() => paths.GetCacheDirectory(name)).Should().Throw<ArgumentException>();
        Directory.Exists(tree["app"]).Should().BeFalse();
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_made_is_an_io_error_with_the_cause_and_fix()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.WriteFile("app/.cache/audio", "a file in the way");

        FluentActions.Invoking(() => paths.GetCacheDirectory("audio/v2")).Should().Throw<IOException>()
            .WithMessage("*is a regular file*Fix:*");
    }
}
