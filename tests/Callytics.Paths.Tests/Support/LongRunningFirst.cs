using Xunit.Abstractions;

namespace Callytics.Paths.Tests.Support;

/// <summary>A test class that runs for tens of seconds (about <see cref="Seconds"/> on two processors): it starts before the short ones.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the test classes longest first. The suite runs as many classes at once as there are processors; a long class
/// that happens to start last runs alone at the end while the other processors idle (30 s of a 200 s run on two).
/// </summary>
public sealed class LongRunningFirst : ITestCollectionOrderer
{
    private const string PerClass = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(Seconds).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static int Seconds(ITestCollection collection) =>
        collection.DisplayName.StartsWith(PerClass, StringComparison.Ordinal)
        && typeof(LongRunningFirst).Assembly.GetType(collection.DisplayName[PerClass.Length..]) is { } type
        && type.GetCustomAttributes(typeof(LongRunningAttribute), inherit: false) is [LongRunningAttribute longRunning]
            ? longRunning.Seconds
            : 0;
}
