using Callytics.Paths.Configuration;

namespace Callytics.Paths.Tests.Configuration;

public class PathNormalizerTests
{
    [Theory]
    [InlineData("/app/temp", "/app/temp")]
    [InlineData("/app/temp/", "/app/temp")]
    [InlineData("/app/temp///", "/app/temp")]
    [InlineData("/app//temp", "/app/temp")]
    [InlineData("/app/./temp", "/app/temp")]
    [InlineData("/app/x/../temp", "/app/temp")]
    [InlineData("/../../app", "/app")]
    [InlineData("/", "/")]
    [InlineData("temp", "/srv/work/temp")]
    [InlineData("./temp/", "/srv/work/temp")]
    [InlineData("../temp", "/srv/temp")]
    [InlineData("app/.temp/session_x", "/srv/work/app/.temp/session_x")]
    public void Makes_paths_absolute_and_canonical(string value, string expected)
    {
        PathNormalizer.Normalize(value, "/srv/work").Should().Be(expected);
    }

    [Theory]
    [InlineData("/app/temp/")]
    [InlineData("rel/../x/./y//")]
    [InlineData("/")]
    public void Is_idempotent(string value)
    {
        string once = PathNormalizer.Normalize(value, "/srv");
        PathNormalizer.Normalize(once, "/srv").Should().Be(once);
    }

    [Fact]
    public void Records_relative_values_and_leaves_malformed_ones_for_validation()
    {
        var paths = new CallyticsPaths
        {
            AudioDir = "audio", TempDir = "/app/temp/", LogDir = "C:\\logs", DataDir = "", ConfigDir = "~/config",
            CacheDir = "/app/.cache", DatabaseUrl = "  sqlite:///x.db ",
        };

        PathNormalizer.Normalize(paths, "/srv");

        paths.AudioDir.Should().Be("/srv/audio");
        paths.TempDir.Should().Be("/app/temp");
        paths.LogDir.Should().Be("C:\\logs");
        paths.DataDir.Should().BeEmpty();
        paths.ConfigDir.Should().Be("~/config");
        paths.DatabaseUrl.Should().Be("sqlite:///x.db");
        paths.BoundValues.Where(b => b.Value.WasRelative).Select(b => (b.Key, b.Value.Written)).Should().Equal([("AUDIO_DIR", "audio")]);
        (paths.BoundValues["LOG_DIR"].Invalid?.Code, paths.BoundValues["CONFIG_DIR"].Invalid?.Code, paths.BoundValues["DATA_DIR"].Invalid?.Code)
            .Should().Be(("CP003", "CP004", "CP001"), "the binding step checks each value once; validation reads its outcome");
        paths.BoundValues["TEMP_DIR"].Should().Be(new Callytics.Paths.Configuration.BoundValue("/app/temp/", "/app/temp", null));
    }
}
