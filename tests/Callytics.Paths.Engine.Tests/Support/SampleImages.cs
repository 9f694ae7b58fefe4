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

    /// <summary>The tool as an image to copy from (deploy/tool/Dockerfile): the NativeAOT binary alone.</summary>
    public const string Tool = "callytics-paths-tool";

    // The builds start together, at the first test that needs any: most of each is downloads and the other's
    // compile, so side by side they take little more than the longer one. The Python sample copies the tool from
    // the tool image, so it is built once that one is.
    private static readonly Lazy<Task<CommandResult>[]> Started = new(() =>
    {
        // Never from the build cache: its test reads the NativeAOT publish's output for warnings (on a fresh engine, as
        // in CI, nothing is cached anyway).
        Task<CommandResult> tool = Task.Run(() => Build("deploy/tool/Dockerfile", Tool, noCache: true, "SDK_IMAGE=" + DockerEngine.SdkImage));
        return
        [
            Task.Run(() => Build("samples/docker/Dockerfile", Dotnet, "SDK_IMAGE=" + DockerEngine.SdkImage, "ASPNET_IMAGE=" + DockerEngine.AspNetImage)),
            tool.ContinueWith(built => built.Result.ExitCode != 0 ? built.Result
                : Build("samples/python/Dockerfile", Python, "TOOL_IMAGE=" + Tool, "PYTHON_IMAGE=" + DockerEngine.PythonImage), TaskScheduler.Default),
            tool,
        ];
    });

    /// <summary>Builds the samples' images (once) and returns the .NET one's name; a failed build fails the caller with its output.</summary>
    public static string RequireDotnet() => Require(0, Dotnet);

    /// <summary>Builds the samples' images (once) and returns the Python one's name.</summary>
    public static string RequirePython() => Require(1, Python);

    /// <summary>Builds the tool image (once) and returns its name.</summary>
    public static string RequireTool() => Require(2, Tool);

    /// <summary>The tool image's build, its output included (the NativeAOT publish's warnings, if any).</summary>
    public static CommandResult ToolBuild
    {
        get
        {
            RequireTool();
            return Started.Value[2].GetAwaiter().GetResult();
        }
    }

    private static string Require(int which, string image)
    {
        DockerEngine.Require();
        CommandResult result = Started.Value[which].GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker build of {image} failed:\n{result}");
        }

        return image;
    }

    private static CommandResult Build(string dockerfile, string tag, params string[] arguments) => Build(dockerfile, tag, noCache: false, arguments);

    private static CommandResult Build(string dockerfile, string tag, bool noCache, params string[] arguments) =>
        DockerEngine.Run(["docker", "build", "--network", "host", .. noCache ? ["--no-cache"] : Array.Empty<string>(), "-f", dockerfile, "-t", tag,
            .. arguments.SelectMany(a => new[] { "--build-arg", a }), "."], workingDirectory: Repository.Root, timeout: TimeSpan.FromMinutes(8));
}
