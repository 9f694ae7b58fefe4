using System.Diagnostics;

namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>
/// The samples' images, built once per run from the repository's own Dockerfiles with the stand-in base images passed
/// as build arguments, and tagged as the Dockerfiles' headers and the compose file name them.
/// </summary>
public static class SampleImages
{
    /// <summary>The .NET sample (samples/docker/Dockerfile): the library inside an ASP.NET service.</summary>
    public const string Dotnet = "callytics-paths-sample";

    /// <summary>The Python sample (samples/python/Dockerfile): the tool's <c>exec</c> in front of <c>python -m app</c>.</summary>
    public const string Python = "callytics-python-sample";

    private static readonly Lazy<(CommandResult Result, TimeSpan Took)> DotnetBuild = new(() => Build("samples/docker/Dockerfile", Dotnet,
        "SDK_IMAGE=" + DockerEngine.SdkImage, "ASPNET_IMAGE=" + DockerEngine.AspNetImage));

    private static readonly Lazy<(CommandResult Result, TimeSpan Took)> PythonBuild = new(() => Build("samples/python/Dockerfile", Python,
        "SDK_IMAGE=" + DockerEngine.SdkImage, "PYTHON_IMAGE=" + DockerEngine.PythonImage));

    /// <summary>Builds the .NET sample's image (once) and returns its name; a failed build fails the caller with its output.</summary>
    public static string RequireDotnet() => Require(DotnetBuild, Dotnet);

    /// <summary>Builds the Python sample's image (once) and returns its name.</summary>
    public static string RequirePython() => Require(PythonBuild, Python);

    /// <summary>How long each build took (for the engine phase's report).</summary>
    public static IEnumerable<(string Image, TimeSpan Took)> Builds =>
        new[] { (Dotnet, DotnetBuild), (Python, PythonBuild) }.Where(b => b.Item2.IsValueCreated).Select(b => (b.Item1, b.Item2.Value.Took));

    private static string Require(Lazy<(CommandResult Result, TimeSpan Took)> build, string image)
    {
        DockerEngine.Require();
        CommandResult result = build.Value.Result;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker build of {image} failed:\n{result}");
        }

        return image;
    }

    private static (CommandResult, TimeSpan) Build(string dockerfile, string tag, params string[] arguments)
    {
        DockerEngine.Require();
        var clock = Stopwatch.StartNew();
        CommandResult result = DockerEngine.Run(["docker", "build", "--network", "host", "-f", dockerfile, "-t", tag,
            .. arguments.SelectMany(a => new[] { "--build-arg", a }), "."], workingDirectory: Repository.Root, timeout: TimeSpan.FromMinutes(8));
        return (result, clock.Elapsed);
    }
}
