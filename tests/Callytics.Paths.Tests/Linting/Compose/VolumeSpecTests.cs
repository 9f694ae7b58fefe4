using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;

namespace Callytics.Paths.Tests.Linting.Compose;

public class VolumeSpecTests
{
    [Theory]
    [InlineData("./temp:/app/temp", "bind", "./temp", "/app/temp", false)]
    [InlineData("./logs:/app/logs:ro", "bind", "./logs", "/app/logs", true)]
    [InlineData("/srv/data:/app/data:rw,z", "bind", "/srv/data", "/app/data", false)]
    [InlineData("~/audio:/app/audio:ro,Z", "bind", "~/audio", "/app/audio", true)]
    [InlineData("../shared:/app/config:rslave", "bind", "../shared", "/app/config", false)]
    [InlineData("models:/models", "volume", "models", "/models", false)]
    [InlineData("models:/models:nocopy", "volume", "models", "/models", false)]
    [InlineData("/app/.cache", "volume", null, "/app/.cache", false)]
    [InlineData("C:\\callytics\\data:/app/data", "bind", "C:\\callytics\\data", "/app/data", false)]
    [InlineData("C:/callytics/data:/app/data:ro", "bind", "C:/callytics/data", "/app/data", true)]
    [InlineData("\\\\server\\share:/app/audio", "bind", "\\\\server\\share", "/app/audio", false)]
    public void The_short_syntax_reads_as_compose_reads_it(string text, string type, string? source, string target, bool readOnly)
    {
        VolumeSpec spec = VolumeSpec.ParseShort(text, out string? error)!;

        error.Should().BeNull();
        spec.Should().Be(new VolumeSpec(type, source, target, readOnly));
    }

    [Fact]
    public void Windows_sources_are_recognised()
    {
        VolumeSpec.ParseShort("C:\\x:/app/x", out _)!.WindowsSource.Should().BeTrue();
        VolumeSpec.ParseShort("./x:/app/x", out _)!.WindowsSource.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData("./x:relative/target")]
    [InlineData("./x:/y:sideways")]
    [InlineData("a:/b:ro:extra")]
    [InlineData("relative-anonymous")]
    [InlineData("./x::/y")]
    public void Malformed_short_syntax_is_refused_with_a_reason(string text)
    {
        VolumeSpec.ParseShort(text, out string? error).Should().BeNull();
        error.Should().NotBeNullOrEmpty();
    }
}
