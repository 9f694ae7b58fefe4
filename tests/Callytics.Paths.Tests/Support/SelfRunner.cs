using System.Diagnostics;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Callytics.Paths.Tests.Support;

/// <summary>
/// The suite's own entry point, for a run where no test runner can start: the test assembly published for linux-arm64
/// and run under qemu-user (<c>.ci/run</c>'s arm64 phase), since the x64 runner cannot host arm64 code. It runs the
/// facts and theories of the namespaces it is given, one test at a time, as xunit would: a new instance per test,
/// class and collection fixtures made once, <see cref="IDisposable"/> and <see cref="IAsyncLifetime"/> honoured, skips
/// skipped (a <see cref="RootFactAttribute"/> in CI never skips). It ends with the plain line <c>N passed, N failed,
/// N skipped</c> and exits 1 when anything failed or nothing ran. <c>dotnet test</c> never calls it.
/// </summary>
public static class SelfRunner
{
    /// <summary>Runs with <c>--self-run NAMESPACE|CLASS... [--except CLASS|CLASS.METHOD...]</c> (full names to run, short ones to leave out).</summary>
    public static async Task<int> Main(string[] args)
    {
        int except = Array.IndexOf(args, "--except");
        if (args.Length < 2 || args[0] != "--self-run")
        {
            await Console.Error.WriteLineAsync("usage: Callytics.Paths.Tests --self-run NAMESPACE... [--except CLASS...] (dotnet test runs this assembly otherwise)");
            return 2;
        }

        string[] namespaces = except < 0 ? args[1..] : args[1..except];
        string[] excluded = except < 0 ? [] : args[(except + 1)..];
        Type[] classes =
        [
            .. typeof(SelfRunner).Assembly.GetTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } || t is { IsNestedPublic: true, IsAbstract: false })
                .Where(t => namespaces.Any(n => t.Namespace == n || t.FullName == n || t.DeclaringType?.FullName == n) && !excluded.Contains(t.Name) && !excluded.Contains(t.DeclaringType?.Name))
                .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FactAttribute>() is not null))
                .OrderBy(t => t.FullName, StringComparer.Ordinal),
        ];
        var counts = new int[3];
        var collections = new Dictionary<Type, object>();
        try
        {
            foreach (Type type in classes)
            {
                await RunClass(type, collections, counts, excluded);
            }
        }
        finally
        {
            foreach (object fixture in collections.Values)
            {
                await DisposeAsync(fixture);
            }
        }

        Console.WriteLine($"{counts[0]} passed, {counts[1]} failed, {counts[2]} skipped");
        return counts[1] > 0 || counts[0] == 0 ? 1 : 0;
    }

    private static async Task RunClass(Type type, Dictionary<Type, object> collections, int[] counts, string[] excluded)
    {
        var classFixtures = new Dictionary<Type, object>();
        foreach (Type fixture in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>)).Select(i => i.GetGenericArguments()[0]))
        {
            classFixtures[fixture] = await CreateAsync(fixture);
        }

        if (type.GetCustomAttribute<CollectionAttribute>() is not null)
        {
            // A collection's fixtures: declared on the definition class that names the same collection.
            string? name = type.GetCustomAttributesData().First(a => a.AttributeType == typeof(CollectionAttribute)).ConstructorArguments[0].Value as string;
            Type? definition = type.Assembly.GetTypes().FirstOrDefault(t => t.GetCustomAttributesData()
                .Any(a => a.AttributeType == typeof(CollectionDefinitionAttribute) && a.ConstructorArguments.Count > 0 && (a.ConstructorArguments[0].Value as string) == name));
            foreach (Type fixture in definition?.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>)).Select(i => i.GetGenericArguments()[0]) ?? [])
            {
                if (!collections.ContainsKey(fixture))
                {
                    collections[fixture] = await CreateAsync(fixture);
                }
            }
        }

        try
        {
            foreach (MethodInfo method in type.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null).OrderBy(m => m.MetadataToken))
            {
                FactAttribute fact = method.GetCustomAttribute<FactAttribute>()!;
                string name = $"{type.FullName}.{method.Name}";
                string? skip = excluded.Contains($"{type.Name}.{method.Name}") ? "excluded from this run (.ci/run says why)" : fact.Skip;
                if (skip is not null)
                {
                    counts[2]++;
                    Console.WriteLine($"  Skipped {name}: {skip}");
                    continue;
                }

                IEnumerable<object?[]> rows = fact is TheoryAttribute
                    ? method.GetCustomAttributes<DataAttribute>().SelectMany(d => d.GetData(method))
                    : [[]];
                foreach (object?[] row in rows)
                {
                    string shown = row.Length == 0 ? name : $"{name}({string.Join(", ", row.Select(r => r?.ToString()))})";
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        await RunOne(type, method, row, classFixtures, collections);
                        counts[0]++;
                        Console.WriteLine($"  Passed {shown} [{clock.Elapsed.TotalSeconds:0.0} s]");
                    }
                    catch (Exception exception)
                    {
                        counts[1]++;
                        Exception shownException = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
                        Console.WriteLine($"  Failed {shown} [{clock.Elapsed.TotalSeconds:0.0} s]\n{shownException}");
                    }
                }
            }
        }
        finally
        {
            foreach (object fixture in classFixtures.Values)
            {
                await DisposeAsync(fixture);
            }
        }
    }

    private static async Task RunOne(Type type, MethodInfo method, object?[] row, Dictionary<Type, object> classFixtures, Dictionary<Type, object> collections)
    {
        ConstructorInfo constructor = type.GetConstructors().Single();
        object?[] arguments =
        [
            .. constructor.GetParameters().Select(p =>
                p.ParameterType == typeof(ITestOutputHelper) ? new Output()
                : classFixtures.TryGetValue(p.ParameterType, out object? fixture) ? fixture
                : collections.TryGetValue(p.ParameterType, out object? shared) ? shared
                : throw new InvalidOperationException($"{type.Name} asks for a {p.ParameterType.Name} that no fixture gives")),
        ];
        object instance = constructor.Invoke(arguments);
        try
        {
            if (instance is IAsyncLifetime lifetime)
            {
                await lifetime.InitializeAsync();
            }

            ParameterInfo[] parameters = method.GetParameters();
            object?[] values = [.. parameters.Select((p, i) => i < row.Length ? Convert(row[i], p.ParameterType) : p.DefaultValue)];
            object? result = method.Invoke(instance, values);
            if (result is Task task)
            {
                await task;
            }
        }
        finally
        {
            await DisposeAsync(instance);
        }
    }

    private static object? Convert(object? value, Type type) =>
        value is null || type.IsInstanceOfType(value) ? value
        : type.IsEnum ? Enum.ToObject(type, value)
        : System.Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<object> CreateAsync(Type fixture)
    {
        object instance = Activator.CreateInstance(fixture)!;
        if (instance is IAsyncLifetime lifetime)
        {
            await lifetime.InitializeAsync();
        }

        return instance;
    }

    private static async Task DisposeAsync(object instance)
    {
        if (instance is IAsyncLifetime lifetime)
        {
            await lifetime.DisposeAsync();
        }

        if (instance is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (instance is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private sealed class Output : ITestOutputHelper
    {
        public void WriteLine(string message) => Console.WriteLine("    " + message);

        public void WriteLine(string format, params object[] args) => Console.WriteLine("    " + string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
