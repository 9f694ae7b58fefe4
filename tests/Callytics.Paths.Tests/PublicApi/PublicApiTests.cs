using System.Reflection;
using System.Runtime.CompilerServices;
using Callytics.Paths.Linting;

namespace Callytics.Paths.Tests.PublicApi;

/// <summary>
/// What a service author can do with the public API is what the tool and the linter do (issue #30): neither sees
/// the library's internals, and the linter shows the tool none of its own. Only the tests and the fuzzers are friends.
/// The library's public types are listed here, so that the surface grows only on purpose.
/// </summary>
public class PublicApiTests
{
    private static readonly string[] Friends = ["Callytics.Paths.Tests", "Callytics.Paths.Fuzz"];

    public static TheoryData<string> Assemblies => ["Callytics.Paths", "Callytics.Paths.Linting", "callytics-paths"];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Only_the_tests_and_the_fuzzers_see_internals(string assembly)
    {
        Assembly loaded = assembly switch
        {
            "Callytics.Paths" => typeof(CallyticsPaths).Assembly,
            "Callytics.Paths.Linting" => typeof(Finding).Assembly,
            _ => typeof(Callytics.Paths.Cli.Invocation).Assembly,
        };

        loaded.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Should().BeSubsetOf(Friends);
    }

    [Fact]
    public void The_librarys_public_types_are_the_listed_ones()
    {
        string[] exported = [.. typeof(CallyticsPaths).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal)];

        exported.Should().Equal(Listed, "a public type is added on purpose, and listed here:\n" + string.Join("\n", exported.Select(t => $"        \"{t}\",")));
    }

    private static readonly string[] Listed =
    [
        "Callytics.Paths.CallyticsPaths",
        "Callytics.Paths.Configuration.CallyticsPathsBinder",
        "Callytics.Paths.Configuration.CallyticsPathsVariables",
        "Callytics.Paths.Configuration.PathNormalizer",
        "Callytics.Paths.Configuration.RoleKeys",
        "Callytics.Paths.Configuration.RoleLayout",
        "Callytics.Paths.Database.DatabaseUrl",
        "Callytics.Paths.Health.CallyticsPathsHealthCheck",
        "Callytics.Paths.Health.CallyticsPathsHealthCheckOptions",
        "Callytics.Paths.Health.FreeSpaceThresholds",
        "Callytics.Paths.ITempSessions",
        "Callytics.Paths.Layer.LayerGroup",
        "Callytics.Paths.Layer.LayerIgnore",
        "Callytics.Paths.Layer.LayerReading",
        "Callytics.Paths.Layer.LayerSignal",
        "Callytics.Paths.Layer.WritableLayer",
        "Callytics.Paths.Layer.WritableLayer+RolePath",
        "Callytics.Paths.Mounts.ContainerStatus",
        "Callytics.Paths.Mounts.MountCheckMode",
        "Callytics.Paths.Mounts.MountEntry",
        "Callytics.Paths.Mounts.MountTable",
        "Callytics.Paths.PathRole",
        "Callytics.Paths.PathRoles",
        "Callytics.Paths.Reporting.LayerDirectoryReport",
        "Callytics.Paths.Reporting.LayerReport",
        "Callytics.Paths.Reporting.LayoutReport",
        "Callytics.Paths.Reporting.PathReport",
        "Callytics.Paths.Reporting.ProblemReport",
        "Callytics.Paths.Reporting.ReportJsonContext",
        "Callytics.Paths.Rules.PathImpact",
        "Callytics.Paths.Rules.PathLanding",
        "Callytics.Paths.Rules.PathRule",
        "Callytics.Paths.Rules.PathRuleCatalog",
        "Callytics.Paths.SkippedTempSession",
        "Callytics.Paths.Status.ICallyticsPathsStatus",
        "Callytics.Paths.Status.LayoutMonitor",
        "Callytics.Paths.SweptTempSession",
        "Callytics.Paths.TempSession",
        "Callytics.Paths.TempSessionSweepOptions",
        "Callytics.Paths.TempSessionSweepResult",
        "Callytics.Paths.TempSessions",
        "Callytics.Paths.Usage.DiskUsage",
        "Callytics.Paths.Validation.AccessAdvice",
        "Callytics.Paths.Validation.CallyticsPathsValidationException",
        "Callytics.Paths.Validation.CallyticsPathsValidator",
        "Callytics.Paths.Validation.DisplayText",
        "Callytics.Paths.Validation.FindingCodes",
        "Callytics.Paths.Validation.FindingSeverity",
        "Callytics.Paths.Validation.MountGuess",
        "Callytics.Paths.Validation.PathFinding",
        "Callytics.Paths.Validation.PathValidationResult",
        "Callytics.Paths.Validation.PathValidationSettings",
        "Callytics.Paths.Validation.ValueRules",
        "Microsoft.Extensions.DependencyInjection.CallyticsPathsHealthCheckBuilderExtensions",
        "Microsoft.Extensions.DependencyInjection.CallyticsPathsServiceCollectionExtensions",
    ];
}
