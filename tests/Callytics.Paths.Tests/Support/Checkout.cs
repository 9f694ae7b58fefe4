namespace Callytics.Paths.Tests.Support;

/// <summary>The repository the tests were built from, and the configuration they were built in.</summary>
public static class Checkout
{
    /// <summary>The repository's root (the tests run from tests/Callytics.Paths.Tests/bin/&lt;configuration&gt;/net10.0).</summary>
    public static string Root { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    /// <summary>The build configuration of the tests, and so of every project they reference (Debug or Release).</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.TrimEnd('/').Split('/')[^2];

    /// <summary>The full path of <paramref name="relative"/> inside the repository.</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));
}
