using Callytics.Paths.Mounts;

namespace Callytics.Paths.Tests.Mounts;

public class ContainerStatusTests
{
    private static ContainerStatus Detect(string[] files, Dictionary<string, string>? variables = null, string table = "06-docker-cgroupv2-no-volumes.mountinfo") =>
        ContainerStatus.Detect(MountTableTests.Fixture(table), files.Contains, n => variables?.GetValueOrDefault(n));

    [Fact]
    public void Docker_is_recognised_by_dockerenv() =>
        Detect(["/.dockerenv"]).Should().Be(new ContainerStatus(true, "/.dockerenv exists (Docker)"));

    [Fact]
    public void Podman_is_recognised_by_containerenv() =>
        Detect(["/run/.containerenv"]).Signal.Should().Contain("Podman");

    [Fact]
    public void Official_dotnet_images_are_recognised_by_their_variable() =>
        Detect([], new() { ["DOTNET_RUNNING_IN_CONTAINER"] = "true" }).Signal.Should().StartWith("DOTNET_RUNNING_IN_CONTAINER");

    [Fact]
    public void Kubernetes_is_recognised_by_its_service_host() =>
        Detect([], new() { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1" }).Signal.Should().Contain("Kubernetes");

    [Theory]
    [InlineData("06-docker-cgroupv2-no-volumes.mountinfo", "overlay")]
    [InlineData("01-docker-dind-aufs-named-volume-bind.mountinfo", "aufs")]
    public void An_overlay_or_aufs_root_is_a_container(string table, string type) =>
        Detect([], table: table).Should().Be(new ContainerStatus(true, $"the root filesystem is {type}"));

    [Fact]
    public void Without_any_signal_it_is_not_a_container_and_says_why()
    {
        ContainerStatus status = Detect([], table: "08-escapes-and-stacks.mountinfo");
        status.InContainer.Should().BeFalse();
        status.Signal.Should().Contain("no container signal").And.Contain("ext4");
    }
}
