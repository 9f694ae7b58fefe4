// The Quick start demonstration. With nothing set it validates a demo layout under the repository's
// git-ignored .callytics folder (created on first run), prints the resolved layout (warnings are logged) and
// exits 0; a broken layout prints the library's message and exits 1. Set CALLYTICS_ROOT or any *_DIR
// variable to validate another layout.
using System.Reflection;
using Callytics.Paths;
using Callytics.Paths.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
if (builder.Configuration[CallyticsPathsVariables.Root] is null)
{
    string demoRoot = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "DemoRoot").Value!;
    builder.Configuration[CallyticsPathsVariables.Root] = demoRoot;

    // The demo layout lives inside the repository, not on volumes: if this machine is itself a container,
    // the volume check would rightly refuse it. Set CALLYTICS_MOUNT_CHECK to see what it says.
    builder.Configuration[CallyticsPathsVariables.MountCheck] ??= "off";
}

builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.AddCallyticsPaths();
using IHost host = builder.Build();
try
{
    await host.StartAsync();
}
catch (OptionsValidationException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

CallyticsPaths paths = host.Services.GetRequiredService<IOptions<CallyticsPaths>>().Value;
Console.WriteLine("Resolved Callytics layout:");
Console.WriteLine($"  AUDIO_DIR    {paths.AudioDir}");
Console.WriteLine($"  TEMP_DIR     {paths.TempDir}");
Console.WriteLine($"  LOG_DIR      {paths.LogDir}");
Console.WriteLine($"  DATA_DIR     {paths.DataDir}");
Console.WriteLine($"  CONFIG_DIR   {paths.ConfigDir}");
Console.WriteLine($"  CACHE_DIR    {paths.CacheDir}");
Console.WriteLine($"  DATABASE_URL {Callytics.Paths.Database.DatabaseUrl.Mask(paths.DatabaseUrl)}");
Console.WriteLine("Every directory exists and is usable for its role (warnings, if any, are logged above).");

await host.StopAsync();
return 0;
