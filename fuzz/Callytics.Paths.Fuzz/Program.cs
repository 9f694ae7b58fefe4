using Callytics.Paths.Fuzz;
using SharpFuzz;

// afl-fuzz runs `dotnet Callytics.Paths.Fuzz.dll TARGET`; `replay TARGET FILE...` runs saved inputs in-process.
if (args is ["replay", string replayed, .. string[] files] && FuzzTargets.All.TryGetValue(replayed, out Action<string>? replay))
{
    int failures = 0;
    foreach (string file in files)
    {
        try
        {
            replay(File.ReadAllText(file));
        }
#pragma warning disable CA1031 // a replay reports every failing input, whatever it throws
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failures++;
            Console.Error.WriteLine($"{file}: {exception}");
        }
    }

    Console.WriteLine($"{files.Length - failures} passed, {failures} failed");
    return failures == 0 ? 0 : 1;
}

if (args is [string name] && FuzzTargets.All.TryGetValue(name, out Action<string>? target))
{
    Fuzzer.OutOfProcess.Run(target);
    return 0;
}

Console.Error.WriteLine($"usage: Callytics.Paths.Fuzz ({string.Join('|', FuzzTargets.All.Keys)}) | replay TARGET FILE...");
return 2;
